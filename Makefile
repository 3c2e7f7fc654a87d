# The two set-up commands are `make demo` and `make test`; both create .venv
# and install babelwire into it first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install test demo bench gate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

demo: $(STAMP)
	$(VENV)/bin/babelwire ingest samples/demo --db babelwire.db
	$(VENV)/bin/babelwire stories --db babelwire.db

# The accuracy gate: fixed dev-set samples scored by `babelwire eval`, failing below the floors pinned in
# babelwire/data/eval_floors.json (docs/accuracy.md). About 5 minutes on a quiet 2-core machine (six samples, 273 s on 2026-12-02).
gate: $(STAMP)
	$(PY) scripts/eval_gate.py

bench: $(STAMP)
	$(VENV)/bin/babelwire bench --cache-dir $(HOME)/.cache/babelwire-bench --output bench/RESULTS.md

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache babelwire.db babelwire.db-wal babelwire.db-shm
