"""The index of stored articles the linker searches (:class:`StoryIndex`), and what it holds of each: the
article with its centred vectors and time (:class:`Indexed`).

Candidates for a new article are the stored articles nearest by centred lead cosine within
``LINK_WINDOW_DAYS`` of it: below ``ANN_MIN_ARTICLES`` from one matrix product a batch, from there on from a
usearch HNSW graph (:mod:`babelwire.ann`). Used by :func:`babelwire.link.link`, which re-exports these names.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import chain, islice
from typing import Any, Callable, Iterable, Optional

import numpy as np

from babelwire.article import Article
from babelwire.embed import LanguageMeans
from babelwire.ann import ANN_FILE_VERSION, graph_dims, ids_digest
from babelwire.held import held_bytes
from babelwire.index_arrays import Ids, RawLeads, StoryMembers, grown
from babelwire.settings import ANN_CONNECTIVITY, ANN_DTYPE, ANN_MIN_ARTICLES, LINK_CANDIDATES, LINK_WINDOW_DAYS

# how many of a saved graph's rows StoryIndex.add_stored_many takes as one chunk (their ids, stories, languages and
# times as arrays). Opening the 1M real-rows store, RSS after the open against one row at a time (+669 MB): chunks of
# 4,096 +672 MB, 16,384 +680, 65,536 +713 (what the allocator keeps of the chunks' rows); 5.3-6.1 s each
OPEN_CHUNK = 4_096
# ... and of the rows it adds to the graph (their leads centred as one matrix: ~15 MB)
GRAPH_CHUNK = 10_000
_EVERY = object()   # StoryIndex.members: members in every language


def is_date_only(value: Optional[str]) -> bool:
    return bool(value) and len(value.strip()) == 10


def parse_time(value: Optional[str]) -> Optional[datetime]:
    """ISO 8601 to an aware datetime (naive times are taken as UTC; a date
    without a time as its noon, ±12 h); None if absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if is_date_only(value):
        moment = moment.replace(hour=12)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(slots=True)
class ArticleRef:
    """What is kept of a stored article that is not held in memory: enough to find it again in the store and
    to place it in time, language and story (:class:`babelwire.fast.SecondTier` keeps these for its leads)."""

    id: str
    story_id: Optional[int]
    lang: Optional[str]
    published: Optional[str]


@dataclass
class Indexed:
    """An article as the linker sees it: centred vectors, story, time."""

    article: Article
    lead: np.ndarray
    paragraphs: Optional[np.ndarray]   # None in a StoryIndex until the item is used again (see recentre)
    time: Optional[datetime]
    date_only: bool = False


def centred(article: Article, means: LanguageMeans) -> Indexed:
    lead = means.centre(article.lead_vector, "lead", article.lang)
    return Indexed(
        article, lead, centred_paragraphs(article, means),
        parse_time(article.published), is_date_only(article.published),
    )


def centred_paragraphs(article: Article, means: LanguageMeans) -> np.ndarray:
    """The article's centred paragraph vectors (its lead vector when it has none)."""
    return means.centre(_paragraph_rows(article), "para", article.lang)


def _paragraph_rows(article: Article) -> np.ndarray:
    """The raw vectors the article's paragraphs are compared by: its paragraph vectors, or its lead's alone."""
    paras = article.paragraph_vectors
    return article.lead_vector[None, :] if paras is None or len(paras) == 0 else paras


def published_hours(published: Optional[str]) -> float:
    """A publication time (ISO 8601, as stored) in epoch hours; NaN when unknown (see :func:`parse_time`)."""
    when = parse_time(published)
    return when.timestamp() / 3600.0 if when is not None else float("nan")


# how many read-back articles StoryIndex._centre_many centres as one matrix (bounds its intermediates: ~1.6 MB of
# paragraphs a matrix at 16 paragraphs an article)
CENTRE_CHUNK = 64


