"""Link stage: decide, for each new article, which story it joins or whether it opens one.

Signals for a new article against another (all language-independent):

- ``lead``: cosine of the centred title+lead vectors;
- ``paragraphs``: how well the paragraphs of one are found in the other
  (mean best-match cosine of centred paragraph vectors, the better direction:
  a rewrite covers a subset of its source);
- shared entity keys: names (across scripts), numbers, dates;
- publication time: articles days apart rarely report the same event.

They are combined linearly (weights in :mod:`babelwire.settings`) into one
score. A batch is linked together: each new article is scored against its
candidates among the stored articles and against the other articles of its
batch, and is linked to its ``LINK_NEIGHBOURS`` best matches (near copies of
one text counting once) plus its ``LINK_OTHER_LANGUAGE_NEIGHBOURS`` best matches in
other languages, each if it clears ``LINK_THRESHOLD``. Linked articles form one story: a stored story when
a link reaches one, else a new one — but a link that would join two groups of
articles (two batch groups, or a batch group and a stored story) is taken only
when the groups report one event as wholes (a learned decision on their mean,
best and centroid scores and whether their years and numbers agree; across
languages the mean pair score ``LINK_STORY_MIN_MEAN``), so one strong pair
cannot chain two stories together. A group left with no link
at all joins the story of its best match in another language when every member
reaches that story at ``LINK_RESCUE_MIN`` and no other story comes close (a short
translation into a language the embedding serves poorly scores under the bar
against every version of its text), unless its own members already match each
other across languages (then it is the start of another text's story). Every decision keeps its
score and a readable explanation. Story ids are never renumbered and stored stories never
merge.

Why not "join the story of the single best stored match": the first report of a
second, similar event (same people, same kind of event: ECB+) finds only the
first event's story and often clears the bar against it, while its nearest
matches overall are the later reports of its own event (docs/accuracy.md,
"Where linking fails").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional

import numpy as np

from babelwire.article import Article
from babelwire.entities import shared_keys
from babelwire.explain import explain
# the index of stored articles and what it holds of each (re-exported: the linker's names since its start)
from babelwire.link_index import (Indexed, RawLeads, StoryIndex, _hours, centred, centred_paragraphs,  # noqa: F401
                                  is_date_only, parse_time)
from babelwire.link_tiers import ask_second_tier, uncertain
from babelwire.story_check import STORY_FEATURES, StoryCheck, story_features, story_logit  # noqa: F401
from babelwire.settings import (
    LINK_CANDIDATES,
    LINK_NEAR_COPY_LEAD,
    LINK_NEIGHBOURS,
    LINK_OTHER_LANGUAGE_NEIGHBOURS,
    LINK_RESCUE_MARGIN,
    LINK_RESCUE_MAX_OWN_CROSS_LANGUAGE,
    LINK_RESCUE_MIN,
    LINK_LONE_MARGIN,
    LINK_LONE_MIN_BEST,
    LINK_LONE_MIN_MEAN,
    LINK_THRESHOLD,
    LINK_WINDOW_DAYS,
    LINK_TIME_FREE_HOURS,
    LINK_TIME_PENALTY_PER_DAY,
    LINK_WEIGHTS,
)


_maximum = np.maximum.reduce


def paragraph_similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean best-match cosine of a's paragraphs in b, and of b's in a."""
    sims = a @ b.T
    # np.maximum.reduce is what ndarray.max runs, without its Python-level wrapper (same values; an empty
    # axis raises as it does)
    forward, backward = _maximum(sims, 1), _maximum(sims, 0)
    if not len(forward) or not len(backward) or sims.dtype not in (np.float32, np.float64):
        return float(forward.mean()), float(backward.mean())
    # ndarray.mean's arithmetic (the dtype's sum over the count, rounded back to the dtype) without its
    # Python-level overhead: this runs for every candidate pair
    kind = sims.dtype.type
    return (float(kind(float(np.add.reduce(forward)) / len(forward))),
            float(kind(float(np.add.reduce(backward)) / len(backward))))


