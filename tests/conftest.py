import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "data" / "seeds"
HINDI_SEED = SEEDS / "000_3c180e9551c7fb8d.txt"
ENGLISH_SEED = SEEDS / "003_93a918282194d9a4.txt"
DEMO = ROOT / "samples" / "demo"


def run_cli(*args: str, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real installed ``babelwire`` command (same interpreter as the tests)."""
    proc = subprocess.run(
        [sys.executable, "-m", "babelwire.cli", *args],
        input=stdin, capture_output=True, cwd=ROOT, env={**os.environ, "COLUMNS": "200"},
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"babelwire {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr.decode()}")
    return proc


def cli_json(*args: str):
    return json.loads(run_cli(*args, "--json").stdout)


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """The two seed articles ingested once into a fresh database (shared by read-only tests)."""
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    run_cli("ingest", str(SEEDS), "--db", str(db))
    return db
