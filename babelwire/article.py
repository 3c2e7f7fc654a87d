"""The one record that flows through every stage: :class:`Article`.

Each stage takes an iterable of articles and yields them back with its own
fields filled in (``read`` → ``clean`` → ``meta`` → ``language`` → ``embed`` →
``entities`` → ``link``). Nothing here touches the store or a model.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np


def content_id(raw: bytes) -> str:
    """The article id: first 16 hex digits of the SHA-256 of the raw bytes."""
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass
class RemovedSpan:
    """A piece of the raw text the clean stage took out, and why.

    ``start``/``end`` are character offsets into ``Article.raw`` (end exclusive),
    so what was removed can always be shown in place.
    """

    text: str
    reason: str
    start: int = -1
    end: int = -1


@dataclass
class Entity:
    """A name, place, organisation, number or date as a language-independent key.

    ``kind`` is one of ``name``, ``number``, ``date``; ``key`` is what other
    articles are compared on (``name:putin``, ``num:111``, ``date:12-30``).
    """

    kind: str
    surface: str
    key: str


@dataclass
class Article:
    id: str
    raw: str
    path: Optional[str] = None          # file it came from ("-" for stdin), with ":LINE" for JSON lines
    url: Optional[str] = None
    source: Optional[str] = None        # outlet / site (host of the url, or given)
    external_id: Optional[str] = None   # an id the input gave (JSON lines ``id``)
    fmt: str = "text"                   # text | html | jsonl
    encoding: str = "utf-8"
    repairs: list[str] = field(default_factory=list)   # what read had to fix (decoding, mojibake)

    # given by the input, or found by ``meta``
    title: Optional[str] = None
    body: Optional[str] = None          # raw body text (raw minus the title line for plain text)
    body_offset: int = 0                # where ``body`` starts inside ``raw``
    byline: Optional[str] = None
    published: Optional[str] = None     # ISO 8601
    dateline: Optional[str] = None
    wire: list[str] = field(default_factory=list)           # agencies the text credits
    wire_inferred: list[str] = field(default_factory=list)  # agencies it copies without credit
    credits: dict[str, list[str]] = field(default_factory=dict)  # {"writing": [...], "editing": [...]}
    given: dict[str, Any] = field(default_factory=dict)     # fields the input supplied (lang, published, ...)
    extra: dict[str, Any] = field(default_factory=dict)     # format metadata (trafilatura's, ...)

    # clean
    paragraphs: list[str] = field(default_factory=list)
    removed: list[RemovedSpan] = field(default_factory=list)

    # language
    lang: Optional[str] = None
    lang_score: float = 0.0

    # embed (unit vectors, not yet centred: centring needs corpus statistics)
    lead_vector: Optional[np.ndarray] = None
    paragraph_vectors: Optional[np.ndarray] = None

    # entities
    entities: list[Entity] = field(default_factory=list)
    token_keys: set[str] = field(default_factory=set)   # phonetic keys of every word, for caseless scripts

    # link / stories
    story_id: Optional[int] = None
    link_score: Optional[float] = None
    link_explanation: dict[str, Any] = field(default_factory=dict)
    derived_from: Optional[str] = None
    derived_confidence: Optional[float] = None

    @property
    def text(self) -> str:
        """The cleaned text: paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def lead(self) -> str:
        return lead_text(self.title, self.paragraphs)


def lead_text(title: Optional[str], paragraphs: list[str], chars: int = 500) -> str:
    """Title plus the first ``chars`` characters of the body: what the lead vector embeds."""
    body = " ".join(paragraphs)
    return ((title or "") + "\n" + body[:chars]).strip()


@dataclass
class ReadError:
    """An input that could not become an article: which file (and line), and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
