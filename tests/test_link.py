"""Link stage (babelwire.link): stories from a batch's nearest matches, on articles and vectors written here.

Vectors are built from orthonormal parts so every cosine is exact: a part shared by a topic (the same
boxer, the same kind of event), a part per event, and a part of each article's own.
"""
import copy
import itertools
from datetime import datetime, timedelta

import numpy as np
import pytest

from babelwire.article import Article
from babelwire.embed import LanguageMeans
from babelwire import story_check as story_check_module
from babelwire.link import StoryIndex, centred, link, pair_signals
from babelwire.story_check import STORY_FEATURES, story_features, story_logit
from babelwire.settings import LINK_NEAR_COPY_LEAD, LINK_STORY_MODEL, LINK_THRESHOLD

from link_vectors import DIM, article, basis_rows, ingest, mix, vector


# Two fights of one champion: same boxer, same kind of event, another opponent, place and round.
FIGHT_A = [
    "Wladimir Klitschko stopped Hasim Rahman in the seventh round in Mannheim on Saturday.",
    "Klitschko beat Rahman in Mannheim: the referee ended it in round 7 after 44 seconds.",
    "In Mannheim, Klitschko retained his belt against Rahman, who was stopped in the 7th round.",
]
FIGHT_B = [
    "Wladimir Klitschko stopped Tony Thompson in the sixth round in Bern on Saturday night.",
    "Klitschko knocked out Thompson in Bern, ending the fight in round 6 after 2 minutes 56.",
    "In Bern, Klitschko defended his titles against Thompson, who fell in the 6th round.",
]


def two_fights():
    a = [article(f"a{i}", t, vector(topic=0.50, event_a=0.30, own=0.20)) for i, t in enumerate(FIGHT_A)]
    b = [article(f"b{i}", t, vector(topic=0.50, event_b=0.30, own=0.20)) for i, t in enumerate(FIGHT_B)]
    return a, b


def test_the_trap_is_real():
    """A report of the second fight clears the bar against one of the first: linked alone to its best
    stored match (the old greedy rule) it would join the first fight's story."""
    a, b = two_fights()
    means = LanguageMeans(space="static")
    signals = pair_signals(centred(b[0], means), centred(a[0], means))
    assert signals.names   # Klitschko
    assert signals.score >= LINK_THRESHOLD
    within = pair_signals(centred(b[0], means), centred(b[1], means))
    assert within.score > signals.score


def test_similar_events_sharing_a_person_stay_apart_in_one_batch():
    a, b = two_fights()
    story = ingest([[a[0], b[0], a[1], b[1], a[2], b[2]]])   # interleaved, as ECB+ files are
    assert len({story[x.id] for x in a}) == 1
    assert len({story[x.id] for x in b}) == 1
    assert story["a0"] != story["b0"]


def test_reports_of_one_event_join_across_batches():
    a, _ = two_fights()
    story = ingest([[a[0]], [a[1]], [a[2]]])   # one article per batch: each joins the stored story
    assert story["a0"] == story["a1"] == story["a2"]


def test_a_translation_joins_its_source():
    _, b = two_fights()
    german = article("de", "Wladimir Klitschko hat Tony Thompson in Bern in der 6. Runde gestoppt.",
                     vector(topic=0.30, event_b=0.20, own=0.50), lang="de")
    story = ingest([b[:2], [german]])
    assert story["de"] == story["b0"]


def test_near_copies_join_the_stored_report_of_their_event():
    """Three copies of one wire text are each other's best matches; they must not form a story of their
    own beside the stored report of the same event."""
    _, b = two_fights()
    wire = vector(topic=0.45, event_b=0.35, own=0.20)
    noisy = [wire + 0.05 * vector(own=1.0) for _ in range(3)]
    copies = [article(f"copy{i}", FIGHT_B[1], v / np.linalg.norm(v)) for i, v in enumerate(noisy)]
    means = LanguageMeans(space="static")
    assert float(centred(copies[0], means).lead @ centred(copies[1], means).lead) >= LINK_NEAR_COPY_LEAD
    story = ingest([[b[0]], copies])
    assert {story[c.id] for c in copies} == {story["b0"]}


