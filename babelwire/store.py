"""SQLite store: one file, WAL mode, tables a person can read in datasette.

Tables: ``articles``, ``paragraphs``, ``removed_spans``, ``stories``, ``links``,
``entities``, ``alignments``, plus the corpus statistics later batches learn
from (``site_debris``, ``language_means``) and ``ingest_errors``. Vectors are
float32 BLOBs beside their rows while the corpus is small.

Every batch is written in one transaction: a crash mid-batch leaves the last
committed batch intact, and re-ingesting the same bytes is a no-op (the
article id is the content hash).
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import numpy as np

from babelwire.article import Article, Entity, RemovedSpan

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    external_id TEXT,
    path TEXT,
    url TEXT,
    source TEXT,
    fmt TEXT,
    encoding TEXT,
    repairs TEXT,
    title TEXT,
    byline TEXT,
    published TEXT,
    dateline TEXT,
    wire TEXT,
    wire_inferred TEXT,
    credits TEXT,
    lang TEXT,
    lang_score REAL,
    story_id INTEGER REFERENCES stories(id),
    derived_from TEXT,
    derived_confidence REAL,
    given TEXT,
    extra TEXT,
    token_keys TEXT,
    lead_vector BLOB,
    ingested_at TEXT NOT NULL,
    entities_packed TEXT,   -- the entities rows' (kind, surface, key) as JSON, for reading back in one place
    -- the texts last: a row's later columns lie past them in its overflow pages, which a read of those columns
    -- walks (Store.index_articles reads all but these two; stores from before have them after derived_confidence)
    text TEXT,
    raw TEXT
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS articles_seq ON articles(seq);   -- MAX(seq) per new article without a table scan
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
-- what an ingest's index reads of each stored article whose lead a saved graph holds (store order): the open reads
-- this index alone, not the articles' rows (a million real articles: ~6 GB of rows, cold 62 s to open; built once
-- when a store from before it is first opened for writing)
CREATE INDEX IF NOT EXISTS articles_open ON articles(seq, id, story_id, lang, published);
CREATE TABLE IF NOT EXISTS paragraphs (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector BLOB,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS removed_spans (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    reason TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE IF NOT EXISTS links (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    story_id INTEGER NOT NULL REFERENCES stories(id),
    score REAL,
    new_story INTEGER NOT NULL,
    explanation TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    article_id TEXT NOT NULL REFERENCES articles(id),
    kind TEXT NOT NULL,
    surface TEXT NOT NULL,
    key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_key ON entities(key);
CREATE INDEX IF NOT EXISTS entities_article ON entities(article_id);
CREATE TABLE IF NOT EXISTS alignments (
    derived_id TEXT NOT NULL REFERENCES articles(id),
    source_id TEXT NOT NULL REFERENCES articles(id),
    level TEXT NOT NULL,
    derived_idx INTEGER NOT NULL,
    source_idx INTEGER NOT NULL,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS alignments_pair ON alignments(derived_id, source_id);
CREATE TABLE IF NOT EXISTS site_debris (
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    n_articles INTEGER NOT NULL,
    PRIMARY KEY (site, key, kind)
);
CREATE TABLE IF NOT EXISTS language_means (
    kind TEXT NOT NULL,
    lang TEXT NOT NULL,
    n INTEGER NOT NULL,
    sum BLOB NOT NULL,
    PRIMARY KEY (kind, lang)
);
CREATE TABLE IF NOT EXISTS second_tier_leads (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS store_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ingest_errors (
    path TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
"""

JSON_COLUMNS = ("repairs", "wire", "wire_inferred", "credits", "given", "extra")
# the articles columns Store.index_articles reads: all but the raw and cleaned texts
_INDEX_NAMES = ("id", "external_id", "path", "url", "source", "fmt", "encoding", "repairs", "title", "byline",
                "published", "dateline", "wire", "wire_inferred", "credits", "lang", "lang_score", "story_id",
                "derived_from", "derived_confidence", "given", "extra", "token_keys", "lead_vector",
                "entities_packed")
