"""How the ingest opens a big store: the time and memory to index N stored articles, with the HNSW graph built
(the first time) and read back (after an ingest saved it), then an ingest of real articles into it.

The stored articles are synthetic rows (stories of noisy copies of a centroid lead vector, one paragraph each,
spread over 100 days, languages en/hi): building a store of real articles at ~100 a second would take hours.
With ``--rows real`` their rows are instead copies of real articles' rows (``--templates`` bench articles of
another seed, ingested first): texts, paragraphs (~16 an article, each with its vector), entities, JSON columns,
so that reading one back, scoring it and holding it cost what a real one does (:func:`real_rows_store`; about
33 KB an article on disk, 49 KB with the float32 paragraph vectors of stores before 2026-12-04).
The ingested ones are ``babelwire bench``'s corpus (dev-set texts; tuning data), in the same span of time, in one
process (so that each stage's time per article, ``stage_ms_per_article``, is its own).

    python scripts/bench_open_store.py --stored 100000 --ingest 500 [--skip N] [--resident 5000] [--keep DIR]
        [--batch-size 1] [--rows real [--templates 2000]] [--restore]

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


def _layout(stored: int, rng):
    """The synthetic stories of a store of ``stored`` articles: each story's centroid lead and hour (100 days),
    five articles a story; article i is in story i mod the number of stories."""
    import numpy as np

    n_stories = max(1, stored // 5)
    return n_stories, rng.standard_normal((n_stories, 384), dtype=np.float32), rng.uniform(0, 100 * 24, n_stories)


def _story_rows(con: sqlite3.Connection, n_stories: int, stamp: str) -> None:
    con.executemany("INSERT INTO stories(id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    [(s + 1, f"synthetic story {s}", stamp, stamp) for s in range(n_stories)])


def _chunk_leads(k, n_stories: int, centroids, story_hours, rng):
    """Stories, unit lead vectors (noisy copies of their story's centroid) and hours of articles ``k``."""
    import numpy as np

    story = k % n_stories
    vectors = centroids[story] + 0.8 * rng.standard_normal((len(k), 384), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return story, vectors, story_hours[story] + rng.uniform(0, 10, len(k))


START = datetime(2024, 3, 1, tzinfo=timezone.utc)
TEMPLATE_SEED = 100   # the bench corpus's seed for real_rows_store's templates (not one the ingests below use)


def synthetic_store(db: Path, stored: int, seed: int = 0) -> None:
    import numpy as np

    from babelwire.store import Store

    rng = np.random.default_rng(seed)
    with Store(db):
        pass   # the schema
    con = sqlite3.connect(db)
    stamp = datetime.now(timezone.utc).isoformat()
    n_stories, centroids, story_hours = _layout(stored, rng)
    _story_rows(con, n_stories, stamp)
    for chunk in range(0, stored, 20_000):
        k = np.arange(chunk, min(stored, chunk + 20_000))
        story, vectors, hours = _chunk_leads(k, n_stories, centroids, story_hours, rng)
        rows = []
        for i, s, v, h in zip(k.tolist(), story.tolist(), vectors, hours.tolist()):
            published = (START + timedelta(hours=h)).isoformat(timespec="minutes")
            rows.append((f"synthetic-{i:08d}", i + 1, s + 1, "en" if i % 2 else "hi", published, f"Synthetic {i}",
                         f"synthetic text {i}", v.tobytes(), stamp, "[]"))
        con.executemany("INSERT INTO articles(id, seq, story_id, lang, published, title, text, lead_vector, "
                        "ingested_at, token_keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.executemany("INSERT INTO paragraphs(article_id, idx, text, vector) VALUES (?, 0, ?, ?)",
                        [(r[0], r[6], r[7]) for r in rows])
        con.commit()
    con.close()


# a tiered store keeps a transformer lead of the articles its second tier embedded (the bench corpus: ~8%)
REAL_ROWS_SECOND_TIER_EVERY = 12


def real_rows_store(db: Path, stored: int, templates: Path, seed: int = 0, paragraph_dtype: str = "float16") -> dict:
    """A store of ``stored`` articles whose rows are as big as real ones: article i copies the rows of the
    stored article i mod T of ``templates`` (a store of T articles babelwire ingested): its ``articles`` row
    (cleaned and raw text, title, metadata, JSON columns; its entities packed on it, where the templates have that
    column: ``entities_packed``), its paragraphs and its entities. Its story, time and
    lead vector are synthetic as in :func:`synthetic_store`, its paragraph vectors are noisy copies of its lead
    (one per paragraph), and its entity and token keys carry its own suffix, so that no copy shares a name or a
    vector with a new article by construction (real stored articles of other stories would share some: pair
    scores here run lower). Every ``REAL_ROWS_SECOND_TIER_EVERY``-th also has a (random) second-tier lead, as a
    tiered store keeps for the articles its second tier embedded. Paragraph vectors are stored in
    ``paragraph_dtype`` (float16, as babelwire stores them since 2026-12-04; float32 as before). Returns what the
    copies were made of."""
    import json

    import numpy as np

    from babelwire.article import Entity
    from babelwire.store import Store, _pack_entities

    rng = np.random.default_rng(seed)
    with Store(db):
        pass   # the schema
    source = sqlite3.connect(templates)
    columns = [r[1] for r in source.execute("PRAGMA table_info(articles)")]
    template_ids = [r[0] for r in source.execute("SELECT id FROM articles ORDER BY seq")]
    if not template_ids:
        raise SystemExit(f"{templates}: no stored articles to copy")
    rows_of = {r[columns.index("id")]: list(r) for r in source.execute(f"SELECT {', '.join(columns)} FROM articles")}
    paragraphs: dict[str, list[str]] = {}
    for article_id, text in source.execute("SELECT article_id, text FROM paragraphs ORDER BY article_id, idx"):
        paragraphs.setdefault(article_id, []).append(text)
    entities: dict[str, list[tuple]] = {}
    for article_id, kind, surface, key in source.execute(
            "SELECT article_id, kind, surface, key FROM entities ORDER BY article_id, rowid"):
        entities.setdefault(article_id, []).append((kind, surface, key))
    source.close()
    templates_list = [(rows_of[i], paragraphs.get(i, []), entities.get(i, []),
                       json.loads(rows_of[i][columns.index("token_keys")] or "[]")) for i in template_ids]
    at = {name: columns.index(name) for name in ("id", "seq", "story_id", "published", "lead_vector", "derived_from",
                                                  "derived_confidence", "token_keys", "ingested_at", "entities_packed")
          if name in columns}
    con = sqlite3.connect(db)
    stamp = datetime.now(timezone.utc).isoformat()
    n_stories, centroids, story_hours = _layout(stored, rng)
    _story_rows(con, n_stories, stamp)
    insert = f"INSERT INTO articles({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    n_paragraphs = n_entities = 0
    for chunk in range(0, stored, 10_000):
        k = np.arange(chunk, min(stored, chunk + 10_000))
        story, vectors, hours = _chunk_leads(k, n_stories, centroids, story_hours, rng)
        articles, paragraph_rows, entity_rows, tier_rows = [], [], [], []
        for i, s, v, h in zip(k.tolist(), story.tolist(), vectors, hours.tolist()):
            row, texts, found, token_keys = templates_list[i % len(templates_list)]
            article_id, suffix = f"synthetic-{i:08d}", f"~{i}"
            copy = list(row)
            copy[at["id"]], copy[at["seq"]], copy[at["story_id"]] = article_id, i + 1, s + 1
            copy[at["published"]] = (START + timedelta(hours=h)).isoformat(timespec="minutes")
            copy[at["lead_vector"]], copy[at["ingested_at"]] = v.tobytes(), stamp
            copy[at["derived_from"]] = copy[at["derived_confidence"]] = None
            copy[at["token_keys"]] = json.dumps([t + suffix for t in token_keys], ensure_ascii=False)
            articles.append(copy)
            if texts:
                noisy = v + 1.2 * rng.standard_normal((len(texts), 384), dtype=np.float32) / 384 ** 0.5
                noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
                noisy = noisy.astype(paragraph_dtype)
                paragraph_rows.extend((article_id, j, t, noisy[j].tobytes()) for j, t in enumerate(texts))
            own = [Entity(kind, surface, key + suffix) for kind, surface, key in found]
            entity_rows.extend((article_id, e.kind, e.surface, e.key) for e in own)
            if "entities_packed" in at:   # (templates stored before the column: read back from the entities table)
                copy[at["entities_packed"]] = _pack_entities(own)
            if i % REAL_ROWS_SECOND_TIER_EVERY == 0:
                lead = rng.standard_normal(384).astype(np.float32)
                tier_rows.append((article_id, (lead / np.linalg.norm(lead)).tobytes()))
        con.executemany(insert, articles)
        con.executemany("INSERT INTO paragraphs(article_id, idx, text, vector) VALUES (?, ?, ?, ?)", paragraph_rows)
        con.executemany("INSERT INTO entities(article_id, kind, surface, key) VALUES (?, ?, ?, ?)", entity_rows)
        con.executemany("INSERT INTO second_tier_leads(article_id, vector) VALUES (?, ?)", tier_rows)
        con.commit()
        n_paragraphs += len(paragraph_rows)
        n_entities += len(entity_rows)
    con.execute("INSERT OR REPLACE INTO store_info(key, value) VALUES ('mode', 'tiered')")
    con.commit()
    con.close()
    return {"templates": len(templates_list), "paragraphs": n_paragraphs, "entities": n_entities,
            "second_tier_leads": (stored + REAL_ROWS_SECOND_TIER_EVERY - 1) // REAL_ROWS_SECOND_TIER_EVERY,
            "file_gb": round(db.stat().st_size / 1e9, 2)}


# what an ingest adds to a store besides its articles' own rows (by article id), for restore_store
_ARTICLE_TABLES = ("paragraphs", "entities", "removed_spans", "links", "second_tier_leads", "sentences")
_SMALL_TABLES = ("language_means", "site_debris", "store_info")


def store_state(db: Path) -> dict:
    """What :func:`restore_store` needs to put ``db`` back as it is now (its newest article and story, the rows
    of its small tables, the story counter), and a copy of its saved graph files beside it."""
    import shutil

    con = sqlite3.connect(db)
    state = {"seq": con.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0],
             "story": con.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0],
             "errors": con.execute("SELECT COALESCE(MAX(rowid), 0) FROM ingest_errors").fetchone()[0],
             # (the second tier also stores leads of stored articles it embeds: stored stories' first articles)
             "leads": con.execute("SELECT COALESCE(MAX(rowid), 0) FROM second_tier_leads").fetchone()[0],
             "counter": con.execute("SELECT seq FROM sqlite_sequence WHERE name = 'stories'").fetchone(),
             "small": {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in _SMALL_TABLES}}
    con.close()
    state["graph"] = []
    for suffix in (".leads.usearch", ".leads.usearch.json"):
        graph = Path(str(db) + suffix)
        if graph.exists():
            kept = graph.with_name(graph.name + ".before")
            shutil.copyfile(graph, kept)
            state["graph"].append((graph, kept))
    return state


