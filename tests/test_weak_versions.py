"""The weak-version step of the link stage (babelwire.link._rescue, _lone_version): translations the
embedding serves poorly join the story of their versions in other languages; similar texts, the head of
another text and lone articles between two stories do not. Articles and vectors written here
(tests/link_vectors.py).
"""
import copy
import itertools
from datetime import datetime, timedelta

import numpy as np

from babelwire import link as link_module
from babelwire import story_check as story_check_module
from babelwire.article import Article
from babelwire.embed import LanguageMeans
from babelwire.link import StoryIndex, centred, link, pair_signals
from babelwire.settings import LINK_THRESHOLD

from link_vectors import article, basis_rows, ingest, mix, vector


def versions_of_one_text(langs: list[str], strength: float = 0.8) -> list[Article]:
    """Versions of one short text (a speech snippet and its translations): each shares ``strength`` of
    its vector with the text, no names or numbers."""
    return [article(f"v-{lang}", f"version {i} of the snippet", vector(event_c=strength, own=1 - strength), lang)
            for i, lang in enumerate(langs)]


def weak_version(name: str, lang: str, part: float) -> Article:
    """A version the embedding serves poorly: it shares only ``part`` of its vector with the text."""
    return article(name, "a weak rendering of the snippet", vector(event_c=part, own=1 - part), lang)


def test_a_weak_translation_joins_the_story_of_its_versions(monkeypatch):
    """A translation whose best match is under LINK_THRESHOLD, and far above anything else, joins the
    story of its versions in other languages instead of opening one of its own."""
    versions = versions_of_one_text(["en", "de", "es"])
    weak = weak_version("is", "is", 0.18)
    unrelated = article("rates", "the central bank cut its key rate", vector(event_a=0.8, own=0.2), "en")
    means = LanguageMeans(space="static")
    score = pair_signals(centred(weak, means), centred(versions[0], means)).score
    assert link_module.LINK_RESCUE_MIN <= score < LINK_THRESHOLD

    monkeypatch.setattr(link_module, "LINK_RESCUE_MIN", None)   # the rule off: a story of its own
    story = ingest([[copy.copy(x) for x in versions + [unrelated]], [copy.copy(weak)]])
    assert story["is"] != story["v-en"]

    monkeypatch.undo()
    linked = {}
    index = StoryIndex(LanguageMeans(space="static"))
    ids = itertools.count(1)
    for batch in (versions + [unrelated], [weak]):
        linked.update({a.id: a for a in link(batch, index, lambda title: next(ids))})
    assert linked["is"].story_id == linked["v-en"].story_id != linked["rates"].story_id
    assert linked["is"].link_explanation["why"].startswith("joins under the bar")


def test_a_weak_match_in_the_same_language_does_not_join():
    """In one language a weak match is a similar event, not a version (ECB+): it opens its own story."""
    versions = versions_of_one_text(["en", "en", "en"])
    for i, a in enumerate(versions):
        a.id = f"v{i}"
    weak = weak_version("similar", "en", 0.36)
    means = LanguageMeans(space="static")
    score = pair_signals(centred(weak, means), centred(versions[0], means)).score
    assert link_module.LINK_RESCUE_MIN <= score < LINK_THRESHOLD
    story = ingest([versions, [weak]])
    assert story["similar"] != story["v0"]


def test_a_new_story_with_one_weak_cross_language_match_stays_apart():
    """A group of new articles joins under the bar only when every one of them reaches the story: a new
    story in another language whose one article matches a stored story weakly keeps its own."""
    versions = versions_of_one_text(["en", "de", "es"])
    bridge = article("cs0", "the other text", vector(event_a=0.6, event_c=0.15, own=0.25), "cs")
    others = [article(f"cs{i}", "the other text", vector(event_a=0.8, own=0.2), "cs") for i in (1, 2)]
    means = LanguageMeans(space="static")
    score = pair_signals(centred(bridge, means), centred(versions[0], means)).score
    assert link_module.LINK_RESCUE_MIN <= score < LINK_THRESHOLD
    story = ingest([versions, [bridge] + others])
    assert story["cs0"] == story["cs1"] == story["cs2"] != story["v-en"]



