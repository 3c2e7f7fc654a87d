"""The ingest holds a bounded number of stored articles in memory (``INGEST_RESIDENT_ARTICLES``, and of megabytes of
them, ``INGEST_RESIDENT_MB``): the index keeps
every stored article's lead, time and story, and reads an article back from the store when it is used again.
Holding few or all must store the same rows; a store opened again reads back only what its new batches use."""
import copy
import json
from pathlib import Path

import numpy as np
import pytest

from babelwire import settings
from babelwire.bench import build_corpus, write_corpus
from babelwire.embed import LanguageMeans
from babelwire.fast import has_table
from babelwire.link import StoryIndex
from babelwire.pipeline import Ingestor, _lean, ingest
from babelwire.store import Store
from tests.conftest import SHARED
from tests.link_vectors import article, vector
from tests.test_workers import stored_rows

EVAL = SHARED / "data" / "eval"
needs_data = [
    pytest.mark.skipif(not (EVAL / "wmt24-dev.stories.jsonl").exists(), reason="needs ../shared/data/eval"),
    pytest.mark.skipif(not has_table(), reason="no static table built"),
]


def _index_reading_from(stored: dict):
    reads: list[list[str]] = []

    def load(ids):
        reads.append(list(ids))
        return {i: copy.deepcopy(stored[i]) for i in ids if i in stored}

    return StoryIndex(LanguageMeans(space="static"), load=load, resident=2), reads


def test_release_lets_go_of_the_least_recently_used_and_reads_them_back_when_used():
    stored = {}
    index, reads = _index_reading_from(stored)
    items = []
    for k in range(4):
        a = article(f"a{k}", f"text {k}", vector(topic=0.5, own=0.5))
        a.story_id = k
        stored[a.id] = a
        items.append(index.add(a))
    assert index.resident == 4
    index.release()   # four held, two allowed: two let go (all four last used in that batch)
    assert index.resident == 2 and reads == []
    assert sum(item is None for item in index.items) == 2
    kept = {index._ids[p] for p, item in enumerate(index.items) if item is not None}
    assert len(kept) == 2
    index.release()   # within the bound: nothing let go
    assert index.resident == 2
    index.members(1)   # used in this batch: read back if it was let go
    index.members(3)
    index.release()
    held = {index._ids[p] for p, item in enumerate(index.items) if item is not None}
    assert held == {"a1", "a3"}   # the two used last
    back = index.members(0)[0]
    assert reads and reads[-1] == ["a0"] and back.article.id == "a0"
    assert np.array_equal(back.lead, index._leads[0])   # its lead as the index holds it
    assert index.reloaded >= 1


def test_the_bound_on_held_bytes_is_resident_mb_at_a_million_stored_and_grows_to_its_ceiling_below():
    from babelwire.held import resident_mb_bound

    def bound(stored):
        return resident_mb_bound(stored, at_most=32, at=1_000_000, kb_per_stored=0.69, ceiling=256)

    assert bound(1_000_000) == bound(5_000_000) == 32   # the memory target's case: as set
    assert bound(900_000) == 32 + 0.69 * 100_000 / 1024   # what the index holds less, ~67 MB, the held may take
    assert bound(0) == bound(500_000) == 256   # (capped)
    assert all(bound(n) >= bound(n + 50_000) for n in range(0, 1_100_000, 50_000))   # never more as the store grows
    # memory at any size: the index's share plus the held never above what it is at a million
    assert all(0.69 * n / 1024 + bound(n) <= 0.69 * 1_000_000 / 1024 + 32 + 1e-9 for n in range(0, 1_000_001, 10_000))
    assert resident_mb_bound(10, at_most=None, at=1_000_000, kb_per_stored=0.69, ceiling=256) is None
    assert resident_mb_bound(10, at_most=32, at=1_000_000, kb_per_stored=0.69, ceiling=None) == 32


