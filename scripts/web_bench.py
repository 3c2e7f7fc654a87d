"""Time the web pages on a synthetic database of 100k articles (docs/web.md has the figures).

    python scripts/web_bench.py                      # build /tmp/babelwire-bench.db if missing, then time
    python scripts/web_bench.py --articles 20000 --rebuild

The database is filled by direct SQL inserts (no model, no pipeline): random unit lead vectors,
text made of pooled paragraphs, realistic story sizes (most stories 1-4 articles, one of 5,000),
nine languages, 500 outlets, two years of dates, derivations, paragraph alignments, removed spans,
entities and links, so every page has something to show. Then ``babelwire serve`` runs on it as a
subprocess and each page is fetched over HTTP: the first fetch (cold: in-memory summaries and lead
vectors built) and the median of the warm ones.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

from babelwire.embed import DIM, LanguageMeans
from babelwire.store import Store

LANGS = ["en", "hi", "es", "fr", "de", "ru", "ar", "zh", "pt"]
WORDS = ("minister port strike election court police market rate bank storm quake river dam satellite "
         "launch vote budget talks border missile hospital school farmers prices fuel oil gas rail airport "
         "flood drought fire ceasefire summit trade tariff union workers court ruling").split()


def _paragraph(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n_words)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def build(path: Path, n_articles: int, seed: int = 7) -> None:
    """Fill ``path`` with ``n_articles`` synthetic articles by direct inserts, in one transaction."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    pool = [_paragraph(rng, rng.randint(40, 90)) for _ in range(2000)]
    sources = [f"outlet-{i:03d}.example" for i in range(500)]
    start = time.perf_counter()
    store = Store(path)
    db = store.db
    db.execute("PRAGMA synchronous=OFF")

    # story sizes: one big story, the rest mostly small
    sizes = [5000]
    while sum(sizes) < n_articles:
        sizes.append(min(rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 10]), n_articles - sum(sizes)))
    sizes[0] = min(sizes[0], n_articles)
    base = time.mktime((2023, 6, 1, 0, 0, 0, 0, 0, 0))
    means = LanguageMeans()
    seq = 0
    with store.transaction():
        for story_no, size in enumerate(sizes, start=1):
            db.execute("INSERT INTO stories(id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
                       (story_no, f"Story {story_no}: " + _paragraph(rng, 8), "2025-01-01", "2025-01-01"))
            day = base + rng.random() * 730 * 86400
            source_id = None
            vectors = np_rng.standard_normal((size, DIM)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            article_rows, para_rows, span_rows, entity_rows, link_rows, align_rows = [], [], [], [], [], []
            for k in range(size):
                seq += 1
                article_id = f"{seq:016x}"
                lang = rng.choice(LANGS)
                paragraphs = [rng.choice(pool) for _ in range(rng.randint(3, 7))]
                text = "\n\n".join(paragraphs)
                published = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(day + k * 600 + rng.random() * 3600))
                derived_from = source_id if k and rng.random() < 0.6 else None
                article_rows.append((
                    article_id, seq, None, f"bench/{story_no}/{k}.txt", f"https://{sources[seq % 500]}/a/{seq}",
                    sources[(story_no * 7 + k) % 500], "text", "utf-8", "[]", f"Article {seq} " + _paragraph(rng, 10),
                    "By Bench Writer", published, None, json.dumps(["Reuters"] if k == 0 else []),
                    json.dumps(["Reuters"] if derived_from else []), "{}", lang, 0.99, story_no, derived_from,
                    0.8 if derived_from else None, text, "Subscribe now!\n" + text, "{}", "{}", "[]",
                    vectors[k].tobytes(), "2025-01-01T00:00:00+00:00",
                ))
                para_rows += [(article_id, i, p, None) for i, p in enumerate(paragraphs)]
                span_rows += [(article_id, 0, "promo", "Subscribe now!", 0, 14)]
                entity_rows += [(article_id, "name", "Reuters", "name:reuters"),
                                (article_id, "number", str(seq % 97), f"num:{seq % 97}")]
                link_rows.append((article_id, story_no, 0.7, int(k == 0), "{}", "2025-01-01"))
                if derived_from:
                    align_rows += [(article_id, derived_from, "paragraph", i, i, 0.6) for i in range(3)]
                if k == 0:
                    source_id = article_id
                means._add("lead", lang, vectors[k][None, :])
            db.executemany(f"INSERT INTO articles(id, seq, external_id, path, url, source, fmt, encoding, repairs, "
                           f"title, byline, published, dateline, wire, wire_inferred, credits, lang, lang_score, "
                           f"story_id, derived_from, derived_confidence, text, raw, given, extra, token_keys, "
                           f"lead_vector, ingested_at) VALUES ({','.join('?' * 28)})", article_rows)
            db.executemany("INSERT INTO paragraphs(article_id, idx, text, vector) VALUES (?, ?, ?, ?)", para_rows)
            db.executemany('INSERT INTO removed_spans(article_id, idx, reason, text, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
                           span_rows)
            db.executemany("INSERT INTO entities(article_id, kind, surface, key) VALUES (?, ?, ?, ?)", entity_rows)
            db.executemany("INSERT INTO links(article_id, story_id, score, new_story, explanation, created_at)"
                           " VALUES (?, ?, ?, ?, ?, ?)", link_rows)
            db.executemany("INSERT INTO alignments(derived_id, source_id, level, derived_idx, source_idx, score)"
                           " VALUES (?, ?, ?, ?, ?, ?)", align_rows)
        store.save_rows("language_means", ("kind", "lang", "n", "sum"), means.rows())
    store.close()
    size_mb = path.stat().st_size / 2**20
    print(f"built {path}: {n_articles} articles, {len(sizes)} stories, {size_mb:.0f} MiB "
          f"in {time.perf_counter() - start:.1f} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[float, int, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        body = response.read()
        return time.perf_counter() - start, response.status, body


def bench(path: Path, warm_runs: int) -> list[tuple[str, float, float]]:
    port = _free_port()
    env = {**os.environ}
    server = subprocess.Popen([sys.executable, "-m", "babelwire.cli", "serve", "--db", str(path), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                _get(base + "/api/health")
                break
            except OSError:
                time.sleep(0.1)
        db = Store(path, readonly=True).db
        typical = db.execute("SELECT story_id FROM articles WHERE derived_from IS NOT NULL AND story_id > 1"
                             " GROUP BY story_id HAVING COUNT(*) BETWEEN 3 AND 6 LIMIT 1").fetchone()[0]
        article = db.execute("SELECT id FROM articles WHERE story_id=? LIMIT 1", (typical,)).fetchone()[0]
        pages = [
            ("stories page 1", "/"),
            ("stories page 500", "/?page=500"),
            ("stories, lang=hi", "/?lang=hi"),
            ("stories, source + dates", "/?source=outlet-042.example&from=2024-01-01&to=2024-06-30"),
            ("story page (4-6 articles)", f"/stories/{typical}"),
            ("story page (5,000 articles)", "/stories/1"),
            ("story page (5,000), timeline page 40", "/stories/1?tpage=40"),
            ("article page", f"/articles/{article}"),
            ("API /api/stories", "/api/stories"),
            ("API /api/stories/1 (500 members)", "/api/stories/1"),
            ("search (meaning + keyword)", "/?q=" + urllib.parse.quote("port strike minister")),
            ("search, Hindi query", "/?q=" + urllib.parse.quote("बंदरगाह पर हड़ताल")),
        ]
        results = []
        for name, url in pages:
            cold, status, _ = _get(base + url)
            assert status == 200, (url, status)
            warm = statistics.median(_get(base + url)[0] for _ in range(warm_runs))
            results.append((name, cold, warm))
            print(f"{name:40} first {cold * 1000:8.0f} ms   warm {warm * 1000:8.1f} ms", flush=True)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/babelwire-bench.db"))
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the database even if it exists.")
    parser.add_argument("--runs", type=int, default=5, help="Warm fetches per page (median reported).")
    parser.add_argument("--store-story", action="store_true",
                        help="Also time Store.story() (the CLI's per-story query loop) for comparison.")
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        build(args.db, args.articles)
    if args.store_story:
        with Store(args.db, readonly=True) as store:
            start = time.perf_counter()
            store.story(1)
            print(f"Store.story(1) (one query per story): {time.perf_counter() - start:.2f} s")
    bench(args.db, args.runs)


if __name__ == "__main__":
    main()
