"""A derived article beside its source, aligned, with dropped, added and changed facts marked.

Two engines, one view (:class:`Comparison`):

- **sentence level** — :func:`babelwire.provenance.compare` (the drift report: kept / dropped / added
  sentences, changed facts, framing), used when that module is present and both articles' sentence
  vectors are already stored (or the reader asks for it: it then embeds the sentences, which takes
  seconds);
- **paragraph level** — the ``alignments`` table the ingest writes (derived paragraph → source
  paragraph, with its cosine); a source paragraph nothing aligns to was dropped, a derived paragraph
  aligned to nothing was added.

The seam is :func:`compare`: it picks the engine and both return rows of :class:`Row`. Either way the
facts inside an aligned pair (names, numbers, dates as language-independent keys, from
:mod:`babelwire.entities`) are compared, and those only one side has are marked.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Optional

from babelwire.article import Article
from babelwire.entities import find_entities, shared_keys
from babelwire.web.search import MODEL_LOCK

Segment = tuple[str, Optional[str]]     # text and a CSS class (None: plain)


@dataclass
class Cell:
    label: str
    segments: list[Segment]
    repeat: bool = False                # a source unit shown again (many-to-one)


@dataclass
class Row:
    status: str                         # kept | changed | dropped | added
    source: Optional[Cell] = None
    derived: Optional[Cell] = None
    score: Optional[float] = None
    notes: list[str] = field(default_factory=list)
    source_order: Optional[int] = None  # first source unit, for placing dropped rows


@dataclass
class Comparison:
    source: Article
    derived: Article
    level: str                          # paragraph | sentence
    engine: str
    rows: list[Row]
    notes: list[str] = field(default_factory=list)      # whole-article notes (headline framing, direction)
    sentence_level_available: bool = False

    @property
    def counts(self) -> dict[str, int]:
        out = {"kept": 0, "changed": 0, "dropped": 0, "added": 0}
        for row in self.rows:
            out[row.status] += 1
        return out


# --- facts -------------------------------------------------------------------------------------------
def _view(text: str, lang: Optional[str]) -> tuple[Article, list]:
    entities, token_keys = find_entities(None, [text], lang)
    return Article(id="", raw="", lang=lang, entities=entities, token_keys=token_keys), entities


def _found_in(view: Article, other: Article) -> set[str]:
    """Keys of ``view`` that ``other`` also states (in any script: :func:`shared_keys`)."""
    return set().union(*shared_keys(view, other).values())


def mark_facts(source_text: str, derived_text: str, source: Article,
               derived: Article) -> tuple[list[Segment], list[Segment], list[str], bool]:
    """An aligned pair's texts as segments with their facts marked, notes, and whether a fact changed.

    A fact the other side states (in the aligned unit, or anywhere else in the other article: a
    rewrite moves facts between paragraphs) is ``fact-kept``. A fact the other article never states is
    ``fact-dropped`` in the source and ``fact-added`` in the rewrite; where an aligned pair has a number
    (date) only in the source and another only in the rewrite, both are ``fact-changed``.
    """
    sv, s_entities = _view(source_text, source.lang)
    dv, d_entities = _view(derived_text, derived.lang)
    s_kept = _found_in(sv, dv) | _found_in(sv, derived)
    d_kept = _found_in(dv, sv) | _found_in(dv, source)
    s_only = [e for e in s_entities if e.key not in s_kept]
    d_only = [e for e in d_entities if e.key not in d_kept]
    changed_kinds = ({e.kind for e in s_only} & {e.kind for e in d_only}) - {"name"}
    notes = []
    for kind in ("number", "date", "name"):
        s_k = list(dict.fromkeys(e.surface for e in s_only if e.kind == kind))
        d_k = list(dict.fromkeys(e.surface for e in d_only if e.kind == kind))
        if kind in changed_kinds:
            notes.append(f"{kind} changed: {', '.join(s_k)} → {', '.join(d_k)}")
            continue
        if s_k:
            notes.append(f"{kind} dropped: {', '.join(s_k)}")
        if d_k:
            notes.append(f"{kind} added: {', '.join(d_k)}")

    def css(entity, kept: set[str], only_class: str) -> str:
        if entity.key in kept:
            return "fact-kept"
        return "fact-changed" if entity.kind in changed_kinds else only_class

    source_marks = [(e.surface, css(e, s_kept, "fact-dropped")) for e in s_entities]
    derived_marks = [(e.surface, css(e, d_kept, "fact-added")) for e in d_entities]
    return (segments(source_text, source_marks), segments(derived_text, derived_marks), notes,
            bool(changed_kinds))


def mark_unpaired(text: str, article: Article, other: Article, only_class: str) -> tuple[list[Segment], list[str]]:
    """A dropped (added) unit's facts: ``fact-kept`` when the other article states them elsewhere."""
    view, entities = _view(text, article.lang)
    kept = _found_in(view, other)
    only = list(dict.fromkeys(e.surface for e in entities if e.key not in kept))
    word = "dropped" if only_class == "fact-dropped" else "added"
    notes = [f"facts {word}: {', '.join(only)}"] if only else []
    if entities and not only:
        notes.append(f"its facts are {'kept' if word == 'dropped' else 'in the source'} elsewhere")
    return segments(text, [(e.surface, "fact-kept" if e.key in kept else only_class) for e in entities]), notes