def test_release_keeps_the_held_articles_bytes_within_resident_mb_dropping_the_least_recently_used():
    """With a bound on bytes (``resident_mb``) and none on the count, release lets go of the fewest least
    recently used articles that bring the held ones' :func:`held_bytes` within it: an article of many paragraphs
    weighs more than one of a few; the running total is the held articles' sum."""
    from babelwire.held import held_bytes

    stored = {}
    reads: list[list[str]] = []

    def load(ids):
        reads.append(list(ids))
        return {i: copy.deepcopy(stored[i]) for i in ids if i in stored}

    index = StoryIndex(LanguageMeans(space="static"), load=load, resident=None, resident_mb=0.2)
    sizes = {}
    for k, paragraphs in enumerate((40, 2, 2, 40)):   # 40 paragraphs: ~137 KB held; 2: ~20 KB
        a = article(f"a{k}", " ".join(["text"] * 3), vector(topic=0.5, own=0.5))
        a.paragraphs = [f"paragraph {j}" for j in range(paragraphs)]
        a.paragraph_vectors = np.stack([vector(topic=0.5, own=0.5) for _ in range(paragraphs)])
        a.story_id = k
        stored[a.id] = a
        index.add(a)
        sizes[a.id] = held_bytes(a)
        if k == 2:
            index.release()   # a0..a2 (~177 KB) within 0.2 MB: nothing let go
            assert index.resident == 3
            index.members(1), index.members(2)   # a1, a2 used in the next batch, a0 not
    assert sizes["a0"] > 6 * sizes["a1"]
    assert index.resident_bytes == sum(sizes.values())
    index.release()   # ~314 KB held, 0.2 MB allowed: a0, the least recently used, goes, and is enough
    held = {index._ids[p] for p, item in enumerate(index.items) if item is not None}
    assert held == {"a1", "a2", "a3"}
    assert index.resident == 3 and index.resident_bytes == sizes["a1"] + sizes["a2"] + sizes["a3"]
    assert index.resident_bytes <= 0.2 * 2**20
    back = index.members(0)[0]   # read back when used again, and counted again
    assert reads[-1] == ["a0"] and back.article.id == "a0"
    assert index.resident_bytes == sum(sizes.values())


def test_what_derivation_keeps_on_a_held_article_is_counted_when_the_batch_ends_and_what_lean_drops_is_not():
    """held_bytes counts an article's word runs, sentences and their vectors and raw input as they are; release()
    counts again what the articles used in the batch hold by then (derivation kept word runs and sentences on
    them) and what the lean ones hold less, so the running total is the held articles' held_bytes at each release."""
    from babelwire.held import held_bytes
    from babelwire.provenance import article_sentence_vectors
    from babelwire.stories import word_runs

    stored = {}
    index = StoryIndex(LanguageMeans(space="static"), load=lambda ids: {i: copy.deepcopy(stored[i]) for i in ids},
                       resident=None, resident_mb=None)
    for k in range(2):
        a = article(f"c{k}", "One sentence here. Another sentence there. " * 20, vector(topic=0.5, own=0.5))
        a.paragraphs = ["One sentence here. Another sentence there. " * 5 for _ in range(6)]
        a.paragraph_vectors = np.stack([vector(topic=0.5, own=0.5) for _ in range(6)]).astype(np.float16)
        a.raw = "raw input " * 2000
        a.story_id = k
        stored[a.id] = a
        index.add(a)
    plain = held_bytes(stored["c0"])
    assert index.resident_bytes == 2 * plain
    for a in stored.values():   # what derivation and alignment keep on the members they work on
        word_runs(a)
        article_sentence_vectors(a)
    busy = held_bytes(stored["c0"])
    assert busy > plain + stored["c0"].__dict__["_sentence_vectors_cache"][2].nbytes
    index.release()   # both used in this batch: counted with what they hold now
    assert index.resident_bytes == 2 * busy
    index.members(1)   # c1 used in the next batch, c0 not: c0 is made lean when it ends
    index.release(compact=_lean)
    lean = held_bytes(stored["c0"])
    assert "_sentence_vectors_cache" not in stored["c0"].__dict__ and lean < busy
    assert index.resident_bytes == lean + busy


