"""Acceptance for v1: the two seed articles become one story, Hindi derived from Reuters."""
import sqlite3
from pathlib import Path

from conftest import ENGLISH_SEED, HINDI_SEED, cli_json, run_cli

from babelwire.article import content_id

HINDI_ID = content_id(HINDI_SEED.read_bytes())
ENGLISH_ID = content_id(ENGLISH_SEED.read_bytes())

DEBRIS = [
    "Creative Common", "इसे भी पढ़ें", "WhatsApp", "All the updates here", "अन्य न्यूज़",
    "tagreuters.com", "ad blocker", "Shore News Network", "Writing by",
]


def test_one_story_two_languages(seeds_db):
    stories = cli_json("stories", "--db", str(seeds_db))
    assert len(stories) == 1
    story = stories[0]
    assert story["languages"] == ["en", "hi"]
    assert sorted(story["articles"]) == sorted([HINDI_ID, ENGLISH_ID])
    assert story["title"].startswith("Kremlin has")  # the source's title names the story


def test_hindi_derives_from_reuters_and_inherits_the_wire(seeds_db):
    hindi = cli_json("show", HINDI_ID, "--db", str(seeds_db))
    english = cli_json("show", ENGLISH_ID, "--db", str(seeds_db))
    assert hindi["derived_from"] == ENGLISH_ID
    assert 0 < hindi["derived_confidence"] <= 1
    assert english["derived_from"] is None
    assert english["wire"] == ["Reuters"]
    assert hindi["wire"] == []
    assert hindi["wire_inferred"] == ["Reuters"]
    assert english["wire_inferred"] == []


def test_meta_read(seeds_db):
    hindi = cli_json("show", HINDI_ID, "--db", str(seeds_db))
    english = cli_json("show", ENGLISH_ID, "--db", str(seeds_db))
    assert hindi["lang"] == "hi" and english["lang"] == "en"
    assert hindi["byline"] == "अभिनय आकाश"
    assert hindi["published"] == "2024-01-09T17:53:00"
    assert english["dateline"] == "MOSCOW"
    assert english["credits"]["writing"] == ["Felix Light"]
    assert english["credits"]["editing"] == ["Guy Faulconbridge", "Gareth Jones"]


def test_cleaned_text_keeps_every_paragraph_once_and_no_debris(seeds_db):
    hindi = cli_json("show", HINDI_ID, "--db", str(seeds_db))
    english = cli_json("show", ENGLISH_ID, "--db", str(seeds_db))
    for article in (hindi, english):
        for phrase in DEBRIS:
            assert phrase not in article["text"], (article["id"], phrase)
    # The Hindi first paragraph is printed twice in the scrape; it must survive exactly once.
    first = "पिछले हफ्ते व्हाइट हाउस ने हाल ही में सार्वजनिक की गई खुफिया जानकारी"
    assert hindi["text"].count(first) == 1
    assert len(hindi["paragraphs"]) == 4  # the repeated first paragraph glued to the second is gone
    assert "क्रेमलिन ने मंगलवार को" in hindi["text"]
    assert "रूसी मीडिया ने बताया" in hindi["text"]
    assert len(english["paragraphs"]) == 8
    assert english["paragraphs"][0].startswith("MOSCOW (Reuters)")
    assert english["paragraphs"][-1].startswith("Moscow, which sent")
    reasons = {r["reason"] for r in hindi["removed"]}
    assert {"repeated text", "read-also link", "promo", "navigation", "image credit"} <= reasons
    assert any(r["reason"] == "ad-blocker notice" for r in english["removed"])
    assert any(r["reason"] == "photo tag" for r in english["removed"])


def test_debris_is_recorded_not_lost(seeds_db):
    db = sqlite3.connect(seeds_db)
    raw, = db.execute("SELECT raw FROM articles WHERE id=?", (HINDI_ID,)).fetchone()
    for text, start, end in db.execute('SELECT text, start, "end" FROM removed_spans WHERE article_id=?', (HINDI_ID,)):
        assert raw[start:end] == text


def test_link_decision_is_explained(seeds_db):
    hindi = cli_json("show", HINDI_ID, "--db", str(seeds_db))
    english = cli_json("show", ENGLISH_ID, "--db", str(seeds_db))
    # One of the two came first and opened the story; the other joined with a score and its reasons.
    joined = english if english["link"]["explanation"]["new_story"] is False else hindi
    explanation = joined["link"]["explanation"]
    assert explanation["score"] >= explanation["threshold"]
    assert "name:belgorod" in explanation["signals"]["shared_names"]
    assert "joins" in explanation["why"]


def test_reingest_adds_nothing(seeds_db, tmp_path):
    before = cli_json("stories", "--db", str(seeds_db))
    report = cli_json("ingest", str(HINDI_SEED), str(ENGLISH_SEED), "--db", str(seeds_db))
    assert report["stored"] == 0 and report["already_stored"] == 2
    assert cli_json("stories", "--db", str(seeds_db)) == before
    db = sqlite3.connect(seeds_db)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0] == 12  # 4 Hindi + 8 English paragraphs


def test_wal_mode(seeds_db):
    assert sqlite3.connect(seeds_db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_show_human_output_and_errors(seeds_db):
    out = run_cli("show", HINDI_ID, "--db", str(seeds_db)).stdout.decode()
    assert "अभिनय आकाश" in out and "read-also link" in out
    missing = run_cli("show", "0123456789abcdef", "--db", str(seeds_db), check=False)
    assert missing.returncode != 0 and "no article 0123456789abcdef" in missing.stderr.decode()
    bad = run_cli("show", "../../etc/passwd", "--db", str(seeds_db), check=False)
    assert bad.returncode != 0 and "neither a story number" in bad.stderr.decode()
    nodb = run_cli("stories", "--db", "/nonexistent/x.db", check=False)
    assert nodb.returncode != 0 and "no such database" in nodb.stderr.decode()


def test_incremental_ingest_extends_the_story_and_finds_the_late_source(tmp_path):
    """The rewrite arrives first; its source later, in another run: same story id, derivation found."""
    db = str(tmp_path / "inc.db")
    first = cli_json("ingest", str(HINDI_SEED), "--db", db)
    assert first["stories_created"] == [1]
    second = cli_json("ingest", str(ENGLISH_SEED), "--db", db)
    assert second["stories_created"] == [] and second["stories_extended"] == [1]
    hindi = cli_json("show", HINDI_ID, "--db", db)
    assert hindi["story"] == 1 and hindi["derived_from"] == ENGLISH_ID
    assert hindi["wire_inferred"] == ["Reuters"]


def test_every_command_is_documented():
    from babelwire.cli import main

    readme_text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 40, name
        assert f"babelwire {name}" in readme_text, name
        assert run_cli(name, "--help").stdout.decode().strip()
