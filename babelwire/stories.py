"""Within a story: which article derives from which, and what that implies.

An article *derives from* another when it translates or rewrites it. Every
member is ranked by how likely it is to be an original ("sourceness"):

1. it credits a wire agency in its own text (wire copy is where rewrites come from);
2. it was published earlier (articles without a date rank after dated ones);
3. it was stored earlier.

A member can only derive from a member ranked above it, so derivation links
never form a cycle. Among those, it derives from the highest-ranked one that
covers it: at least ``DERIVATION_MIN_COVERAGE`` of its paragraphs find a
paragraph there with centred cosine ≥ ``ALIGN_MIN_COSINE``. Rewrites usually
come from the original, not from a sibling translation, so the most original
covering member wins, not the most similar one.

Derivation is recomputed for the whole story whenever it gains members: a
source that arrives after its translation still becomes its source.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional

import numpy as np

from babelwire.link import Indexed
from babelwire.settings import ALIGN_MIN_COSINE, DERIVATION_MIN_COVERAGE

_LATEST = datetime.max.replace(tzinfo=timezone.utc)


@dataclass
class Derivation:
    article_id: str
    derived_from: Optional[str]
    confidence: Optional[float]
    wire_inferred: list[str]
    evidence: dict[str, Any]
    alignment: list[tuple[int, int, float]]  # (derived paragraph, source paragraph, cosine)


def sourceness_key(item: Indexed, seq: int) -> tuple:
    return (0 if item.article.wire else 1, item.time or _LATEST, seq)


def align_paragraphs(derived: np.ndarray, source: np.ndarray) -> list[tuple[int, int, float]]:
    """Each derived paragraph's best source paragraph, when the cosine clears the bar.

    Many-to-one falls out naturally (two derived paragraphs may pick one
    source paragraph); reordering is allowed.
    """
    sims = derived @ source.T
    best = sims.argmax(axis=1)
    return [
        (d, int(s), float(sims[d, s])) for d, s in enumerate(best) if sims[d, s] >= ALIGN_MIN_COSINE
    ]


def coverage(derived: np.ndarray, source: np.ndarray) -> float:
    if len(derived) == 0 or len(source) == 0:
        return 0.0
    return float(((derived @ source.T).max(axis=1) >= ALIGN_MIN_COSINE).mean())


def derive(members: list[Indexed]) -> list[Derivation]:
    """Derivation for every member of one story (members in store order)."""
    ranked = sorted(enumerate(members), key=lambda p: sourceness_key(p[1], p[0]))
    by_id = {m.article.id: m for m in members}
    parent: dict[str, Optional[str]] = {}
    results: list[Derivation] = []
    for rank, (_, item) in enumerate(ranked):
        chosen, chosen_cover = None, 0.0
        covers = {}
        for _, above in ranked[:rank]:
            cover = coverage(item.paragraphs, above.paragraphs)
            covers[above.article.id] = round(cover, 3)
            if cover >= DERIVATION_MIN_COVERAGE:
                chosen, chosen_cover = above, cover
                break
        evidence: dict[str, Any] = {"coverage_by_candidate": covers}
        confidence = None
        alignment: list[tuple[int, int, float]] = []
        if chosen is not None:
            wire_gap = bool(chosen.article.wire) and not item.article.wire
            time_order = chosen.time is not None and item.time is not None and chosen.time < item.time
            evidence.update({
                "coverage": round(chosen_cover, 3),
                "source_credits_wire": wire_gap,
                "source_published_first": time_order,
            })
            confidence = round(chosen_cover * (0.6 + 0.2 * wire_gap + 0.2 * time_order), 3)
            alignment = align_paragraphs(item.paragraphs, chosen.paragraphs)
        parent[item.article.id] = None if chosen is None else chosen.article.id
        results.append(Derivation(item.article.id, parent[item.article.id], confidence, [], evidence, alignment))

    for result in results:
        result.wire_inferred = _inherited_wire(result.article_id, parent, by_id)
    return results


def _inherited_wire(article_id: str, parent: dict[str, Optional[str]], by_id: dict[str, Indexed]) -> list[str]:
    """Agencies credited up the derivation chain that the article itself does not credit."""
    own = set(by_id[article_id].article.wire)
    inherited: set[str] = set()
    current = parent.get(article_id)
    while current is not None:
        inherited.update(by_id[current].article.wire)
        current = parent.get(current)
    return sorted(inherited - own)


def story_title(members: list[Indexed]) -> Optional[str]:
    """The title of the story's most original member."""
    ranked = sorted(enumerate(members), key=lambda p: sourceness_key(p[1], p[0]))
    for _, item in ranked:
        if item.article.title:
            return item.article.title
    return None