def test_stored_stories_never_merge():
    """An article as close to two stored stories as to each other joins one of them; they stay two."""
    a, b = two_fights()
    first = [a[0], b[0], a[1], b[1], a[2], b[2]]
    bridge = article("bridge", "Klitschko has stopped Rahman in Mannheim and Thompson in Bern.",
                     vector(topic=0.5, event_a=0.25, event_b=0.25))
    story = ingest([first, [bridge]])
    assert story["a0"] != story["b0"]
    assert story["bridge"] in (story["a0"], story["b0"])
    assert {story[x.id] for x in a} == {story["a0"]} and {story[x.id] for x in b} == {story["b0"]}


def test_two_reports_each_stay_apart_by_the_learned_decision(monkeypatch):
    """Two reports of each fight and nothing else: every article's second-best match is in the other fight
    and clears the bar, and the two pairs are close as wholes by their mean score (the old known limit:
    the mean rule merges them). The learned story-level decision weighs the groups' centroids and their
    event evidence too (rounds 7 vs 6, 44 seconds vs 2 minutes 56: counts that disagree) and keeps them apart."""
    a, b = two_fights()
    batch = [a[0], b[0], a[1], b[1]]
    monkeypatch.setattr(story_check_module, "LINK_STORY_MODEL", None)   # the mean rule alone
    story = ingest([[copy.copy(x) for x in batch]])
    assert story["a0"] == story["b0"]

    monkeypatch.undo()
    story = ingest([batch])
    assert story["a0"] == story["a1"] and story["b0"] == story["b1"]
    assert story["a0"] != story["b0"]


def features_of_texts(mine: list[str], theirs: list[str]) -> dict:
    """story_features of two groups of articles with these texts (m0, m1, ... against t0, t1, ...), all on one
    vector, so that only their words differ."""
    means = LanguageMeans(space="static")
    v = vector(topic=0.5, event_a=0.3, own=0.2)

    def group(prefix, texts):
        return [centred(article(f"{prefix}{i}", text, v), means) for i, text in enumerate(texts)]

    return story_features(group("m", mine), group("t", theirs), lambda x, y: pair_signals(x, y).content_score)


def test_story_features_count_event_evidence():
    """Years and numbers: the share of cross-group pairs that both mention some and share one, or share none."""
    f = features_of_texts(["The mayor was elected in 2008 with 5200 votes.", "A mayor was elected in 2008."],
                          ["The mayor was elected in 2013 with 5200 votes.", "The mayor was elected in 2008.",
                           "The mayor was elected."])
    assert set(f) == set(STORY_FEATURES)
    # year pairs: m0-t0 differ, m0-t1 share, m1-t0 differ, m1-t1 share; t2 gives no year (6 pairs in all)
    assert f["year_agree"] == pytest.approx(2 / 6) and f["year_conflict"] == pytest.approx(2 / 6)
    # numbers: m0 and t0 share 5200 (the years are no plain numbers); no other pair has numbers on both sides
    assert f["number_agree"] == pytest.approx(1 / 6) and f["number_conflict"] == 0.0
    assert f["centroid"] == pytest.approx(1.0, abs=1e-5) and f["max"] >= f["mean"]


def test_a_shared_year_raises_the_decision_and_another_year_lowers_it():
    """The same vectors and words, the groups' year in common or not: the learned log-odds move with it."""
    means = LanguageMeans(space="static")
    a_vec, b_vec = vector(topic=0.5, event_a=0.3, own=0.2), vector(topic=0.5, event_b=0.3, own=0.2)

    def side(prefix, year, vec):
        return [centred(article(f"{prefix}{i}", f"Klitschko won the title fight in Mannheim in {year}.", vec), means)
                for i in range(2)]

    score = lambda x, y: pair_signals(x, y).content_score   # noqa: E731
    same = story_logit(story_features(side("a", 2008, a_vec), side("b", 2008, b_vec), score), LINK_STORY_MODEL)
    other = story_logit(story_features(side("a", 2008, a_vec), side("b", 2013, b_vec), score), LINK_STORY_MODEL)
    assert same > other