def test_trim_within_a_batch_lets_go_beyond_the_bound_but_keeps_the_stories_still_to_be_used():
    """Within a batch, ``trim(stories)`` lets go of held articles over the bound, least recently used first, but
    never a member of ``stories`` (those the batch is still to derive); within the bound it lets go of nothing."""
    stored = {}
    index, reads = _index_reading_from(stored)   # two held at most
    for k, story in enumerate((1, 1, 2, 3, 4)):
        a = article(f"a{k}", f"text {k}", vector(topic=0.5, own=0.5))
        a.story_id = story
        stored[a.id] = a
        index.add(a)
    assert index.resident == 5
    assert index.trim([1, 3]) == 2   # five held, two allowed: a2 and a4 go; story 1 and 3's three stay
    held = {index._ids[p] for p, item in enumerate(index.items) if item is not None}
    assert held == {"a0", "a1", "a3"} and index.resident == 3 and reads == []
    assert index.trim([1]) == 1 and index.resident == 2   # a3's story derived: it goes too
    assert {index._ids[p] for p, item in enumerate(index.items) if item is not None} == {"a0", "a1"}
    assert index.trim([]) == 0   # within the bound
    assert index.members(2)[0].article.id == "a2" and reads == [["a2"]]   # read back when used again
    index.release()
    assert index.resident == 2


def test_a_batch_lets_go_of_what_linking_read_back_before_deriving(tmp_path, monkeypatch):
    """An ingest's batch holds no more than the bound plus the members of the stories it has still to derive,
    as it derives them (the articles its linking read back and no story of the batch uses are let go first)."""
    corpus = write_corpus(build_corpus(120, sites=3), tmp_path / "corpus")
    monkeypatch.setattr(settings, "INGEST_RESIDENT_ARTICLES", 8)
    monkeypatch.setattr(settings, "INGEST_RESIDENT_MB", None)
    seen: list[list[tuple[int, int]]] = []   # per batch: (held, the story's size) before each story is derived
    process, update = Ingestor._process, Ingestor._update_story

    def each_batch(self, *args, **kwargs):
        seen.append([])
        return process(self, *args, **kwargs)

    def each_story(self, story_id, created):
        seen[-1].append((self.index.resident, self.index.story_size(story_id)))
        return update(self, story_id, created)

    monkeypatch.setattr(Ingestor, "_process", each_batch)
    monkeypatch.setattr(Ingestor, "_update_story", each_story)
    report = ingest([str(corpus)], tmp_path / "trim.db", batch_size=24, mode="static", workers=1)
    assert report.stored == 120 and report.reloaded > 0 and len(seen) == 5
    for batch in seen:
        for k, (held, _) in enumerate(batch):
            # the bound, or (over it) no more than the members of this story and those after it
            assert held <= max(8, sum(size for _, size in batch[k:])), (batch, k)
    assert max(held for batch in seen for held, _ in batch) > 8   # a story's members are held while derived


def test_an_index_without_a_store_holds_everything():
    index = StoryIndex(LanguageMeans(space="static"))
    a = article("x", "text", vector(topic=1.0))
    a.story_id = 1
    index.add(a)
    assert index.release() == 0 and index.items[0] is not None
    with pytest.raises(ValueError):
        index.add_stored("y", 1, "en", None, vector(topic=1.0))