def segments(text: str, marks: list[tuple[str, str]]) -> list[Segment]:
    """Cut ``text`` at every occurrence of each marked surface (longest first, no overlaps)."""
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for surface, cls in sorted(marks, key=lambda m: -len(m[0])):
        if not surface.strip():
            continue
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            inside_word = (start > 0 and text[start - 1].isalnum() and surface[0].isalnum()) or (
                end < len(text) and text[end].isalnum() and surface[-1].isalnum())   # "Russia" in "Russian"
            if not inside_word and not any(taken[start:end]):
                spans.append((start, end, cls))
                taken[start:end] = [True] * (end - start)
            start = text.find(surface, end)
    out: list[Segment] = []
    at = 0
    for start, end, cls in sorted(spans):
        if start > at:
            out.append((text[at:start], None))
        out.append((text[start:end], cls))
        at = end
    if at < len(text) or not out:
        out.append((text[at:], None))
    return out


def _place_dropped(rows: list[Row], dropped: list[Row]) -> list[Row]:
    """Put each dropped source unit before the first row holding a later source unit."""
    for row in sorted(dropped, key=lambda r: r.source_order):
        at = next((i for i, r in enumerate(rows) if r.source_order is not None and r.source_order > row.source_order),
                  len(rows))
        rows.insert(at, row)
    return rows


def _pair_row(label_s: str, text_s: str, label_d: str, text_d: str, source: Article, derived: Article,
              score: Optional[float], order: int, repeat: bool = False) -> Row:
    seg_s, seg_d, notes, changed = mark_facts(text_s, text_d, source, derived)
    return Row("changed" if changed else "kept", Cell(label_s, seg_s, repeat), Cell(label_d, seg_d),
               score, notes, order)


# --- paragraph level: the alignments table ------------------------------------------------------------
def paragraph_rows(db: sqlite3.Connection, source: Article, derived: Article) -> list[Row]:
    aligned: dict[int, tuple[int, float]] = {}
    for d, s, score in db.execute(
        "SELECT derived_idx, source_idx, score FROM alignments WHERE derived_id=? AND source_id=?"
        " AND level='paragraph' ORDER BY derived_idx, score DESC",
        (derived.id, source.id),
    ):
        aligned.setdefault(d, (s, score))
    rows: list[Row] = []
    shown: set[int] = set()
    for d, text in enumerate(derived.paragraphs):
        if d in aligned and aligned[d][0] < len(source.paragraphs):
            s, score = aligned[d]
            rows.append(_pair_row(f"¶{s + 1}", source.paragraphs[s], f"¶{d + 1}", text, source, derived,
                                  round(score, 3), s, repeat=s in shown))
            shown.add(s)
        else:
            rows.append(_added_row(f"¶{d + 1}", text, source, derived))
    dropped = [_dropped_row(f"¶{s + 1}", text, s, source, derived)
               for s, text in enumerate(source.paragraphs) if s not in shown]
    return _place_dropped(rows, dropped)


def _added_row(label: str, text: str, source: Article, derived: Article) -> Row:
    segs, notes = mark_unpaired(text, derived, source, "fact-added")
    return Row("added", None, Cell(label, segs), notes=notes)


def _dropped_row(label: str, text: str, order: int, source: Article, derived: Article) -> Row:
    segs, notes = mark_unpaired(text, source, derived, "fact-dropped")
    return Row("dropped", Cell(label, segs), None, notes=notes, source_order=order)


# --- sentence level: babelwire.provenance (when present) ----------------------------------------------
def _provenance():
    try:
        from babelwire import provenance
    except Exception:   # noqa: BLE001 - absent, or broken mid-development: the paragraph view still works
        return None
    return provenance if hasattr(provenance, "compare") else None


