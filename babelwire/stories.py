"""Within a story: which article derives from which, and what that implies.

An article *derives from* another when it translates or rewrites it. Every
member is ranked by how likely it is to be an original ("sourceness"):

1. it credits a wire agency in its own text (wire copy is where rewrites come from);
2. it was published earlier (articles without a date rank after dated ones);
3. it was stored earlier.

A member can only derive from a member ranked above it, so derivation links
never form a cycle. Among those, it derives from the highest-ranked one whose
*derivation score* clears ``DERIVATION_THRESHOLD``. Rewrites usually come
from the original, not from a sibling translation, so the most original
qualifying member wins, not the most similar one.

The derivation score tells a translation or rewrite from an independent
report of the same event (which is just as similar in topic):
each derived paragraph's best source paragraph should stand out from the
source's other paragraphs (``margin``: best minus second-best cosine), the
matches should keep the source's order (``order``: longest increasing run of
matched positions over paragraph count), and be close (``mean_best``).

Derivation is recomputed for the whole story whenever it gains members: a
source that arrives after its translation still becomes its source.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Optional

import numpy as np

from babelwire.link import Indexed
from babelwire.settings import (
    ALIGN_MIN_COSINE,
    DERIVATION_SECOND_BEST_FLOOR,
    DERIVATION_THRESHOLD,
    DERIVATION_WEIGHTS,
)

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
    """Lower sorts first: wire copy (an agency in its dateline), then any wire credit,
    then publication time (a date without a time counts as the end of its day:
    it is not known to come before anything published that day), then store order."""
    article = item.article
    wire_copy = bool(article.wire and article.dateline)
    moment = item.time or _LATEST
    if item.date_only:
        moment = moment.replace(hour=23, minute=59, second=59)
    return (0 if wire_copy else 1, 0 if article.wire else 1, moment, seq)


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


def _longest_increasing_run(values: list[int]) -> int:
    tails: list[int] = []
    for value in values:
        at = bisect.bisect_right(tails, value)
        if at == len(tails):
            tails.append(value)
        else:
            tails[at] = value
    return len(tails)


def derivation_signals(derived: np.ndarray, source: np.ndarray) -> dict[str, float]:
    """How much ``derived`` looks like a translation/rewrite of ``source`` (centred paragraph vectors)."""
    if len(derived) == 0 or len(source) == 0:
        return {"mean_best": 0.0, "margin": 0.0, "order": 0.0, "coverage": 0.0, "score": 0.0}
    sims = derived @ source.T
    ordered = np.sort(sims, axis=1)
    best = ordered[:, -1]
    second = ordered[:, -2] if sims.shape[1] > 1 else np.full(len(best), DERIVATION_SECOND_BEST_FLOOR)
    signals = {
        "mean_best": float(best.mean()),
        "margin": float((best - second).mean()),
        "order": _longest_increasing_run(list(sims.argmax(axis=1))) / len(best),
        "coverage": float((best >= ALIGN_MIN_COSINE).mean()),
    }
    w = DERIVATION_WEIGHTS
    signals["score"] = w["mean_best"] * signals["mean_best"] + w["margin"] * signals["margin"] + w["order"] * signals["order"]
    return {k: round(v, 4) for k, v in signals.items()}


def derive(members: list[Indexed]) -> list[Derivation]:
    """Derivation for every member of one story (members in store order)."""
    ranked = sorted(enumerate(members), key=lambda p: sourceness_key(p[1], p[0]))
    by_id = {m.article.id: m for m in members}
    parent: dict[str, Optional[str]] = {}
    results: list[Derivation] = []
    for rank, (_, item) in enumerate(ranked):
        chosen, chosen_signals = None, None
        scores = {}
        for _, above in ranked[:rank]:
            signals = derivation_signals(item.paragraphs, above.paragraphs)
            scores[above.article.id] = signals["score"]
            if signals["score"] >= DERIVATION_THRESHOLD:
                chosen, chosen_signals = above, signals
                break
        evidence: dict[str, Any] = {"score_by_candidate": scores, "threshold": DERIVATION_THRESHOLD}
        confidence = None
        alignment: list[tuple[int, int, float]] = []
        if chosen is not None:
            wire_gap = bool(chosen.article.wire) and not item.article.wire
            time_order = (
                chosen.time is not None and item.time is not None
                and sourceness_key(chosen, 0)[2] < item.time
            )
            evidence.update({
                "signals": chosen_signals,
                "source_credits_wire": wire_gap,
                "source_published_first": time_order,
            })
            # How far the score clears the bar (saturating), raised by independent evidence of direction.
            strength = min(1.0, 0.5 + (chosen_signals["score"] - DERIVATION_THRESHOLD) / 0.5)
            confidence = round(strength * (0.6 + 0.2 * wire_gap + 0.2 * time_order), 3)
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