@needs_data[0]
@needs_data[1]
def test_holding_few_articles_stores_what_holding_all_stores(tmp_path, monkeypatch):
    corpus = write_corpus(build_corpus(150, sites=3), tmp_path / "corpus")
    rows, reloaded = {}, {}
    # (articles, megabytes, the megabytes' ceiling for a small store): all held; 15 held; as many as fit in 0.5 MB
    # (~60 KB each: ~8) at any store size; 0.5 MB at a million stored, so up to 256 MB at 150 (resident_mb_bound:
    # all held)
    for resident in ((None, None, None), (15, None, None), (None, 0.5, None), (None, 0.5, 256)):
        monkeypatch.setattr(settings, "INGEST_RESIDENT_ARTICLES", resident[0])
        monkeypatch.setattr(settings, "INGEST_RESIDENT_MB", resident[1])
        monkeypatch.setattr(settings, "INGEST_RESIDENT_MB_MAX", resident[2])
        db = tmp_path / f"resident-{resident[0]}-{resident[1]}-{resident[2]}.db"
        report = ingest([str(corpus)], db, batch_size=16, mode="tiered", workers=1)
        assert report.stored == 150
        rows[resident], reloaded[resident] = stored_rows(db, corpus), report.reloaded
    everything = (None, None, None)
    assert reloaded[everything] == 0 and reloaded[15, None, None] > 100
    assert reloaded[None, 0.5, None] > reloaded[15, None, None] and reloaded[None, 0.5, 256] == 0
    for table in rows[everything]:
        for resident in rows:
            assert rows[resident][table] == rows[everything][table], (table, resident)
    assert len(rows[everything]["second_tier_leads"]) > 0 and len({r[1] for r in rows[everything]["links"]}) > 10


@needs_data[0]
@needs_data[1]
def test_a_store_opened_again_reads_back_only_what_its_new_batches_use(tmp_path, monkeypatch):
    rows = build_corpus(160, sites=3)
    first, second = write_corpus(rows[:100], tmp_path / "first"), write_corpus(rows[100:], tmp_path / "second")
    stored = {}
    for resident in (None, 10):
        monkeypatch.setattr(settings, "INGEST_RESIDENT_ARTICLES", resident)
        db = tmp_path / f"twice-{resident}.db"
        ingest([str(first)], db, batch_size=16, mode="tiered", workers=1)
        with Store(db) as store:
            opened = Ingestor(store, "tiered")
            # every stored article indexed, none read: its lead, time and story are all the index holds
            assert len(opened.index.items) == 100 and opened.index.resident == 0
            assert opened.index.story_ids() == {r[0] for r in store.db.execute("SELECT story_id FROM articles")}
        report = ingest([str(second)], db, batch_size=16, mode="tiered", workers=1)
        assert report.stored == 60
        assert 0 < report.reloaded
        stored[resident] = stored_rows(db, tmp_path)
    for table in stored[None]:
        assert stored[10][table] == stored[None][table], table