def head_of_another_text(langs: list[str], theme: float = 0.18) -> list[Article]:
    """The first versions of another short text on the theme of ``versions_of_one_text`` (a second speech
    about the same thing): each shares ``theme`` of its vector with that text and most of the rest with
    its own text, so they match each other well and the stored text under the bar."""
    return [article(f"h-{lang}", f"version {i} of the other snippet",
                    vector(event_c=theme, event_b=0.6, own=0.4 - theme), lang) for i, lang in enumerate(langs)]


def test_the_head_of_another_text_is_no_weak_version(monkeypatch):
    """Two versions of a new text in two languages, at the end of a batch, match a stored text on their
    theme under the bar in every language, and each other well above it: they open their own story (the
    rest of their versions join it in the next batch), not the stored one as weak versions."""
    versions = versions_of_one_text(["en", "de", "es"])
    head = head_of_another_text(["en", "cs"])
    means = LanguageMeans(space="static")
    to_story = pair_signals(centred(head[1], means), centred(versions[1], means)).score
    assert link_module.LINK_RESCUE_MIN <= to_story < LINK_THRESHOLD
    assert pair_signals(centred(head[0], means), centred(head[1], means)).score >= LINK_THRESHOLD

    story = ingest([[copy.copy(x) for x in versions], [copy.copy(x) for x in head]])
    assert story["h-en"] == story["h-cs"] != story["v-en"]

    monkeypatch.setattr(link_module, "LINK_RESCUE_MAX_OWN_CROSS_LANGUAGE", None)   # the limit off: taken in
    story = ingest([[copy.copy(x) for x in versions], [copy.copy(x) for x in head]])
    assert story["h-en"] == story["h-cs"] == story["v-en"]


def test_weak_versions_in_one_language_still_join_together():
    """Two near-identical weak versions in one language (two machine translations that both keep only the
    first sentence) match each other well, but not across languages: they are still weak versions."""
    versions = versions_of_one_text(["en", "de", "es"])
    one = weak_version("hi0", "hi", 0.18)
    weak = [one, article("hi1", one.raw, one.lead_vector, "hi")]   # one text
    story = ingest([versions, weak])
    assert story["hi0"] == story["hi1"] == story["v-en"]



def test_two_versions_in_other_languages_join_their_story_of_many(monkeypatch):
    """Two versions of a text in languages the embedding serves less well (a Japanese and a Chinese one)
    reach the two full versions of a stored story of ten over the bar and the eight weaker ones under it:
    as wholes their pairs average just under 0.5, yet they are the story's own versions and join it."""
    part = basis_rows(260)
    text, weak_part, pair_part = part(), part(), part()
    strong = [article(f"s-{lang}", "a full version", mix((0.8, text), (0.2, part())), lang) for lang in ("en", "de")]
    weak = [article(f"w-{lang}", "a weaker version", mix((0.3, text), (0.7, part())), lang)
            for lang in ("es", "ru", "uk", "cs", "is", "hi", "fr", "it")]
    pair = [article(f"p-{lang}", "a version", mix((0.4, text), (0.4, pair_part), (0.2, part())), lang)
            for lang in ("ja", "zh")]
    means = LanguageMeans(space="static")
    score = lambda x, y: pair_signals(centred(x, means), centred(y, means)).content_score  # noqa: E731
    mean = float(np.mean([score(p, s) for p in pair for s in strong + weak]))
    assert 0.45 <= mean < 0.5 and score(pair[0], strong[0]) >= LINK_THRESHOLD
    story = ingest([strong + weak, pair])
    assert story["p-ja"] == story["p-zh"] == story["s-en"] == story["w-it"]

    monkeypatch.setattr(story_check_module, "LINK_STORY_MIN_MEAN", 0.5)   # the bar before: a piece apart
    story = ingest([strong + weak, pair])
    assert story["p-ja"] == story["p-zh"] != story["s-en"]