def test_groups_in_other_languages_are_left_to_the_mean_rule(monkeypatch):
    """The learned decision was fitted on English reports only: a join where most cross-group pairs are in
    two languages (translations score lower as wholes) is decided by the mean rule, as without the model."""
    a, b = two_fights()
    for x in b:
        x.lang = "de"
    batch = [a[0], b[0], a[1], b[1]]
    monkeypatch.setattr(story_check_module, "LINK_STORY_MODEL", None)
    expected = ingest([[copy.copy(x) for x in batch]])
    monkeypatch.undo()
    story = ingest([batch])
    assert story == expected and story["a0"] == story["b0"]


def chained_events():
    """Two unrelated events of three close reports each, and one article that clears the bar with one
    report of each (a chain link); the events' reports score 0 against each other."""
    part = basis_rows()

    ea, ec, la, lc = part(), part(), part(), part()

    a = [article(f"a{i}", f"report {i} of the first event", mix((0.8, ea), (0.2, la if i == 0 else part())))
         for i in range(3)]
    c = [article(f"c{i}", f"report {i} of the second event", mix((0.8, ec), (0.2, lc if i == 0 else part())))
         for i in range(3)]
    bridge = article("bridge", "a piece that touches both", mix((0.25, ea), (0.25, la), (0.25, ec), (0.25, lc)))
    return a, c, bridge


def test_a_chain_link_does_not_join_two_stories(monkeypatch):
    """Single linkage would chain the two events through the bridge article (each of its two links clears
    the bar); the story-level check keeps them apart because the events score nothing as wholes."""
    a, c, bridge = chained_events()
    means = LanguageMeans(space="static")
    to_a, to_c = (pair_signals(centred(bridge, means), centred(x, means)).score for x in (a[0], c[0]))
    assert min(to_a, to_c) >= LINK_THRESHOLD
    assert pair_signals(centred(a[0], means), centred(c[0], means)).score < LINK_THRESHOLD
    batch = [a[0], c[0], a[1], c[1], a[2], c[2], bridge]

    monkeypatch.setattr(story_check_module, "LINK_STORY_MIN_MEAN", None)   # both rules off: the chain joins them
    monkeypatch.setattr(story_check_module, "LINK_STORY_MODEL", None)
    story = ingest([[copy.copy(x) for x in batch]])
    assert story["a0"] == story["c0"]

    monkeypatch.undo()
    story = ingest([batch])
    assert {story[x.id] for x in a} == {story["a0"]} and {story[x.id] for x in c} == {story["c0"]}
    assert story["a0"] != story["c0"]
    assert story["bridge"] in (story["a0"], story["c0"])


def test_a_group_close_to_a_stored_story_as_a_whole_joins_it():
    """The check lets a batch group of one event join the stored story of that event."""
    a, b = two_fights()
    more = [article(f"a{i}", FIGHT_A[i - 3], vector(topic=0.50, event_a=0.30, own=0.20)) for i in (3, 4, 5)]
    story = ingest([a + b, more])
    assert {story[x.id] for x in a + more} == {story["a0"]}
    assert story["b0"] != story["a0"]


def stored_story_and_newcomers(event: str):
    """Six stored reports of one event, then a batch of three reports of ``event`` ("a": the same event,
    "b": a similar one of the same topic). The newcomers are close among themselves; their first shares a
    passage with the first stored report (the first contact of ECB+), so its second link reaches the stored
    story and the linker weighs joining the group of three to the six."""
    part = basis_rows()

    topic, events, passage = part(), {"a": part(), "b": part()}, part()
    text = "Klitschko won the title fight on Saturday."
    stored = [article(f"s{i}", text, mix((0.5, topic), (0.25, events["a"]), (0.1 if i == 0 else 0.25, part()),
                                         *([(0.15, passage)] if i == 0 else []))) for i in range(6)]
    new = [article(f"n{i}", text, mix((0.5, topic), (0.35, events[event]), (0.0 if i == 0 else 0.15, part()),
                                      *([(0.15, passage)] if i == 0 else []))) for i in range(3)]
    return stored, new


