"""Arrays that grow a row at a time and are indexed by an index position: what :class:`babelwire.link_index.StoryIndex`
and :class:`babelwire.fast.SecondTier` keep of each stored article without holding the article itself (its id, its
raw lead by language)."""
from __future__ import annotations

from typing import Iterator, Optional

import numpy as np


def grown(array: np.ndarray, needed: int, fill=0) -> np.ndarray:
    """``array`` with room for at least ``needed`` rows: itself when it has it, else a copy twice as long (64 at
    least) with the new rows set to ``fill``. Growing geometrically: appending n rows one by one copies O(n)."""
    if needed <= len(array):
        return array
    shape = (max(64, 2 * len(array), needed),) + array.shape[1:]
    # zeros: the rows not yet written cost no memory until they are (the allocator maps zeroed pages when first
    # touched; np.full writes every row: up to half of an array grown row by row was filler in memory)
    out = np.zeros(shape, array.dtype) if fill == 0 else np.full(shape, fill, array.dtype)
    out[: len(array)] = array
    return out


class Ids:
    """Article ids by position, as one byte array (an ASCII id, as a content id is; any other kept aside): a
    million ids as Python strings took ~70 MB, as bytes ~18 MB."""

    def __init__(self) -> None:
        self._bytes = np.zeros(0, "S16")
        self._n = 0
        self._other: dict[int, str] = {}   # positions whose id is not ASCII (or would lose a trailing NUL)

    def append(self, article_id: str) -> None:
        try:
            raw: Optional[bytes] = article_id.encode("ascii")
        except UnicodeEncodeError:
            raw = None
        if raw is None or raw.endswith(b"\0"):
            self._other[self._n] = article_id
            raw = b""
        elif len(raw) > self._bytes.dtype.itemsize:
            self._bytes = self._bytes.astype(f"S{len(raw)}")
        self._bytes = grown(self._bytes, self._n + 1, b"")
        self._bytes[self._n] = raw
        self._n += 1

    def extend(self, article_ids: list[str]) -> None:
        """:meth:`append` of each, as one array operation when all are ASCII and none ends in NUL (what opening a
        big store adds: ~0.14 s a million against ~1.8 s one at a time)."""
        try:
            raw = np.array(article_ids, dtype="S")
        except UnicodeEncodeError:
            raw = None
        if raw is None or any(article_id.endswith("\0") for article_id in article_ids):
            for article_id in article_ids:
                self.append(article_id)
            return
        if raw.dtype.itemsize > self._bytes.dtype.itemsize:
            self._bytes = self._bytes.astype(raw.dtype)
        self._bytes = grown(self._bytes, self._n + len(raw), b"")
        self._bytes[self._n : self._n + len(raw)] = raw
        self._n += len(raw)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, position: int) -> str:
        if not 0 <= position < self._n:
            raise IndexError(position)
        other = self._other.get(position)
        return other if other is not None else self._bytes[position].decode("ascii")

    def __iter__(self) -> Iterator[str]:
        return (self[p] for p in range(self._n))


class RawLeads:
    """One language's raw (uncentred) lead vectors in index order, and their positions in the index:
    :meth:`babelwire.link_index.StoryIndex.recentre` centres them as one matrix without collecting them article
    by article (and :class:`babelwire.fast.SecondTier` its transformer leads, in float16)."""

    __slots__ = ("positions", "vectors", "n")

    def __init__(self, dtype=np.float32) -> None:
        self.positions = np.zeros(0, np.intp)
        self.vectors = np.zeros((0, 384), dtype)
        self.n = 0

    def append(self, position: int, vector: np.ndarray) -> int:
        """Add ``vector`` at index position ``position``; its row here."""
        self.vectors, self.positions = grown(self.vectors, self.n + 1), grown(self.positions, self.n + 1)
        self.vectors[self.n] = vector
        self.positions[self.n] = position
        self.n += 1
        return self.n - 1


