"""The whole line of stages, batch by batch, into the store.

read → clean → meta → language → embed → entities → link → stories → store.
Each batch is committed in one transaction; an article already stored (same
content hash) is skipped, so re-ingesting adds nothing twice.

With ``workers=2`` (static and tiered modes, Linux; the default on two or more
cores) a forked worker process runs clean → entities of the next batch, and
computes what later stages need of each article alone
(:func:`babelwire.prepare.carry`), while this process links and stores the
current one (:class:`babelwire.prepare.PrepareWorker`); the stored results are the same.
"""
from __future__ import annotations

import gc
import sys
import time
from collections import Counter, OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Optional

import numpy as np

from babelwire import settings
from babelwire.article import Article, ReadError
from babelwire.clean import SiteDebris
from babelwire.embed import LanguageMeans, embedding_mode, vector_space
from babelwire.link import StoryIndex, link
from babelwire.ann import graph_dims, saved_ann
from babelwire.held import resident_mb_bound
from babelwire.link_index import ArticleRef
from babelwire.prepare import (PrepareWorker, PrepareWorkerError, default_workers, prepare, worker_possible,
                               worker_stats)
from babelwire.heap import return_free_memory
from babelwire.provenance import store_sentence_alignment
from babelwire.read import read
from babelwire.settings import (EMBED_MODE, INCREMENTAL_DERIVATION, INGEST_BATCH_SIZE, INGEST_STORY_PAIRS_MAX,
                                INGEST_STORY_STATE_MAX)
from babelwire.store import Store
from babelwire.stories import Derivation, derive, story_title