@dataclass
class PairSignals:
    lead: float
    paragraphs: float
    names: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    hours_apart: Optional[float] = None
    cross_language: bool = False

    # the score (time penalty included) and the content score (without it): computed once, when the pair's
    # signals are made (they are never changed after): linking sorts, filters and checks each pair's
    # score several times (~139,000 reads of ~41,000 pairs on the 1,000-article bench corpus)
    score: float = field(init=False, repr=False, compare=False)
    content_score: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        w = LINK_WEIGHTS
        score = (
            w["lead"] * self.lead
            + w["paragraphs"] * self.paragraphs
            + w["names"] * (1.0 - math.exp(-len(self.names) / 3.0))
            + w["numbers_dates"] * (1.0 - math.exp(-(len(self.numbers) + len(self.dates)) / 2.0))
        )
        if self.cross_language:
            # Centred cosines of a text and its translation run lower than those of
            # two same-language texts on one topic (docs/accuracy.md): level them.
            score += w["cross_language"]
        self.content_score = score
        if self.hours_apart is not None and self.hours_apart > LINK_TIME_FREE_HOURS:
            score -= LINK_TIME_PENALTY_PER_DAY * (self.hours_apart - LINK_TIME_FREE_HOURS) / 24.0
        self.score = score

    def explain(self) -> dict[str, Any]:
        return {
            "lead_cosine": round(self.lead, 4),
            "paragraph_match": round(self.paragraphs, 4),
            "shared_names": self.names,
            "shared_numbers": self.numbers,
            "shared_dates": self.dates,
            "hours_apart": None if self.hours_apart is None else round(self.hours_apart, 1),
            "cross_language": self.cross_language,
        }


def pair_signals(x: Indexed, y: Indexed) -> PairSignals:
    forward, backward = paragraph_similarity(x.paragraphs, y.paragraphs)
    shared = shared_keys(x.article, y.article)
    hours = None
    if x.time is not None and y.time is not None:
        hours = abs((x.time - y.time).total_seconds()) / 3600.0
    return PairSignals(
        lead=float(x.lead @ y.lead),
        paragraphs=max(forward, backward),
        names=sorted(shared.get("name", ())),
        numbers=sorted(shared.get("number", ())),
        dates=sorted(shared.get("date", ())),
        hours_apart=hours,
        cross_language=bool(x.article.lang and y.article.lang and x.article.lang != y.article.lang),
    )


def decide(item: Indexed, index: StoryIndex) -> tuple[Optional[Indexed], PairSignals | None, list[dict]]:
    """The best stored article for ``item`` alone and its signals, plus the runners-up.

    What linking an article on its own, with no batch around it, starts from (see :func:`link`)."""
    scored = sorted(((pair_signals(item, o), o) for o in index.candidates(item)), key=lambda t: -t[0].score)
    runners = [{"article": o.article.id, "story": o.article.story_id, "score": round(g.score, 4)}
               for g, o in scored[1:4]]
    if not scored:
        return None, None, runners
    return scored[0][1], scored[0][0], runners


