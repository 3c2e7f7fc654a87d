"""Where linking consults the second tier (tiered mode): which first-tier links are uncertain enough to
check, the groups that would open a new story handed to :class:`babelwire.fast.SecondTier`, and the check
that two same-language groups it would join match as wholes. Called by :func:`babelwire.link.link`.

Settings are read from :mod:`babelwire.settings` at call time (``SECOND_TIER_*``; ``scripts/tune_second_tier.py
--set`` changes them there)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import numpy as np

from babelwire import settings

if TYPE_CHECKING:
    from babelwire.article import Article
    from babelwire.link import Indexed, PairSignals, StoryIndex, _Groups


def uncertain(signals: PairSignals, groups: _Groups, i: int, j: Optional[int]) -> bool:
    """Whether a first-tier link goes to the second tier before it is taken: one in one language that
    shares at most ``SECOND_TIER_UNCERTAIN_MAX_NAMES`` names, scores under ``LINK_THRESHOLD +
    SECOND_TIER_UNCERTAIN_BAND`` and would join two groups (two batch groups, or a batch group and a
    stored story). Two reports of similar events in one language (the demo's two earthquakes from one
    site) share a template and clear the bar by a little, with no names in common."""
    band, names = settings.SECOND_TIER_UNCERTAIN_BAND, settings.SECOND_TIER_UNCERTAIN_MAX_NAMES
    if band is None or signals.cross_language or signals.score >= settings.LINK_THRESHOLD + band:
        return False
    if names is not None and len(signals.names) > names:
        return False
    root = groups.find(i)
    if j is not None:
        target = groups.find(j)
        return target != root and None in (groups.story[root], groups.story[target])
    return groups.story[root] is None


def ask_second_tier(items: list[Indexed], groups: _Groups, second_tier, index: StoryIndex,
                    scored: Optional[list] = None) -> None:
    """Hand the groups that would open a new story (no stored story reached) to ``second_tier``, which
    says for each: a stored story to join, an earlier such group to join, or None (open a story).

    With ``SECOND_TIER_NEW_STORY_BAND`` set (and ``scored``, each article's first-tier matches, given),
    only a group with a match outside it near the bar, published within ``SECOND_TIER_NEW_STORY_MAX_HOURS``
    of it (:func:`near_new_story`), is asked, and with it are
    embedded the leads of what those matches belong to: an undecided group's first member, a stored
    story's first article unless the story already has a lead there; a group with none opens its story
    without a transformer lead (the first tier says "new story" clearly), which the opener's explanation
    says.

    A join it proposes of two groups of two or more articles, all in one language, is made only when
    the transformer leads of their first ``SECOND_TIER_CHECK_MEMBERS`` members each (a stored story's
    latest) match at ``SECOND_TIER_PAIR_MIN_COSINE`` on average (``SECOND_TIER_STORY_CHECK``): in one
    language two groups the first tier kept apart are often two similar events (ECB+), and one pair of
    leads close enough says little about the groups as wholes."""
    pending: dict[int, list[int]] = {}
    for i in range(len(items)):
        root = groups.find(i)
        if groups.story[root] is None:
            pending.setdefault(root, []).append(i)
    roots = list(pending)
    also: list = []   # articles; a stored story id stands for its first article until those are read
    if settings.SECOND_TIER_NEW_STORY_BAND is not None and scored is not None:
        # (the stories with leads: tested, not copied; ~83,000 at a million stored, 1.3 ms a copy a link)
        asked, has_lead, added = [], second_tier.lead_test(), set()
        for root in roots:
            near, best, beyond = near_new_story(pending[root], root, items, groups, pending, scored)
            if near is None:
                second_tier.skip(items[pending[root][0]].article, best, beyond)
                continue
            asked.append(root)
            for target in near:
                if not isinstance(target, int):
                    also.append(target)
                elif target not in added and not has_lead(target):
                    # a stored story without a transformer lead yet: its first article's (its id until they
                    # are read, below)
                    added.add(target)
                    also.append(target)
        # those stories' first articles, read back together
        firsts = index.members_many([t for t in also if isinstance(t, int)], slice(1))
        also = [firsts[t][0].article if isinstance(t, int) else t for t in also]
        roots = asked
    targets = second_tier([[items[i] for i in pending[root]] for root in roots], also=also)
    for root, target in zip(roots, targets):
        if target is None:
            continue
        kind, value = target
        mine = [items[k].article for k in pending[root]]
        if settings.SECOND_TIER_STORY_CHECK and len(mine) >= 2:
            if kind == "group":
                theirs, languages, size = [items[k].article for k in pending[roots[value]]], None, None
            else:   # a stored story: its latest members, latest first (only those the check compares are read
                # back), and the languages and size of all of them (from the index)
                latest = index.members(value, slice(-max(1, settings.SECOND_TIER_CHECK_MEMBERS), None))
                theirs = [m.article for m in reversed(latest)]
                languages, size = index.story_languages(value), index.story_size(value)
            if not groups_agree(second_tier, mine, theirs, languages, size):
                second_tier.decisions.pop(mine[0].id, None)
                continue
        if kind == "story":
            groups.join(root, story=value)
        else:
            groups.join(roots[value], root)


def groups_agree(second_tier, mine: list[Article], theirs: list[Article], their_languages: Optional[set] = None,
                 their_size: Optional[int] = None) -> bool:
    """Whether two groups (first members first) may join through the second tier: True unless both have
    two or more articles, all in one language, and their first ``SECOND_TIER_CHECK_MEMBERS`` members'
    transformer leads match under ``SECOND_TIER_PAIR_MIN_COSINE`` on average. ``their_languages`` and
    ``their_size``: those of the whole other group when ``theirs`` holds only its first members (a stored
    story's latest, the rest not read back)."""
    n = settings.SECOND_TIER_CHECK_MEMBERS
    size = len(theirs) if their_size is None else their_size
    languages = {a.lang for a in theirs} if their_languages is None else their_languages
    if min(len(mine), size) < 2 or any(a.lang != mine[0].lang for a in mine) or languages - {mine[0].lang}:
        return True
    cosines = [second_tier.pair_cosine(x, y) for x in mine[:n] for y in theirs[:n]]
    return float(np.mean(cosines)) >= settings.SECOND_TIER_PAIR_MIN_COSINE


def near_new_story(members: list[int], root: int, items: list[Indexed], groups: _Groups,
                   pending: dict[int, list[int]], scored: list) -> tuple[Optional[list], dict, Optional[float]]:
    """For an undecided group (``members``, batch indices; ``root`` its root): ``(None, best, beyond)`` when no
    first-tier match outside it scores ``LINK_THRESHOLD - SECOND_TIER_NEW_STORY_BAND`` or more (in another
    language ``LINK_THRESHOLD - SECOND_TIER_NEW_STORY_BAND_OTHER_LANGUAGE``, where set) within
    ``SECOND_TIER_NEW_STORY_MAX_HOURS`` of it (a match of unknown time counts; None: at any distance): a clear
    new story. ``best`` holds its best scores by kind (``same_language``, ``other_language``; None without
    any); ``beyond`` the time gap in hours of the closest match that scored in the band but was further apart
    than that (None when none did).
    Else what those matches point at: the stored story of each stored match in the band (an int, its id)
    and the first member of each undecided group with a member in the band (an :class:`Article`: the one
    :class:`babelwire.fast.SecondTier` compares with)."""
    floor = settings.LINK_THRESHOLD - settings.SECOND_TIER_NEW_STORY_BAND
    other_band = settings.SECOND_TIER_NEW_STORY_BAND_OTHER_LANGUAGE
    floor_other = floor if other_band is None else settings.LINK_THRESHOLD - other_band
    max_hours = settings.SECOND_TIER_NEW_STORY_MAX_HOURS
    best: dict[str, Optional[float]] = {"same_language": None, "other_language": None}
    beyond: Optional[float] = None
    near: dict = {}
    found = False
    for k in members:
        for signals, other, j in scored[k]:
            if j is not None and groups.find(j) == root:
                continue
            kind = "other_language" if signals.cross_language else "same_language"
            best[kind] = signals.score if best[kind] is None else max(best[kind], signals.score)
            if signals.score < (floor_other if signals.cross_language else floor):
                continue
            hours = signals.hours_apart
            if max_hours is not None and hours is not None and hours > max_hours:
                beyond = hours if beyond is None else min(beyond, hours)
                continue
            found = True
            if j is None:
                near.setdefault(("story", other.article.story_id), other.article.story_id)
            elif groups.find(j) in pending:
                first = items[pending[groups.find(j)][0]].article
                near.setdefault(("article", first.id), first)
    return (list(near.values()) if found else None), best, beyond