SITE_DEBRIS_COLUMNS = ("site", "key", "kind", "n_articles")
SECOND_TIER_COLUMNS = ("article_id", "vector")
LANGUAGE_MEANS_COLUMNS = ("kind", "lang", "n", "sum")


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    failed: list[ReadError] = field(default_factory=list)
    stories_created: list[int] = field(default_factory=list)
    stories_extended: list[int] = field(default_factory=list)
    workers: int = 1   # processes that ran the stages (2: with the prepare worker)
    # with the prepare worker: per-side CPU seconds, the hand-over's, per-batch figures (see PrepareWorker)
    worker_stats: dict = field(default_factory=dict)
    # stored articles the index read back from the store (it holds at most INGEST_RESIDENT_ARTICLES in memory)
    reloaded: int = 0

    def as_dict(self) -> dict:
        return {
            "read": self.read,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "failed": [{"path": e.path, "reason": e.reason} for e in self.failed],
            "stories_created": self.stories_created,
            "stories_extended": self.stories_extended,
            "workers": self.workers,
        }


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@contextmanager
def _cyclic_gc_paused():
    """Python's cyclic garbage collector off for the block, as it was after it.

    An ingest holds up to INGEST_RESIDENT_ARTICLES stored articles' vectors, tokens and keys (hundreds of
    thousands of objects); the stages allocate millions of small ones (tokens, sets, tuples), and each full
    collection the allocations trigger walks everything held. Measured on the 1,000-article bench
    corpus (static mode): the collector took about half of the time of the link stage's key
    comparison (entities.shared_keys), and pausing it per batch cut the whole ingest 10.2 -> 9.6 CPU
    seconds; :func:`ingest` keeps it paused between batches as well (the collections there took about
    0.2 CPU s of that ingest). Reference counting still frees what a batch drops; the cycles it leaves
    are collected once the collector is on again (after that whole ingest: 928 objects, all of them
    functions, classes and the like left by imports, none holding an article or a vector).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass
class _StoryState:
    """What one ingest keeps of a story between the batches that grow it."""

    # its derivations as last computed (by article id): when the story grows, the members ranked
    # above its new members keep theirs (see stories.derive); None: derive it whole
    derived: Optional[dict[str, Derivation]] = None
    pairs: dict[tuple, object] = field(default_factory=dict)   # derive's pair cache for this story
    # what was last written of each member's derivation: a member whose result did not change is
    # not written again
    written: dict[str, tuple] = field(default_factory=dict)


class Ingestor:
    """Holds the store and the corpus state (index, language means, site debris) across batches."""

    def __init__(self, store: Store, mode: Optional[str] = None, site_debris: bool = True):
        self.store = store
        # One database holds one vector space: its mode (None: the one it was last ingested in, else
        # EMBED_MODE) must embed as its articles were embedded (StoreModeError)
        self.mode = store_mode(store, mode)
        space = vector_space(self.mode)
        self.means = LanguageMeans.from_rows(store.load_rows("language_means", LANGUAGE_MEANS_COLUMNS), space)
        # what clean learned of each site's debris (None when a prepare worker owns it, ``site_debris`` False: see
        # ingest)
        self.site_debris: Optional[SiteDebris] = (
            load_site_debris(store) if site_debris else None)
        # the site debris rows learned and not yet committed (the site_debris table holds all the others)
        self._debris_pending: list[tuple] = []
        # the stored articles as the index holds them: their leads, times, stories; an article itself is read
        # back from the store when it is first used, and at most INGEST_RESIDENT_ARTICLES (and INGEST_RESIDENT_MB)
        # are held at once
        def new_index() -> StoryIndex:
            bound = partial(resident_mb_bound, at_most=settings.INGEST_RESIDENT_MB, at=settings.INGEST_RESIDENT_AT,
                            kb_per_stored=settings.INGEST_RESIDENT_KB_PER_STORED,
                            ceiling=settings.INGEST_RESIDENT_MB_MAX)
            return StoryIndex(self.means, load=store.index_articles, resident=settings.INGEST_RESIDENT_ARTICLES,
                              resident_mb=bound)

        self.index = new_index()
        # tiered mode: the transformer leads its second tier embedded, for the articles it has seen
        self.second_tier = None
        # (the ids first, the leads after the index is open, one at a time: all of a million-article store's
        # leads at once, ~83,000 blobs, were 64-128 MB more at the open's peak, and memory the allocator then kept)
        leads = {r[0] for r in store.iter_rows("second_tier_leads", ("article_id",))} if self.mode == "tiered" else set()
        refs: dict[str, ArticleRef] = {}
        # the HNSW graph of the stored leads an earlier ingest saved beside the store (from ANN_MIN_ARTICLES
        # stored articles on), when it holds the store's first articles as they are: read, not built again
        self.ann_file = None if str(store.path) == ":memory:" else str(store.path) + ".leads.usearch"
        saved = saved_ann(self.ann_file, store.first_ids, store.count_articles,
                          graph_dims(self.index.means.space)) if self.ann_file else None

        def rows(leads_from: int):
            # (the leads of the first ``leads_from``, which the saved graph holds, are not read)
            for row in store.index_rows(leads_from):
                if row[0] in leads:
                    refs[row[0]] = ArticleRef(*row[:4])
                yield row

        with _cyclic_gc_paused():
            try:
                self.index.add_stored_many(rows(saved[1] if saved is not None else 0), saved)
            except Exception:   # noqa: BLE001 -- a saved graph that cannot be read (cut short, damaged): built again
                if saved is None:
                    raise
                saved = None
                self.index = new_index()
                refs.clear()
                self.index.add_stored_many(rows(0), None)
        self._ann_count = len(self.index.items) if saved is not None else 0   # what the saved graph holds
        if self.mode == "tiered":
            from babelwire.fast import SecondTier

            self.second_tier = SecondTier(
                (refs[i], _lead(blob)) for i, blob in store.iter_rows("second_tier_leads", SECOND_TIER_COLUMNS)
                if i in refs)
        del leads, refs
        # each recently grown story's derivation state (_StoryState), least recently grown first, at
        # most INGEST_STORY_STATE_MAX stories: a story whose state was dropped is derived whole when it
        # next grows, as in a new ingest process
        self._stories: OrderedDict[int, _StoryState] = OrderedDict()
        # ... and at most INGEST_STORY_PAIRS_MAX pairs in their caches together (the least recently grown
        # stories' states dropped first; the one just grown is kept whole)
        self._story_pairs = 0
        return_free_memory()   # what the open read and let go of (rows, the graph's times, the leads' blobs)

    def process(self, batch: list[Article], prepared: Optional[list[Article]] = None,
                debris_rows: Optional[list[tuple]] = None) -> list[Article]:
        """Run the stages on a batch of new articles and commit them; returns them linked.

        ``prepared``: the batch already through :func:`prepare` elsewhere (the prepare worker, whose
        site debris learned ``debris_rows`` from it); None: prepared here."""
        with embedding_mode(self.mode), _cyclic_gc_paused():
            return self._process(batch, prepared, debris_rows)

    def _process(self, batch: list[Article], prepared: Optional[list[Article]] = None,
                 debris_rows: Optional[list[tuple]] = None) -> list[Article]:
        prepared_here = prepared is None
        if prepared_here:
            if self.site_debris is None:
                raise RuntimeError("the site debris went to the prepare worker: every batch must come prepared")
            prepared = prepare(batch, self.site_debris, self.mode)
            debris_rows = self.site_debris.changed_rows()
        # the site debris (this process's, or the worker's) learned this batch: its rows are stored with it
        # (with those of a batch rolled back before, whose counts the debris kept)
        self._debris_pending.extend(debris_rows or ())
        for article in prepared:
            self.means.add(article)
        self.index.recentre()
        try:
            with self.store.transaction():
                linked = list(link(prepared, self.index, self.store.new_story, self.second_tier))
                if self.second_tier is not None:
                    leads = self.second_tier.settle(linked)   # explains its joins before they are stored
                for article in linked:
                    self.store.add_article(article)
                if self.second_tier is not None:
                    self.store.upsert_rows("second_tier_leads", SECOND_TIER_COLUMNS, leads)
                # a story is new when all its indexed articles are this batch's (counted, not a scan of the
                # whole index per batch)
                in_batch = Counter(a.story_id for a in linked)
                grown = list({a.story_id for a in linked})
                # what linking read back beyond the index's bounds goes now, not at the batch's end, and each
                # story's members once it is derived (but those of the stories still to derive): a batch held
                # every stored article it read until its end
                self.index.trim(grown)
                for k, story_id in enumerate(grown):
                    self._update_story(story_id, created=self.index.story_size(story_id) == in_batch[story_id])
                    self.index.trim(grown[k + 1:])
                # rows are absolute counts: a later batch's row for a key replaces an earlier one; a count of 0 is
                # a candidate the debris let go (SITE_DEBRIS_CANDIDATES_MAX): its row goes
                changed = list({row[:3]: row for row in self._debris_pending}.values())
                self.store.upsert_rows("site_debris", SITE_DEBRIS_COLUMNS, [row for row in changed if row[3]])
                self.store.delete_rows("site_debris", ("site", "key", "kind"),
                                       [row[:3] for row in changed if not row[3]])
                self.store.save_rows("language_means", LANGUAGE_MEANS_COLUMNS, self.means.rows())
        except BaseException:
            self._stories.clear()   # rolled back: what it wrote is gone
            if self.second_tier is not None:
                self.second_tier.forget_batch()
            raise
        self._debris_pending.clear()
        if self.second_tier is not None:
            self.second_tier.committed()
        # what it holds beyond INGEST_RESIDENT_ARTICLES / _MB: stored now, read back when needed
        self.index.release(compact=_lean)
        return_free_memory()   # what the batch read back and the index let go of
        return linked

    def save_index(self) -> bool:
        """Save the index's HNSW graph beside the store (when it has one that grew since it was read), so that
        the next ingest reads it instead of building it. True when written."""
        if self.ann_file is None or len(self.index.items) <= self._ann_count:
            return False
        try:
            if not self.index.save_ann(self.ann_file):
                return False
        except OSError as error:   # a folder that cannot be written only means building it next time
            for part in (self.ann_file + ".part", self.ann_file + ".json.part"):
                try:
                    Path(part).unlink()
                except OSError:
                    pass
            print(f"babelwire: the candidate graph was not saved beside the store ({error}); the next ingest "
                  f"builds it again", file=sys.stderr)
            return False
        self._ann_count = len(self.index.items)
        return True

    def _drop_oldest_story_state(self) -> None:
        """Let go of the least recently grown story's derivation state (derived whole when it next grows)."""
        self._story_pairs -= len(self._stories.popitem(last=False)[1].pairs)

    def _update_story(self, story_id: int, created: bool) -> None:
        members = self.index.members(story_id)
        state = self._stories.pop(story_id, None) or _StoryState()
        self._stories[story_id] = state   # most recently grown last
        while len(self._stories) > INGEST_STORY_STATE_MAX:
            self._drop_oldest_story_state()
        previous = state.derived
        if INCREMENTAL_DERIVATION:
            cached = len(state.pairs)
            results = derive(members, previous, state.pairs, self.means)
            self._story_pairs += len(state.pairs) - cached
            while (INGEST_STORY_PAIRS_MAX is not None and self._story_pairs > INGEST_STORY_PAIRS_MAX
                   and len(self._stories) > 1):
                self._drop_oldest_story_state()
        else:
            results = derive(members, means=self.means)
        state.derived = {result.article_id: result for result in results}
        by_id = {m.article.id: m for m in members}
        for result in results:
            member = by_id[result.article_id]
            if previous is not None and previous.get(result.article_id) is result:
                continue   # kept: derived from the same candidates, already written and aligned
            rows = [(result.derived_from, d, s, score) for d, s, score in result.alignment]
            written = (result.derived_from, result.confidence, result.wire_inferred, result.evidence, rows)
            if state.written.get(result.article_id) != written:
                # the member's extra as stored (add_article wrote it; derivation is all that changes it)
                self.store.set_derivation(
                    result.article_id, result.derived_from, result.confidence, result.wire_inferred, result.evidence,
                    member.article.extra,
                )
                self.store.replace_alignments(result.article_id, "paragraph", rows if result.derived_from else [])
                state.written[result.article_id] = written
            before = previous.get(result.article_id) if previous is not None else None
            if not INCREMENTAL_DERIVATION or before is None or before.derived_from != result.derived_from:
                # sentences re-aligned when the source changes (with the current language means)
                source = by_id.get(result.derived_from) if result.derived_from else None
                store_sentence_alignment(self.store, member.article, result.derived_from, self.means,
                                         source.article if source is not None else None)
            member.article.derived_from = result.derived_from
            member.article.derived_confidence = result.confidence
            member.article.wire_inferred = result.wire_inferred
        self.store.touch_story(story_id, story_title(members))


