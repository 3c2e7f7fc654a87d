"""The store's layout for reading articles back: entities on the articles row, the texts last in a new store."""
import numpy as np

from babelwire.store import Store


def test_entities_are_read_back_from_the_articles_row_and_from_the_table_in_a_store_from_before(tmp_path):
    """Each stored article's entities are packed on its articles row (``entities_packed``, in order): the
    index's read-back takes them from there, not from the entities table (one lookup and its scattered pages
    fewer an article). A store written before the column: read-only it reads the table; opened for writing it
    gains the column, its old rows read the table and its new ones the row; every read gives the same entities."""
    import json

    from babelwire.article import Article, Entity

    def article(article_id, entities):
        a = Article(id=article_id, raw="", title=f"Title {article_id}", paragraphs=["One paragraph."])
        a.lang, a.entities = "en", entities
        a.lead_vector = np.full(384, 0.05, np.float32)
        a.paragraph_vectors = np.full((1, 384), 0.05, np.float16)
        return a

    many = [Entity("name", "Łódź", "name:lodz"), Entity("number", "1,200", "num:1200"),
            Entity("date", "30 декабря", "date:12-30"), Entity("name", "Łódź", "name:lodz")]
    written = {"a": many, "b": [], "c": [Entity("name", 'quote " and \\ back', "name:quote")],
               "d": [Entity("number", "٣", "num:3")]}
    db = tmp_path / "packed.db"

    def add(store, ids):
        with store.transaction():
            for article_id in ids:
                a = article(article_id, written[article_id])
                a.story_id = store.new_story(a.title)
                store.add_article(a)

    with Store(db) as store:
        add(store, ["a", "b"])
        packed = dict(store.db.execute("SELECT id, entities_packed FROM articles"))
        assert json.loads(packed["a"]) == [[e.kind, e.surface, e.key] for e in many] and packed["b"] == "[]"
        assert {k: v.entities for k, v in store.index_articles(["a", "b"]).items()} == {"a": many, "b": []}
        store.db.execute("DELETE FROM entities WHERE article_id = 'a'")   # the row alone now has them
        assert store.index_articles(["a"])["a"].entities == many
        store.db.commit()
        add(store, ["c"])
        # a store from before the column: the same rows without it
        store.db.execute("UPDATE articles SET entities_packed = NULL WHERE id = 'c'")
        store.db.commit()
    with Store(db) as store:
        store.db.execute("ALTER TABLE articles DROP COLUMN entities_packed")
        store.db.commit()
        store.close()
    with Store(db, readonly=True) as store:
        assert "entities_packed" not in {r[1] for r in store.db.execute("PRAGMA table_info(articles)")}
        back = store.index_articles(["a", "b", "c"])
    assert (back["a"].entities, back["b"].entities, back["c"].entities) == ([], [], written["c"])
    with Store(db) as store:   # for writing: the column is added, NULL in the old rows
        assert store.db.execute("SELECT COUNT(*) FROM articles WHERE entities_packed IS NULL").fetchone()[0] == 3
        add(store, ["d"])
        assert store.db.execute("SELECT entities_packed FROM articles WHERE id = 'd'").fetchone()[0] is not None
        back = store.index_articles(["d", "c", "b"])
        whole = store.articles_by_id(["b", "c", "d"])
    assert {k: v.entities for k, v in back.items()} == {k: v.entities for k, v in whole.items()} == {
        k: written[k] for k in "bcd"}


def test_a_new_store_keeps_the_articles_texts_last_so_a_read_back_stops_before_them(tmp_path):
    """SQLite lays a row's columns out in order, a long row's tail in a chain of overflow pages that a read of a
    later column walks: the cleaned and raw texts (often the longest columns, never read back by the ingest) come
    last in a new store, after every column Store.index_articles reads."""
    from babelwire.store import _INDEX_NAMES

    with Store(tmp_path / "order.db") as store:
        columns = [r[1] for r in store.db.execute("PRAGMA table_info(articles)")]
    assert columns[-2:] == ["text", "raw"]
    assert set(_INDEX_NAMES) <= set(columns[:-2])