def test_two_groups_of_versions_closed_in_themselves_join_through_a_second_language(monkeypatch):
    """Versions of one text fall in one batch into two groups whose nearest matches all lie within
    themselves: the English and three Hindi translations, and a German, a Russian and a Ukrainian one.
    A Hindi translation's best match in another language is the English; its second best, over the bar,
    is in the other group, and it joins the two (LINK_OTHER_LANGUAGE_NEIGHBOURS 2)."""
    part = basis_rows(300)
    text, hindi, slavic = part(), part(), part()
    first = [article("en", "the speech", mix((0.5, text), (0.3, hindi), (0.2, part())), "en")] + [
        article(f"hi{i}", "the speech, translated", mix((0.5, text), (0.3, hindi), (0.2, part())), "hi")
        for i in range(3)]
    second = [article(lang, "the speech, translated", mix((0.5, text), (0.3, slavic), (0.2, part())), lang)
              for lang in ("de", "ru", "uk")]
    means = LanguageMeans(space="static")
    score = lambda x, y: pair_signals(centred(x, means), centred(y, means)).score  # noqa: E731
    assert LINK_THRESHOLD <= score(first[1], second[0]) < score(first[1], first[2]) < score(first[1], first[0])
    batch = [first[0], second[0], first[1], second[1], first[2], second[2], first[3]]
    story = ingest([[copy.copy(a) for a in batch]])
    assert story["en"] == story["hi0"] == story["de"] == story["uk"]

    monkeypatch.setattr(link_module, "LINK_OTHER_LANGUAGE_NEIGHBOURS", 1)   # one: two stories
    story = ingest([[copy.copy(a) for a in batch]])
    assert story["en"] == story["hi0"] != story["de"] == story["uk"]


def text_and_rival(part) -> tuple[list[Article], list[Article], np.ndarray, np.ndarray]:
    """A stored text in three languages (en, de, es) and a rival text on another subject in three more
    (fr, it, pt), one of whose versions (fr) also carries a passage of its own; and the two directions
    (the first text, that passage)."""
    text, rival, passage = part(), part(), part()
    versions = [article(f"v-{lang}", "a version of the speech", mix((0.8, text), (0.2, part())), lang)
                for lang in ("en", "de", "es")]
    others = [article("r-fr", "a version of the other speech", mix((0.6, rival), (0.25, passage), (0.15, part())),
                      "fr")] + [article(f"r-{lang}", "a version of the other speech", mix((0.8, rival), (0.2, part())),
                                        lang) for lang in ("it", "pt")]
    return versions, others, text, passage


def test_a_lone_version_joins_the_story_it_matches_best_on_average(monkeypatch):
    """A lone Icelandic version matches each version of its text under the bar, and one version of
    another text nearly as well (its best pair there within LINK_RESCUE_MARGIN: the weak-version step
    leaves it out). On average over their members in other languages the two stories are far apart: it
    joins its own text's story (LINK_LONE_MIN_MEAN); without that step it opens a story of its own."""
    part = basis_rows(340)
    versions, others, text, passage = text_and_rival(part)
    lone = article("is", "a weak version of the speech", mix((0.18, text), (0.44, passage), (0.38, part())), "is")
    means = LanguageMeans(space="static")
    score = lambda x, y: pair_signals(centred(x, means), centred(y, means)).content_score  # noqa: E731
    to_text, to_rival = score(lone, versions[0]), score(lone, others[0])
    assert link_module.LINK_LONE_MIN_BEST <= to_text < LINK_THRESHOLD
    assert to_text - to_rival < link_module.LINK_RESCUE_MARGIN < to_text - np.mean([score(lone, o) for o in others])
    story = ingest([[copy.copy(a) for a in versions + others], [copy.copy(lone)]])
    assert story["is"] == story["v-en"] != story["r-fr"]

    monkeypatch.setattr(link_module, "LINK_LONE_MIN_MEAN", None)   # the step off: a story of its own
    story = ingest([[copy.copy(a) for a in versions + others], [copy.copy(lone)]])
    assert story["is"] not in (story["v-en"], story["r-fr"])


