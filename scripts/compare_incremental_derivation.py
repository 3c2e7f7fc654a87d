"""Ingest one corpus twice, deriving stories whole and incrementally (settings.INCREMENTAL_DERIVATION),
and say what moved: CPU of the stories stage, story partition, derived_from, confidences, alignments, and
derivations against the WMT24 dev gold (``derived_from`` of the dev set) where the corpus comes from
``babelwire.bench.build_corpus`` (ids ``e<epoch>-<dev id>``).

    python scripts/compare_incremental_derivation.py --bench 3000            # the bench corpus, 3,000 articles
    python scripts/compare_incremental_derivation.py samples/demo --batch-size 1
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

import babelwire.pipeline as pipeline
from babelwire.bench import EVAL_DIR, build_corpus, timed_stages, write_corpus


def run(feed: str, db: Path, incremental: bool, mode: str, batch_size: int) -> tuple[float, float]:
    pipeline.INCREMENTAL_DERIVATION = incremental
    with timed_stages() as (_, cpu):
        started = time.process_time()
        pipeline.ingest([feed], db, mode=mode, batch_size=batch_size)
        total = time.process_time() - started
    return total, cpu.get("stories", 0.0)


def gold_score(conn: sqlite3.Connection) -> dict[str, int]:
    gold = {}
    for line in (EVAL_DIR / "wmt24-dev.stories.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        gold[row["id"]] = row.get("derived_from")
    ext = dict(conn.execute("SELECT id, external_id FROM articles"))
    right = wrong = missed = 0
    for article, source in conn.execute("SELECT id, derived_from FROM articles"):
        epoch, _, dev_id = (ext[article] or "").partition("-")
        want = f"{epoch}-{gold[dev_id]}" if gold.get(dev_id) else None
        got = ext[source] if source else None
        if got and got == want:
            right += 1
            continue
        wrong += bool(got)
        missed += bool(want)
    return {"right": right, "wrong": wrong, "missed": missed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", help="a folder or file to ingest (default: the bench corpus)")
    parser.add_argument("--bench", type=int, default=1000, help="bench corpus size when no corpus is given")
    parser.add_argument("--batch-size", type=int, default=pipeline.INGEST_BATCH_SIZE)
    parser.add_argument("--mode", default="static")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="babelwire-derive-"))
    feed = args.corpus or str(write_corpus(build_corpus(args.bench), work / "corpus"))
    conns = {}
    for incremental in (False, True):
        db = work / f"{'incremental' if incremental else 'whole'}.db"
        total, stories = run(feed, db, incremental, args.mode, args.batch_size)
        print(f"{db.stem}: CPU {total:.2f} s, stories stage CPU {stories:.2f} s")
        conns[incremental] = sqlite3.connect(db)
    query = "SELECT id, story_id, derived_from, derived_confidence, wire_inferred FROM articles"
    a, b = ({r[0]: r[1:] for r in conns[k].execute(query)} for k in (False, True))

    def partition(rows):
        groups: dict = {}
        for article, row in rows.items():
            groups.setdefault(row[0], set()).add(article)
        return sorted(sorted(g) for g in groups.values())

    print("articles", len(a), "stories", len(partition(a)), "same partition", partition(a) == partition(b))
    print("derived (whole / incremental)", sum(bool(r[1]) for r in a.values()), sum(bool(r[1]) for r in b.values()))
    print("derived_from differs", sum(a[k][1] != b[k][1] for k in a))
    moved = [abs((a[k][2] or 0) - (b[k][2] or 0)) for k in a if a[k][1] == b[k][1] and a[k][2] != b[k][2]]
    print("confidence moved (same source)", len(moved), "by up to", round(max(moved, default=0), 3))
    print("wire_inferred differs", sum(a[k][3] != b[k][3] for k in a))
    for level in ("paragraph", "sentence"):
        q = f"SELECT derived_id, source_id, derived_idx, source_idx, score FROM alignments WHERE level = '{level}'"
        ra, rb = ({r[:4]: r[4] for r in conns[k].execute(q)} for k in (False, True))
        diffs = [abs(ra[k] - rb[k]) for k in set(ra) & set(rb)]
        print(f"{level} alignment pairs {len(ra)} / {len(rb)}, only whole {len(set(ra) - set(rb))}, "
              f"only incremental {len(set(rb) - set(ra))}, score moved by up to {max(diffs, default=0):.4f}")
    if not args.corpus:
        print("WMT24 gold derivations (whole / incremental)", gold_score(conns[False]), gold_score(conns[True]))


if __name__ == "__main__":
    main()