class _Groups:
    """Union-find over a batch's new articles (0..n-1); a group may hold at most one stored story."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.story: dict[int, Optional[int]] = {i: None for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: Optional[int] = None, story: Optional[int] = None) -> bool:
        """Put ``i`` with new article ``j`` or with stored ``story``; refused when that would put two
        stored stories together (stored stories never merge)."""
        a = self.find(i)
        if j is not None:
            b = self.find(j)
            if a == b:
                return True
            if None not in (self.story[a], self.story[b]) and self.story[a] != self.story[b]:
                return False
            self.parent[b] = a
            self.story[a] = self.story[a] if self.story[a] is not None else self.story[b]
            return True
        if self.story[a] is not None:
            return self.story[a] == story
        self.story[a] = story
        return True


def _neighbours(scored: list[tuple[PairSignals, Indexed, Optional[int]]], lang: Optional[str]) -> list:
    """The matches an article links through (``scored``: best first): its ``LINK_NEIGHBOURS`` best,
    a near copy of one already chosen not counting (copies of one wire text are each other's best
    matches and would link only among themselves), plus its best ``LINK_OTHER_LANGUAGE_NEIGHBOURS`` in
    other languages (a translation's nearest are often its same-language siblings), each only at
    ``LINK_THRESHOLD`` or above."""
    chosen: list = []
    for m in scored:
        if len(chosen) >= LINK_NEIGHBOURS:
            break
        if LINK_NEAR_COPY_LEAD is not None and any(
                float(m[1].lead @ c[1].lead) >= LINK_NEAR_COPY_LEAD for c in chosen):
            continue   # a near copy of a chosen match: the same text, not a second report
        chosen.append(m)
    other = [m for m in scored if m[1].article.lang != lang][:LINK_OTHER_LANGUAGE_NEIGHBOURS]
    chosen += [m for m in other if not any(m is c for c in chosen)]
    return [m for m in chosen if m[0].score >= LINK_THRESHOLD]


def link(articles: Iterable[Article], index: StoryIndex, new_story, second_tier=None) -> Iterator[Article]:
    """Give each article of a batch a ``story_id``, ``link_score`` and ``link_explanation``.

    Each new article is compared with its candidates among the stored articles and with the other
    articles of its batch (up to ``LINK_CANDIDATES`` each, nearest by lead cosine). It is linked to its
    ``LINK_NEIGHBOURS`` best matches (and its ``LINK_OTHER_LANGUAGE_NEIGHBOURS`` best in other languages)
    that score at least ``LINK_THRESHOLD``; articles linked directly or through others of the batch form one story — a
    stored one if a link reaches it, else a new one. Links are taken best first, and one that would
    join two stored stories is dropped (stored stories never merge, ids are never renumbered), as is
    one that would join two groups that do not report one event as wholes (:class:`babelwire.story_check.StoryCheck`).

    Why a batch and two neighbours rather than each article's single best stored match: the first
    report of a second, similar event (same people, same kind of event) finds only the first event's
    story and often scores high against it, while its nearest matches overall are the later reports of
    its own event in the same batch (docs/accuracy.md, "Where linking fails"). ``new_story(title) ->
    int`` allocates a story id (the store's autoincrement), in order of the stories' first articles.
    ``second_tier`` (tiered mode, :class:`babelwire.fast.SecondTier`) is asked where the groups that
    would open a new story go (:func:`babelwire.link_tiers.ask_second_tier`), and whether an uncertain link stands
    (:func:`babelwire.link_tiers.uncertain`; the explanation's ``second_tier_checked`` lists what it judged).
    """
    batch = list(articles)
    items = [centred(a, index.means) for a in batch]
    scored: list[list[tuple[PairSignals, Indexed, Optional[int]]]] = [[] for _ in items]
    for i, (item, found) in enumerate(zip(items, index.candidates_many(items))):
        for other in found:
            scored[i].append((pair_signals(item, other), other, None))
    if len(items) > 1:
        leads = np.stack([item.lead for item in items])
        sims = leads @ leads.T
        np.fill_diagonal(sims, -np.inf)
        # the candidates' time window holds within the batch too (a batch read from per-site feeds, or an
        # archive, spans any time): a pair published further apart is no candidate
        times = np.array([_hours(item) for item in items])
        sims[np.abs(times[:, None] - times[None, :]) > LINK_WINDOW_DAYS * 24.0] = -np.inf
        near = np.argsort(-sims, axis=1)[:, :LINK_CANDIDATES]
        pairs = {(min(i, int(j)), max(i, int(j))) for i in range(len(items)) for j in near[i]
                 if int(j) != i and sims[i, j] > -np.inf}
        for i, j in sorted(pairs):
            signals = pair_signals(items[i], items[j])
            scored[i].append((signals, items[j], j))
            scored[j].append((signals, items[i], i))
    for i in range(len(items)):
        scored[i].sort(key=lambda t: -t[0].score)

    edges = [(m[0].score, i, n, m) for i in range(len(items))
             for n, m in enumerate(_neighbours(scored[i], batch[i].lang))]
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    groups = _Groups(len(items))
    story_check = StoryCheck(items, index, groups, lambda x, y: pair_signals(x, y).content_score)
    refused: list[list[tuple]] = [[] for _ in items]   # links the story-level check turned down, per article
    for _, i, _, (signals, other, j) in edges:
        if not story_check.allows(i, j, None if j is not None else other.article.story_id):
            refused[i].append((signals, other, j))
            continue
        if second_tier is not None and uncertain(signals, groups, i, j) \
                and not second_tier.check(batch[i], other.article, signals.score):
            continue
        if j is None:
            groups.join(i, story=other.article.story_id)
        else:
            groups.join(i, j)
    _rescue(scored, groups, batch, story_check)
    if second_tier is not None:
        ask_second_tier(items, groups, second_tier, index, scored)

    opened: dict[int, int] = {}
    final: list[int] = []
    for i, article in enumerate(batch):
        root = groups.find(i)
        story = groups.story[root]
        if story is None:
            if root not in opened:
                opened[root] = new_story(article.title)
            story = opened[root]
        final.append(story)
    first = {story: min(i for i, s in enumerate(final) if s == story) for story in opened.values()}
    for i, article in enumerate(batch):
        article.story_id = final[i]
        explain(article, final[i], first.get(final[i]) == i, scored[i], final, refused[i])
        index.add(article, items[i])   # centred above with the same means (they change between batches)
    return iter(batch)


def _rescue(scored: list[list[tuple[PairSignals, Indexed, Optional[int]]]], groups: _Groups,
            batch: list[Article], story_check: Optional[StoryCheck] = None) -> None:
    """A group of the batch that would open a story, with no match outside it at ``LINK_THRESHOLD``,
    joins the story of its best match in another language when each of its members has a match in that
    story, in another language, scoring at least ``LINK_RESCUE_MIN``, and the best is at least
    ``LINK_RESCUE_MARGIN`` above the group's best match in any other story. A short translation into a
    language the embedding serves poorly (an Icelandic speech snippet), or a translation of only part of
    its source, scores under the bar against every version of its text while far above anything else:
    left alone it opens a story of its own. In one language a weak match is a similar event, not a
    version (ECB+), so it never counts here. A group whose own members match each other across languages
    at ``LINK_RESCUE_MAX_OWN_CROSS_LANGUAGE`` is not a weak version: the embedding serves its languages,
    and it is the start of another text's story. Groups are taken best first, again until none joins.

    A lone article that this leaves out (``story_check`` given) joins a story or batch group whose
    members in other languages it matches best *on average* (:func:`_lone_version`): one weak pair says
    little, but a translation matches every version of its text a little, and a story on the same theme
    only some. It is asked only when one of the article's candidate pairs in another language reaches
    ``LINK_LONE_MIN_BEST`` (it reads back every target's members: the step is the costliest of a link)."""
    if LINK_RESCUE_MIN is None:
        return

    def target(m) -> tuple:
        if m[2] is None:
            return ("stored", m[1].article.story_id)
        root = groups.find(m[2])
        return ("stored", groups.story[root]) if groups.story[root] is not None else ("batch", root)

    changed = True
    while changed:
        changed = False
        members: dict[int, list[int]] = {}
        for k in range(len(batch)):
            members.setdefault(groups.find(k), []).append(k)
        size = {("batch", root): len(ks) for root, ks in members.items()}
        options = []
        for root, ks in members.items():
            if groups.story[root] is not None:
                continue
            outside = [m for k in ks for m in scored[k] if target(m) != ("batch", root)]
            if not outside or max(m[0].score for m in outside) >= LINK_THRESHOLD:
                continue
            # Versions of one text in two languages that find each other at the bar are served well by the
            # embedding: their weak scores against a story say it reports another text (the first versions
            # of a new speech, at the end of a batch, against a stored speech on the same theme).
            if LINK_RESCUE_MAX_OWN_CROSS_LANGUAGE is not None and any(
                    m[0].cross_language and m[0].score >= LINK_RESCUE_MAX_OWN_CROSS_LANGUAGE
                    for k in ks for m in scored[k] if target(m) == ("batch", root)):
                continue
            # A lone article elsewhere is not a story yet: neither a place to join nor a rival.
            stories = [m for m in outside if size.get(target(m), 2) > 1]
            # Only a version in another language can bring the group in: in one language a weak match is
            # a similar event, not a translation (ECB+).
            versions = [m for m in stories if m[0].cross_language]
            if not versions:
                continue
            best = max(versions, key=lambda m: m[0].score)
            where = target(best)
            runner = max((m[0].score for m in stories if target(m) != where), default=0.0)
            # Every member must reach the story (a whole new story of many versions shares one weak
            # pair with another story at most), and the story must stand out.
            weakest = min(max((m[0].score for m in scored[k] if target(m) == where and m[0].cross_language),
                              default=-1.0) for k in ks)
            if weakest >= LINK_RESCUE_MIN and best[0].score - runner >= LINK_RESCUE_MARGIN:
                options.append((best[0].score, root, ("stored", best[1].article.story_id) if best[2] is None
                                else ("batch", best[2])))
            elif len(ks) == 1 and story_check is not None and LINK_LONE_MIN_MEAN is not None and (
                    best[0].score >= LINK_LONE_MIN_BEST):
                lone = _lone_version(ks[0], {target(m) for m in stories}, members, groups, story_check)
                if lone is not None:
                    options.append((lone[0], root, lone[1]))
        for _, root, (kind, where) in sorted(options, key=lambda o: -o[0]):
            if groups.story[groups.find(root)] is not None:
                continue
            if kind == "stored":
                joined = groups.join(root, story=where)
            else:
                joined = groups.join(root, where)
            if joined:
                changed = True
                break   # targets move with each join: look again


def _lone_version(k: int, targets: set[tuple], members: dict[int, list[int]], groups: _Groups,
                  story_check: StoryCheck) -> Optional[tuple[float, tuple]]:
    """Where lone article ``k`` goes as a weak version, or None: ``(mean, ("stored", story) | ("batch",
    member))`` for the target (a stored story or a batch group of 2+, among ``targets``) whose members
    in other languages it matches best on average (pair score, time penalty left out; a stored story's
    latest ``LINK_STORY_MEMBERS`` and its members of this batch), when that mean reaches
    ``LINK_LONE_MIN_MEAN`` and is ``LINK_LONE_MARGIN`` above the next target's, and its best pair there
    reaches ``LINK_LONE_MIN_BEST`` (targets with fewer than two members in other languages do not count). A short translation
    into a language the embedding serves poorly (an Icelandic speech snippet) scores low against every
    version of its text, its best pair often no better than one against a story on the same theme; but
    the versions of its own text it matches a little each, the other story's only here and there."""
    item = story_check.items[k]
    # (stored members in its own language are not read back: they do not count; the others of every stored
    # target are read back together)
    stored = story_check.stored_members_other_than_many([where for kind, where in targets if kind == "stored"],
                                                        item.article.lang)
    means = []
    for kind, where in targets:
        if kind == "stored":
            theirs = stored[where] + [
                story_check.items[q] for root, qs in members.items() if groups.story[root] == where for q in qs]
            join = ("stored", where)
        else:
            theirs = [story_check.items[q] for q in members[where]]
            join = ("batch", members[where][0])
        other = [y for y in theirs if y.article.lang != item.article.lang]
        if len(other) >= 2:   # one pair is no average
            scores = [story_check._score(item, y) for y in other]
            means.append((float(np.mean(scores)), join, max(scores)))
    if not means:
        return None
    means.sort(key=lambda m: -m[0])
    runner = means[1][0] if len(means) > 1 else 0.0
    mean, join, best = means[0]
    if mean >= LINK_LONE_MIN_MEAN and mean - runner >= LINK_LONE_MARGIN and best >= LINK_LONE_MIN_BEST:
        return mean, join
    return None