@needs_data[0]
@needs_data[1]
def test_the_hnsw_graph_is_saved_beside_the_store_and_read_back_next_time(tmp_path, monkeypatch):
    from babelwire import link_index

    monkeypatch.setattr(link_index, "ANN_MIN_ARTICLES", 40)   # the graph from 40 stored articles on
    monkeypatch.setattr(settings, "INGEST_RESIDENT_ARTICLES", 25)
    rows = build_corpus(160, sites=3)
    first, second = write_corpus(rows[:100], tmp_path / "first"), write_corpus(rows[100:], tmp_path / "second")
    db = tmp_path / "graph.db"
    graph = str(db) + ".leads.usearch"
    ingest([str(first)], db, batch_size=16, mode="tiered", workers=1)
    meta = json.loads(Path(graph + ".json").read_text())
    assert meta["count"] == 100 and Path(graph).stat().st_size > 0 and meta["dims"] == (settings.ANN_DIMS or 384)
    with Store(db) as store:
        reads = []
        store.db.set_trace_callback(reads.append)
        opened = Ingestor(store, "tiered")
        store.db.set_trace_callback(None)
        assert opened._ann_count == 100 and len(opened.index._ann) == 100   # read, not built
        assert opened.index.resident == 0
        _finds_itself(store, opened, opened.index._ids[57])
        # the saved graph holds the stored leads: the open reads none of them, only the articles_open index
        assert not [q for q in reads if "lead_vector" in q and "LIMIT" not in q and "seq >" not in q]
        plan = store.db.execute("EXPLAIN QUERY PLAN SELECT seq, id, story_id, lang, published FROM articles "
                                "ORDER BY seq LIMIT 100").fetchall()
        assert "COVERING INDEX articles_open" in str([tuple(r) for r in plan])
        rows = list(store.index_rows(100))
        assert len(rows) == 100 and all(r[4] is None for r in rows)
        assert [r[:4] for r in rows] == [r[:4] for r in store.index_rows()]
        with_leads = list(store.index_rows(60))
        assert all(r[4] is None for r in with_leads[:60]) and all(r[4].shape == (384,) for r in with_leads[60:])
    report = ingest([str(second)], db, batch_size=16, mode="tiered", workers=1)
    assert report.stored == 60 and report.reloaded > 0
    assert json.loads(Path(graph + ".json").read_text())["count"] == 160
    # a graph of other dimensions (one saved before the projection) is not read: built again from the store
    meta = json.loads(Path(graph + ".json").read_text())
    Path(graph + ".json").write_text(json.dumps({k: v for k, v in meta.items() if k != "dims"}))
    if settings.ANN_DIMS not in (None, 384):
        with Store(db) as store:
            assert Ingestor(store, "tiered")._ann_count == 0
    Path(graph + ".json").write_text(json.dumps(meta))
    # a graph of other articles (here: its record of them altered) is not read: built again from the store
    Path(graph + ".json").write_text(json.dumps(dict(meta, ids_sha1="0" * 40)))
    with Store(db) as store:
        rebuilt = Ingestor(store, "tiered")
        assert rebuilt._ann_count == 0 and len(rebuilt.index._ann) == 160
        _finds_itself(store, rebuilt, rebuilt.index._ids[130])


def _finds_itself(store, ingestor, article_id):
    """A stored article's own lead finds it first through the graph: keys and positions agree."""
    from babelwire.link import centred

    article = store.articles_by_id([article_id])[article_id]
    found = ingestor.index.candidates(centred(article, ingestor.means))
    assert found and found[0].article.id == article_id


def test_items_left_unused_for_a_batch_are_made_lean():
    stored = {}
    index, _ = _index_reading_from(stored)
    index.resident_max = None   # nothing let go: only made lean
    for k in range(3):
        a = article(f"a{k}", f"text {k}", vector(topic=0.5, own=0.5))
        a.story_id = k
        stored[a.id] = a
        index.add(a)
    compacted = []
    index.release(compact=compacted.append)   # batch 0: the three were added (used) in it
    assert compacted == []
    index.recentre()                           # batch 1: the means moved; a1 used
    index.members(1)
    index.release(compact=compacted.append)
    assert sorted(a.id for a in compacted) == ["a0", "a2"]   # used in batch 0, not in batch 1
    assert index.items[0].paragraphs is None and index.items[1].paragraphs is not None
    index.release(compact=compacted.append)   # batch 2: a1 went unused
    assert sorted(a.id for a in compacted) == ["a0", "a1", "a2"]
    assert index.members(0)[0].paragraphs is not None   # centred again when used


