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