def test_a_lone_article_with_no_close_pair_stays_apart(monkeypatch):
    """An unrelated lone article (a festival report beside an earthquake's versions, as in the demo) may
    match every version of a story a little, its average far above any other story's; but with no pair
    of them at LINK_LONE_MIN_BEST it is no version of that text, and opens its own story."""
    part = basis_rows(352)
    versions, others, text, _ = text_and_rival(part)
    lone = article("hi", "a report on another subject", mix((0.09, text), (0.91, part())), "hi")
    means = LanguageMeans(space="static")
    score = lambda x, y: pair_signals(centred(x, means), centred(y, means)).content_score  # noqa: E731
    pairs = [score(lone, v) for v in versions]
    assert link_module.LINK_LONE_MIN_MEAN <= min(pairs) and max(pairs) < link_module.LINK_LONE_MIN_BEST
    story = ingest([[copy.copy(a) for a in versions + others], [copy.copy(lone)]])
    assert story["hi"] not in (story["v-en"], story["r-fr"])

    monkeypatch.setattr(link_module, "LINK_LONE_MIN_BEST", 0.0)   # no floor on the best pair: taken in
    story = ingest([[copy.copy(a) for a in versions + others], [copy.copy(lone)]])
    assert story["hi"] == story["v-en"]


def test_the_lone_step_reads_members_back_only_for_an_article_with_a_candidate_pair_at_its_floor(monkeypatch):
    """The lone-version step reads every target's members back (the costliest part of a link against a big
    store): it is asked only when one of the article's candidate pairs in another language reaches
    LINK_LONE_MIN_BEST, the floor of a join's best pair. A lone version of the text (a pair above the floor) is
    weighed; an unrelated report whose pairs are all under it is not, and stays apart as before."""
    asked = []
    weigh = link_module._lone_version
    monkeypatch.setattr(link_module, "_lone_version", lambda k, *rest: asked.append(k) or weigh(k, *rest))

    part = basis_rows(340)
    versions, others, text, passage = text_and_rival(part)
    lone = article("is", "a weak version of the speech", mix((0.18, text), (0.44, passage), (0.38, part())), "is")
    story = ingest([[copy.copy(a) for a in versions + others], [copy.copy(lone)]])
    assert story["is"] == story["v-en"] and len(asked) == 1

    asked.clear()
    part = basis_rows(352)
    versions, others, text, _ = text_and_rival(part)
    unrelated = article("hi", "a report on another subject", mix((0.09, text), (0.91, part())), "hi")
    story = ingest([[copy.copy(a) for a in versions + others], [copy.copy(unrelated)]])
    assert story["hi"] not in (story["v-en"], story["r-fr"]) and asked == []


def test_a_lone_article_between_two_stories_alike_stays_apart():
    """A lone article on the theme of two stories, matching both alike on average, joins neither
    (LINK_LONE_MARGIN)."""
    part = basis_rows(364)
    text, rival = part(), part()
    first = [article(f"a-{lang}", "a speech", mix((0.8, text), (0.2, part())), lang) for lang in ("en", "de", "es")]
    second = [article(f"b-{lang}", "another speech", mix((0.8, rival), (0.2, part())), lang)
              for lang in ("fr", "it", "pt")]
    lone = article("is", "a speech on the theme of both", mix((0.16, text), (0.16, rival), (0.68, part())), "is")
    means = LanguageMeans(space="static")
    best = pair_signals(centred(lone, means), centred(first[0], means)).content_score
    assert link_module.LINK_LONE_MIN_BEST <= best < LINK_THRESHOLD
    story = ingest([[copy.copy(a) for a in first + second], [copy.copy(lone)]])
    assert story["is"] not in (story["a-en"], story["b-fr"])


def test_a_weak_version_months_later_in_the_same_batch_stays_apart():
    """The candidates' time window holds inside a batch (per-site feeds or an archive read in file order mix
    times): the weak rendering of a text, published LINK_WINDOW_DAYS and more after its versions but read in
    their batch, is no candidate of theirs and opens its own story; published the same day, it joins them."""
    from babelwire.settings import LINK_WINDOW_DAYS

    def batch(days_later: float) -> list[Article]:
        versions = versions_of_one_text(["en", "de", "es"])
        weak = weak_version("is", "is", 0.18)
        for a in versions:
            a.published = "2024-03-01T10:00"
        weak.published = (datetime(2024, 3, 1, 12, 0) + timedelta(days=days_later)).isoformat(timespec="minutes")
        return versions + [weak]

    same_day = ingest([batch(0)])
    assert same_day["is"] == same_day["v-en"]
    later = ingest([batch(LINK_WINDOW_DAYS + 10)])
    assert later["is"] != later["v-en"] and later["v-en"] == later["v-de"] == later["v-es"]
