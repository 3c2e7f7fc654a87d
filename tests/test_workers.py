"""The prepare worker (``ingest --workers 2``): the same stored rows as one process, and a clear error, with
nothing half-stored, when the worker dies."""
import hashlib
import multiprocessing
import os
import signal
import sqlite3

import pytest

from babelwire.bench import build_corpus, write_corpus
from babelwire.fast import has_table
from babelwire.pipeline import PrepareWorkerError, ingest
from tests.conftest import SHARED, run_cli

EVAL = SHARED / "data" / "eval"
pytestmark = [
    pytest.mark.skipif(not (EVAL / "wmt24-dev.stories.jsonl").exists(), reason="needs ../shared/data/eval"),
    pytest.mark.skipif(not has_table(), reason="no static table built"),
]


def stored_rows(db, corpus) -> dict[str, list]:
    """Every table's rows as stored, without times; blobs by hash, paths relative to the corpus."""
    out = {}
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')
                       if not (r[1].endswith("_at") or r[1] == "at")]
            rows = []
            for row in con.execute(f'SELECT {", ".join(columns)} FROM "{table}"'):
                rows.append(tuple(hashlib.sha1(v).hexdigest() if isinstance(v, bytes)
                                  else v.replace(str(corpus), "<corpus>") if isinstance(v, str) else v
                                  for v in row))
            out[table] = sorted(rows, key=repr)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    # 3 sites, so each site's articles span the batches of 16: the worker learns site debris that later
    # batches' cleaning uses, as one process does
    folder = write_corpus(build_corpus(120, sites=3), tmp_path_factory.mktemp("workers") / "corpus")
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_worker_stores_what_one_process_stores(corpus, tmp_path):
    stored, failed = {}, {}
    for workers in (1, 2):
        db = tmp_path / f"workers-{workers}.db"
        report = ingest([str(corpus)], db, batch_size=16, mode="static", workers=workers)
        assert report.stored == 120 and report.workers == workers
        failed[workers] = sorted((e.path.rsplit("/", 1)[-1], e.reason) for e in report.failed)
        stored[workers] = stored_rows(db, corpus)
    assert [name for name, _ in failed[2]] == ["broken.txt", "empty.txt"] and failed[2] == failed[1]
    assert set(stored[2]) == set(stored[1])
    for table in stored[1]:
        assert stored[2][table] == stored[1][table], table
    # the corpus exercises what the worker hands over: stories of several articles, learned site debris
    assert len({row[1] for row in stored[2]["links"]}) > 1 and len(stored[2]["site_debris"]) > 100
    # each side's figures are reported; 8 batches of 16, all prepared by the worker
    stats = report.worker_stats
    assert stats["batches"] == 8 and stats["worker_cpu_s"] > 0 and stats["estimated_idle_wall_s"] > 0
    assert set(stats["stage_cpu_seconds"]) == {"clean", "meta", "language", "embed", "entities", "carry"}
    assert not multiprocessing.active_children()   # the worker ended with the ingest


def test_a_worker_batch_carries_the_word_runs_computed_here(corpus):
    """The worker hands back each article with derivation's word runs (prepare.carry), the values the main
    process would compute itself (hashes included: the worker is forked, one hash seed)."""
    from babelwire.article import ReadError
    from babelwire.clean import SiteDebris
    from babelwire.prepare import PrepareWorker, prepare
    from babelwire.read import read
    from babelwire.stories import WordRuns

    def first_batch():
        return [a for a in read([str(corpus)]) if not isinstance(a, ReadError)][:16]

    worker = PrepareWorker(SiteDebris(), "static")
    try:
        batch = first_batch()
        worker.submit(batch)
        carried, _ = worker.result(batch)
    finally:
        worker.close()
    here = prepare(first_batch(), SiteDebris(), "static")
    assert [a.id for a in carried] == [a.id for a in here]
    for article, mine in zip(carried, here):
        assert article.paragraphs == mine.paragraphs
        # kept with the paragraphs they were computed from (stories.word_runs reuses them while it is that list)
        runs, computed = article.__dict__["_word_runs_cache"], WordRuns(mine)
        assert runs[0] is article.paragraphs and runs[1].n_words == computed.n_words > 0
        for name in ("runs", "distinct", "runs_at", "words", "distinct_words", "words_at"):
            assert getattr(runs[1], name).tobytes() == getattr(computed, name).tobytes(), name
        assert runs[1].scripts == computed.scripts


