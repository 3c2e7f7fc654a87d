"""Tiered mode's second tier on the bundled demo corpus: the links it checks and the stories that result."""
import json
import sqlite3

import pytest
from conftest import DEMO

from babelwire.fast import has_table
from babelwire.pipeline import ingest

EXPECTED = json.loads((DEMO / "EXPECTED.json").read_text(encoding="utf-8"))["stories"]


def corpus_key(path: str, external_id: str | None) -> str:
    relative = path.split("samples/demo/", 1)[-1]
    return f"{relative.split(':')[0]}#{external_id}" if external_id else relative


@pytest.mark.skipif(not has_table(), reason="no static table built")
def test_tiered_mode_keeps_the_two_earthquakes_apart(tmp_path):
    # The first tier alone links the two earthquake reports of one Arabic site (one template, no names in
    # common, a score just over the bar) and so merges the Peru and Turkey stories; the second tier checks
    # that link on the transformer leads and drops it.
    db = tmp_path / "demo.db"
    ingest([str(DEMO)], db, mode="tiered")
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {corpus_key(r["path"], r["external_id"]): r for r in conn.execute(
        "SELECT a.path, a.external_id, a.story_id, l.explanation FROM articles a JOIN links l ON l.article_id = a.id")}
    predicted = {}
    for key, row in rows.items():
        predicted.setdefault(row["story_id"], set()).add(key)
    assert sorted(map(sorted, predicted.values())) == sorted(map(sorted, EXPECTED.values()))
    checked = [c for r in rows.values() for c in json.loads(r["explanation"]).get("second_tier_checked", [])]
    assert any(not c["kept"] and c["lead_cosine"] < c["threshold"] for c in checked)
    # the readable explanation says so too, naming the article whose link was dropped
    for row in rows.values():
        explanation = json.loads(row["explanation"])
        for c in explanation.get("second_tier_checked", []):
            if not c["kept"]:
                assert "dropped by the second tier" in explanation["why"]
                assert any(d["article"] in explanation["why"] for d in explanation["second_tier_checked"])
    leads = conn.execute("SELECT COUNT(*) FROM second_tier_leads").fetchone()[0]
    assert 0 < leads < len(rows)
