"""The bundled demo corpus forms exactly the stories it was written to form (samples/demo/EXPECTED.json)."""
import json
import sqlite3

import pytest
from conftest import DEMO, cli_json

EXPECTED = json.loads((DEMO / "EXPECTED.json").read_text(encoding="utf-8"))


def corpus_key(path: str, external_id: str | None) -> str:
    relative = path.split("samples/demo/", 1)[-1]
    return f"{relative.split(':')[0]}#{external_id}" if external_id else relative


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    report = cli_json("ingest", str(DEMO), "--db", str(db))
    assert report["failed"] == []
    return db


@pytest.fixture(scope="module")
def rows(demo_db):
    conn = sqlite3.connect(demo_db)
    conn.row_factory = sqlite3.Row
    return {corpus_key(r["path"], r["external_id"]): r for r in conn.execute("SELECT * FROM articles")}


def test_every_article_read(rows):
    expected = {f for files in EXPECTED["stories"].values() for f in files}
    assert set(rows) == expected


def test_stories_are_exactly_the_written_ones(rows, demo_db):
    predicted = {}
    for key, row in rows.items():
        predicted.setdefault(row["story_id"], set()).add(key)
    assert sorted(map(sorted, predicted.values())) == sorted(map(sorted, EXPECTED["stories"].values()))
    stories = cli_json("stories", "--db", str(demo_db))
    assert len(stories) == len(EXPECTED["stories"])


def test_similar_earthquakes_stay_apart(rows):
    peru = {rows[f]["story_id"] for f in EXPECTED["stories"]["quake-A"]}
    turkey = {rows[f]["story_id"] for f in EXPECTED["stories"]["quake-B"]}
    assert len(peru) == 1 and len(turkey) == 1 and peru != turkey


def test_wire_credits_read(rows):
    for key, row in rows.items():
        assert json.loads(row["wire"]) == EXPECTED["wire"].get(key, []), key


def test_wire_rewrites_derive_from_the_reuters_original(rows):
    """Most rewrites of the wire story are traced to the original, and inherit its credit."""
    wire_links = {k: v for k, v in EXPECTED["derived_from"].items() if k in EXPECTED["stories"]["wire"]}
    found = [k for k, source in wire_links.items() if rows[k]["derived_from"] == rows[source]["id"]]
    assert len(found) >= len(wire_links) - 1, found
    original = rows[next(iter(wire_links.values()))]
    assert original["derived_from"] is None
    for key in found:
        if not json.loads(rows[key]["wire"]):
            assert json.loads(rows[key]["wire_inferred"]) == ["Reuters"], key
