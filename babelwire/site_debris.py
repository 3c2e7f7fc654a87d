"""What cleaning learns of each site's debris across articles and ingests (:class:`SiteDebris`): per-site counts of
lines and short-line openings, the bound on the keys seen in few articles, and the rows the store keeps of them.
:mod:`babelwire.clean` decides what is debris from these counts."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Iterator, Optional

from babelwire import settings

PSEUDO_SITE_PREFIX = "~"   # pseudo-site names; a real source never starts with it


class SiteDebris:
    """Per-site counts of the lines and short-line openings seen in distinct articles.

    Persist with :meth:`changed_rows` (or :meth:`rows`) and rebuild with :meth:`from_rows`. Besides ``line`` and
    ``opening`` rows the store keeps one ``article`` row per counted article (key = its id): rebuilt, they give
    each site's count of articles; the ids themselves are not held (a million of them at a million stored
    articles). So this object counts an article once among those it counted itself; an article counted in an
    earlier ingest is stored, and the ingest does not clean a stored article again.

    A key seen in fewer than ``SITE_DEBRIS_MIN_ARTICLES`` articles of its site is a candidate: at most
    ``candidates_max`` of them are kept (``SITE_DEBRIS_CANDIDATES_MAX``; see :meth:`_trim`). A candidate let go
    is forgotten, and :meth:`changed_rows` gives it with count 0 (its row deleted from the store).
    """

    def __init__(self, candidates_max: Optional[int] = None) -> None:
        self._counts: dict[str, Counter] = defaultdict(Counter)   # site -> (kind, key) -> articles
        self._counted: dict[str, str] = {}                        # article id -> site (counted by this object)
        self._site_articles: Counter = Counter()                  # site -> articles counted
        self._pseudo_sites_by_line: dict[str, set[str]] = defaultdict(set)
        # site -> its candidates (kind, key) seen in one article, and in more, each least recently seen first
        self._candidates: dict[str, tuple[dict[tuple[str, str], None], dict[tuple[str, str], None]]] = {}
        self._n_candidates = 0
        self._latest: dict[str, set[tuple[str, str]]] = {}   # site -> the keys of its latest article (never cut)
        self.candidates_max = settings.SITE_DEBRIS_CANDIDATES_MAX if candidates_max is None else candidates_max
        self._next_trim = self.candidates_max
        self.forgotten = 0   # candidates let go (a figure for tests and probes)
        # counts and articles changed since the last changed_rows(): the store is updated with these
        # only (rewriting every row each batch cost time in proportion to everything ingested)
        self._dirty: set[tuple[str, str, str]] = set()
        self._dirty_articles: list[str] = []

    def learn(self, site: str, article_id: str, keys: Iterable[tuple[str, str]]) -> bool:
        """Count each (kind, key) once for this article; False if it was counted before."""
        if article_id in self._counted:
            return False
        self._counted[article_id] = site
        self._site_articles[site] += 1
        self._dirty_articles.append(article_id)
        mine = set(keys)
        for kind, key in sorted(mine):   # (sorted: the same order, so the same cuts, in every process)
            self._add(site, kind, key, 1)
            self._dirty.add((site, kind, key))
        self._latest[site] = mine
        self._trim()
        return True

    def _add(self, site: str, kind: str, key: str, n: int) -> None:
        counts = self._counts[site]
        before = counts[(kind, key)]
        total = counts[(kind, key)] = before + n
        if kind == "line" and site.startswith(PSEUDO_SITE_PREFIX):
            self._pseudo_sites_by_line[key].add(site)
        tiers = self._candidates.get(site)
        if tiers is None and total < settings.SITE_DEBRIS_MIN_ARTICLES:
            tiers = self._candidates[site] = ({}, {})
        if tiers is not None:
            if before and before < settings.SITE_DEBRIS_MIN_ARTICLES:   # a candidate already: out of its tier
                del tiers[before > 1][(kind, key)]
                self._n_candidates -= 1
            if total < settings.SITE_DEBRIS_MIN_ARTICLES:   # (back) in at the end: the most recently seen
                tiers[total > 1][(kind, key)] = None
                self._n_candidates += 1

    def _trim(self) -> None:
        """Past ``candidates_max`` candidates: cut the sites holding the most to a common level (but none below
        ``SITE_DEBRIS_CANDIDATES_SITE_MIN``) so that all of them together are at most 90 % of the bound; a site
        cut lets go of the keys it saw once before those it saw more often, the least recently seen first, and
        never the keys of its latest article. A small site keeps its few; a site's template line, in each of its
        articles, is kept from one of its articles to the next, so it reaches the count."""
        if self._n_candidates <= self._next_trim:
            return
        target = int(0.9 * self.candidates_max)
        sizes = sorted(len(once) + len(more) for once, more in self._candidates.values())
        # the level: the largest L with sum(min(size, L)) <= target
        level, below = 0, 0
        for i, size in enumerate(sizes):
            rest = len(sizes) - i
            if below + size * rest > target:
                level = (target - below) // rest
                break
            below += size
        else:
            return
        level = max(level, settings.SITE_DEBRIS_CANDIDATES_SITE_MIN)
        for site in list(self._candidates):
            tiers = self._candidates[site]
            keep = self._latest.get(site, ())
            for tier in tiers:
                excess = len(tiers[0]) + len(tiers[1]) - level
                if excess <= 0:
                    break
                for kind, key in [k for k in tier if k not in keep][:excess]:
                    del tier[(kind, key)]
                    self._forget(site, kind, key)
            if not tiers[0] and not tiers[1]:
                del self._candidates[site]
        # the next cut when the candidates pass the bound again, or (sites at their floor held more) a tenth more
        self._next_trim = max(self.candidates_max, int(self._n_candidates / 0.9))

    def _forget(self, site: str, kind: str, key: str) -> None:
        counts = self._counts[site]
        del counts[(kind, key)]
        if not counts:
            del self._counts[site]
        if kind == "line" and key in self._pseudo_sites_by_line:
            holders = self._pseudo_sites_by_line[key]
            holders.discard(site)
            if not holders:
                del self._pseudo_sites_by_line[key]
        self._n_candidates -= 1
        self.forgotten += 1
        self._dirty.add((site, kind, key))

    def articles_with(self, site: str, kind: str, key: str) -> int:
        counts = self._counts.get(site)
        return counts[(kind, key)] if counts else 0

    def site_articles(self, site: str) -> int:
        return self._site_articles[site]

    def pseudo_sites_with_line(self, key: str) -> set[str]:
        return self._pseudo_sites_by_line.get(key, set())

    def counted(self, article_id: str) -> bool:
        """Whether this object counted the article (see the class's text)."""
        return article_id in self._counted

    def candidates(self) -> int:
        """How many keys are held as candidates (seen in fewer than SITE_DEBRIS_MIN_ARTICLES articles)."""
        return self._n_candidates

    def rows(self) -> Iterator[tuple[str, str, str, int]]:
        """``(site, key, kind, n_articles)`` for every count, then the ``article`` rows of the articles this
        object counted."""
        for site in sorted(self._counts):
            for (kind, key), n in sorted(self._counts[site].items()):
                yield site, key, kind, n
        for article_id, site in sorted(self._counted.items()):
            yield site, article_id, "article", 1

    def changed_rows(self) -> list[tuple[str, str, str, int]]:
        """The :meth:`rows` learned since the last call (new or higher counts, new articles), and the candidates
        let go since, with ``n_articles`` 0 (to delete)."""
        out = []
        for site, kind, key in sorted(self._dirty):
            counts = self._counts.get(site)
            out.append((site, key, kind, counts.get((kind, key), 0) if counts else 0))
        out += [(self._counted[a], a, "article", 1) for a in sorted(self._dirty_articles)]
        self._dirty.clear()
        self._dirty_articles.clear()
        return out

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, int]], candidates_max: Optional[int] = None) -> "SiteDebris":
        """Rebuilt from stored rows (:meth:`rows`, :meth:`changed_rows` applied): the counts, each site's
        count of articles (not their ids), the candidates cut to the bound as they come. What the cut let go
        (rows of a store written before the bound, or under a larger one) is in the next :meth:`changed_rows`
        with count 0, so that the first batch stored deletes those rows; nothing else is."""
        debris = cls(candidates_max)
        for site, key, kind, n in rows:
            if kind == "article":
                debris._site_articles[site] += 1
            elif int(n) > 0:
                debris._add(site, kind, key, int(n))
                debris._trim()
        return debris
