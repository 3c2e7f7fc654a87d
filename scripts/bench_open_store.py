"""How the ingest opens a big store: the time and memory to index N stored articles, with the HNSW graph built
(the first time) and read back (after an ingest saved it), then an ingest of real articles into it.

The stored articles are synthetic rows (stories of noisy copies of a centroid lead vector, one paragraph each,
spread over 100 days, languages en/hi): building a store of real articles at ~100 a second would take hours.
The ingested ones are ``babelwire bench``'s corpus (dev-set texts; tuning data), in the same span of time, in one
process (so that each stage's time per article, ``stage_ms_per_article``, is its own).

    python scripts/bench_open_store.py --stored 100000 --ingest 500 [--skip N] [--resident 5000] [--keep DIR]
        [--batch-size 1]

With ``--batch-size 1`` each article is linked alone as it arrives, and ``per_article_ms`` gives the spread (p50,
p90, p99, max) of each one's link against the store: ``recentre`` (the language means' update before it), ``first_tier``
(candidate search in the time window, pair signals, the decision) and ``with_second_tier`` (also the transformer
lead, for the articles the first tier leaves undecided: ``second_tier_share`` of them).

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
from contextlib import contextmanager
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


def spread(values: list[float], scale: float = 1000.0) -> dict[str, float]:
    """p50, p90, p99 and max of ``values`` times ``scale`` (seconds to ms by default)."""
    import numpy as np

    ms = scale * np.asarray(values, float)
    return {"p50": round(float(np.percentile(ms, 50)), 2), "p90": round(float(np.percentile(ms, 90)), 2),
            "p99": round(float(np.percentile(ms, 99)), 2), "max": round(float(ms.max()), 2), "n": len(ms)}


@contextmanager
def per_call_times(profile=None):
    """Each call of the ingest's link (one per batch): its wall seconds with and without the second tier, the
    index's recentring before it, and the leads the second tier embedded (a list of dicts, filled as it runs).
    Wraps what :func:`babelwire.bench.timed_stages` patched, so it must be entered after it. ``profile`` (a
    ``cProfile.Profile``): enabled around each link call only."""
    from unittest import mock

    from babelwire import pipeline
    from babelwire.fast import SecondTier
    from babelwire.link_index import StoryIndex

    calls: list[dict] = []
    pending = {"recentre": 0.0, "second_tier": 0.0}
    link, recentre = pipeline.link, StoryIndex.recentre
    tier_call, tier_pair = SecondTier.__call__, SecondTier.pair_cosine

    def timed(fn, key):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                pending[key] += time.perf_counter() - started
        return run

    def linked(articles, index, new_story, second_tier=None):
        pending["second_tier"] = 0.0
        embedded = second_tier.embedded if second_tier is not None else 0
        reloaded = index.reloaded
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        try:
            out = list(link(articles, index, new_story, second_tier))
        finally:
            if profile is not None:
                profile.disable()
        total = time.perf_counter() - started
        calls.append({"recentre": pending["recentre"], "first_tier": total - pending["second_tier"],
                      "with_second_tier": total,
                      "embedded": (second_tier.embedded - embedded) if second_tier is not None else 0,
                      "read_back": index.reloaded - reloaded})
        pending["recentre"] = 0.0
        return iter(out)

    with mock.patch.object(pipeline, "link", linked), \
            mock.patch.object(StoryIndex, "recentre", timed(recentre, "recentre")), \
            mock.patch.object(SecondTier, "__call__", timed(tier_call, "second_tier")), \
            mock.patch.object(SecondTier, "pair_cosine", timed(tier_pair, "second_tier")):
        yield calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--ingest", type=int, default=500)
    parser.add_argument("--skip", type=int, default=0,
                        help="ingest the bench corpus's articles after the first SKIP (a second run on a kept store: "
                             "new ones; the same text is the same article, stored already)")
    parser.add_argument("--seed", type=int, default=0,
                        help="the bench corpus's seed (another seed: other sites' headers, so new articles)")
    parser.add_argument("--timed-after", type=int, default=0,
                        help="with --batch-size 1: per_article_ms also over the articles after the first N "
                             "(per_article_ms_after: the index holds what those read back)")
    parser.add_argument("--resident", type=int, default=None, help="INGEST_RESIDENT_ARTICLES (default: the setting)")
    parser.add_argument("--keep", type=Path, default=None, help="build the store here (reused when there)")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="the ingest's batch size (default INGEST_BATCH_SIZE); with 1, per-article link times")
    parser.add_argument("--profile", type=Path, default=None,
                        help="write a cProfile of the ingest's link calls (only them) here (pstats format)")
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
        rows = build_corpus(args.skip + args.ingest, seed=args.seed)[args.skip:]
        corpus = write_corpus(rows, work / f"ingest-{args.seed}-{args.skip}-{args.ingest}")
        batch_size = args.batch_size or settings.INGEST_BATCH_SIZE
        profile = None
        if args.profile is not None:
            import cProfile

            profile = cProfile.Profile()
        with timed_stages() as (seconds, cpu), per_call_times(profile) as calls:
            started = time.perf_counter()
            report = ingest([str(corpus)], db, mode="tiered", workers=1, batch_size=batch_size)
            wall = time.perf_counter() - started
        to_transformer = int(seconds.pop("to_transformer", 0))
        out.update({"ingested": report.stored, "to_transformer": to_transformer, "ingest_s": round(wall, 1),
                    "ingest_articles_per_s": round(report.stored / wall, 1), "reloaded": report.reloaded,
                    # per article, the mean over its batches (one process: every stage's time is its own)
                    "stage_ms_per_article": {k: round(1000 * v / max(1, report.stored), 2) for k, v in seconds.items()}})
        if batch_size == 1 and calls:
            out["per_article_ms"] = {name: spread([c[name] for c in calls]) for name in calls[0] if name not in ("embedded", "read_back")}
            out["read_back_per_article"] = spread([c["read_back"] for c in calls], scale=1.0)
            out["second_tier_share"] = round(sum(c["embedded"] > 0 for c in calls) / len(calls), 4)
            later = calls[args.timed_after:]
            if args.timed_after and later:
                out["per_article_ms_after"] = {name: spread([c[name] for c in later])
                                               for name in later[0] if name not in ("embedded", "read_back")}
            # the slowest first-tier links after them, with the stored articles each read back
            out["slowest_after"] = [{"first_tier_ms": round(1000 * c["first_tier"], 1), "read_back": c["read_back"]}
                                    for c in sorted(later, key=lambda c: -c["first_tier"])[:8]]
        if profile is not None:
            profile.dump_stats(str(args.profile))
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