def load_site_debris(store: Store) -> SiteDebris:
    """What clean learned of each site's debris, as the store keeps it (read row by row: a store written before
    the candidates' bound, SITE_DEBRIS_CANDIDATES_MAX, may hold millions)."""
    return SiteDebris.from_rows(store.iter_rows("site_debris", SITE_DEBRIS_COLUMNS))


class StoreModeError(ValueError):
    """An ingest in a mode whose vectors are not those the store's articles have (transformer against static
    and tiered): linking would compare vectors of two different spaces."""


def store_mode(store: Store, mode: Optional[str] = None) -> str:
    """The embedding mode of an ingest into ``store``: ``mode``, or where None the mode the store was last
    ingested in (``store_info``), else ``settings.EMBED_MODE``; recorded in the store as its mode. Raises
    :class:`StoreModeError` when the store's articles have the other space's vectors (nothing is written).
    A store from before the record has none: tiered when it keeps second-tier leads, else it takes this
    ingest's mode."""
    written = store.info("mode")
    recorded = written
    if recorded is None and store.db.execute("SELECT 1 FROM second_tier_leads LIMIT 1").fetchone():
        recorded = "tiered"
    chosen = mode or recorded or EMBED_MODE
    if recorded is not None and vector_space(recorded) != vector_space(chosen) and \
            store.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
        raise StoreModeError(
            f"{store.path}: its articles were ingested in {recorded} mode ({vector_space(recorded)} vectors); "
            f"an ingest in {chosen} mode would store {vector_space(chosen)} vectors beside them, and linking "
            f"cannot compare the two. Ingest it in {recorded} mode (leave --mode out)"
            f"{' or static' if recorded == 'tiered' else ' or tiered' if recorded == 'static' else ''}, "
            f"or into another database")
    if written != chosen:
        store.set_info("mode", chosen)
    return chosen


