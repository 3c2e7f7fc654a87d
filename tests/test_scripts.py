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
