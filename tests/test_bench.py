import json

import pytest

from babelwire.bench import build_corpus, link_benchmark
from babelwire.fast import has_table
from tests.conftest import SHARED, run_cli

EVAL = SHARED / "data" / "eval"
needs_eval = pytest.mark.skipif(not (EVAL / "wmt24-dev.stories.jsonl").exists(), reason="needs ../shared/data/eval")


@needs_eval
def test_corpus_is_dated_in_order_on_many_sites_and_cycles_past_the_dev_sets():
    rows = build_corpus(300)
    assert len(rows) == 300 and len({r["id"] for r in rows}) == 300
    assert [r["published"] for r in rows] == sorted(r["published"] for r in rows)
    assert len({r["source"] for r in rows}) > 20
    assert len(build_corpus(6000)) == 6000  # more than the sets hold


def test_link_benchmark_small():
    result = link_benchmark(2000, queries=50)
    assert result["stored"] == 2000 and result["link_p99_ms"] >= result["link_p50_ms"] > 0
    assert result["same_story_found"] > 0.9


@pytest.mark.slow
@needs_eval
@pytest.mark.skipif(not has_table(), reason="no static table built")
def test_bench_command_small_configuration():
    """The benchmark's small configuration runs, so it cannot rot (speed is not asserted)."""
    proc = run_cli("bench", "--articles", "60", "--baseline-articles", "2", "--dev-stories", "1",
                   "--stored", "3000", "--json")
    result = json.loads(proc.stdout)
    for key in ("articles_per_s", "baseline_articles_per_s", "accuracy_delta", "link_p50_ms", "link_p99_ms",
                "stored", "peak_rss_mb"):
        assert key in result, key
    assert result["articles"] == 60 and result["stored"] == 3000
    assert result["articles_per_s"] > 0 and result["baseline_articles_per_s"] > 0
    assert -1 <= result["accuracy_delta"] <= 1
    assert set(result["throughput"]["fast"]["stage_seconds"]) >= {
        "read", "clean", "meta", "language", "embed", "entities", "link", "stories", "store"}


@needs_eval
@pytest.mark.skipif(not has_table(), reason="no static table built")
def test_prepare_worker_stores_what_one_process_stores_and_reports_bad_files(tmp_path):
    """The second core (clean → entities of the next batch in a worker process) changes nothing stored."""
    import sqlite3

    from babelwire.bench import write_corpus
    from babelwire.pipeline import ingest

    folder = write_corpus(build_corpus(120, sites=3), tmp_path / "corpus")   # each site spans batches
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    tables = {
        "articles": "SELECT external_id, story_id, derived_from, round(derived_confidence, 6), lang, text "
                    "FROM articles ORDER BY external_id",
        "links": "SELECT a.external_id, round(l.score, 6), l.new_story FROM links l JOIN articles a "
                 "ON a.id = l.article_id ORDER BY a.external_id",
        "site_debris": "SELECT * FROM site_debris ORDER BY site, key, kind",
        "removed_spans": "SELECT article_id, idx, reason, text FROM removed_spans ORDER BY article_id, idx",
    }
    stored, failed = {}, {}
    for worker in (False, True):
        db = tmp_path / f"worker-{worker}.db"
        report = ingest([str(folder)], db, batch_size=16, mode="static", prepare_worker=worker)
        assert report.stored == 120 and bool(report.worker_seconds) == worker
        failed[worker] = sorted((e.path.rsplit("/", 1)[-1], e.reason) for e in report.failed)
        with sqlite3.connect(db) as conn:
            stored[worker] = {name: conn.execute(sql).fetchall() for name, sql in tables.items()}
    assert [name for name, _ in failed[True]] == ["broken.txt", "empty.txt"]
    assert failed[True] == failed[False]
    for name in tables:
        assert stored[True][name] == stored[False][name], name
    assert len({row[1] for row in stored[True]["articles"]}) > 1 and stored[True]["site_debris"]
