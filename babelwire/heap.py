"""Handing the memory a process's allocator keeps free back to the system."""
from __future__ import annotations

_TRIM: list = []   # glibc's malloc_trim, once looked up (None: not glibc)


def return_free_memory() -> None:
    """Hand the memory the allocator holds free back to the system (glibc's ``malloc_trim``; elsewhere nothing).
    An ingest's freed blocks lie among live ones (a batch reads back thousands of stored articles and lets most
    go; the open reads a million rows): without this the process's resident memory stays at each high-water
    mark. Measured on 800 bench articles into a million-article store (bench/RESULTS.md, session 20): the main
    process's resident memory between batches ~1.56 -> ~1.40 GB, after the open 1.02 -> 0.90 GB; 2-27 ms a call
    there (a batch of 64 articles: ~0.5 s). (In the prepare worker it gained nothing measurable.)"""
    if not _TRIM:
        try:
            import ctypes

            _TRIM.append(ctypes.CDLL(None).malloc_trim)
        except (AttributeError, OSError):
            _TRIM.append(None)
    if _TRIM[0] is not None:
        _TRIM[0](0)
