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
