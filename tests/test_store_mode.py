"""A database holds one kind of vectors: the ingest records its mode in the store, a later ingest without
--mode takes it, and one whose mode gives the other kind of vectors is refused with the reason, storing
nothing. Meaning search embeds the query as the store's leads were embedded."""
import sqlite3

import pytest

from babelwire.fast import has_table
from babelwire.pipeline import StoreModeError, ingest
from babelwire.store import Store
from babelwire.web.search import LeadVectors, search, store_space
from tests.conftest import DEMO, ENGLISH_SEED, HINDI_SEED, run_cli

pytestmark = pytest.mark.skipif(not has_table(), reason="no static table built")


def _count(db) -> int:
    with Store(db) as store:
        return store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def test_a_later_ingest_takes_the_stores_mode_and_the_other_kind_of_vectors_is_refused(tmp_path):
    db = tmp_path / "s.db"
    first = ingest([str(ENGLISH_SEED)], db, mode="tiered", workers=1)
    assert first.stored == 1
    with Store(db) as store:
        assert store.info("mode") == "tiered"
    with pytest.raises(StoreModeError) as refused:
        ingest([str(HINDI_SEED)], db, mode="transformer", workers=1)
    message = str(refused.value)
    assert str(db) in message and "tiered mode" in message and "transformer" in message
    assert _count(db) == 1   # nothing stored
    # no mode given: the store's (tiered), so the Hindi rewrite joins the Reuters story as in one ingest
    second = ingest([str(HINDI_SEED)], db, workers=1)
    assert second.stored == 1 and second.stories_extended == first.stories_created
    with Store(db) as store:
        assert store.info("mode") == "tiered"


def test_static_and_tiered_share_their_vectors_and_the_record_follows_the_last_ingest(tmp_path):
    db = tmp_path / "s.db"
    ingest([str(ENGLISH_SEED)], db, mode="static", workers=1)
    report = ingest([str(HINDI_SEED)], db, mode="tiered", workers=1)
    assert report.stored == 1
    with Store(db) as store:
        assert store.info("mode") == "tiered"
    with pytest.raises(StoreModeError):
        ingest([str(DEMO)], db, mode="transformer", workers=1)


def test_a_transformer_store_refuses_a_static_ingest_and_the_cli_says_why(tmp_path):
    db = tmp_path / "t.db"
    ingest([str(ENGLISH_SEED)], db, mode="transformer", workers=1)
    result = run_cli("ingest", str(HINDI_SEED), "--db", str(db), "--mode", "static", check=False)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "transformer mode" in stderr and str(db) in stderr and "Traceback" not in stderr
    assert _count(db) == 1


def test_a_store_from_before_the_record_with_second_tier_leads_counts_as_tiered(tmp_path):
    db = tmp_path / "old.db"
    ingest([str(ENGLISH_SEED), str(HINDI_SEED)], db, mode="tiered", workers=1)
    with Store(db) as store:
        if not store.db.execute("SELECT COUNT(*) FROM second_tier_leads").fetchone()[0]:
            store.db.execute("INSERT INTO second_tier_leads(article_id, vector) SELECT id, lead_vector FROM articles LIMIT 1")
            store.db.commit()
        store.db.execute("DELETE FROM store_info")
        store.db.commit()
    with pytest.raises(StoreModeError):
        ingest([str(DEMO)], db, mode="transformer", workers=1)


def test_meaning_search_in_a_tiered_store_embeds_the_query_with_the_static_table(tmp_path):
    db = tmp_path / "s.db"
    report = ingest([str(ENGLISH_SEED), str(HINDI_SEED)], db, mode="tiered", workers=1)
    story = report.stories_created[0]
    con = sqlite3.connect(db)
    assert store_space(con) == "static"
    # words of the Reuters story's subject that neither title prints verbatim (no keyword hit)
    hits = search(con, LeadVectors(), "Russia fires North Korean missiles at Ukraine")
    assert hits and hits[0].story_id == story and hits[0].meaning is not None and hits[0].meaning > 0.6   # 0.84 here; the transformer's vector of the query scores 0.29
    con.close()
