"""The developer scripts (scripts/*.py: tuning replays, drift checks, the gate) still import against the
package and parse their options. They reach into babelwire's internals, so a renamed function breaks them
silently unless something runs them; their full runs need the dev sets and minutes to hours (see each
script's docstring and docs/)."""
import subprocess
import sys

import pytest

from conftest import ROOT

SCRIPTS = sorted(p for p in (ROOT / "scripts").glob("*.py") if "__main__" in p.read_text(encoding="utf-8"))


def test_the_scripts_are_found():
    assert {"eval_gate.py", "tune_linking.py", "drift_synthetic.py"} <= {p.name for p in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_imports_and_parses_its_options(script):
    proc = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert proc.stdout.decode().startswith("usage:")


def test_tune_linking_diagnose_names_the_step_that_split_a_story(capsys, monkeypatch):
    """``scripts/tune_linking.py --diagnose``: the real linker replayed, and each article kept out of its
    gold story's largest piece listed with the step that kept it out."""
    import numpy as np

    sys.path.insert(0, str(ROOT / "scripts"))
    import tune_linking
    from babelwire.article import Article
    from babelwire.entities import entities

    basis = np.linalg.qr(np.random.default_rng(3).standard_normal((384, 384)))[0].T
    own = iter(range(10, 384))

    def article(name, lang, text_share):
        vec = np.sqrt(text_share) * basis[0] + np.sqrt(1 - text_share) * basis[next(own)]
        a = next(entities([Article(id=name, raw=name, external_id=name, paragraphs=[name], lang=lang)]))
        a.lead_vector = vec.astype(np.float32)
        a.paragraph_vectors = a.lead_vector[None, :]
        return a

    # no centring (the ladder's switch): with one article a language, a language mean is that article
    monkeypatch.setattr(tune_linking, "CENTRING", False)
    versions = [article(f"text.{lang}", lang, 0.8) for lang in ("en", "de", "es")]
    weak = article("text.is", "is", 0.02)   # shares almost nothing with its versions: opens a story of its own
    tune_linking.diagnose(versions + [weak], ["text"] * 4, label="tiny")
    out = capsys.readouterr().out
    assert "split text: [3, 1]" in out
    assert "text.is: under the bar" in out
    assert "tiny: B-cubed" in out and "1 split, 0 merging" in out


needs_bench_corpus = pytest.mark.skipif(
    not (ROOT.parent / "shared" / "data" / "eval" / "wmt24-dev.stories.jsonl").exists(),
    reason="needs ../shared/data/eval (the bench corpus)")


def open_store(*args: str) -> dict:
    """``scripts/bench_open_store.py ARGS``: its JSON line (the run must succeed)."""
    import json

    proc = subprocess.run([sys.executable, "scripts/bench_open_store.py", *args], capture_output=True, cwd=ROOT,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


@needs_bench_corpus
def test_bench_open_store_times_each_article_linked_alone(tmp_path):
    """``scripts/bench_open_store.py --batch-size 1``: a small synthetic store, bench articles linked one at a time,
    each one's link time spread (all, and after the first N) and the stored articles each read back; a second run
    with another seed on the kept store ingests new articles."""
    def run(seed: int) -> dict:
        return open_store("--stored", "2000", "--ingest", "24", "--batch-size", "1", "--timed-after", "12",
                          "--seed", str(seed), "--keep", str(tmp_path))

    first = run(0)
    assert first["ingested"] == 24 and first["stored"] == 2000
    for name in ("recentre", "first_tier", "with_second_tier"):
        spread = first["per_article_ms"][name]
        assert spread["n"] == 24 and 0 <= spread["p50"] <= spread["p99"] <= spread["max"]
        assert first["per_article_ms_after"][name]["n"] == 12
    # the link with the second tier takes at least as long as without it, article by article
    assert first["per_article_ms"]["with_second_tier"]["max"] >= first["per_article_ms"]["first_tier"]["max"]
    # the synthetic articles are not held when the store is opened: the first links read them back
    assert first["read_back_per_article"]["max"] > 0 and first["reloaded"] > 0
    slowest = [c["first_tier_ms"] for c in first["slowest_after"]]
    assert len(slowest) == 8 and slowest == sorted(slowest, reverse=True)
    again = run(1)   # other sites: new articles on the same kept store
    assert again["ingested"] == 24 and "synthetic_store_s" not in again


@needs_bench_corpus
def test_bench_open_store_restore_puts_the_kept_store_back_so_that_a_second_run_is_the_same(tmp_path):
    """``--restore``: after its ingest the kept store is as before it (articles, stories, every table's rows, the
    saved graph's files), so the same run again links the same articles the same way, to the same story ids."""
    import sqlite3
    from pathlib import Path

    def run(*extra: str) -> dict:
        return open_store("--stored", "1500", "--ingest", "30", "--seed", "3", "--keep", str(tmp_path), *extra)

    db = tmp_path / "open-1500.db"

    def snapshot() -> dict:
        with sqlite3.connect(db) as con:
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables} | {
                "counter": con.execute("SELECT seq FROM sqlite_sequence WHERE name = 'stories'").fetchone()}

    run("--ingest", "0")   # the store, built and kept
    graph = Path(str(db) + ".leads.usearch")
    graph.write_bytes(b"graph as saved")   # (no graph below ANN_MIN_ARTICLES: a stand-in file to restore)
    before = snapshot()
    first = run("--restore")
    assert first["ingested"] == 30 and first["corpus_bcubed"]["articles"] == 30
    assert snapshot() == before and graph.read_bytes() == b"graph as saved"
    second = run("--restore")
    assert second["corpus_bcubed"] == first["corpus_bcubed"] and second["reloaded"] == first["reloaded"]
    kept = run()   # without --restore the articles stay
    assert snapshot()["articles"] == before["articles"] + 30 and "corpus_bcubed" not in kept


@needs_bench_corpus
def test_bench_open_store_real_rows_copy_real_articles_rows_under_synthetic_stories_with_their_own_keys(tmp_path):
    """``scripts/bench_open_store.py --rows real``: the stored articles copy the rows of real ingested articles
    (paragraph texts, entities, the articles row's texts) one by one, under synthetic stories and leads, with
    a paragraph vector each and entity keys of their own (no copy shares a name with another); a twelfth have a
    second-tier lead; and bench articles are linked against them."""
    import sqlite3

    out = open_store("--stored", "300", "--rows", "real", "--templates", "12", "--ingest", "6", "--keep", str(tmp_path))
    assert out["rows"] == "real" and out["ingested"] == 6 and out["real_rows"]["templates"] == 12
    templates = sqlite3.connect(tmp_path / "templates-12.db")
    db = sqlite3.connect(tmp_path / "open-real-300.db")
    first = [r[0] for r in templates.execute("SELECT id FROM articles ORDER BY seq")]
    assert len(first) == 12
    for i in (0, 13, 299):
        copy, template = f"synthetic-{i:08d}", first[i % 12]
        texts = [r[0] for r in db.execute("SELECT text FROM paragraphs WHERE article_id=? ORDER BY idx", (copy,))]
        assert texts == [r[0] for r in templates.execute(
            "SELECT text FROM paragraphs WHERE article_id=? ORDER BY idx", (template,))] and texts
        vectors = [r[0] for r in db.execute("SELECT vector FROM paragraphs WHERE article_id=?", (copy,))]
        assert {len(v) for v in vectors} == {384 * 2}   # float16, as the store writes them
        keys = [r[0] for r in db.execute("SELECT key FROM entities WHERE article_id=? ORDER BY rowid", (copy,))]
        assert keys == [k + f"~{i}" for (k,) in templates.execute(
            "SELECT key FROM entities WHERE article_id=? ORDER BY rowid", (template,))]
        assert db.execute("SELECT text, raw, title FROM articles WHERE id=?", (copy,)).fetchone() == \
            templates.execute("SELECT text, raw, title FROM articles WHERE id=?", (template,)).fetchone()
    assert db.execute("SELECT COUNT(*) FROM second_tier_leads WHERE article_id LIKE 'synthetic-%'").fetchone()[0] == 25
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 306


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_peak_memory_counts_a_forked_childs_shared_pages_once_and_passes_the_exit_status_on():
    """``scripts/peak_memory.py``: a process that fills 120 MB and forks a child (which shares those pages) shows
    ~120 MB in each process's RSS, but ~120 MB, not ~240, in the PSS of both; the command's exit status is its own."""
    import json

    child = ("import os, sys, time\n"
             "x = bytearray(120 << 20)\n"
             "for i in range(0, len(x), 4096): x[i] = 1\n"
             "pid = os.fork()\n"
             "if pid == 0:\n"
             "    time.sleep(1.5); os._exit(0)\n"
             "time.sleep(1.8); os.waitpid(pid, 0); sys.exit(3)\n")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "peak_memory.py"), "--every", "0.1", "--",
                           sys.executable, "-c", child], capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 3, proc.stderr.decode()[-2000:]
    peak = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    assert peak["main_rss_mb"] >= 120 and peak["children_rss_mb"] >= 120
    assert 120 <= peak["all_pss_mb"] < peak["main_rss_mb"] + 60   # shared pages split, not counted twice