@needs_data[0]
@needs_data[1]
def test_a_damaged_saved_graph_is_built_again_and_an_unwritable_one_does_not_fail_the_ingest(tmp_path, monkeypatch,
                                                                                             capsys):
    from babelwire import link_index

    monkeypatch.setattr(link_index, "ANN_MIN_ARTICLES", 30)
    rows = build_corpus(90, sites=3)
    db = tmp_path / "damaged.db"
    graph = Path(str(db) + ".leads.usearch")
    ingest([str(write_corpus(rows[:60], tmp_path / "a"))], db, batch_size=16, mode="tiered", workers=1)
    graph.write_bytes(graph.read_bytes()[:100])   # cut short; its record (.json) still matches the store
    with Store(db) as store:
        rebuilt = Ingestor(store, "tiered")
        assert rebuilt._ann_count == 0 and len(rebuilt.index._ann) == 60
        _finds_itself(store, rebuilt, rebuilt.index._ids[44])
    graph.unlink()
    graph.mkdir()   # where the graph goes cannot be written as a file
    report = ingest([str(write_corpus(rows[60:], tmp_path / "b"))], db, batch_size=16, mode="tiered", workers=1)
    assert report.stored == 30
    assert "not saved beside the store" in capsys.readouterr().err
    assert not Path(str(graph) + ".part").exists()   # nothing half-written left beside it


def test_index_articles_reads_what_linking_uses_and_leaves_out_raw_text_and_explanations(seeds_db):
    """The index's read-back (Store.index_articles) gives each article as Store.articles_by_id does, vectors
    included, but for its raw text, removed spans and link explanation; ids not stored are left out."""
    with Store(seeds_db) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY seq")]
        assert len(ids) == 2
        whole = store.articles_by_id(ids + ["not-stored"])
        lean = store.index_articles(list(reversed(ids)) + ["not-stored", ids[0]])
    assert set(lean) == set(whole) == set(ids)
    for article_id in ids:
        a, b = whole[article_id], lean[article_id]
        assert a.raw and a.removed and a.link_explanation   # the seeds carry debris and were linked
        assert b.raw == "" and b.removed == [] and b.link_explanation == {} and b.link_score is None
        for name in ("title", "published", "byline", "dateline", "lang", "story_id", "source", "wire", "credits",
                     "extra", "given", "derived_from", "derived_confidence", "paragraphs", "entities", "token_keys"):
            assert getattr(b, name) == getattr(a, name), name
        assert np.array_equal(b.lead_vector, a.lead_vector)
        assert b.paragraph_vectors.shape == (len(a.paragraphs), 384)
        assert np.array_equal(b.paragraph_vectors, a.paragraph_vectors)
        b.paragraph_vectors[0, 0] += 1.0   # writable, as the whole read's are (centring may work in place)
        # a new article the ingest holds, once it goes unused (pipeline._lean), keeps no more of these than a
        # read-back one (its raw input may be a whole HTML page), and all that linking and derivation read
        a.body = a.raw
        kept = {name: getattr(a, name) for name in ("title", "paragraphs", "entities", "token_keys", "extra")}
        _lean(a)
        assert (a.raw, a.body, a.removed, a.link_explanation) == ("", None, [], {})
        assert kept == {name: getattr(a, name) for name in kept}


def test_paragraph_vectors_are_stored_in_float16_and_read_back_as_the_ingest_held_them(tmp_path):
    """Paragraph vectors are float16 when embedded, held and stored (768 bytes, not 1,536): read back, both reads
    give exactly the vectors the ingest held, in float16; a float32 blob of an older store still reads, in float32;
    the language means sum them in float32."""
    from babelwire.article import Article
    from babelwire.embed import embed, embedding_mode
    from babelwire.store import _paragraph_matrix

    article = Article(id="f16", raw="", title="A storm reaches the coast",
                      paragraphs=["A storm reached the coast on Monday.", "Thousands were left without power."])
    article.lang = "en"
    with embedding_mode("static"):
        held = next(embed([article], mode="static"))
    vectors = held.paragraph_vectors.copy()
    assert vectors.dtype == np.float16
    means = LanguageMeans()
    means.add(held)
    assert means.sums["para", "en"].dtype == np.float32
    assert np.array_equal(means.sums["para", "en"], vectors.astype(np.float32).sum(axis=0))
    db = tmp_path / "f16.db"
    with Store(db) as store:
        with store.transaction():
            held.story_id = store.new_story(held.title)
            store.add_article(held)
        blobs = [r[0] for r in store.db.execute("SELECT vector FROM paragraphs WHERE article_id = 'f16' ORDER BY idx")]
        assert [len(b) for b in blobs] == [768, 768]
        for back in (store.index_articles(["f16"])["f16"].paragraph_vectors,
                     store.article("f16", vectors=True).paragraph_vectors):
            assert back.dtype == np.float16 and np.array_equal(back, vectors)
            back[0, 0] = 1.0   # writable
    old = _paragraph_matrix([np.arange(384, dtype=np.float32).tobytes()] * 2)
    assert old.dtype == np.float32 and old.shape == (2, 384) and old[1, 383] == 383.0
    old[0, 0] = 1.0   # writable