def restore_store(db: Path, state: dict) -> None:
    """Put ``db`` back as :func:`store_state` found it: the articles stored since deleted with every row that
    goes with them, its small tables and story counter as they were, its saved graph files copied back (so that
    the next run on a kept store starts from the same store, and its new stories get the same ids)."""
    import os

    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    added = "SELECT id FROM articles WHERE seq > ?"
    with con:
        for table in _ARTICLE_TABLES:
            if table in tables:
                con.execute(f"DELETE FROM {table} WHERE article_id IN ({added})", (state["seq"],))
        con.execute(f"DELETE FROM alignments WHERE derived_id IN ({added}) OR source_id IN ({added})",
                    (state["seq"], state["seq"]))
        con.execute("DELETE FROM articles WHERE seq > ?", (state["seq"],))
        con.execute("DELETE FROM stories WHERE id > ?", (state["story"],))
        con.execute("DELETE FROM ingest_errors WHERE rowid > ?", (state["errors"],))
        con.execute("DELETE FROM second_tier_leads WHERE rowid > ?", (state["leads"],))
        for table, rows in state["small"].items():
            con.execute(f"DELETE FROM {table}")
            if rows:
                con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        if state["counter"] is not None:
            con.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'stories'", state["counter"])
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    for graph, kept in state["graph"]:
        os.replace(kept, graph)


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
    parser.add_argument("--resident-mb", type=float, default=None,
                        help="INGEST_RESIDENT_MB, at every store size (default: the settings, INGEST_RESIDENT_MB at "
                             "INGEST_RESIDENT_AT stored and more, up to INGEST_RESIDENT_MB_MAX below)")
    parser.add_argument("--keep", type=Path, default=None, help="build the store here (reused when there)")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="the ingest's batch size (default INGEST_BATCH_SIZE); with 1, per-article link times")
    parser.add_argument("--rows", choices=("synthetic", "real"), default="synthetic",
                        help="the stored articles' rows when the store is built: synthetic (one short paragraph, "
                             "no entities) or real (copies of real articles' rows: real_rows_store); the file is "
                             "named by it")
    parser.add_argument("--templates", type=int, default=2000,
                        help="with --rows real: how many bench-corpus articles (seed 100) are ingested first for "
                             "the copies' rows")
    parser.add_argument("--restore", action="store_true",
                        help="after the ingest, put the kept store back as it was before it (restore_store): the "
                             "next run starts from the same store without a copy of it (a million real-sized "
                             "articles: 33 GB)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="write a cProfile of the ingest's link calls (only them) here (pstats format)")
    args = parser.parse_args()

    from babelwire import settings
    from babelwire.bench import build_corpus, timed_stages, write_corpus
    from babelwire.pipeline import Ingestor, ingest
    from babelwire.store import Store

    if args.resident is not None:
        settings.INGEST_RESIDENT_ARTICLES = args.resident
    if args.resident_mb is not None:   # (at every store size: not raised below INGEST_RESIDENT_AT stored)
        settings.INGEST_RESIDENT_MB = args.resident_mb
        settings.INGEST_RESIDENT_MB_MAX = None
    work = args.keep or Path(tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    db = work / (f"open-{args.stored}.db" if args.rows == "synthetic" else f"open-real-{args.stored}.db")
    out: dict = {"stored": args.stored, "rows": args.rows, "resident": settings.INGEST_RESIDENT_ARTICLES,
                 "resident_mb": settings.INGEST_RESIDENT_MB, "resident_mb_max": settings.INGEST_RESIDENT_MB_MAX}
    if not db.exists() and args.rows == "synthetic":
        started = time.perf_counter()
        synthetic_store(db, args.stored)
        out["synthetic_store_s"] = round(time.perf_counter() - started, 1)
    elif not db.exists():
        templates = work / f"templates-{args.templates}.db"
        if not templates.exists():
            ingest([str(write_corpus(build_corpus(args.templates, seed=TEMPLATE_SEED), work / "templates"))],
                   templates, mode="tiered")
        started = time.perf_counter()
        out["real_rows"] = real_rows_store(db, args.stored, templates)
        out["real_rows_store_s"] = round(time.perf_counter() - started, 1)
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
        state = store_state(db) if args.restore else None
        with timed_stages() as (seconds, cpu), per_call_times(profile) as calls:
            started = time.perf_counter()
            report = ingest([str(corpus)], db, mode="tiered", workers=1, batch_size=batch_size)
            wall = time.perf_counter() - started
        if state is not None:
            from babelwire.bench import corpus_bcubed

            # (how the new articles were linked, before they go: B-cubed against their gold stories)
            out["corpus_bcubed"] = corpus_bcubed(rows, db, after_seq=state["seq"])
            restore_store(db, state)
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