def test_a_small_group_of_a_similar_event_stays_out_of_a_stored_story():
    """Three reports of a similar event whose one strong pair reaches a stored story of six: kept apart
    (the decision, refitted with the smaller group's size as a feature, asks more of the groups' centroids;
    the fit without it joined them here), while three reports of the stored event itself still join."""
    stored, new = stored_story_and_newcomers("b")
    means = LanguageMeans(space="static")
    assert pair_signals(centred(new[0], means), centred(stored[0], means)).score >= LINK_THRESHOLD
    story = ingest([stored, new])
    assert {story[x.id] for x in stored} == {story["s0"]} and {story[x.id] for x in new} == {story["n0"]}
    assert story["n0"] != story["s0"]

    stored, new = stored_story_and_newcomers("a")
    story = ingest([stored, new])
    assert {story[x.id] for x in stored + new} == {story["s0"]}


def test_unrelated_article_opens_its_own_story():
    a, _ = two_fights()
    other = article("rates", "The central bank cut its key rate by 25 basis points to 10 percent.",
                    vector(event_c=0.8, own=0.2))
    story = ingest([a[:2] + [other]])
    assert story["rates"] != story["a0"]


def test_explanations():
    a, b = two_fights()
    index = StoryIndex(LanguageMeans(space="static"))
    ids = itertools.count(1)
    linked = {x.id: x for x in link([a[0], b[0], a[1], b[1], a[2], b[2]], index, lambda title: next(ids))}
    first, joined = linked["a0"].link_explanation, linked["a1"].link_explanation
    assert first["new_story"] is True and joined["new_story"] is False
    assert joined["score"] >= joined["threshold"] and joined["best_story"] == linked["a0"].story_id
    assert joined["why"].startswith("joins")
    assert "opens a new story" in first["why"]
    # the other fight is what it was kept from: a runner-up in another story
    assert any(r["story"] == linked["b0"].story_id for r in joined["runners_up"])


def test_recentre_gives_what_centring_each_article_gives():
    # the index re-centres every stored lead per batch, one matrix per language, and a stored article's
    # paragraphs when it is next used: the same vectors as centred()
    means = LanguageMeans(space="static")
    index = StoryIndex(means)
    rng = np.random.default_rng(3)
    for i, lang in enumerate(["en", "de", "en", None, "hi", "de"]):
        a = Article(id=f"a{i}", raw="", paragraphs=["x"] * (i % 3), lang=lang, published="2024-03-01T10:00")
        v = rng.standard_normal((1 + i % 3, DIM)).astype(np.float32)
        a.lead_vector, a.paragraph_vectors = v[0], v[1:]
        means.add(a)
        index.add(a)
    index.recentre()
    for item in index.members(None):   # (the articles have no story yet)
        expected = centred(item.article, means)
        assert np.array_equal(item.lead, expected.lead)
        assert np.array_equal(item.paragraphs, expected.paragraphs)
        assert item.time == expected.time
    assert np.array_equal(index._leads, np.stack([item.lead for item in index.items]))


def test_recentre_after_the_index_grows_across_batches():
    # each language's raw leads are kept as the index grows (buffers that double from 64 rows): a recentre
    # after more batches, with means that moved, still gives each stored article centred()'s lead, in order
    means = LanguageMeans(space="static")
    index = StoryIndex(means)
    rng = np.random.default_rng(5)
    langs = ["en", "de", None, "en", "zh"]
    for batch in range(3):
        for i in range(70):
            a = Article(id=f"b{batch}-{i}", raw="", paragraphs=["x"], lang=langs[(i * (batch + 1)) % 5])
            v = rng.standard_normal((2, DIM)).astype(np.float32)
            a.lead_vector, a.paragraph_vectors = v[0], v[1:]
            means.add(a)
            index.add(a)
        index.recentre()
        assert len(index.items) == 70 * (batch + 1)
        assert np.array_equal(index._leads, np.stack([centred(item.article, means).lead for item in index.items]))
        # an item's object is made again from the current leads when it is next used (as a candidate or a
        # story member): every one of them as centred() gives it, the paragraphs too
        for position, item in enumerate(index.items):
            current = index._current(position)
            assert current.article is item.article
            assert np.array_equal(current.lead, centred(item.article, means).lead)
            assert np.array_equal(current.paragraphs, centred(item.article, means).paragraphs)


