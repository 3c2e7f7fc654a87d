"""The accuracy gate: fixed dev samples through ``babelwire eval --json``,
every figure checked against its pinned floor in babelwire/data/eval_floors.json.

    python scripts/eval_gate.py                 # run all samples; exit 1 if a figure is below its floor
    python scripts/eval_gate.py --only pages    # one sample (by name)
    python scripts/eval_gate.py --raise-floors  # also raise floors to (measured - margin), never lower them

Floors are figures measured on these samples minus a noise margin, rounded
down (docs/accuracy.md). They only move up: ``--raise-floors`` never lowers
one; lowering a floor is a deliberate, reviewed edit of the JSON file.
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "babelwire" / "data" / "eval_floors.json"


def run_sample(sample: dict) -> tuple[dict | None, str, float]:
    """``(figures, stderr, seconds)`` of one ``babelwire eval`` run."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "babelwire.cli", "eval", str(ROOT / sample["file"]), "--json", *sample["args"]],
        capture_output=True, text=True, cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0 or not proc.stdout.strip():
        return None, proc.stderr[-2000:], seconds
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr, seconds


def proposed_floor(measured: float, margin: float) -> float:
    """measured - margin, rounded down to 2 decimals."""
    return math.floor((measured - margin) * 100 + 1e-9) / 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floors", type=Path, default=FLOORS)
    parser.add_argument("--only", action="append", help="run only the sample with this name (repeatable)")
    parser.add_argument("--raise-floors", action="store_true",
                        help="write max(floor, measured - margin) back to the floors file")
    args = parser.parse_args()

    config = json.loads(args.floors.read_text(encoding="utf-8"))
    samples = [s for s in config["samples"] if not args.only or s["name"] in args.only]
    if not samples:
        print(f"no sample named {args.only} in {args.floors}", file=sys.stderr)
        return 2

    from rich.console import Console
    from rich.table import Table

    table = Table("sample", "figure", "measured", "floor", "", title="babelwire accuracy gate")
    failures, total = [], 0.0
    for sample in samples:
        figures, stderr, seconds = run_sample(sample)
        total += seconds
        if figures is None:
            failures.append(f"{sample['name']}: babelwire eval failed\n{stderr}")
            table.add_row(sample["name"], "(run)", "failed", "", "[red]FAIL[/red]")
            continue
        for key, floor in sample["floors"].items():
            value = figures.get(key)
            ok = value is not None and value >= floor
            if not ok:
                failures.append(f"{sample['name']}: {key} = {value} is below its floor {floor}")
            table.add_row(sample["name"], key, "-" if value is None else f"{value:.4f}", f"{floor:.2f}",
                          "ok" if ok else "[red]FAIL[/red]")
            if args.raise_floors and value is not None:
                sample["floors"][key] = max(floor, proposed_floor(value, sample["margin"]))
        table.add_row(sample["name"], "seconds", f"{seconds:.0f}", "", "", end_section=True)
    console = Console(highlight=False)
    console.print(table)
    console.print(f"total {total:.0f} s")
    if args.raise_floors:
        args.floors.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        console.print(f"floors raised where measured - margin beat them: {args.floors}")
    for failure in failures:
        console.print(failure, style="red", markup=False)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
