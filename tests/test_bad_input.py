"""Bad input: each bad file gets a specific error naming it; the rest of the batch is stored;
running ingest again adds nothing twice."""
import json
import sqlite3

from conftest import cli_json, run_cli

GOOD_EN = (
    "Flooding closes ferry port on Lake Varna\n\n"
    "The ferry port at Lake Varna was closed on Monday after three days of rain raised the water "
    "level by 1.8 metres, the regional transport office said.\n\n"
    "About 40 ferries were held at their moorings and 2,300 passengers were moved to buses.\n"
)
LATIN1 = (
    "Café Müller öffnet wieder nach Umbau\n\n"
    "Das Café Müller in der Altstadt öffnet am Freitag wieder. Die Renovierung dauerte zwölf Monate "
    "und kostete 450.000 Euro, sagte die Besitzerin Jürgen Größ.\n"
)


def make_batch(folder):
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_EN, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: refused by size before it is read
    good_line = json.dumps({"id": "j1", "title": "Quiet night at the observatory",
                            "text": "Astronomers at the Hill observatory reported clear skies and no new comets."})
    later_line = json.dumps({"id": "j3", "title": "Harbour bridge repainted",
                             "text": "Painters finished the harbour bridge after 14 months of work, the city said."})
    (folder / "feed.jsonl").write_text(good_line + "\n{\"id\": \"j2\", \"text\": oops}\n" + later_line + "\n")


def test_bad_inputs_get_specific_errors_and_the_rest_is_stored(tmp_path):
    batch = tmp_path / "batch"
    make_batch(batch)
    db = tmp_path / "x.db"
    report = cli_json("ingest", str(batch), "--db", str(db))
    failed = {f["path"].split("/")[-1]: f["reason"] for f in report["failed"]}
    assert "empty" in failed["empty.txt"]
    assert "binary" in failed["binary.txt"]
    assert "too large" in failed["huge.txt"] and "50.0 MiB" in failed["huge.txt"]
    assert "invalid JSON" in failed["feed.jsonl:2"]
    assert len(failed) == 4
    # good.txt, latin1.txt and two JSON lines are stored
    assert report["stored"] == 4
    conn = sqlite3.connect(db)
    latin = conn.execute("SELECT title, repairs, encoding FROM articles WHERE path LIKE '%latin1.txt'").fetchone()
    assert latin[0] == "Café Müller öffnet wieder nach Umbau"
    assert json.loads(latin[1]), "the decoding repair is recorded"
    errors = conn.execute("SELECT path, reason FROM ingest_errors").fetchall()
    assert len(errors) == 4
    paragraphs_before = conn.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0]
    assert paragraphs_before > 0

    again = cli_json("ingest", str(batch), "--db", str(db))
    assert again["stored"] == 0 and again["already_stored"] == 4
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4
    assert conn.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0] == paragraphs_before
    stories_after = cli_json("stories", "--db", str(db))
    assert sum(len(s["articles"]) for s in stories_after) == 4


def test_missing_path_is_named(tmp_path):
    proc = run_cli("ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "y.db"), check=False)
    assert proc.returncode == 1
    assert "nope.txt" in proc.stdout.decode() and "no such file" in proc.stdout.decode()


def test_stdin_is_read(tmp_path):
    db = tmp_path / "z.db"
    report = json.loads(run_cli("ingest", "-", "--db", str(db), "--json", stdin=GOOD_EN.encode()).stdout)
    assert report["stored"] == 1
    stories = cli_json("stories", "--db", str(db))
    assert stories[0]["title"] == "Flooding closes ferry port on Lake Varna"


def test_an_article_that_cleans_to_nothing_is_stored(tmp_path):
    """A title with nothing but debris under it: stored with no paragraphs, the batch goes on."""
    batch = tmp_path / "b"
    batch.mkdir()
    (batch / "debris.txt").write_text("Read more\n\nAlso read: nothing here\n", encoding="utf-8")
    (batch / "good.txt").write_text(GOOD_EN, encoding="utf-8")
    report = cli_json("ingest", str(batch), "--db", str(tmp_path / "d.db"))
    assert report["stored"] == 2 and report["failed"] == []


def test_sigterm_mid_batch_keeps_earlier_batches_and_rolls_back_the_current_one(tmp_path, monkeypatch):
    """The CLI's SIGTERM handler (installed by every command) ends an ingest as Ctrl-C does: the signal
    lands while batch 2 is being stored, batch 1 stays, nothing of batch 2 is half-written, and running
    the ingest again stores the rest once."""
    import os
    import signal

    import pytest

    from babelwire import cli, pipeline
    from babelwire.store import Store

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"n{i}", "title": f"Harbour notice {i}",
                                        "text": f"Notice {i}: berth {i} at the east harbour closes for "
                                                f"{i + 2} days of dredging, the port office said."}) + "\n"
                            for i in range(6)), encoding="utf-8")
    db = tmp_path / "x.db"
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    cli._exit_on_sigterm()
    added = []
    original = Store.add_article

    def add_then_terminate(self, article):
        original(self, article)
        added.append(article.external_id)
        if len(added) == 3:   # the first article of batch 2 (batches of 2)
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Store, "add_article", add_then_terminate)
    try:
        with pytest.raises(SystemExit) as stopped:
            pipeline.ingest([str(feed)], db, batch_size=2, mode="static")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert stopped.value.code == 128 + signal.SIGTERM
    conn = sqlite3.connect(db)
    assert sorted(r[0] for r in conn.execute("SELECT external_id FROM articles")) == ["n0", "n1"]
    monkeypatch.setattr(Store, "add_article", original)
    pipeline.ingest([str(feed)], db, batch_size=2, mode="static")
    ids = [r[0] for r in conn.execute("SELECT external_id FROM articles")]
    assert sorted(ids) == [f"n{i}" for i in range(6)]
    assert conn.execute("SELECT COUNT(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id "
                        "WHERE s.id IS NULL").fetchone()[0] == 0