class StoryMembers:
    """Each story's positions, in index order, as a chain: every position points back to the story's previous one,
    and each story's last position and count sit in arrays indexed by the story id (ids count up from 1, as the
    store gives them; None, a negative id or one far beyond the rest kept aside in a dict). A million positions
    in 200,000 stories: ~7 MB (one integer array a story took ~37 MB). A story's latest members walk back from
    its last; all of them walk the whole chain."""

    def __init__(self) -> None:
        self._prev = np.zeros(0, np.int64)     # by position: the story's previous position (-1: none)
        self._last = np.zeros(0, np.int64)     # by story id: its last position (-1: none)
        self._count = np.zeros(0, np.int32)    # by story id: how many
        self._other: dict = {}                 # any other story id -> [last position, count]

    def _dense_limit(self) -> int:
        """The largest story id kept in the arrays indexed by story id (beyond it: kept aside, in ``_other``)."""
        return 4 * len(self._prev) + 1024

    def _dense(self, story_id) -> bool:
        return isinstance(story_id, (int, np.integer)) and 0 <= story_id <= self._dense_limit()

    def append(self, story_id, position: int) -> None:
        """``position`` (the next one: positions are appended in order) joins ``story_id``."""
        self._prev = grown(self._prev, position + 1)
        if story_id in self._other or not self._dense(story_id):
            self._append_other(story_id, position)
            return
        if story_id >= len(self._last):
            size = len(self._last)
            self._last = grown(self._last, story_id + 1)
            self._last[size:] = -1
            self._count = grown(self._count, story_id + 1)
        self._prev[position] = self._last[story_id]
        self._last[story_id] = position
        self._count[story_id] += 1

    def _append_other(self, story_id, position: int) -> None:
        kept = self._other.setdefault(story_id, [-1, 0])
        self._prev[position], kept[0] = kept[0], position
        kept[1] += 1

    def extend(self, story_ids: list, start: int) -> None:
        """:meth:`append` of each story id, at positions ``start``, ``start`` + 1, ... (the next ones), the dense ids'
        chains made as arrays (what opening a big store adds): the same chains as one at a time."""
        n = len(story_ids)
        if not n:
            return
        self._prev = grown(self._prev, start + n)
        limit = self._dense_limit()
        every = np.fromiter((s if isinstance(s, (int, np.integer)) and 0 <= s <= limit else -1 for s in story_ids),
                            np.int64, n)
        dense = every >= 0
        kept_aside = [s for s in self._other if isinstance(s, (int, np.integer)) and 0 <= s <= limit]
        if kept_aside:
            dense &= ~np.isin(every, kept_aside)
        for k in np.flatnonzero(~dense).tolist():   # (in position order: each story's chain in order)
            self._append_other(story_ids[k], start + k)
        ks = np.flatnonzero(dense)
        if not len(ks):
            return
        sids = every[ks]
        positions = ks + start
        top = int(sids.max())
        if top >= len(self._last):
            size = len(self._last)
            self._last = grown(self._last, top + 1)
            self._last[size:] = -1
            self._count = grown(self._count, top + 1)
        order = np.argsort(sids, kind="stable")   # each story's positions together, in position order
        sids, positions = sids[order], positions[order]
        first = np.ones(len(sids), bool)
        first[1:] = sids[1:] != sids[:-1]
        previous = np.empty_like(positions)
        previous[1:] = positions[:-1]
        previous[first] = self._last[sids[first]]   # a story's first here follows its last before
        self._prev[positions] = previous
        last = np.ones(len(sids), bool)
        last[:-1] = first[1:]
        self._last[sids[last]] = positions[last]
        stories, counts = np.unique(sids, return_counts=True)
        self._count[stories] += counts.astype(self._count.dtype)

    def _head(self, story_id) -> tuple[int, int]:
        kept = self._other.get(story_id)
        if kept is not None:
            return kept[0], kept[1]
        if self._dense(story_id) and story_id < len(self._last):
            return int(self._last[story_id]), int(self._count[story_id])
        return -1, 0

    def count(self, story_id) -> int:
        return self._head(story_id)[1]

    def latest(self, story_id, n: Optional[int] = None) -> list[int]:
        """The story's last ``n`` positions (all of them: None), in index order."""
        position, count = self._head(story_id)
        want = count if n is None else min(n, count)
        out = []
        prev = self._prev
        while len(out) < want:
            out.append(position)
            position = int(prev[position])
        out.reverse()
        return out

    def positions(self, story_id, which: slice = slice(None)) -> list[int]:
        """The story's positions in index order, sliced by ``which`` (its latest k, ``slice(-k, None)``, without
        walking the rest)."""
        if which.step is None and which.stop is None and which.start is not None and which.start < 0:
            return self.latest(story_id, -which.start)
        return self.latest(story_id)[which]

    def story_ids(self) -> set:
        """The stories with a position (None left out)."""
        return {int(s) for s in np.flatnonzero(self._count)} | {s for s, kept in self._other.items()
                                                                if s is not None and kept[1]}
