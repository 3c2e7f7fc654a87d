"""Approximate nearest-neighbour search over centred lead vectors (usearch HNSW).

The linker compares a new article in full with ``LINK_CANDIDATES`` stored
articles; finding those by an exact matrix product costs O(stored) per link
(~40 ms at 1M f32 vectors on one core, and 1.5 GB of them). An HNSW graph with
i8 storage (first-tier leads projected to ``ANN_DIMS`` dimensions) finds them in a few milliseconds at a
fraction of the memory;
the candidates are then scored exactly, so quantisation only decides which
ones are compared. Candidates outside the time window (``LINK_WINDOW_DAYS``:
beyond it the time penalty forbids a join) are dropped, fetching
``ANN_OVERFETCH`` times more to make up for them, and again as many times more (up to ``ANN_MAX_FETCH``)
while fewer than asked for lie within the window.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Optional

import numpy as np

from babelwire.settings import (
    ANN_CONNECTIVITY,
    ANN_DIMS,
    ANN_DTYPE,
    ANN_EXPANSION_ADD,
    ANN_EXPANSION_SEARCH,
    ANN_MAX_FETCH,
    ANN_OVERFETCH,
    LINK_WINDOW_DAYS,
)

_NO_TIME = np.float64(np.nan)
# what babelwire.link_index.StoryIndex.save_ann writes beside its graph; a file of another version is not read
ANN_FILE_VERSION = 1


@lru_cache(maxsize=1)
def projection() -> Optional[np.ndarray]:
    """The (384, ANN_DIMS) matrix a first-tier lead is multiplied by for the graph: the first ANN_DIMS principal
    directions in babelwire/data/lead_projection.npy (scripts/build_lead_projection.py) as columns; None
    (ANN_DIMS unset) for the leads as they are."""
    if ANN_DIMS is None:
        return None
    path = resources.files("babelwire") / "data" / "lead_projection.npy"
    with resources.as_file(path) as real:
        matrix = np.load(real)
    if not 0 < ANN_DIMS <= len(matrix):
        raise ValueError(f"ANN_DIMS {ANN_DIMS}: {path} holds {len(matrix)} directions")
    return np.ascontiguousarray(matrix[:ANN_DIMS].T, dtype=np.float32)   # (384, ANN_DIMS)


def graph_dims(space: Optional[str]) -> int:
    """How many dimensions the graph holds its leads in, for vectors of ``space`` (see :class:`LeadIndex`)."""
    return ANN_DIMS if space == "static" and ANN_DIMS is not None else 384


def _load_onnxruntime_first() -> None:
    """Import onnxruntime (the int8 engine's) before usearch is first loaded: with onnxruntime 1.32 and usearch
    2.26 on Linux, ``import usearch.index`` then ``import onnxruntime`` crashes the process (SIGSEGV in
    onnxruntime's module initialisation, inside libstdc++'s codecvt); the other order works. A tiered ingest into a
    store of ``ANN_MIN_ARTICLES`` or more builds or opens the graph before its second tier loads the int8 engine
    (at once in one process; in the preload thread, racing the graph, in two), and ``babelwire bench`` runs both.
    ~0.08 s and ~35 MB of mapped library the first time, in a process that would not have used onnxruntime."""
    if "usearch.compiled" in sys.modules:
        return   # too late to choose the order (or it was chosen already)
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        pass


class LeadIndex:
    """Vectors under integer keys (0, 1, 2, ... in order of adding), with an optional time each. With ``space``
    "static" (the first tier's leads, which the projection was fitted on) they are held projected
    (:func:`projection`, ``ANN_DIMS``) and searches project the query the same way; other vectors (the
    transformer's, synthetic ones) as they are."""

    def __init__(self, ndim: int = 384, dtype: str = ANN_DTYPE, connectivity: int = ANN_CONNECTIVITY,
                 expansion_search: int = ANN_EXPANSION_SEARCH, expansion_add: int = ANN_EXPANSION_ADD,
                 space: Optional[str] = None):
        _load_onnxruntime_first()
        from usearch.index import Index

        self._projection = projection() if ndim == 384 and space == "static" else None
        if self._projection is not None:
            ndim = self._projection.shape[1]
        self.index = Index(ndim=ndim, metric="cos", dtype=dtype, connectivity=connectivity,
                           expansion_add=expansion_add, expansion_search=expansion_search)
        self._times = np.zeros(0, np.float64)  # epoch hours, NaN when unknown
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, vectors: np.ndarray, hours: Optional[np.ndarray] = None, threads: int = 0) -> None:
        """Add ``vectors`` (n, ndim) under the next n keys; ``hours``: their publication times (epoch hours)."""
        vectors = np.ascontiguousarray(np.atleast_2d(vectors), dtype=np.float32)
        n = len(vectors)
        if self._projection is not None:
            vectors = vectors @ self._projection
        keys = np.arange(self._size, self._size + n, dtype=np.uint64)
        self.index.add(keys, vectors, threads=threads)
        times = np.full(n, _NO_TIME) if hours is None else np.asarray(hours, np.float64)
        if self._size + n > len(self._times):
            grown = np.full(max(2 * len(self._times), self._size + n, 1024), _NO_TIME)
            grown[: self._size] = self._times[: self._size]
            self._times = grown
        self._times[self._size : self._size + n] = times
        self._size += n

    def search(self, vector: np.ndarray, k: int, hours: Optional[float] = None,
               window_days: float = LINK_WINDOW_DAYS) -> list[int]:
        """Keys of up to ``k`` nearest vectors, nearest first, within ``window_days`` of ``hours``."""
        if not self._size:
            return []
        if hours is not None and np.isnan(hours):
            hours = None
        fetch = k if hours is None else k * ANN_OVERFETCH
        query = np.asarray(vector, np.float32)
        if self._projection is not None:
            query = query @ self._projection
        while True:
            found = self.index.search(query, min(fetch, self._size))
            keys = np.asarray(found.keys, dtype=np.int64)
            if hours is None or not len(keys):
                break
            times = self._times[keys]
            keys = keys[np.isnan(times) | (np.abs(times - hours) <= window_days * 24.0)]
            # too few of the nearest lie within the window (a store of months: nearer articles of other
            # times crowd them out): fetch ANN_OVERFETCH times more, up to ANN_MAX_FETCH
            if len(keys) >= k or fetch >= min(self._size, ANN_MAX_FETCH):
                break
            fetch *= ANN_OVERFETCH
        return [int(k) for k in keys[:k]]

    def save(self, path: str) -> None:
        """Write the graph and its vectors (not the times: the caller has them) to ``path``."""
        self.index.save(path)

    def load(self, path: str, hours: np.ndarray) -> None:
        """Read a graph :meth:`save` wrote; ``hours``: the times of its vectors, in key order."""
        self.index.load(path)
        if len(self.index) != len(hours):
            raise ValueError(f"{path}: {len(self.index)} vectors, {len(hours)} times given")
        self._times = np.asarray(hours, np.float64).copy()
        self._size = len(hours)

    @property
    def memory_bytes(self) -> int:
        return int(self.index.memory_usage) + self._times.nbytes


def ids_digest(ids: Iterable[str]) -> str:
    """SHA-1 of the article ids in order: which articles, in which order, a saved graph holds."""
    import hashlib

    h = hashlib.sha1()
    for article_id in ids:
        h.update(article_id.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def saved_ann(path: str, ids_of_first: Callable[[int], list[str]],
              stored: Callable[[], int], dims: int = 384) -> Optional[tuple[str, int]]:
    """``(path, count)`` when ``path`` holds a graph :meth:`babelwire.link_index.StoryIndex.save_ann` wrote of the
    first ``count`` stored articles as they are now (``ids_of_first(count)``: their ids in store order; ``stored()``:
    how many there are; neither asked when there is no such graph), in this version and with today's graph settings
    (``dims``: the dimensions its leads are held in, :func:`graph_dims`); else None (it is built again)."""
    import json
    import os

    try:
        with open(path + ".json", encoding="utf-8") as f:
            meta = json.load(f)
    except (OSError, ValueError):
        return None
    if not os.path.exists(path) or meta.get("version") != ANN_FILE_VERSION or meta.get("dtype") != ANN_DTYPE \
            or meta.get("connectivity") != ANN_CONNECTIVITY or meta.get("dims", 384) != dims:
        return None
    count = meta.get("count")
    if not isinstance(count, int) or not 0 < count <= stored() or ids_digest(ids_of_first(count)) != meta.get("ids_sha1"):
        return None
    return path, count
