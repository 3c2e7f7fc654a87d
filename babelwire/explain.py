"""explain: the readable record of one linking decision (:func:`babelwire.link.link` calls it).

Each article's ``link_explanation``: its best match in its story (what joined it), the best matches
elsewhere, the links the story-level check refused, and ``why``, one sentence a user can read.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

from babelwire.article import Article
from babelwire.settings import LINK_LONE_MARGIN, LINK_RESCUE_MARGIN, LINK_RESCUE_MIN, LINK_THRESHOLD

if TYPE_CHECKING:
    from babelwire.link import PairSignals


def explain(article: Article, story: int, opens: bool, scored: list, final: list[int],
             refused: Sequence[tuple] = ()) -> None:
    """The article's best match in its story (what joined it), the best matches elsewhere, the links the
    story-level check refused (``refused``: (signals, other, batch index or None)), and why."""
    def story_of(m) -> Optional[int]:
        return final[m[2]] if m[2] is not None else m[1].article.story_id

    # a refused link to a group that later joined this story anyway is no refusal in the end
    turned_down = [m for m in refused if story_of(m) != story]

    mine = [m for m in scored if story_of(m) == story]
    others = [m for m in scored if story_of(m) != story]
    best = mine[0] if mine else (others[0] if others else None)
    signals = None if best is None else best[0]
    score = None if signals is None else round(signals.score, 4)
    article.link_score = score
    article.link_explanation = {
        "new_story": opens,
        "story": story,
        "threshold": LINK_THRESHOLD,
        "best_match": None if best is None else best[1].article.id,
        "best_story": None if best is None else story_of(best),
        "score": score,
        "signals": None if signals is None else signals.explain(),
        "runners_up": [
            {"article": m[1].article.id, "story": story_of(m), "score": round(m[0].score, 4)} for m in others[:3]
        ],
        "refused": [
            {"article": m[1].article.id, "story": story_of(m), "score": round(m[0].score, 4)} for m in turned_down
        ],
        "why": _why(opens, bool(mine), score, signals) + _why_refused(turned_down, story_of),
    }


def _why_refused(turned_down: list, story_of) -> str:
    if not turned_down:
        return ""
    m = max(turned_down, key=lambda t: t[0].score)
    more = f" (and {len(turned_down) - 1} more)" if len(turned_down) > 1 else ""
    return (f"; its link to story {story_of(m)} (score {m[0].score:.3f}){more} was refused by the story-level "
            f"check: its group and that story do not report one event as wholes")


def _why(opens: bool, matched: bool, score: Optional[float], signals: Optional[PairSignals]) -> str:
    if signals is None:
        return "first article in the store: opens a new story"
    parts = [f"lead cosine {signals.lead:.2f}", f"paragraph match {signals.paragraphs:.2f}"]
    if signals.names:
        parts.append(f"{len(signals.names)} shared names ({', '.join(n.split(':', 1)[-1] for n in signals.names[:5])})")
    if signals.numbers or signals.dates:
        parts.append(f"{len(signals.numbers) + len(signals.dates)} shared numbers/dates")
    if signals.hours_apart is not None:
        parts.append(f"{signals.hours_apart:.0f} h apart")
    clears = "≥" if score >= LINK_THRESHOLD else "<"
    evidence = f"score {score:.3f} {clears} {LINK_THRESHOLD} from " + ", ".join(parts)
    if matched and opens:
        return f"opens a new story that later articles of its batch join: best match among them {evidence}"
    if matched and score < LINK_THRESHOLD:
        return (f"joins under the bar, as a weak version in another language (every article of its group "
                f"has a match in this story in another language at {LINK_RESCUE_MIN} or more, and no other "
                f"story comes within {LINK_RESCUE_MARGIN}; or, alone, it matches this story's articles in other "
                f"languages best on average, by {LINK_LONE_MARGIN} or more): best match {evidence}")
    if matched:
        return f"joins {evidence}"
    if score >= LINK_THRESHOLD:
        # Its best stored match clears the bar but is not among its nearest matches, which form a story
        # of their own — or joining would have merged two stored stories.
        return f"opens a new story: its nearest matches are elsewhere; best match in another story {evidence}"
    return f"opens a new story: best match {evidence}"