def test_a_link_the_story_check_refuses_is_explained():
    """The bridge of two events joins one of them; its link to the other clears the bar but is refused by
    the story-level check, and its explanation says so (which story, what score) instead of staying silent."""
    a, c, bridge = chained_events()
    index = StoryIndex(LanguageMeans(space="static"))
    ids = itertools.count(1)
    linked = {x.id: x for x in link([a[0], c[0], a[1], c[1], a[2], c[2], bridge], index, lambda title: next(ids))}
    mine = linked["bridge"].story_id
    other = ({linked["a0"].story_id, linked["c0"].story_id} - {mine}).pop()
    explanation = linked["bridge"].link_explanation
    assert [r["story"] for r in explanation["refused"]] == [other]
    assert explanation["refused"][0]["score"] >= LINK_THRESHOLD
    assert f"link to story {other}" in explanation["why"] and "refused by the story-level check" in explanation["why"]
    # an article whose links were all taken has nothing refused
    assert linked["a1"].link_explanation["refused"] == [] and "refused" not in linked["a1"].link_explanation["why"]


def test_story_features_count_latest_years():
    """The latest year each article mentions (its event's year; earlier years are background): the share of
    cross-group pairs whose latest years are one, or differ, beside the years they share at all."""
    f = features_of_texts(["The mayor was re-elected in 2013, after losing in 2008.", "The mayor was elected in 2008."],
                          ["The mayor was re-elected in 2013.", "The mayor was elected in 2008.",
                           "The mayor was elected."])
    # latest years 2013, 2008 against 2013, 2008, none: m0-t0 and m1-t1 agree, m0-t1 and m1-t0 differ (6 pairs)
    assert f["latest_year_agree"] == pytest.approx(2 / 6) and f["latest_year_conflict"] == pytest.approx(2 / 6)
    # while as sets of years m0 shares one with t0 and with t1 (2008 is m0's background year)
    assert f["year_agree"] == pytest.approx(3 / 6) and f["year_conflict"] == pytest.approx(1 / 6)


def stored_story_and_dated_newcomers(new_text: str):
    """Six stored reports of a rematch (its year 2013, the first fight's 2008 named as background), then a
    batch of three reports of another fight of the same boxer whose first shares a passage with the first
    stored report: close enough to the stored story that event evidence decides."""
    part = basis_rows()

    topic, stored_event, new_event, passage = part(), part(), part(), part()
    text = "Klitschko won the rematch on Saturday in 2013, five years after his first title fight in 2008."
    stored = [article(f"s{i}", text, mix((0.5, topic), (0.25, stored_event), (0.1 if i == 0 else 0.25, part()),
                                         *([(0.3, passage)] if i == 0 else []))) for i in range(6)]
    new = [article(f"n{i}", new_text, mix((0.15, topic), (0.7, new_event), (0.0 if i == 0 else 0.15, part()),
                                          *([(0.3, passage)] if i == 0 else []))) for i in range(3)]
    return stored, new


def test_the_latest_year_a_group_mentions_decides_a_close_join(monkeypatch):
    """Newcomers whose latest year is the stored reports' own (2013) join them; newcomers whose only year is
    the stored reports' background year (2008: a report of the first fight) stay apart, though as sets of
    years both share one with every stored report. The fit without the latest-year features (sharing any
    year) joins both."""
    for new_text, joins in (("Klitschko won the rematch on Saturday in 2013.", True),
                            ("Klitschko won the title fight on Saturday in 2008.", False)):
        stored, new = stored_story_and_dated_newcomers(new_text)
        story = ingest([stored, new])
        assert {story[x.id] for x in stored} == {story["s0"]} and {story[x.id] for x in new} == {story["n0"]}
        assert (story["n0"] == story["s0"]) == joins

        # the model before the latest-year features (its weights as shipped then): both join
        old = {"mean": 2.636, "max": 3.754, "centroid": 6.918, "year_agree": 3.52, "year_conflict": -1.405,
               "number_agree": -2.17, "number_conflict": -2.999, "inverse_size": 1.799, "bias": -8.743}
        monkeypatch.setattr(story_check_module, "LINK_STORY_MODEL", old)
        stored, new = stored_story_and_dated_newcomers(new_text)
        story = ingest([stored, new])
        monkeypatch.undo()
        assert story["n0"] == story["s0"]


