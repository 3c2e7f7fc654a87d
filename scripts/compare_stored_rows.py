"""Check that a change leaves ingest's decisions alone: ingest one corpus, write every stored row to a file,
and compare two such files table by table (run the first ``dump`` with the old checkout on PYTHONPATH).

    PYTHONPATH=/path/to/old python scripts/compare_stored_rows.py dump --bench 1000 --mode static old.jsonl
    python scripts/compare_stored_rows.py dump --bench 1000 --mode static new.jsonl
    python scripts/compare_stored_rows.py compare old.jsonl new.jsonl

``dump`` also prints the ingest's CPU seconds per stage (``babelwire.bench.timed_stages``); ``--workers 2``
ingests with the prepare worker and prints each side's CPU seconds too. Rows are compared
as stored, without the columns that hold times (``*_at``); blobs (vectors) by their SHA-1; file paths relative
to the corpus folder. ``--bench N`` is ``babelwire bench``'s corpus (``build_corpus(N)``); or give paths.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path


def dump(args: argparse.Namespace) -> None:
    from babelwire.bench import build_corpus, timed_stages, write_corpus
    from babelwire.pipeline import ingest

    with tempfile.TemporaryDirectory() as tmp:
        paths = args.paths
        if args.bench:
            paths = [str(write_corpus(build_corpus(args.bench), Path(tmp) / "corpus"))]
        db = Path(tmp) / "compare.db"
        with timed_stages() as (_, cpu):
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
            started, wall = time.process_time(), time.perf_counter()
            # workers only when asked: the script also runs with an older checkout on PYTHONPATH
            report = ingest(paths, db, mode=args.mode, **({} if args.workers is None else {"workers": args.workers}))
            total, wall = time.process_time() - started, time.perf_counter() - wall
            faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults[0],
                      resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - faults[1])
        stats = getattr(report, "worker_stats", None) or {}
        for name, seconds in stats.get("stage_cpu_seconds", {}).items():
            cpu[name] += seconds
        stages = {name: round(seconds, 3) for name, seconds in cpu.items()}
        if stats:
            # as babelwire bench: the batches replayed with each side's CPU seconds, plus this process's CPU
            # outside the batches
            estimate = stats["estimated_idle_wall_s"] + total - stats["main_batches_cpu_s"]
            print(f"workers {report.workers}: main CPU s {total:.2f} (hand-over {stats['main_handover_cpu_s']:.2f}, "
                  f"waited {stats['main_wait_s']:.2f} s), worker CPU s {stats['worker_cpu_s']:.2f} (hand-over "
                  f"{stats['worker_handover_cpu_s']:.2f}); estimated wall with a core each {estimate:.2f} s")
            total += stats["worker_cpu_s"]
        print(f"stored {report.stored}; CPU s {total:.2f} ({report.stored / total:.1f} articles per CPU-s); "
              f"wall {wall:.2f} s; minor page faults {faults[0]} (+ {faults[1]} in the worker); per stage {stages}")
        prefixes = [str(Path(p).resolve()) for p in paths] + [str(p) for p in paths]
        con = sqlite3.connect(db)
        with open(args.output, "w", encoding="utf-8") as out:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            for table in tables:
                columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
                kept = [c for c in columns if not (c.endswith("_at") or c == "at")]
                rows = []
                for row in con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in kept)} FROM \"{table}\""):
                    values = []
                    for column, value in zip(kept, row):
                        if isinstance(value, bytes):
                            value = "sha1:" + hashlib.sha1(value).hexdigest()
                        elif column == "path" and isinstance(value, str):
                            for prefix in prefixes:
                                value = value.replace(prefix, "<corpus>")
                        values.append(value)
                    rows.append(json.dumps(values, ensure_ascii=False))
                for line in sorted(rows):
                    out.write(json.dumps({"table": table, "columns": kept}, ensure_ascii=False) + "\t" + line + "\n")
        con.close()


def load(path: str) -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            head, row = line.rstrip("\n").split("\t", 1)
            tables.setdefault(head, set()).add(row)
    return tables


def compare(args: argparse.Namespace) -> int:
    a, b = load(args.a), load(args.b)
    same = True
    for head in sorted(set(a) | set(b)):
        name = json.loads(head)["table"]
        rows_a, rows_b = a.get(head, set()), b.get(head, set())
        if rows_a == rows_b:
            print(f"{name}: identical ({len(rows_a)} rows)")
            continue
        same = False
        print(f"{name}: {len(rows_a - rows_b)} rows only in {args.a}, {len(rows_b - rows_a)} only in {args.b}")
        for row in sorted(rows_a - rows_b)[:3]:
            print("  -", row[:300])
        for row in sorted(rows_b - rows_a)[:3]:
            print("  +", row[:300])
    print("ALL TABLES IDENTICAL" if same else "TABLES DIFFER")
    return 0 if same else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="ingest a corpus into a fresh store and write its rows")
    d.add_argument("output")
    d.add_argument("paths", nargs="*", help="what to ingest (files, folders, globs), unless --bench")
    d.add_argument("--bench", type=int, default=0, help="the bench corpus of N articles")
    d.add_argument("--mode", default="static", choices=["static", "tiered", "transformer"])
    d.add_argument("--workers", type=int, default=None, help="ingest's workers (default: the setting)")
    c = sub.add_parser("compare", help="compare two dumps table by table")
    c.add_argument("a")
    c.add_argument("b")
    args = parser.parse_args()
    if args.command == "dump":
        if not args.bench and not args.paths:
            parser.error("dump needs --bench N or paths")
        dump(args)
        return 0
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
