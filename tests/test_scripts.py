"""The developer scripts (scripts/*.py: tuning replays, drift checks, the gate) still import against the
package and parse their options. They reach into babelwire's internals, so a renamed function breaks them
silently unless something runs them; their full runs need the dev sets and minutes to hours (see each
script's docstring and docs/)."""
import subprocess
import sys

import pytest

from conftest import ROOT

SCRIPTS = sorted(p for p in (ROOT / "scripts").glob("*.py") if "__main__" in p.read_text(encoding="utf-8"))


def test_the_scripts_are_found():
    assert {"eval_gate.py", "tune_linking.py", "drift_synthetic.py"} <= {p.name for p in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_imports_and_parses_its_options(script):
    proc = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert proc.stdout.decode().startswith("usage:")


def test_tune_linking_diagnose_names_the_step_that_split_a_story(capsys, monkeypatch):
    """``scripts/tune_linking.py --diagnose``: the real linker replayed, and each article kept out of its
    gold story's largest piece listed with the step that kept it out."""
    import numpy as np

    sys.path.insert(0, str(ROOT / "scripts"))
    import tune_linking
    from babelwire.article import Article
    from babelwire.entities import entities

    basis = np.linalg.qr(np.random.default_rng(3).standard_normal((384, 384)))[0].T
    own = iter(range(10, 384))

    def article(name, lang, text_share):
        vec = np.sqrt(text_share) * basis[0] + np.sqrt(1 - text_share) * basis[next(own)]
        a = next(entities([Article(id=name, raw=name, external_id=name, paragraphs=[name], lang=lang)]))
        a.lead_vector = vec.astype(np.float32)
        a.paragraph_vectors = a.lead_vector[None, :]
        return a

    # no centring (the ladder's switch): with one article a language, a language mean is that article
    monkeypatch.setattr(tune_linking, "CENTRING", False)
    versions = [article(f"text.{lang}", lang, 0.8) for lang in ("en", "de", "es")]
    weak = article("text.is", "is", 0.02)   # shares almost nothing with its versions: opens a story of its own
    tune_linking.diagnose(versions + [weak], ["text"] * 4, label="tiny")
    out = capsys.readouterr().out
    assert "split text: [3, 1]" in out
    assert "text.is: under the bar" in out
    assert "tiny: B-cubed" in out and "1 split, 0 merging" in out


@pytest.mark.skipif(not (ROOT.parent / "shared" / "data" / "eval" / "wmt24-dev.stories.jsonl").exists(),
                    reason="needs ../shared/data/eval (the bench corpus)")
def test_bench_open_store_times_each_article_linked_alone(tmp_path):
    """``scripts/bench_open_store.py --batch-size 1``: a small synthetic store, bench articles linked one at a time,
    each one's link time spread (all, and after the first N) and the stored articles each read back; a second run
    with another seed on the kept store ingests new articles."""
    import json

    def run(seed: int) -> dict:
        proc = subprocess.run([sys.executable, "scripts/bench_open_store.py", "--stored", "2000", "--ingest", "24",
                               "--batch-size", "1", "--timed-after", "12", "--seed", str(seed), "--keep", str(tmp_path)],
                              capture_output=True, cwd=ROOT, timeout=600)
        assert proc.returncode == 0, proc.stderr.decode()[-2000:]
        return json.loads(proc.stdout.decode().strip().splitlines()[-1])

    first = run(0)
    assert first["ingested"] == 24 and first["stored"] == 2000
    for name in ("recentre", "first_tier", "with_second_tier"):
        spread = first["per_article_ms"][name]
        assert spread["n"] == 24 and 0 <= spread["p50"] <= spread["p99"] <= spread["max"]
        assert first["per_article_ms_after"][name]["n"] == 12
    # the link with the second tier takes at least as long as without it, article by article
    assert first["per_article_ms"]["with_second_tier"]["max"] >= first["per_article_ms"]["first_tier"]["max"]
    # the synthetic articles are not held when the store is opened: the first links read them back
    assert first["read_back_per_article"]["max"] > 0 and first["reloaded"] > 0
    slowest = [c["first_tier_ms"] for c in first["slowest_after"]]
    assert len(slowest) == 8 and slowest == sorted(slowest, reverse=True)
    again = run(1)   # other sites: new articles on the same kept store
    assert again["ingested"] == 24 and "synthetic_store_s" not in again


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_peak_memory_counts_a_forked_childs_shared_pages_once_and_passes_the_exit_status_on():
    """``scripts/peak_memory.py``: a process that fills 120 MB and forks a child (which shares those pages) shows
    ~120 MB in each process's RSS, but ~120 MB, not ~240, in the PSS of both; the command's exit status is its own."""
    import json

    child = ("import os, sys, time\n"
             "x = bytearray(120 << 20)\n"
             "for i in range(0, len(x), 4096): x[i] = 1\n"
             "pid = os.fork()\n"
             "if pid == 0:\n"
             "    time.sleep(1.5); os._exit(0)\n"
             "time.sleep(1.8); os.waitpid(pid, 0); sys.exit(3)\n")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "peak_memory.py"), "--every", "0.1", "--",
                           sys.executable, "-c", child], capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 3, proc.stderr.decode()[-2000:]
    peak = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    assert peak["main_rss_mb"] >= 120 and peak["children_rss_mb"] >= 120
    assert 120 <= peak["all_pss_mb"] < peak["main_rss_mb"] + 60   # shared pages split, not counted twice