def test_exact_candidates_keep_to_the_time_window():
    """Below ANN_MIN_ARTICLES the candidates come from an exact product, within LINK_WINDOW_DAYS of the article as
    the HNSW path's are: the nearest lead published further away is no candidate, while one of unknown time is,
    and an article of unknown time is compared with everything."""
    from babelwire.settings import LINK_WINDOW_DAYS

    means = LanguageMeans(space="static")
    index = StoryIndex(means)
    start = datetime(2024, 3, 1, 10, 0)
    texts = {"same": (vector(event_a=0.95, own=0.05), start + timedelta(days=LINK_WINDOW_DAYS + 5)),
             "near": (vector(event_a=0.6, own=0.4), start + timedelta(days=2)),
             "undated": (vector(event_a=0.5, own=0.5), None),
             "other": (vector(event_b=0.9, own=0.1), start + timedelta(days=1))}
    for name, (vec, when) in texts.items():
        a = article(name, name, vec)
        a.published = when.isoformat(timespec="minutes") if when else None
        means.add(a)
        index.add(a)
    index.recentre()
    probe = article("probe", "probe", vector(event_a=0.9, own=0.1))
    probe.published = start.isoformat(timespec="minutes")
    found = [c.article.id for c in index.candidates(centred(probe, means), k=3)]
    assert found == ["near", "undated", "other"]
    probe.published = None   # no time: the window cannot apply
    assert [c.article.id for c in index.candidates(centred(probe, means), k=3)][0] == "same"


def test_the_story_check_scores_each_pair_once_and_never_gives_one_pair_another_pairs_score():
    """The check's pair scores are cached by the items' ids; an item it scored and then let go of (with the graph,
    a stored member read back or centred again is a new object each time) must not leave its id, and so its
    pair's score, to the next item made."""
    from babelwire.link import _Groups
    from babelwire.story_check import StoryCheck

    means = LanguageMeans(space="static")
    calls = []

    def score(x, y):
        calls.append((x.article.id, y.article.id))
        return float(x.lead @ y.lead)

    check = StoryCheck([], StoryIndex(means), _Groups(0), score)
    anchor = centred(article("anchor", "anchor", vector(topic=1.0)), means)
    got = {}
    for k in range(50):
        # a new item each round, let go of as soon as it is scored
        other = centred(article(f"o{k}", f"other {k}", vector(topic=k / 50, own=1 - k / 50)), means)
        got[other.article.id] = (check._score(anchor, other), float(anchor.lead @ other.lead))
        del other
    assert all(a == b for a, b in got.values())
    assert len(calls) == 50   # each a pair of its own: scored once each
    x = centred(article("x", "x", vector(topic=0.5, own=0.5)), means)
    assert check._score(anchor, x) == check._score(x, anchor) and len(calls) == 51   # one pair either way round


def test_the_candidate_count_is_read_when_asked(monkeypatch):
    """LINK_CANDIDATES as the index module holds it when candidates are asked for (what a tuning script sets),
    not as it was when the module was loaded; an explicit k still wins."""
    from babelwire import link_index

    index = StoryIndex(LanguageMeans(space="static"))
    for k in range(6):
        index.add(article(f"s{k}", f"stored {k}", vector(topic=0.6, own=0.4)))
    query = centred(article("q", "query", vector(topic=0.6, own=0.4)), index.means)
    assert len(index.candidates(query)) == 6
    monkeypatch.setattr(link_index, "LINK_CANDIDATES", 2)
    assert len(index.candidates(query)) == 2 and len(index.candidates_many([query, query])[1]) == 2
    assert len(index.candidates(query, k=4)) == 4