def test_the_index_keeps_ids_as_bytes_and_gives_back_every_id_as_added():
    from babelwire.index_arrays import Ids
    from babelwire.ann import ids_digest

    given = ["3c180e9551c7fb8d", "synthetic-00000001", "x", "ünïcode-id", "93a918282194d9a4", "ends-in-nul\0"]
    ids = Ids()
    for article_id in given:
        ids.append(article_id)
    assert len(ids) == len(given) and list(ids) == given
    assert [ids[p] for p in range(len(given))] == given
    assert ids_digest(ids) == ids_digest(given)   # a saved graph's record reads the same
    with pytest.raises(IndexError):
        ids[len(given)]


def test_story_members_give_each_storys_positions_in_order_as_a_list_per_story_would():
    """StoryMembers (the index's stories, a chain through the positions) against a list per story: dense ids, None,
    a negative id, one far beyond the rest, a story id first seen late; latest k, all, sliced, counts, the set."""
    import random

    from babelwire.index_arrays import StoryMembers

    rng = random.Random(4)
    members, model = StoryMembers(), {}
    choices = list(range(1, 40)) + [None, -3, 10**12, "x"]
    for position in range(3000):
        story = rng.choice(choices) if position < 2500 else rng.choice([5, 600, None])   # 600: new, dense later
        members.append(story, position)
        model.setdefault(story, []).append(position)
    for story in choices + [600, 7777, 0]:
        want = model.get(story, [])
        assert members.count(story) == len(want)
        assert members.positions(story) == want
        for k in (1, 3, 30, 10**6):
            assert members.positions(story, slice(-k, None)) == want[-k:]
        assert members.positions(story, slice(2, 5)) == want[2:5]
    assert members.story_ids() == {s for s in model if s is not None}


def test_ids_and_story_members_added_a_chunk_at_a_time_read_as_added_one_by_one():
    """What opening a store adds as arrays (Ids.extend, StoryMembers.extend: a saved graph's rows, a chunk at a time)
    gives back what appending one by one gives: ids of other lengths, not ASCII or ending in NUL among them; story ids
    dense, None, negative, far beyond the rest, not ints, a story met in an earlier chunk and one kept aside before a
    chunk that would find it dense."""
    import random

    from babelwire.index_arrays import Ids, StoryMembers

    rng = random.Random(11)
    given = [f"{rng.getrandbits(64):016x}" for _ in range(400)]
    given[50], given[120], given[121], given[300] = "ünïcode-id", "ends-in-nul\0", "x", "a-much-longer-id-than-the-rest"
    chunked, one_by_one = Ids(), Ids()
    for a, b in ((0, 100), (100, 101), (101, 200), (200, 400)):
        chunked.extend(given[a:b])
    for article_id in given:
        one_by_one.append(article_id)
    assert list(chunked) == list(one_by_one) == given

    choices = list(range(1, 60)) + [None, -3, 10**12, 10**30, "x", 0]
    stories = [rng.choice(choices) for _ in range(3000)]
    stories[10] = 5000   # beyond _dense's bound at its position one by one, and at its chunk's: kept aside ...
    stories[2900] = 5000   # ... and found in a later chunk (within the bound by then): still kept aside
    members, model = StoryMembers(), {}
    members.append(stories[0], 0)
    for a, b in ((1, 2), (2, 700), (700, 2000), (2000, 3000)):
        members.extend(stories[a:b], a)
    for position, story in enumerate(stories):
        model.setdefault(story, []).append(position)
    for story in set(choices) | {5000, 7777}:
        want = model.get(story, [])
        assert members.count(story) == len(want)
        assert members.positions(story) == want
        assert members.positions(story, slice(-3, None)) == want[-3:]
    assert members.story_ids() == {s for s in model if s is not None}