def _lead(blob: bytes) -> np.ndarray:
    """A stored transformer lead (``second_tier_leads``): float16 (768 bytes; from 2026-12-04) or float32 (1,536:
    stores written before; the second tier holds it rounded to float16)."""
    return np.frombuffer(blob, np.float16 if len(blob) == 384 * 2 else np.float32)


def _lean(article: Article) -> None:
    """Drop what an indexed article that went unused carries and can be computed again as it was: its sentences
    and their vectors (~40 KB; the prepare worker computed them for the alignment of its own batch); and what
    only storing it needed, which an article read back from the store does not have either
    (:meth:`babelwire.store.Store.index_articles`): its raw input (an HTML page: often 50-200 KB), raw body,
    removed spans and link explanation. Linking and derivation read none of these of a stored article."""
    article.__dict__.pop("_sentence_vectors_cache", None)
    article.__dict__.pop("_sentences_cache", None)
    article.raw, article.body, article.removed, article.link_explanation = "", None, [], {}


def _preload_second_tier() -> dict:
    """Load the second tier's transformer engine on a thread while this process waits for the prepare
    worker's first batch (the worker is forked already and never needs it): the load (~0.4 CPU s for the
    int8 engine from its cached graph) leaves this process's path, which bounds the ingest. A failure here
    is left to the first real use, which reports it. Returns ``{"cpu_s": ...}``, the thread's CPU seconds
    once it is done (None before)."""
    import threading

    from babelwire import settings
    from babelwire.encoder import get_engine

    done: dict = {"cpu_s": None}

    def load() -> None:
        started = time.thread_time()
        try:
            get_engine(settings.SECOND_TIER_ENGINE)
        except Exception:   # noqa: BLE001 -- reported where the engine is first used
            pass
        done["cpu_s"] = time.thread_time() - started

    threading.Thread(target=load, name="babelwire-preload", daemon=True).start()
    return done