def sentences_stored(db: sqlite3.Connection, *article_ids: str) -> bool:
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='sentences'").fetchone():
        return False
    marks = ",".join("?" * len(article_ids))
    found = db.execute(f"SELECT COUNT(DISTINCT article_id) FROM sentences WHERE article_id IN ({marks})",
                       article_ids).fetchone()[0]
    return found == len(set(article_ids))


def _label(units: list[dict[str, Any]]) -> str:
    idxs = [u["idx"] + 1 for u in units]
    paras = sorted({u["paragraph"] + 1 for u in units})
    span = f"s{idxs[0]}" if len(idxs) == 1 else f"s{idxs[0]}–{idxs[-1]}"
    return f"{span} (¶{', '.join(map(str, paras))})"


def sentence_rows(report: dict[str, Any], source: Article, derived: Article) -> tuple[list[Row], list[str]]:
    """Rows from a provenance drift report (docs/provenance.md)."""
    notes_by_group: dict[tuple, list[str]] = {}
    changed_groups: set[tuple] = set()
    for entry in report.get("changed", []) + report.get("framing", []):
        if entry.get("derived_sentences") is None:
            continue
        key = (tuple(entry["source_sentences"]), tuple(entry["derived_sentences"]))
        notes_by_group.setdefault(key, []).append(f"{entry['kind']}: {entry['detail']}")
        if entry in report.get("changed", []):
            changed_groups.add(key)
    headline = [f"{f['kind']}: {f['detail']}" for f in report.get("framing", []) if f.get("derived_sentences") is None]
    rows: list[tuple[int, Row]] = []
    for group in report.get("kept", []):
        src, der = group["source_sentences"], group["derived_sentences"]
        key = (tuple(s["idx"] for s in src), tuple(d["idx"] for d in der))
        row = _pair_row(_label(src), " ".join(s["text"] for s in src), _label(der), " ".join(d["text"] for d in der),
                        source, derived, group.get("score"), src[0]["idx"] if src else 0)
        provenance_notes = notes_by_group.get(key, [])
        if key in changed_groups:
            row.status = "changed"
        row.notes = provenance_notes + [n for n in row.notes if n not in provenance_notes]
        rows.append((der[0]["idx"] if der else 0, row))
    for unit in report.get("added", []):
        rows.append((unit["idx"], _added_row(_label([unit]), unit["text"], source, derived)))
    ordered = [row for _, row in sorted(rows, key=lambda p: p[0])]
    dropped = [_dropped_row(_label([u]), u["text"], u["idx"], source, derived) for u in report.get("dropped", [])]
    return _place_dropped(ordered, dropped), headline


def compare(store, derived: Article, source: Article, want_sentences: bool = False) -> Comparison:
    """The side-by-side view of ``derived`` against ``source`` (sentence level when available)."""
    db = store.db
    provenance = _provenance()
    stored = provenance is not None and sentences_stored(db, derived.id, source.id)
    notes: list[str] = []
    if provenance is not None and (stored or want_sentences):
        try:
            with MODEL_LOCK:
                report = provenance.compare(store, source.id, derived.id)
            src_id = report["source"]["id"]
            if src_id != source.id:
                source, derived = derived, source
                notes.append("provenance's direction vote makes the other article the source")
            rows, headline = sentence_rows(report, source, derived)
            direction = report.get("direction") or {}
            return Comparison(source, derived, "sentence", "babelwire.provenance.compare", rows,
                              notes + headline + [f"direction: {r}" for r in direction.get("reasons", [])],
                              sentence_level_available=True)
        except Exception as error:   # a module under development must not take the page down
            notes.append(f"sentence comparison failed ({type(error).__name__}: {error}); paragraph view shown")
    return Comparison(source, derived, "paragraph", "alignments table (paragraph level)",
                      paragraph_rows(db, source, derived), notes, sentence_level_available=provenance is not None)


def raw_with_debris(raw: str, removed: list[dict[str, Any]]) -> list[tuple[str, Optional[str]]]:
    """The raw text cut into kept pieces (reason None) and removed spans (their reason), by offsets."""
    spans = sorted((r["start"], r["end"], r["reason"]) for r in removed
                   if r["start"] is not None and r["end"] is not None and 0 <= r["start"] < r["end"] <= len(raw))
    out: list[Segment] = []
    at = 0
    for start, end, reason in spans:
        if start < at:
            continue
        if start > at:
            out.append((raw[at:start], None))
        out.append((raw[start:end], reason))
        at = end
    if at < len(raw):
        out.append((raw[at:], None))
    return out
