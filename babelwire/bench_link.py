"""``babelwire bench``'s third measurement: linking against many stored articles (usearch HNSW).

``stored`` synthetic centred lead vectors (stories of noisy copies of a centroid, spread over 100 days)
go into the index (:mod:`babelwire.ann`); each timed link is the candidate search in the time window
plus the full pair scoring (:func:`babelwire.link.paragraph_similarity` and the lead cosine) of the
candidates, as :func:`babelwire.link.decide` does. Reported, never asserted (bench/RESULTS.md).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Optional

import numpy as np

from babelwire.bench import rss_mb
from babelwire.settings import LINK_CANDIDATES


def link_benchmark(stored: int, queries: int = 1000, seed: int = 0, paragraphs: int = 6,
                   dtype: Optional[str] = None, cache_dir: Optional[Path] = None) -> dict[str, Any]:
    """Candidate search (HNSW, time window) + full pair scoring per link against ``stored`` vectors."""
    from babelwire.ann import LeadIndex
    from babelwire.link import paragraph_similarity
    from babelwire.settings import ANN_DTYPE

    dtype = dtype or ANN_DTYPE
    rng = np.random.default_rng(seed)
    n_stories = max(1, stored // 5)
    centroids = rng.standard_normal((n_stories, 384), dtype=np.float32)
    story_hours = rng.uniform(0, 100 * 24, n_stories)

    def member(story: np.ndarray, noise: float = 0.8) -> np.ndarray:
        x = centroids[story] + noise * rng.standard_normal((len(story), 384), dtype=np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)

    rss_before = rss_mb()
    index = LeadIndex(dtype=dtype)
    cached = None
    if cache_dir is not None:
        cached = Path(cache_dir) / f"bench-{stored}-{dtype}-{seed}.usearch"
    started = time.perf_counter()
    stories_of = np.arange(stored) % n_stories
    hours = story_hours[stories_of] + rng.uniform(0, 10, stored)
    if cached is not None and cached.exists():
        index.index.load(str(cached))
        index._times = hours.astype(np.float64)
        index._size = stored
        built_from = "cache"
    else:
        for start in range(0, stored, 50_000):
            part = stories_of[start : start + 50_000]
            index.add(member(part), hours[start : start + len(part)])
        built_from = "built"
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            index.index.save(str(cached))
    build_s = time.perf_counter() - started
    index_mb = rss_mb() - rss_before

    latencies = []
    hits = 0
    for q in range(queries):
        story = int(rng.integers(n_stories))
        lead = member(np.array([story]))[0]
        paras = member(np.full(paragraphs, story))
        when = float(story_hours[story] + 5)
        t = time.perf_counter()
        keys = index.search(lead, LINK_CANDIDATES, when)
        best, best_score = None, -9.0
        for key in keys:
            # A stored candidate's paragraphs (stand-in for reading them from the store).
            other = member(np.full(paragraphs, stories_of[key]))
            forward, backward = paragraph_similarity(paras, other)
            score = 0.5 * float(lead @ lead) + 0.5 * max(forward, backward)
            if score > best_score:
                best, best_score = key, score
        latencies.append((time.perf_counter() - t) * 1000)
        hits += best is not None and stories_of[best] == story
    lat = np.array(latencies)
    return {
        "stored": stored, "dtype": dtype, "queries": queries, "index": built_from,
        "build_s": round(build_s, 1), "index_rss_mb": round(index_mb, 1),
        "index_memory_mb": round(index.memory_bytes / 2**20, 1),
        "link_p50_ms": round(float(np.percentile(lat, 50)), 3),
        "link_p99_ms": round(float(np.percentile(lat, 99)), 3),
        "same_story_found": round(hits / max(1, queries), 4),
    }
