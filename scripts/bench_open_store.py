"""How the ingest opens a big store: the time and memory to index N stored articles, with the HNSW graph built
(the first time) and read back (after an ingest saved it), then an ingest of real articles into it.

The stored articles are synthetic rows (stories of noisy copies of a centroid lead vector, one paragraph each,
spread over 100 days, languages en/hi): building a store of real articles at ~100 a second would take hours.
The ingested ones are ``babelwire bench``'s corpus (dev-set texts; tuning data), in the same span of time, in one
process (so that each stage's time per article, ``stage_ms_per_article``, is its own).

    python scripts/bench_open_store.py --stored 100000 --ingest 500 [--skip N] [--resident 5000] [--keep DIR]

Prints one JSON object. Figures go to bench/RESULTS.md by hand (a 100,000-article graph takes minutes to build).
"""
from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def synthetic_store(db: Path, stored: int, seed: int = 0) -> None:
    import numpy as np

    from babelwire.store import Store

    rng = np.random.default_rng(seed)
    with Store(db):
        pass   # the schema
    con = sqlite3.connect(db)
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    n_stories = max(1, stored // 5)
    centroids = rng.standard_normal((n_stories, 384), dtype=np.float32)
    story_hours = rng.uniform(0, 100 * 24, n_stories)
    stamp = datetime.now(timezone.utc).isoformat()
    con.executemany("INSERT INTO stories(id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    [(s + 1, f"synthetic story {s}", stamp, stamp) for s in range(n_stories)])
    for chunk in range(0, stored, 20_000):
        k = np.arange(chunk, min(stored, chunk + 20_000))
        story = k % n_stories
        vectors = centroids[story] + 0.8 * rng.standard_normal((len(k), 384), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        hours = story_hours[story] + rng.uniform(0, 10, len(k))
        rows = []
        for i, s, v, h in zip(k.tolist(), story.tolist(), vectors, hours.tolist()):
            published = (start + timedelta(hours=h)).isoformat(timespec="minutes")
            rows.append((f"synthetic-{i:08d}", i + 1, s + 1, "en" if i % 2 else "hi", published, f"Synthetic {i}",
                         f"synthetic text {i}", v.tobytes(), stamp, "[]"))
        con.executemany("INSERT INTO articles(id, seq, story_id, lang, published, title, text, lead_vector, "
                        "ingested_at, token_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.executemany("INSERT INTO paragraphs(article_id, idx, text, vector) VALUES (?, 0, ?, ?)",
                        [(r[0], r[6], r[7]) for r in rows])
        con.commit()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--ingest", type=int, default=500)
    parser.add_argument("--skip", type=int, default=0,
                        help="ingest the bench corpus's articles after the first SKIP (a second run on a kept store: "
                             "new ones; the same text is the same article, stored already)")
    parser.add_argument("--resident", type=int, default=None, help="INGEST_RESIDENT_ARTICLES (default: the setting)")
    parser.add_argument("--keep", type=Path, default=None, help="build the store here (reused when there)")
    args = parser.parse_args()

    from babelwire import settings
    from babelwire.bench import build_corpus, timed_stages, write_corpus
    from babelwire.pipeline import Ingestor, ingest
    from babelwire.store import Store

    if args.resident is not None:
        settings.INGEST_RESIDENT_ARTICLES = args.resident
    work = args.keep or Path(tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"open-{args.stored}.db"
    out: dict = {"stored": args.stored, "resident": settings.INGEST_RESIDENT_ARTICLES}
    if not db.exists():
        started = time.perf_counter()
        synthetic_store(db, args.stored)
        out["synthetic_store_s"] = round(time.perf_counter() - started, 1)
    base = rss_mb()
    for label in ("first", "again"):
        started, cpu = time.perf_counter(), time.process_time()
        with Store(db) as store:
            ingestor = Ingestor(store, "tiered")
            out[f"open_{label}_s"] = round(time.perf_counter() - started, 2)
            out[f"open_{label}_cpu_s"] = round(time.process_time() - cpu, 2)
            out[f"open_{label}_rss_growth_mb"] = round(rss_mb() - base, 1)
            out[f"open_{label}_graph"] = "read" if ingestor._ann_count else (
                "built" if ingestor.index._ann is not None else "exact (below ANN_MIN_ARTICLES)")
            if label == "first":
                started = time.perf_counter()
                out["save_s"] = round(time.perf_counter() - started, 2) if ingestor.save_index() else None
            del ingestor
    if args.ingest:
        rows = build_corpus(args.skip + args.ingest)[args.skip:]
        corpus = write_corpus(rows, work / f"ingest-{args.skip}-{args.ingest}")
        with timed_stages() as (seconds, cpu):
            started = time.perf_counter()
            report = ingest([str(corpus)], db, mode="tiered", workers=1)
            wall = time.perf_counter() - started
        out.update({"ingested": report.stored, "ingest_s": round(wall, 1),
                    "ingest_articles_per_s": round(report.stored / wall, 1), "reloaded": report.reloaded,
                    # per article, the mean over its batches (one process: every stage's time is its own)
                    "stage_ms_per_article": {k: round(1000 * v / max(1, report.stored), 2) for k, v in seconds.items()}})
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