def test_with_the_graph_story_members_are_read_back_in_one_query_and_centred_again_only_when_the_means_move(
        monkeypatch):
    """members_many reads back every asked story's members (here: those not in English) with one load call, each
    centred as centred() would; used again while its language's means hold, an item is the same object (not
    centred again); once they move, it is centred with the new means."""
    from babelwire import link_index
    from babelwire.link import centred

    monkeypatch.setattr(link_index, "ANN_MIN_ARTICLES", 4)
    stored = {}
    index, reads = _index_reading_from(stored)
    rows = []
    for k in range(9):
        a = article(f"s{k}", f"text {k}", vector(topic=0.3, own=0.7), lang=("en", "de", "fr")[k % 3])
        a.paragraph_vectors = np.stack([a.lead_vector, vector(own=1.0)])
        a.paragraphs = [a.paragraphs[0], "second"]
        a.story_id = 1 + k // 3
        a.published = f"2026-11-{10 + k:02d}"
        stored[a.id] = a
        rows.append((a.id, a.story_id, a.lang, a.published, a.lead_vector))
    index.means.add(stored["s1"])   # a German mean that is not zero
    index.add_stored_many(rows)
    assert index._ann is not None and index.resident == 0
    got = index.members_many([1, 2, 3], slice(-2, None), other_than="en")
    assert len(reads) == 1 and sorted(reads[0]) == ["s1", "s2", "s4", "s5", "s7", "s8"]
    assert {s: [m.article.id for m in ms] for s, ms in got.items()} == {1: ["s1", "s2"], 2: ["s4", "s5"],
                                                                          3: ["s7", "s8"]}
    for members in got.values():
        for m in members:
            want = centred(m.article, index.means)
            assert np.array_equal(m.lead, want.lead) and np.array_equal(m.paragraphs, want.paragraphs)
            assert m.time == want.time and m.date_only == want.date_only
    german = got[1][0]
    assert index.members(1, slice(-2, None), other_than="en")[0] is german   # held, means unchanged
    index.means.add(stored["s4"])   # German again: its means move, French ones do not
    again = index.members_many([1], slice(-2, None), other_than="en")[1]
    assert len(reads) == 1   # nothing read back
    assert again[0] is not german and again[1] is got[1][1]
    assert not np.array_equal(again[0].lead, german.lead)
    assert np.array_equal(again[0].lead, centred(german.article, index.means).lead)


def test_a_storys_size_and_languages_come_from_the_index_without_reading_its_articles_back():
    stored = {}
    index, reads = _index_reading_from(stored)
    rows = []
    for k, lang in enumerate(["en", "en", None, "de", "en"]):
        a = article(f"l{k}", f"text {k}", vector(topic=0.5, own=0.5), lang=lang or "en")
        a.lang, a.story_id = lang, 7 if k < 4 else 8
        stored[a.id] = a
        rows.append((a.id, a.story_id, a.lang, None, a.lead_vector))
    index.add_stored_many(rows)
    assert index.story_languages(7) == {"en", None, "de"} and index.story_languages(8) == {"en"}
    assert index.story_languages(99) == set() and index.story_size(7) == 4
    assert reads == []