class StoryIndex:
    """Every stored article's centred vectors, searched by lead cosine for candidates.

    Candidates lie within ``LINK_WINDOW_DAYS`` of the article (either time unknown: any). Below
    ``ANN_MIN_ARTICLES`` stored articles they come from an
    exact matrix product and :meth:`recentre` re-centres every lead each batch
    (the language means move as the corpus grows), an article's paragraphs when
    it is next used. From there on a usearch HNSW
    graph (:mod:`babelwire.ann`) finds them, and
    re-centring is lazy: a candidate or story member is centred with the
    current means when it is used (unless its language's means are the ones it
    was centred with), so linking costs no O(stored) work.

    Made with ``load`` (the ingest: :meth:`babelwire.store.Store.index_articles`), it need not hold every
    article: :meth:`add_stored` indexes a stored one by its lead, time and story alone, and :meth:`release`
    lets go of the least recently used beyond ``resident`` articles or ``resident_mb`` megabytes of them
    (:func:`held_bytes`; a number, or a function of how many articles the index holds: the ingest's is
    :func:`resident_mb_bound`); an item not held is read back when it is next used. Without ``load`` every
    article added stays in memory.
    """

    def __init__(self, means: LanguageMeans,
                 load: Optional[Callable[[list[str]], dict[str, Article]]] = None,
                 resident: Optional[int] = None, resident_mb: Optional[float | Callable[[int], Optional[float]]] = None):
        self.means = means
        # each position's item; None: not held in memory (read back from the store through ``load`` when it
        # is next used: a candidate or a story member)
        self.items: list[Optional[Indexed]] = []
        self._ids = Ids()
        self._buffer = np.zeros((0, 384), np.float32)
        self._times = np.zeros(0, np.float64)   # each item's publication time in epoch hours (NaN: unknown)
        # each story's positions, in index order (a chain through the positions: StoryMembers)
        self._by_story = StoryMembers()
        # each position's language, as a code (what members() filters by without reading an article back)
        self._lang_code = np.zeros(0, np.int16)
        self._lang_codes: dict[Optional[str], int] = {}
        self._raw: dict[Optional[str], RawLeads] = {}   # by language, while recentre centres every lead
        self._ann = None
        # recentre() counts up; each item's object was made at _made[position]: one made before the last
        # recentre is made again from the current leads when next used (_current)
        self._generation = 0
        self._made: list[int] = []
        # the bound on the articles held in memory (see release): ``load`` reads the others back by id
        self._load = load
        self.resident_max = resident if load is not None else None
        # ... and on what they cost (held_bytes), in megabytes: a number, or one for the number of articles indexed
        # (resident_mb_bound)
        self._resident_mb = resident_mb if load is not None else None
        # the positions whose items are in memory (a set, not a flag per position: release() looks at these
        # alone; two scans of a million flags and use counts took ~0.5 ms a batch)
        self._held: set[int] = set()
        self._bytes = np.zeros(0, np.int32)  # a held item's held_bytes (0: not held; int32: 4 MB at a million)
        self.resident_bytes = 0
        # with the graph: the means (_means_of) each held item was last centred with, by position
        self._stamp: dict[int, tuple] = {}
        self._used = np.zeros(0, np.int32)   # the release() count when it was last used (int32: 4 MB at a million)
        self._tick = 0
        # the positions used since the last release(), and in the batch before (what release() makes lean)
        self._touched: set[int] = set()
        self._touched_before: set[int] = set()
        self.resident = 0
        self.reloaded = 0   # articles read back from the store

    @property
    def _leads(self) -> np.ndarray:
        return self._buffer[: len(self.items)]

    def add(self, article: Article, item: Optional[Indexed] = None) -> Indexed:
        """Index ``article``; ``item``: the article already centred with the index's current means
        (:func:`link` has it: not centred a second time)."""
        if item is None or item.article is not article:
            item = centred(article, self.means)
        self._append(article.id, article.story_id, article.lang, article.lead_vector, item.lead, _hours(item), item)
        return item

    def add_stored(self, article_id: str, story_id: Optional[int], lang: Optional[str], published: Optional[str],
                   lead_vector: np.ndarray) -> None:
        """Index a stored article without holding it (its raw lead vector as stored): read back through
        ``load`` when it is first used. What :class:`babelwire.pipeline.Ingestor` does with a store it opens
        (:meth:`add_stored_many`)."""
        self.add_stored_many([(article_id, story_id, lang, published, lead_vector)])

    def add_stored_many(self, rows: Iterable[tuple], saved: Optional[tuple[str, int]] = None) -> None:
        """:meth:`add_stored` for each row (its arguments, in store order). From ``ANN_MIN_ARTICLES`` on, the leads
        go into the HNSW graph a chunk at a time on every core, not one by one. ``saved``: ``(path, count)``, a
        graph :meth:`save_ann` wrote of the first ``count`` rows' leads (the caller checked that they are the same
        articles): read instead of built (a million leads: 444 s to add on this 2-core machine). The saved graph's rows
        are added a chunk at a time as arrays (:meth:`_append_entries`): opening the 1M real-rows store (the whole
        ``Ingestor``, its second tier's leads too) took 6.5-7.4 s one row at a time, 5.3 s so (2026-12-05)."""
        if self._load is None:
            raise ValueError("add_stored needs an index that can read articles back (load)")
        count = saved[1] if saved is not None and not self.items else 0
        rows = iter(rows)
        hours: dict[Optional[str], float] = {}   # published_hours of the times seen lately (store order: a stream's)
        if count:   # in the saved graph: what the index keeps beside it, a chunk of rows at a time
            times = np.full(count, np.nan)   # (an array: a million floats as a list were ~32 MB more)
            done = 0
            while done < count:
                chunk = list(islice(rows, min(OPEN_CHUNK, count - done)))
                if not chunk:
                    raise ValueError(f"the saved graph holds {count} articles; the store gave {done}")
                times[done : done + len(chunk)] = self._append_entries(chunk, hours)
                done += len(chunk)
            from babelwire.ann import LeadIndex

            graph = LeadIndex(space=self.means.space)
            graph.load(saved[0], times)
            self._use_graph(graph)
        for row in rows:
            if self._ann is not None:   # the rest into the graph, a chunk at a time
                rest = chain([row], rows)
                while chunk := list(islice(rest, GRAPH_CHUNK)):
                    self._add_to_graph(chunk, hours)
                break
            article_id, story_id, lang, published, lead_vector = row
            self._append(article_id, story_id, lang, lead_vector, self.means.centre(lead_vector, "lead", lang),
                         published_hours(published), None)

    def _append_entries(self, rows: list[tuple], hours: Optional[dict] = None) -> np.ndarray:
        """:meth:`_append_entry` (no item held) for each row (id, story, language, published, ...) as array
        operations; their publication times in epoch hours (``hours``: those of times parsed before, by the time as
        stored, added to; cleared past ``OPEN_CHUNK`` of them)."""
        start, n = len(self.items), len(rows)
        ids, story_ids, langs, published = (list(column) for column in zip(*(row[:4] for row in rows)))
        self.items.extend([None] * n)
        self._ids.extend(ids)
        codes = self._lang_codes
        self._lang_code = grown(self._lang_code, start + n)
        self._lang_code[start : start + n] = np.fromiter(
            (codes.setdefault(lang, len(codes)) for lang in langs), np.int16, n)
        self._made.extend([self._generation] * n)
        self._by_story.extend(story_ids, start)
        self._used = grown(self._used, start + n)
        self._bytes = grown(self._bytes, start + n)
        # (published_hours once a distinct time: articles of a stream share many, to the minute)
        if hours is None:
            hours = {}
        elif len(hours) > OPEN_CHUNK:
            hours.clear()
        for value in set(published).difference(hours):
            hours[value] = published_hours(value)
        return np.fromiter((hours[value] for value in published), np.float64, n)

    def _add_to_graph(self, rows: list[tuple], hours: Optional[dict] = None) -> None:
        """Stored articles (id, story, language, published, raw lead) into the HNSW graph at once, centred a
        language at a time (the same arithmetic as one by one)."""
        hours = self._append_entries(rows, hours)
        leads = np.empty((len(rows), 384), np.float32)
        by_lang: dict[Optional[str], list[int]] = {}
        for k, row in enumerate(rows):
            by_lang.setdefault(row[2], []).append(k)
        for lang, ks in by_lang.items():
            leads[ks] = self.means.centre(np.stack([rows[k][4] for k in ks]), "lead", lang)
        self._ann.add(leads, hours, threads=0)

    def save_ann(self, path: str) -> bool:
        """Write the HNSW graph (when in use) and what identifies the articles it holds to ``path`` (and
        ``path`` + ``.json``), for :meth:`add_stored_many` to read next time. False when there is none."""
        if self._ann is None:
            return False
        import json
        import os

        self._ann.save(path + ".part")
        meta = {"version": ANN_FILE_VERSION, "count": len(self.items), "ids_sha1": ids_digest(self._ids),
                "dtype": ANN_DTYPE, "connectivity": ANN_CONNECTIVITY, "dims": graph_dims(self.means.space)}
        with open(path + ".json.part", "w", encoding="utf-8") as f:
            json.dump(meta, f)
        os.replace(path + ".part", path)
        os.replace(path + ".json.part", path + ".json")
        return True

    def _append_entry(self, article_id: str, story_id: Optional[int], lang: Optional[str],
                      item: Optional[Indexed]) -> int:
        """A new position's entry, without its lead (see _append)."""
        position = len(self.items)
        self.items.append(item)
        self._ids.append(article_id)
        self._lang_code = grown(self._lang_code, position + 1)
        self._lang_code[position] = self._lang_codes.setdefault(lang, len(self._lang_codes))
        self._made.append(self._generation)
        self._by_story.append(story_id, position)
        self._used = grown(self._used, position + 1)
        self._bytes = grown(self._bytes, position + 1)
        if item is not None:
            self._held.add(position)
            self._used[position] = self._tick
            self._touched.add(position)
            self.resident += 1
            self._hold_bytes(position, item.article)
        return position

    def _hold_bytes(self, position: int, article: Article) -> None:
        """Count ``article``'s :func:`held_bytes` at ``position`` (in place of what was counted there)."""
        size = held_bytes(article)
        self.resident_bytes += size - int(self._bytes[position])
        self._bytes[position] = size

    def _append(self, article_id: str, story_id: Optional[int], lang: Optional[str], raw_lead: np.ndarray,
                lead: np.ndarray, hours: float, item: Optional[Indexed]) -> None:
        position = self._append_entry(article_id, story_id, lang, item)
        if self._ann is not None:
            self._ann.add(lead[None, :], np.array([hours]))
            return
        self._buffer, self._times = grown(self._buffer, position + 1), grown(self._times, position + 1, np.nan)
        self._buffer[position] = lead
        self._times[position] = hours
        self._raw.setdefault(lang, RawLeads()).append(position, raw_lead)
        if len(self.items) >= ANN_MIN_ARTICLES:
            self._start_ann()

    def _start_ann(self) -> None:
        from babelwire.ann import LeadIndex

        graph = LeadIndex(space=self.means.space)
        graph.add(self._leads, self._times[: len(self.items)].copy())
        self._use_graph(graph)

    def _use_graph(self, graph) -> None:
        """Search ``graph`` (a :class:`babelwire.ann.LeadIndex` of every position's lead) from now on: the exact
        path's lead matrix, times and raw leads go."""
        self._ann = graph
        self._buffer = np.zeros((0, 384), np.float32)
        self._times = np.zeros(0, np.float64)
        self._raw = {}

    def recentre(self) -> None:
        """Centre every stored lead again with the current language means (they move as the corpus
        grows), one matrix per language; a stored article's paragraphs are centred when it is next
        used (a candidate or story member). Lazy for both once the HNSW index is in use."""
        if self._ann is not None:
            return
        if not self.items:
            self._buffer = np.zeros((0, 384), np.float32)
            return
        leads = np.empty((len(self.items), 384), np.float32)
        for lang, raw in self._raw.items():
            # centred()'s arithmetic, row by row
            leads[raw.positions[: raw.n]] = self.means.centre(raw.vectors[: raw.n], "lead", lang)
        # Every stored lead each batch, as one matrix; an item's object (its lead a row of it, its
        # paragraphs, most of its vectors, centred again) is made when the item is next used (_current):
        # making every stored article's anew each batch took 218 ms a batch at 49,000 stored.
        self._buffer = leads   # add() only writes past the stored rows (growing a copy)
        self._generation += 1

    def _fetch(self, positions: Iterable[int]) -> None:
        """Read back from the store the items at ``positions`` that are not in memory (one query)."""
        missing = [p for p in positions if self.items[p] is None]
        if not missing:
            return
        articles = self._load([self._ids[p] for p in missing])
        read: list[tuple[int, Article]] = []
        for p in dict.fromkeys(missing):
            article = articles.get(self._ids[p])
            if article is None:
                raise LookupError(f"article {self._ids[p]} is indexed but not in the store")
            if self._ann is not None:   # centred below, together
                read.append((p, article))
            else:   # its lead as recentre left it; its paragraphs centred when used (_current)
                self.items[p] = Indexed(article, self._buffer[p], None, parse_time(article.published),
                                        is_date_only(article.published))
                self._made[p] = self._generation
            self._held.add(p)
            self.resident += 1
            self._hold_bytes(p, article)
            self.reloaded += 1
        if read:
            self._centre_many(read)

    def _centre_many(self, read: list[tuple[int, Article]]) -> None:
        """Hold the articles read back at their positions, centred with the current means a language at a time,
        ``CENTRE_CHUNK`` articles as one matrix of leads and one of paragraphs (centred()'s arithmetic, row by row:
        the same values; one by one it was ~0.035 ms an article, most of it per call), noting the means each was
        centred with (_current). Each item gets its own copy of its rows: a view would keep its whole matrix in
        memory as long as it is held (and a batch's read-back, ~2,700 articles at a million stored, made matrices
        of ~66 MB, ~140 MB at the link's peak with their intermediates)."""
        by_lang: dict[Optional[str], list[tuple[int, Article]]] = {}
        for p, article in read:
            by_lang.setdefault(article.lang, []).append((p, article))
        for lang, every in by_lang.items():
            stamp = self._means_of(lang)
            for start in range(0, len(every), CENTRE_CHUNK):
                pairs = every[start : start + CENTRE_CHUNK]
                leads = self.means.centre(np.stack([a.lead_vector for _, a in pairs]), "lead", lang)
                blocks = [_paragraph_rows(a) for _, a in pairs]
                paragraphs = self.means.centre(np.concatenate(blocks), "para", lang)
                at = 0
                for k, (p, article) in enumerate(pairs):
                    n = len(blocks[k])
                    self.items[p] = Indexed(article, leads[k].copy(), paragraphs[at : at + n].copy(),
                                            parse_time(article.published), is_date_only(article.published))
                    self._stamp[p] = stamp
                    at += n

    def _means_of(self, lang: Optional[str]) -> tuple:
        """The language's lead and paragraph means as objects (LanguageMeans.mean keeps one while the language's
        vectors are the same): an item centred with these needs no centring again."""
        return self.means.mean("lead", lang), self.means.mean("para", lang)

    def _current(self, position: int) -> Indexed:
        """The stored item at ``position``, centred with the current means (read back first if need be)."""
        item = self.items[position]
        if item is None:
            self._fetch([position])
            item = self.items[position]
        self._used[position] = self._tick
        self._touched.add(position)
        if self._ann is not None:
            # centred again only when its language's means moved since (or its paragraphs went: release)
            stamp = self._means_of(item.article.lang)
            kept = self._stamp.get(position)
            if kept is None or kept[0] is not stamp[0] or kept[1] is not stamp[1] or item.paragraphs is None:
                item = self.items[position] = centred(item.article, self.means)
                self._stamp[position] = stamp
            return item
        if self._made[position] != self._generation:
            item = self.items[position] = Indexed(item.article, self._buffer[position], None, item.time,
                                                  item.date_only)
            self._made[position] = self._generation
        if item.paragraphs is None:
            item.paragraphs = centred_paragraphs(item.article, self.means)
        return item

    def release(self, compact: Optional[Callable[[Article], None]] = None) -> int:
        """Between batches: let go of the least recently used items held in memory beyond ``resident`` of them or
        ``resident_mb`` of their :func:`held_bytes` (an index made with ``load``; they are read back from the store
        when used again). Returns how many.

        Items used in the batch before this one and not in this one are made lean: their centred paragraphs
        go (stale since the means moved; centred again when next used), and ``compact`` is called with their
        articles (the ingest drops what it can compute again)."""
        idle = sorted(p for p in self._touched_before if p in self._held and self._used[p] == self._tick - 1)
        self._touched_before, self._touched = self._touched, set()
        for p in idle:
            item = self.items[p]
            if self._ann is not None or self._made[p] != self._generation:
                item.paragraphs = None
            if compact is not None:
                compact(item.article)
        # what the items used in this batch hold now (derivation and alignment kept word runs and sentences on
        # them), and what the lean ones hold less
        for p in self._held.intersection(self._touched_before.union(idle)):
            self._hold_bytes(p, self.items[p].article)
        self._tick += 1
        return self._let_go()

    def trim(self, stories: Iterable[Optional[int]]) -> int:
        """Within a batch: let go of held items beyond the bounds (as :meth:`release` does, least recently used
        first) but for the members of ``stories``, which the batch is still to use (its derivation reads every
        member of the stories it grew). A batch's candidates read back for linking were held until the batch's end
        otherwise: ~1,000-1,300 stored articles for 64 new ones against the 1M store, twice the bound's worth.
        Returns how many."""
        if not any(self._over()):
            return 0
        keep = [p for story_id in set(stories) for p in self._by_story.positions(story_id)]
        return self._let_go(np.asarray(keep, np.int64))

    @property
    def resident_bytes_max(self) -> Optional[int]:
        """The bound on the held items' bytes now (None: none)."""
        mb = self._resident_mb(len(self.items)) if callable(self._resident_mb) else self._resident_mb
        return None if mb is None else int(mb * 2**20)

    def _over(self) -> tuple[int, int]:
        """How many held items are over the bound on their count, and how many bytes over the bound on their bytes
        (0: within it)."""
        over_count = self.resident - self.resident_max if self.resident_max is not None else 0
        bound = self.resident_bytes_max
        over_bytes = self.resident_bytes - bound if bound is not None else 0
        return max(0, over_count), max(0, over_bytes)

    def _let_go(self, keep: Optional[np.ndarray] = None) -> int:
        """Drop held items (not at positions ``keep``), least recently used first, until the rest are within the
        bounds on their count and bytes."""
        over_count, over_bytes = self._over()
        if not over_count and not over_bytes:
            return 0
        held = np.fromiter(self._held, np.int64, len(self._held))
        if keep is not None and len(keep):
            held = np.setdiff1d(held, keep)   # (sorted)
        else:
            held.sort()
        held = held[np.argsort(self._used[held], kind="stable")]   # least recently used first
        excess = over_count   # (of all held, kept ones too)
        if over_bytes:   # the fewest least recently used whose bytes bring the rest within the bound
            freed = np.cumsum(self._bytes[held])
            excess = max(excess, int(np.searchsorted(freed, over_bytes)) + 1)
        drop = held[:excess]
        for p in drop.tolist():
            self.items[p] = None
            self._stamp.pop(p, None)
        self._held.difference_update(drop.tolist())
        self.resident -= len(drop)
        self.resident_bytes -= int(self._bytes[drop].sum())
        self._bytes[drop] = 0
        return len(drop)

    def members(self, story_id: int, which: slice = slice(None), other_than: Any = _EVERY) -> list[Indexed]:
        """The story's indexed articles in index order (``which``: a slice of them; the others are not read
        back from the store); with ``other_than`` a language (None too), only those of the slice in other
        languages (the others are not read back either)."""
        return self.members_many([story_id], which, other_than)[story_id]

    def members_many(self, story_ids: Iterable[int], which: slice = slice(None),
                     other_than: Any = _EVERY) -> dict[int, list[Indexed]]:
        """:meth:`members` of each of ``story_ids``, by story, those not in memory read back in one query (a
        query per story cost ~0.4 ms each against a 1M store, most of it per query, not per article)."""
        wanted: dict[int, Any] = {}
        code = self._lang_codes.get(other_than, -1) if other_than is not _EVERY else None
        for story_id in story_ids:
            positions = self._by_story.positions(story_id, which)
            if code is not None and code >= 0:
                positions = [p for p in positions if self._lang_code[p] != code]
            wanted[story_id] = positions
        self._fetch([p for positions in wanted.values() for p in positions])
        current = self._current
        return {story_id: [current(p) for p in positions] for story_id, positions in wanted.items()}

    def story_ids(self) -> set:
        """The stories of the indexed articles."""
        return self._by_story.story_ids()

    def story_languages(self, story_id: Optional[int]) -> set:
        """The languages of the story's indexed articles (None for an unknown one), without reading any back."""
        positions = self._by_story.positions(story_id)
        if not positions:
            return set()
        codes = set(np.unique(self._lang_code[np.asarray(positions)]).tolist())
        return {lang for lang, code in self._lang_codes.items() if code in codes}

    def story_size(self, story_id: Optional[int]) -> int:
        """How many indexed articles the story has (no centring)."""
        return self._by_story.count(story_id)

    def candidates(self, item: Indexed, k: Optional[int] = None) -> list[Indexed]:
        """Up to ``k`` (default ``LINK_CANDIDATES``) stored articles nearest to ``item`` by lead cosine, nearest
        first, within ``LINK_WINDOW_DAYS`` of it (see the class)."""
        return self.candidates_many([item], k)[0]

    def candidates_many(self, items: list[Indexed], k: Optional[int] = None) -> list[list[Indexed]]:
        """:meth:`candidates` of each of ``items``. Below ``ANN_MIN_ARTICLES`` one matrix product serves them
        all (a product per article read every stored lead again for each: memory-bound, ~9 ms an article
        at 50,000 stored against ~1 for its share of one product). ``k``'s default is read at the call, so that
        a tuning script setting this module's ``LINK_CANDIDATES`` changes it."""
        k = LINK_CANDIDATES if k is None else k
        if not self.items or not items:
            return [[] for _ in items]
        if self._ann is not None:
            found = [self._ann.search(item.lead, k, _hours(item)) for item in items]
            self._fetch([i for row in found for i in row])
            return [[self._current(i) for i in row] for row in found]
        n = len(self.items)
        sims = np.stack([item.lead for item in items]) @ self._leads.T
        hours = np.array([_hours(item) for item in items])
        # the HNSW path's time window (babelwire.ann.LeadIndex.search): an article published more than
        # LINK_WINDOW_DAYS away is no candidate (an unknown time on either side is)
        sims[np.abs(hours[:, None] - self._times[None, :n]) > LINK_WINDOW_DAYS * 24.0] = -np.inf
        if n > k:
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        else:
            top = np.broadcast_to(np.arange(n), (len(items), n))
        best = np.take_along_axis(sims, top, axis=1)
        order = np.argsort(-best, axis=1, kind="stable")
        top, best = np.take_along_axis(top, order, axis=1), np.take_along_axis(best, order, axis=1)
        rows = [[i for i, ok in zip(row.tolist(), inside.tolist()) if ok] for row, inside in zip(top, best > -np.inf)]
        self._fetch([i for row in rows for i in row])
        current = self._current
        return [[current(i) for i in row] for row in rows]


def _hours(item: Indexed) -> float:
    """Publication time in epoch hours (NaN when unknown), for the time window."""
    return item.time.timestamp() / 3600.0 if item.time is not None else float("nan")