# Columns added to the articles table after stores were first written: (name, type), added by ALTER TABLE when
# such a store is opened for writing (a reader of one without them reads NULL in their place).
_ADDED_COLUMNS = (("entities_packed", "TEXT"),)


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def read_info(db: sqlite3.Connection, key: str) -> Optional[str]:
    """A value a store keeps about itself (``mode``: the embedding mode of its last ingest); None when it has
    none (or, opened read-only, is older than the table)."""
    try:
        row = db.execute("SELECT value FROM store_info WHERE key=?", (key,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else row[0]


def _id_chunks(ids: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """The ids without repeats, 500 at a time, each chunk with its ``?`` marks for an ``IN (...)`` list."""
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        yield chunk, ",".join("?" * len(chunk))


def _from_row(data: dict[str, Any], raw: str) -> Article:
    """An article from its ``articles`` row (by column name; JSON columns parsed here), without what other tables
    hold (paragraphs, entities, removed spans, its link, vectors)."""
    for key in JSON_COLUMNS:
        data[key] = json.loads(data[key]) if data[key] else ([] if key in ("repairs", "wire", "wire_inferred") else {})
    return Article(
        id=data["id"], raw=raw, path=data["path"], url=data["url"], source=data["source"],
        external_id=data["external_id"], fmt=data["fmt"], encoding=data["encoding"],
        repairs=data["repairs"], title=data["title"], byline=data["byline"], published=data["published"],
        dateline=data["dateline"], wire=data["wire"], wire_inferred=data["wire_inferred"],
        credits=data["credits"], given=data["given"], extra=data["extra"], lang=data["lang"],
        lang_score=data["lang_score"] or 0.0, story_id=data["story_id"], derived_from=data["derived_from"],
        derived_confidence=data["derived_confidence"],
        token_keys=set(json.loads(data["token_keys"] or "[]")),
    )


def _pack_entities(entities: list[Entity]) -> str:
    """An article's entities as its ``entities_packed`` column holds them: ``[[kind, surface, key], ...]`` in their
    order (the entities table's rows, in one place: :meth:`Store.index_articles` reads them with the articles row,
    not from the entities table, one index lookup and one or two scattered pages fewer an article)."""
    return json.dumps([[e.kind, e.surface, e.key] for e in entities], ensure_ascii=False)


def _vector(blob: Optional[bytes]) -> Optional[np.ndarray]:
    return None if blob is None else np.frombuffer(blob, dtype=np.float32).copy()


def _blob(vector: Optional[np.ndarray]) -> Optional[bytes]:
    return None if vector is None else np.asarray(vector, dtype=np.float32).tobytes()


def _paragraph_blob(vector: np.ndarray) -> bytes:
    """A paragraph vector as stored: float16 (its values are float16 already: :func:`babelwire.embed.embed` rounds
    them, so nothing is lost), half the bytes of float32."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def _paragraph_matrix(blobs: list[bytes]) -> np.ndarray:
    """An article's paragraph vectors from their blobs, as one writable matrix: float16 rows from float16 blobs
    (768 bytes; from 2026-12-04: held as embedded), float32 rows from float32 ones (1,536: stores written before,
    whose values stay as they were)."""
    if not blobs:
        return np.zeros((0, 384), np.float16)
    joined = bytearray(b"".join(blobs))
    dtype = np.float16 if len(blobs[0]) == 384 * 2 else np.float32
    return np.frombuffer(joined, dtype).reshape(len(blobs), -1)


class Store:
    """The babelwire database. ``Store(path)`` creates it if missing.

    ``readonly=True`` opens it with SQLite's ``mode=ro`` (for readers such as
    the web app and ``stories``/``show``), so a reader can never write.
    """

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"{self.path}: no such database (run `babelwire ingest` first)")
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        else:
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
            have = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
            for name, kind in _ADDED_COLUMNS:
                if name not in have:
                    self.db.execute(f"ALTER TABLE articles ADD COLUMN {name} {kind}")
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys=ON")
        self._index_columns: Optional[str] = None   # what index_articles selects: at its first call

    def _index_select(self) -> str:
        """The articles columns :meth:`index_articles` selects (in a read-only store from before a column was
        added, NULL in its place), read from the schema once, when first needed: a reader that never reads back
        does not touch the file here."""
        if self._index_columns is None:
            have = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
            self._index_columns = ", ".join(name if name in have else f"NULL AS {name}" for name in _INDEX_NAMES)
        return self._index_columns

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One batch, all or nothing."""
        try:
            self.db.execute("BEGIN")
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    # --- writing ---------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def new_story(self, title: Optional[str]) -> int:
        stamp = now()
        cur = self.db.execute(
            "INSERT INTO stories(title, created_at, updated_at) VALUES (?, ?, ?)", (title, stamp, stamp)
        )
        return int(cur.lastrowid)

    def touch_story(self, story_id: int, title: Optional[str] = None) -> None:
        if title is None:
            self.db.execute("UPDATE stories SET updated_at=? WHERE id=?", (now(), story_id))
        else:
            self.db.execute("UPDATE stories SET updated_at=?, title=? WHERE id=?", (now(), title, story_id))

    def add_article(self, article: Article) -> None:
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        row = {
            "id": article.id, "seq": seq, "external_id": article.external_id, "path": article.path,
            "url": article.url, "source": article.source, "fmt": article.fmt, "encoding": article.encoding,
            "repairs": article.repairs, "title": article.title, "byline": article.byline,
            "published": article.published, "dateline": article.dateline, "wire": article.wire,
            "wire_inferred": article.wire_inferred, "credits": article.credits, "lang": article.lang,
            "lang_score": article.lang_score, "story_id": article.story_id,
            "derived_from": article.derived_from, "derived_confidence": article.derived_confidence,
            "text": article.text, "raw": article.raw, "given": article.given, "extra": article.extra,
            "token_keys": sorted(article.token_keys), "lead_vector": _blob(article.lead_vector),
            "ingested_at": now(), "entities_packed": _pack_entities(article.entities),
        }
        for key in JSON_COLUMNS + ("token_keys",):
            row[key] = json.dumps(row[key], ensure_ascii=False, default=str)
        cols = ",".join(f'"{c}"' for c in row)
        self.db.execute(f"INSERT INTO articles({cols}) VALUES ({','.join('?' * len(row))})", list(row.values()))
        vectors = article.paragraph_vectors
        self.db.executemany(
            "INSERT INTO paragraphs(article_id, idx, text, vector) VALUES (?, ?, ?, ?)",
            [
                (article.id, i, text, _paragraph_blob(vectors[i]) if vectors is not None and i < len(vectors) else None)
                for i, text in enumerate(article.paragraphs)
            ],
        )
        self.db.executemany(
            'INSERT INTO removed_spans(article_id, idx, reason, text, start, "end") VALUES (?, ?, ?, ?, ?, ?)',
            [(article.id, i, s.reason, s.text, s.start, s.end) for i, s in enumerate(article.removed)],
        )
        self.db.executemany(
            "INSERT INTO entities(article_id, kind, surface, key) VALUES (?, ?, ?, ?)",
            [(article.id, e.kind, e.surface, e.key) for e in article.entities],
        )
        self.db.execute(
            "INSERT INTO links(article_id, story_id, score, new_story, explanation, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                article.id, article.story_id, article.link_score,
                int(bool(article.link_explanation.get("new_story"))),
                json.dumps(article.link_explanation, ensure_ascii=False), now(),
            ),
        )

    def set_derivation(self, article_id: str, derived_from: Optional[str], confidence: Optional[float],
                       wire_inferred: list[str], evidence: dict[str, Any],
                       extra: Optional[dict[str, Any]] = None) -> None:
        """Store an article's derivation (its ``extra`` gains ``derivation``: ``evidence``).

        ``extra``: the article's ``extra`` as stored (the ingest holds the article it stored, or read
        from the store), so that it need not be read back; None: read back here. Either gives the same
        text: JSON read back is written again as it was."""
        if extra is None:
            extra = json.loads(self.db.execute("SELECT extra FROM articles WHERE id=?", (article_id,)).fetchone()[0])
        extra = dict(extra)   # the caller's dict stays as it was
        extra["derivation"] = evidence
        self.db.execute(
            "UPDATE articles SET derived_from=?, derived_confidence=?, wire_inferred=?, extra=? WHERE id=?",
            (derived_from, confidence, json.dumps(wire_inferred),
             json.dumps(extra, ensure_ascii=False, default=str), article_id),
        )

    def replace_alignments(self, derived_id: str, level: str, rows: list[tuple[str, int, int, float]]) -> None:
        """Alignment rows ``(source_id, derived_idx, source_idx, score)`` for one derived article."""
        self.db.execute("DELETE FROM alignments WHERE derived_id=? AND level=?", (derived_id, level))
        self.db.executemany(
            "INSERT INTO alignments(derived_id, source_id, level, derived_idx, source_idx, score)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(derived_id, s, level, d, i, float(score)) for s, d, i, score in rows],
        )

    def record_error(self, path: str, reason: str) -> None:
        self.db.execute("INSERT INTO ingest_errors(path, reason, at) VALUES (?, ?, ?)", (path, reason, now()))

    def save_rows(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        """Replace a statistics table (``site_debris``, ``language_means``) with ``rows``."""
        self.db.execute(f"DELETE FROM {table}")
        self._insert_rows("INSERT", table, columns, rows)

    def upsert_rows(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        """Insert ``rows`` into a statistics table, replacing those with the same primary key."""
        self._insert_rows("INSERT OR REPLACE", table, columns, rows)

    def delete_rows(self, table: str, key_columns: tuple[str, ...], keys: Iterable[tuple]) -> None:
        """Delete the rows of a statistics table whose ``key_columns`` are each of ``keys``."""
        where = " AND ".join(f"{column} = ?" for column in key_columns)
        self.db.executemany(f"DELETE FROM {table} WHERE {where}", keys)

    def _insert_rows(self, verb: str, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        marks = ",".join("?" * len(columns))
        self.db.executemany(f"{verb} INTO {table}({','.join(columns)}) VALUES ({marks})", rows)

    def load_rows(self, table: str, columns: tuple[str, ...]) -> list[tuple]:
        return list(self.iter_rows(table, columns))

    def iter_rows(self, table: str, columns: tuple[str, ...]) -> Iterator[tuple]:
        """:meth:`load_rows` one row at a time (a big table's rows are not all in memory at once)."""
        return (tuple(r) for r in self.db.execute(f"SELECT {','.join(columns)} FROM {table}"))

    def info(self, key: str) -> Optional[str]:
        """A value the store keeps about itself (:func:`read_info`)."""
        return read_info(self.db, key)

    def set_info(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO store_info(key, value) VALUES (?, ?)", (key, value))

    # --- reading ---------------------------------------------------------------

    def article(self, article_id: str, vectors: bool = False) -> Optional[Article]:
        row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return None if row is None else self._article(row, vectors)

    def articles(self, story_id: Optional[int] = None, vectors: bool = False) -> list[Article]:
        if story_id is None:
            rows = self.db.execute("SELECT * FROM articles ORDER BY seq")
        else:
            rows = self.db.execute("SELECT * FROM articles WHERE story_id=? ORDER BY seq", (story_id,))
        return [self._article(r, vectors) for r in rows]

    def articles_by_id(self, ids: Iterable[str], vectors: bool = True) -> dict[str, Article]:
        """The stored articles with these ids (those found), by id, whole, with their vectors unless told not to
        (the ingest's index reads less: :meth:`index_articles`)."""
        out: dict[str, Article] = {}
        for chunk, marks in _id_chunks(ids):
            for row in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk).fetchall():
                out[row["id"]] = self._article(row, vectors)
        return out

    def index_articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """What the ingest's index reads back of stored articles it does not hold in memory (those found, by id):
        each with its vectors, paragraphs, entities and the articles row, but not its raw text (``raw`` is left
        empty), removed spans or link explanation, which linking and derivation never read (:meth:`article`
        has them). Two queries for every 500 articles (the entities from the articles row's ``entities_packed``;
        a third, of the entities table, for articles stored before that column); about half the time of
        :meth:`articles_by_id` an article, which made the slowest links against a big store (up to ~100 stored
        articles read back for one new article: its candidates and their stories' latest members)."""
        out: dict[str, Article] = {}
        for chunk, marks in _id_chunks(ids):
            paragraphs: dict[str, list[tuple[str, bytes]]] = {}
            for article_id, text, vector in self.db.execute(
                    f"SELECT article_id, text, vector FROM paragraphs WHERE article_id IN ({marks}) "
                    "ORDER BY article_id, idx", chunk):
                paragraphs.setdefault(article_id, []).append((text, vector))
            unpacked: list[Article] = []   # stored before entities_packed: their entities from the entities table
            for row in self.db.execute(f"SELECT {self._index_select()} FROM articles WHERE id IN ({marks})", chunk):
                data = dict(zip(_INDEX_NAMES, row))
                article = _from_row(data, raw="")
                rows = paragraphs.get(article.id, [])
                article.paragraphs = [text for text, _ in rows]
                if data["entities_packed"] is None:
                    unpacked.append(article)
                else:
                    article.entities = [Entity(*e) for e in json.loads(data["entities_packed"])]
                article.lead_vector = _vector(data["lead_vector"])
                # one copy of the rows, as one float32 matrix (writable, as _vector's copies are)
                article.paragraph_vectors = _paragraph_matrix([v for _, v in rows])
                out[article.id] = article
            if unpacked:
                entities: dict[str, list[Entity]] = {}
                marks = ",".join("?" * len(unpacked))
                for article_id, kind, surface, key in self.db.execute(
                        f"SELECT article_id, kind, surface, key FROM entities WHERE article_id IN ({marks}) "
                        "ORDER BY article_id, rowid", [a.id for a in unpacked]):
                    entities.setdefault(article_id, []).append(Entity(kind, surface, key))
                for article in unpacked:
                    article.entities = entities.get(article.id, [])
        return out

    def first_ids(self, n: int) -> list[str]:
        """The ids of the first ``n`` stored articles, in store order."""
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY seq LIMIT ?", (n,))]

    def count_articles(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def index_rows(self, leads_from: int = 0) -> Iterator[tuple[str, Optional[int], Optional[str], Optional[str],
                                                                 Optional[np.ndarray]]]:
        """Each stored article's id, story, language, publication time and raw lead vector, in store order:
        what the ingest's index holds of a stored article it has not read back. The first ``leads_from`` come
        without their lead (None): the caller holds those already (a saved graph of them), and they are read from
        the ``articles_open`` index alone, not from the articles' rows."""
        last = 0   # (seq counts from 1)
        if leads_from > 0:
            for last, article_id, story_id, lang, published in self.db.execute(
                    "SELECT seq, id, story_id, lang, published FROM articles ORDER BY seq LIMIT ?", (leads_from,)):
                yield article_id, story_id, lang, published, None
        for row in self.db.execute(
                "SELECT id, story_id, lang, published, lead_vector FROM articles WHERE seq > ? ORDER BY seq", (last,)):
            yield row[0], row[1], row[2], row[3], _vector(row[4])

    def _article(self, row: sqlite3.Row, vectors: bool) -> Article:
        data = dict(row)
        article = _from_row(data, raw=data["raw"])
        paragraphs = self.db.execute(
            "SELECT text, vector FROM paragraphs WHERE article_id=? ORDER BY idx", (article.id,)
        ).fetchall()
        article.paragraphs = [p["text"] for p in paragraphs]
        article.removed = [
            RemovedSpan(r["text"], r["reason"], r["start"], r["end"])
            for r in self.db.execute(
                'SELECT text, reason, start, "end" FROM removed_spans WHERE article_id=? ORDER BY idx', (article.id,)
            )
        ]
        article.entities = [
            Entity(r["kind"], r["surface"], r["key"])
            for r in self.db.execute("SELECT kind, surface, key FROM entities WHERE article_id=?", (article.id,))
        ]
        link = self.db.execute("SELECT score, explanation FROM links WHERE article_id=?", (article.id,)).fetchone()
        if link is not None:
            article.link_score = link["score"]
            article.link_explanation = json.loads(link["explanation"] or "{}")
        if vectors:
            article.lead_vector = _vector(data["lead_vector"])
            article.paragraph_vectors = _paragraph_matrix([p["vector"] for p in paragraphs])
        return article

    def story_rows(self) -> list[dict[str, Any]]:
        """One dict per story: id, title, languages, articles (ids), first/last published."""
        stories = []
        for story in self.db.execute("SELECT * FROM stories ORDER BY id"):
            members = self.db.execute(
                "SELECT id, lang, published FROM articles WHERE story_id=? ORDER BY seq", (story["id"],)
            ).fetchall()
            if not members:
                continue
            dates = sorted(m["published"] for m in members if m["published"])
            stories.append({
                "id": story["id"],
                "title": story["title"],
                "languages": sorted({m["lang"] for m in members if m["lang"]}),
                "articles": [m["id"] for m in members],
                "first_published": dates[0] if dates else None,
                "last_published": dates[-1] if dates else None,
            })
        return stories

    def story(self, story_id: int) -> Optional[dict[str, Any]]:
        for row in self.story_rows():
            if row["id"] == story_id:
                return row
        return None

    def errors(self) -> list[dict[str, str]]:
        return [dict(r) for r in self.db.execute("SELECT path, reason, at FROM ingest_errors ORDER BY rowid")]

    def alignments(self, derived_id: str, level: str = "paragraph") -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.db.execute(
                "SELECT source_id, derived_idx, source_idx, score FROM alignments"
                " WHERE derived_id=? AND level=? ORDER BY derived_idx, source_idx",
                (derived_id, level),
            )
        ]