def test_dead_worker_is_an_error_naming_the_cause_and_nothing_is_half_stored(corpus, tmp_path):
    db = tmp_path / "killed.db"
    killed = []

    def kill_worker_once(report):
        # once a few batches were read (the first already stored, the next with the worker): kill it
        if report.read >= 48 and not killed:
            (child,) = multiprocessing.active_children()
            os.kill(child.pid, signal.SIGKILL)
            killed.append(child.pid)

    with pytest.raises(PrepareWorkerError) as caught:
        ingest([str(corpus)], db, batch_size=16, mode="static", workers=2, on_progress=kill_worker_once)
    error = caught.value
    assert f"process {killed[0]}" in str(error) and "SIGKILL" in str(error)
    assert not multiprocessing.active_children()
    with sqlite3.connect(db) as con:
        stored_ids = {r[0] for r in con.execute("SELECT id FROM articles")}
        linked = {r[0] for r in con.execute("SELECT article_id FROM links")}
        with_paragraphs = {r[0] for r in con.execute("SELECT DISTINCT article_id FROM paragraphs")}
    # whole batches only: every stored article has its link and paragraphs; the articles named are not stored
    assert 0 < len(stored_ids) == error.report.stored < 120
    assert linked == stored_ids and with_paragraphs == stored_ids
    named = {article_id for _, article_id in error.articles}
    assert named and not named & stored_ids and all(path for path, _ in error.articles)
    # running the ingest again stores the rest, nothing twice
    again = ingest([str(corpus)], db, batch_size=16, mode="static", workers=2)
    assert again.already_stored == len(stored_ids) and again.stored == 120 - len(stored_ids)