def ingest(
    paths: Iterable[str],
    db_path: str | Path,
    stdin: Optional[BinaryIO] = None,
    batch_size: int = INGEST_BATCH_SIZE,
    on_progress: Optional[Callable[[IngestReport], None]] = None,
    mode: Optional[str] = None,
    workers: Optional[int] = None,
) -> IngestReport:
    """Read ``paths`` (files, directories, globs, ``-``) and store them in ``db_path``.

    Bad inputs are reported in ``IngestReport.failed`` (and the
    ``ingest_errors`` table); the rest of the batch goes on. ``mode``: the
    embedding mode (default: the one the store was last ingested in, else ``settings.EMBED_MODE``; see
    :mod:`babelwire.fast`; one of the other vector space than the store's raises :class:`StoreModeError`).
    ``workers`` (default :func:`default_workers`: 2 on two or more cores): 2 runs the stages before
    linking in a forked :class:`PrepareWorker`, a batch ahead of linking and
    storing here (static and tiered modes on Linux; otherwise one process, as
    ``IngestReport.workers`` says). Same stored results. If the worker dies,
    :class:`PrepareWorkerError` names the cause and the articles not stored.
    """
    report = IngestReport()
    # the collector stays paused between batches too (reading the next batch, checking ids): its full
    # passes over the corpus held in memory otherwise ran there (see _cyclic_gc_paused)
    with Store(db_path) as store, _cyclic_gc_paused():
        chosen = store_mode(store, mode)   # a mode the store cannot take fails here, before any fork
        worker: Optional[PrepareWorker] = None
        preload: Optional[dict] = None
        if (workers if workers is not None else default_workers()) > 1 and worker_possible(chosen):
            from babelwire.fast import table
            from babelwire.gazetteer import _gazetteer

            table()   # loaded once, before the fork: both processes use them
            _gazetteer()
            # Forked before the index is read: the worker, which never uses it, does not map its memory (at a
            # million stored articles ~0.9 GB: the HNSW graph, the leads), so each page of it this process writes
            # later (reference counts, growing arrays) is not kept twice, the worker's copy beside this one's.
            # The worker owns the site debris from its fork on (it cleans, and sends the rows each batch
            # changed): this process holds none (at 1M stored articles of 60 sites: ~40 MB).
            worker = PrepareWorker(load_site_debris(store), chosen)
            report.workers = 2
        try:
            ingestor = Ingestor(store, chosen, site_debris=worker is None)
        except BaseException:
            if worker is not None:
                worker.close(graceful=False)
            raise
        if worker is not None and ingestor.second_tier is not None:
            preload = _preload_second_tier()
        # stories get ids counting up (AUTOINCREMENT): those above this one are this ingest's (a set of the
        # stories at the start: ~10 MB at a million stored articles)
        newest_before = store.db.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0]
        touched: set = set()   # the stories of the articles this ingest stores
        sent: Optional[list[Article]] = None   # the batch the worker is preparing
        # per batch, this process's CPU seconds reading it (and sending it) and linking and storing it
        read_cpu: list[float] = []
        finish_cpu: list[float] = []

        unsent: list[Article] = []   # read, and not yet with the worker

        def finish(batch: list[Article], prepared=None, debris_rows=None) -> None:
            linked = ingestor.process(batch, prepared, debris_rows)
            touched.update(a.story_id for a in linked)
            report.stored += len(linked)

        ended = False
        try:
            cpu_mark = time.process_time()
            for chunk in _batches(read(paths, stdin=stdin), batch_size):
                # the ids read in this chunk and those of the batch with the worker, not stored yet: an id read
                # before them is stored (known_ids finds it). (A set of every id read, and a list of every id
                # stored, grew with the ingest: ~80 MB each for a million articles.)
                seen = {a.id for a in sent} if sent is not None else set()
                fresh: list[Article] = []
                for item in chunk:
                    if isinstance(item, ReadError):
                        report.failed.append(item)
                        continue
                    report.read += 1
                    if item.id in seen:
                        report.already_stored += 1
                        continue
                    seen.add(item.id)
                    fresh.append(item)
                known = store.known_ids(a.id for a in fresh)
                report.already_stored += len(known)
                fresh = [a for a in fresh if a.id not in known]
                errors = [e for e in chunk if isinstance(e, ReadError)]
                if errors:
                    with store.transaction():
                        for error in errors:
                            store.record_error(error.path, error.reason)
                if fresh and worker is None:
                    finish(fresh)
                elif fresh:
                    # the last batch's result, then this batch to the worker, then the last one linked
                    # and stored here while the worker prepares this one
                    unsent = fresh
                    done = worker.result(sent) if sent is not None else None
                    worker.submit(fresh)
                    unsent = []
                    read_cpu.append(time.process_time() - cpu_mark)
                    cpu_mark = time.process_time()
                    if done is not None:
                        finish(sent, *done)
                        finish_cpu.append(time.process_time() - cpu_mark)
                        cpu_mark = time.process_time()
                    sent = fresh
                if on_progress is not None:
                    on_progress(report)
            if sent is not None:
                cpu_mark = time.process_time()
                finish(sent, *worker.result(sent))
                finish_cpu.append(time.process_time() - cpu_mark)
                sent = None
                if on_progress is not None:
                    on_progress(report)
            ended = True
            ingestor.save_index()
        except PrepareWorkerError as error:
            held = {article_id for _, article_id in error.articles}
            error.articles += [(a.path, a.id) for a in unsent if a.id not in held]
            error.args = (f"{error.args[0]}; the ingest stopped with {len(error.articles)} articles read and not "
                          f"stored (first: {error.articles[0][0] or error.articles[0][1]}), {report.stored} "
                          f"stored before. Run it again (nothing is stored twice), or with --workers 1",)
            error.report = report
            raise
        finally:
            if worker is not None:
                worker.close(graceful=ended)
                report.worker_stats = worker_stats(worker, read_cpu, finish_cpu)
                # the engine's load on its thread (in this process's CPU seconds; None: not done, or not run)
                report.worker_stats["preload_cpu_s"] = preload["cpu_s"] if preload is not None else None
        report.stories_created = sorted(s for s in touched if s > newest_before)
        report.stories_extended = sorted(s for s in touched if s <= newest_before)
        report.reloaded = ingestor.index.reloaded
    return report