def test_ingest_command_takes_workers(corpus, tmp_path):
    db = tmp_path / "cli.db"
    proc = run_cli("ingest", str(corpus), "--db", str(db), "--mode", "static", "--workers", "2", "--json",
                   check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert '"workers": 2' in proc.stdout.decode() and '"stored": 120' in proc.stdout.decode()


def test_bench_reports_one_process_and_worker_side_by_side():
    from babelwire.bench import run_bench
    from babelwire.bench_report import results_markdown

    result = run_bench(articles=60, baseline_articles=1, dev_stories=0, stored=0, mode="static", workers=2)
    runs = result["second_core"]
    assert runs["one_process"]["workers"] == 1 and runs["worker"]["workers"] == 2
    assert runs["one_process"]["articles"] == runs["worker"]["articles"] == 60
    side = runs["worker"]["second_core"]
    assert side["worker_cpu_s"] > 0 and side["main_cpu_s"] > 0 and side["estimated_idle_wall_s"] > 0
    # the worker's stages are counted in the run's CPU seconds, both processes together
    assert runs["worker"]["cpu_seconds"] >= side["main_cpu_s"] + side["worker_cpu_s"] - 0.01
    assert runs["worker"]["stage_cpu_seconds"]["clean"] > 0
    markdown = results_markdown(result, "babelwire bench --workers 2")
    assert "## The second core" in markdown and "worker process CPU s" in markdown


def test_a_script_without_the_main_guard_can_use_the_worker(corpus, tmp_path):
    """The worker is forked, so a user's script is not imported again in it (a spawned worker would run the
    script's ingest() once more, unguarded by ``if __name__ == "__main__"``)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = tmp_path / "my_ingest.py"
    script.write_text(
        "from babelwire.pipeline import ingest\n"
        f"report = ingest([{str(corpus)!r}], {str(tmp_path / 'script.db')!r}, batch_size=16, mode='static', "
        "workers=2)\n"
        "print('stored', report.stored, 'workers', report.workers)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().split() == ["stored", "120", "workers", "2"]


def test_default_workers_follow_the_cores(monkeypatch, corpus, tmp_path):
    from babelwire import settings
    from babelwire.prepare import default_workers

    monkeypatch.setattr(settings, "INGEST_WORKERS", None)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert default_workers() == 2
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert default_workers() == 1
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert default_workers() == 1
    monkeypatch.setattr(settings, "INGEST_WORKERS", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert default_workers() == 1
    # an ingest without workers= takes the default: 2 processes here, in static mode; 1 in transformer mode
    monkeypatch.setattr(settings, "INGEST_WORKERS", None)
    report = ingest([str(corpus)], tmp_path / "default.db", batch_size=16, mode="static")
    assert report.stored == 120 and report.workers == 2


def test_carry_keeps_sentences_and_their_static_vectors_on_the_article(corpus):
    import numpy as np

    from babelwire.embed import embedding_mode
    from babelwire.prepare import carry, prepare
    from babelwire.provenance import sentence_vectors
    from babelwire.read import read
    from babelwire.sentences import split_article

    from babelwire.article import Article

    files = sorted(str(p) for p in corpus.glob("*.jsonl"))[:1]
    for mode, expect_vectors in (("static", True), ("transformer", False)):
        with embedding_mode(mode):
            articles = [a for a in read(files) if isinstance(a, Article)][:6]
            assert len(articles) == 6
            done = list(carry(prepare(articles, mode=mode)))
            for article in done:
                assert ("_sentence_vectors_cache" in article.__dict__) == expect_vectors
                if expect_vectors:
                    paragraphs, kept_mode, vectors = article.__dict__["_sentence_vectors_cache"]
                    assert paragraphs is article.paragraphs and kept_mode == mode
                    sentences = split_article(article.paragraphs)
                    assert [s.text for s in article.__dict__["_sentences_cache"][1]] == [s.text for s in sentences]
                    assert vectors.shape == (len(sentences), 384)
                    # what the main process would compute for them (unit vectors; a sentence with no word
                    # the static table knows gets zeros)
                    assert np.allclose(vectors, sentence_vectors(article, sentences), atol=1e-6)
                    norms = np.linalg.norm(vectors, axis=1)
                    assert np.all((np.abs(norms - 1) < 1e-4) | (norms == 0)) and (norms > 0).mean() > 0.5


def test_the_worker_is_forked_before_the_index_is_read_and_closed_when_reading_it_fails(corpus, tmp_path, monkeypatch):
    """The prepare worker starts before the store's index is built (so it never maps the index's memory: at a
    million stored articles ~0.9 GB that this process's later writes would otherwise leave in both); when
    building the index fails, the worker is stopped and no process is left behind."""
    from babelwire import pipeline

    db = tmp_path / "order.db"
    ingest([str(corpus)], db, mode="tiered", workers=1)
    seen = []
    built = pipeline.Ingestor.__init__

    def noting(self, *args, **kwargs):
        seen.append([p.name for p in multiprocessing.active_children()])
        return built(self, *args, **kwargs)

    monkeypatch.setattr(pipeline.Ingestor, "__init__", noting)
    report = ingest([str(corpus)], db, workers=2)
    assert report.workers == 2 and report.already_stored == report.read and seen == [["babelwire-prepare"]]

    def failing(self, *args, **kwargs):
        raise OSError("the index could not be read")

    monkeypatch.setattr(pipeline.Ingestor, "__init__", failing)
    with pytest.raises(OSError, match="could not be read"):
        ingest([str(corpus)], db, workers=2)
    assert multiprocessing.active_children() == []


def test_site_debris_bound_holds_in_the_store_with_or_without_the_worker(corpus, tmp_path, monkeypatch):
    """SITE_DEBRIS_CANDIDATES_MAX: the keys seen in fewer than SITE_DEBRIS_MIN_ARTICLES articles of a site stay
    under it in the store (the rows let go are deleted with the batch that let them go), the same rows with the
    prepare worker as in one process, and the sites' template lines are still learned."""
    from babelwire import settings

    def candidates(rows):
        return [r for r in rows if r[2] != "article" and r[3] < settings.SITE_DEBRIS_MIN_ARTICLES]

    unbounded = tmp_path / "unbounded.db"
    ingest([str(corpus)], unbounded, batch_size=16, mode="static", workers=1)
    everything = stored_rows(unbounded, corpus)["site_debris"]
    monkeypatch.setattr(settings, "SITE_DEBRIS_CANDIDATES_MAX", 150)
    monkeypatch.setattr(settings, "SITE_DEBRIS_CANDIDATES_SITE_MIN", 24)   # (the 3 sites' floors: 72 of the 150)
    tables = {}
    for workers in (1, 2):
        db = tmp_path / f"bounded-{workers}.db"
        report = ingest([str(corpus)], db, batch_size=16, mode="static", workers=workers)
        assert report.stored == 120 and report.workers == workers
        tables[workers] = stored_rows(db, corpus)["site_debris"]
    assert tables[1] == tables[2]
    assert len(candidates(everything)) > 300 >= 150 >= len(candidates(tables[1])) > 0
    # the sites' template lines (in 10 or more of a site's 40 articles) are counted as without the bound (a line
    # whose few articles lay far apart may be let go between them); each site's articles are all counted
    template = {r for r in everything if r[2] != "article" and r[3] >= 10}
    assert len(template) >= 6 and template <= set(tables[1])
    assert [r for r in tables[1] if r[2] == "article"] == [r for r in everything if r[2] == "article"]


def test_an_article_read_twice_in_one_ingest_is_stored_once(tmp_path):
    """Duplicates within one ingest: in the same batch, in the batch the worker holds (not stored yet), and long
    after (stored); each counted as already stored, with or without the worker. (The ingest keeps only the ids not
    yet stored; the store answers for the rest.)"""
    folder = write_corpus(build_corpus(40, sites=2), tmp_path / "corpus")
    lines = {name: (folder / name).read_text(encoding="utf-8").splitlines() for name in sorted(os.listdir(folder))}
    first, last = (lines[name] for name in sorted(lines))
    # read after the two sites' files (20 articles each; batches of 8): the last batch of the second file is the
    # one the worker holds when this file's batch is read
    dups = [last[-1], last[-3], first[0], last[-1]]
    (folder / "zz-again.jsonl").write_text("\n".join(dups) + "\n", encoding="utf-8")
    for workers in (1, 2):
        db = tmp_path / f"dups-{workers}.db"
        report = ingest([str(folder)], db, batch_size=8, mode="static", workers=workers)
        assert (report.read, report.stored, report.already_stored, report.workers) == (44, 40, 4, workers)
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone() == (40, 40)
        assert len(report.stories_created) == len({s for s in report.stories_created}) > 0
        assert report.stories_extended == []
