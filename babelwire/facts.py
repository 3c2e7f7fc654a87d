"""Which facts changed between aligned sentences.

Numbers, dates and names compared as the entities stage's language-independent keys (numbers and clock times:
:mod:`babelwire.fact_numbers`; names a translation renders another way: :mod:`babelwire.name_renderings`);
negation, hedges ("reportedly", "allegedly") and speech cues from small per-language word lists
(:mod:`babelwire.cues`). Used by :mod:`babelwire.provenance` on each kept sentence group; the framing (a headline
or claim turned into a question, an attribution dropped or added) is :mod:`babelwire.framing`'s.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from babelwire.article import Article
from babelwire.cues import (_ATTRIBUTION, _CJK_NEGATION, _DASH, _HASHTAG, _HEDGES, _NEGATION, _NEGATION_PRIVATIVE,
                            _QUOTED, _QUOTE_MARKS, _WORD_RE, _cue, _lang, _qualifier, _unquoted, double_negation,
                            has_booster, hedge, hedge_level, loose_hedges, negation_level, says_bad,
                            speaks_of_forgetting, weak_negations, without_negated_forget, without_not_good)
from babelwire.entities import Entity, find_entities, shared_keys
from babelwire.fact_numbers import _converted, _digit_runs, _number_clocks
from babelwire.name_renderings import rendered_names
from babelwire.settings import (PROVENANCE_ALL_CAPS_MIN_CASED_SHARE, PROVENANCE_CLOCK_TIMES, PROVENANCE_COMPLETE_RATIO,
                                PROVENANCE_HASHTAG_MATCH_RATIO, PROVENANCE_HEDGE_BOOSTERS_MATCHED,
                                PROVENANCE_HEDGE_LEVELS, PROVENANCE_HEDGE_LOOSE_MATCHED,
                                PROVENANCE_NAME_RENDERING_MIN_GROUPS, PROVENANCE_NEGATION_DOUBLE,
                                PROVENANCE_NEGATION_FORGET, PROVENANCE_NEGATION_LEVELS, PROVENANCE_NEGATION_NOT_GOOD,
                                PROVENANCE_NEGATION_PIECE_EDGES, PROVENANCE_NEGATION_PIECES,
                                PROVENANCE_NEGATION_PRIVATIVE_DROPPED, PROVENANCE_NEGATION_QUOTE_WHOLE,
                                PROVENANCE_NEGATION_WEAK_MATCHED, PROVENANCE_QUOTE_ARTICLE_SHARE,
                                PROVENANCE_QUOTE_COUNT, PROVENANCE_QUOTE_DASH_ONLY)


# --- changed facts --------------------------------------------------------------------------------
def _view(texts: list[str], lang: Optional[str]) -> Article:
    view = Article(id="view", raw="", paragraphs=texts, lang=lang)
    view.entities, view.token_keys = find_entities(None, texts, lang)
    return view


def _keys(view: Article, prefixes: tuple[str, ...]) -> dict[str, str]:
    return {e.key: e.surface for e in view.entities if e.key.split(":", 1)[0] in prefixes}


def _written(key: str, view: Article) -> bool:
    """Every part of the name ``key`` is among the words (romanised skeletons) of ``view``."""
    return all(part in view.token_keys for part in key.split(":", 1)[1].split("-"))


def _inflected(a: str, b: str) -> bool:
    """Some part of name key ``a`` and some part of ``b`` are one word inflected: the shorter skeleton
    starts the longer, which adds at most two consonants (a four-consonant skeleton may differ in its
    last: Ignniat / Ignniats are "aknt" / "akns")."""
    for p in a.split(":", 1)[1].split("-"):
        for q in b.split(":", 1)[1].split("-"):
            p_, q_ = sorted((p, q), key=len)
            common = len(os.path.commonprefix([p_, q_]))
            if len(q_) - len(p_) <= 2 and (len(p_) >= 3 and common == len(p_)
                                            or len(p_) >= 4 and common >= len(p_) - 1):
                return True
    return False


def _all_caps(text: str) -> bool:
    """Cased letters, none of them lower-case, and at least ``PROVENANCE_ALL_CAPS_MIN_CASED_SHARE`` of the
    text's letters (a heading in capitals; a caseless script is not, nor a Hindi or Japanese sentence that
    prints one Latin acronym, "… ट्रैकर, DMARC हटा दिए …")."""
    if not any(c.isupper() for c in text) or any(c.islower() for c in text):
        return False
    letters = [c for c in text if c.isalpha()]
    cased = sum(1 for c in letters if c.isupper())
    return cased >= PROVENANCE_ALL_CAPS_MIN_CASED_SHARE * len(letters)


def _rendered(quote: str, lang: Optional[str], derived: Article) -> bool:
    """The quotation's names and numbers, if it has any, are all in the derived text (a quoted list of
    countries rendered without the marks is kept, not dropped)."""
    view = _view([quote], lang)
    keys = {e.key for e in view.entities}
    if not keys:
        return False
    shared = shared_keys(view, derived)
    return keys <= shared["name"] | shared["number"] | shared["date"] | {
        e.key for e in view.entities if e.kind == "name" and _written(e.key, derived)}


def _unmatched_hashtags(src: str, der: str, article_tags: set[str]) -> tuple[list[str], list[str]]:
    """The hashtags ``src`` prints more often than ``der`` and those ``der`` prints more often than ``src``
    (case aside), a derived tag first read as the source article's tag (``article_tags``, lower-cased) that it
    spells within ``PROVENANCE_HASHTAG_MATCH_RATIO`` (a translator's slip, "#mastodenfc" for "#mastodonfc")."""
    def fold(tag: str) -> str:
        low = tag.lower()
        if low not in article_tags and article_tags:
            best = max(sorted(article_tags), key=lambda t: fuzz.ratio(low, t))
            if fuzz.ratio(low, best) >= PROVENANCE_HASHTAG_MATCH_RATIO:
                low = best
        return low

    sides = []
    for text in (src, der):
        tags = _HASHTAG.findall(text)
        sides.append((Counter(fold(t) for t in tags), {fold(t): t for t in reversed(tags)}))
    (cs, ss), (cd, sd) = sides
    return [ss[t] for t in cs - cd], [sd[t] for t in cd - cs]


def _all_quoted(text: str) -> bool:
    """The whole text is one quotation (dialogue): a translation may set it off with a dash instead."""
    return not _WORD_RE.search(_unquoted(text))


def content_length(text: str, lang: Optional[str]) -> int:
    """Characters of ``text`` without its negation and hedge cues: what the completeness test compares, so
    that the cue whose change is being checked does not itself make a short sentence look cut (a Chinese
    sentence that loses 没有 loses a quarter of its length)."""
    lang = _lang(lang)
    if lang in _CJK_NEGATION:
        text = re.sub("[没沒]有", "", text) if lang == "zh" else text
        text = _CJK_NEGATION[lang].sub("", text)
    else:
        lexicon = _NEGATION.get(lang, _NEGATION["en"])
        text = text.replace("n't", "").replace("n’t", "")
        # most sentences have no negation word: look before rewriting the text word by word
        if not lexicon.isdisjoint(map(str.lower, _WORD_RE.findall(text))):
            text = _WORD_RE.sub(lambda m: "" if m.group().lower() in lexicon else m.group(), text)
    cues = _HEDGES.get(lang, ())
    if lang in ("ja", "zh"):
        for cue in cues:
            text = text.replace(cue, "")
    elif cues:
        text = _hedge_pattern(cues).sub("", text)
    return len(_SPACES.sub(" ", text).strip())


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=64)
def _hedge_pattern(cues: tuple[str, ...]) -> re.Pattern:
    """One language's hedge cues as a single pattern (built once per cue list: :func:`content_length` runs
    on every sentence the ingest aligns)."""
    return re.compile(r"(?<![\w\u0900-\u097F])(?:" + "|".join(re.escape(c.strip()) for c in cues)
                      + r")(?![\w\u0900-\u097F])", flags=re.IGNORECASE)


def _story_names(view: Article, text: str, source_article: Article) -> None:
    """Add to ``view`` the capitalised words of ``text`` that spell a one-word name of the source article
    and that the entity finder passed over: German capitalises nouns, so after an article or a preposition
    ("im Nemic", "die Cohren") a name reads as a noun to it."""
    story = {e.surface: e.key for e in source_article.entities if e.kind == "name" and "-" not in e.key}
    have = {e.key for e in view.entities}
    for m in _WORD_RE.finditer(text):
        # the name as the source writes it, letter for letter (a German noun that merely sounds like an
        # English name, "Länge" / "Long", is not taken)
        key = story.get(m.group())
        if key and key not in have and not m.group().isupper():
            view.entities.append(Entity("name", m.group(), key))
            have.add(key)


def changed_facts(source_texts: list[str], derived_texts: list[str], source_lang: Optional[str],
                  derived_lang: Optional[str], complete: bool = True,
                  source_article: Optional[Article] = None,
                  source_nearby: Optional[list[str]] = None,
                  hedge_complete: Optional[bool] = None) -> list[dict[str, str]]:
    """What differs between an aligned group's source and derived sentences.

    ``number`` / ``date``: each side has a number (date) the other lacks, or a shared number's
    qualifier differs ("more than 20" vs "about 20"; "20 से अधिक" = "more than 20");
    ``name`` / ``speaker``: each side names someone the other does not (``speaker`` when the group
    quotes or reports speech), or, in a ``complete`` group, the derived side names someone the source
    sentences do not but the source article (``source_article``, with entities) names elsewhere: a
    person of the story put into this sentence ("Anton's was busy" → "Alborn's was busy", with Anton
    still named later in it) who is not in the source sentences next to the group either
    (``source_nearby``: “Why?” | Ivory asked. is one sentence in a translation); with ``source_article``,
    a capitalised derived word spelt as one of its one-word names is that name ("im Nemic"); ``quote``: a
    source quotation whose names and numbers the derived text does not carry, where the derived text prints
    no quotation or fewer than the source; ``negation`` / ``hedge``: one side negates (hedges) and the other does
    not, checked only for ``complete`` pairs (lengths, counted without these cues, in the usual ratio: a
    rewrite that drops a clause drops its "not" with it, which is a dropped clause, not a flipped claim;
    a group of several sentences also piece by piece, :func:`_negation_changes`). Hedges are reported-speech
    and epistemic adverbs ("allegedly", "probably", :func:`hedge`), checked where ``hedge_complete`` (by
    default ``complete``: the report passes its own, wider test, ``PROVENANCE_HEDGE_COMPLETE_RATIO``).
    """
    src, der = " ".join(source_texts), " ".join(derived_texts)
    sv, dv = _view(source_texts, source_lang), _view(derived_texts, derived_lang)
    out: list[dict[str, str]] = []
    if source_article is not None:
        _story_names(dv, der, source_article)

    def add(kind: str, detail: str) -> None:
        out.append({"kind": kind, "source_text": src, "derived_text": der, "detail": detail})

    for kind, prefixes in (("number", ("num",)), ("date", ("date", "year"))):
        sk, dk = _keys(sv, prefixes), _keys(dv, prefixes)
        if kind == "number":
            if PROVENANCE_CLOCK_TIMES:
                sk, dk, cs, cd = _number_clocks(src, der, sk, dk)
            else:
                cs, cd = _digit_runs(src), _digit_runs(der)
        only_s, only_d = sorted(set(sk) - set(dk)), sorted(set(dk) - set(sk))
        if kind == "number" and only_s and only_d:
            kept_s, kept_d = _converted(only_s, only_d, src, der)   # "6 inches" / "15 cm"
            # the converted pair's digits are not counted as changed below either
            cs = cs - _digit_runs(" ".join(k.split(":", 1)[1] for k in only_s if k not in kept_s))
            cd = cd - _digit_runs(" ".join(k.split(":", 1)[1] for k in only_d if k not in kept_d))
            only_s, only_d = kept_s, kept_d
        if only_s and only_d:
            add(kind, f"{', '.join(sk[k] for k in only_s)} → {', '.join(dk[k] for k in only_d)}")
        elif kind == "number" and sk and dk:
            # the same numbers, counted: "5/11 - 12/13" → "12/5 - 13/12" changed the 11 into a second 12
            more_s, more_d = cs - cd, cd - cs
            if more_s and more_d:
                add(kind, f"{', '.join(map(str, sorted(more_s.elements())))} → "
                          f"{', '.join(map(str, sorted(more_d.elements())))}")
        if kind == "number":
            for key in sorted(set(sk) & set(dk)):
                qs, qd = _qualifier(sk[key]), _qualifier(dk[key])
                if qs != qd and (qs or qd):
                    add("number", f"qualifier: {sk[key]} → {dk[key]}")
    shared = shared_keys(sv, dv)["name"]
    # a name counts as written on the other side when every part of its key is a word there, a short
    # or sentence-initial one included ("Tenuk exclaimed" / "rief Tenuk": no entity in the English)
    shared |= {e.key for e in sv.entities if e.kind == "name" and _written(e.key, dv)}
    shared |= {e.key for e in dv.entities if e.kind == "name" and _written(e.key, sv)}
    # the same name inflected (Anton / Antonem / Antons, Paltricus / Paltrica): one skeleton is the other
    # plus an ending of at most two consonants
    for a in [e.key for e in sv.entities if e.kind == "name" and e.key not in shared]:
        for b in [e.key for e in dv.entities if e.kind == "name" and e.key not in shared]:
            if _inflected(a, b):
                shared |= {a, b}
    # a heading in capitals ("GOOD RIDDANCE") has no names to tell by capitalisation
    if _all_caps(src) or _all_caps(der):
        shared |= {e.key for e in sv.entities + dv.entities if e.kind == "name"}
    else:
        shared |= rendered_names(sv, dv, src, der, shared, source_article)
    only_s = [e.surface for e in sv.entities if e.kind == "name" and e.key not in shared]
    only_d = [e.surface for e in dv.entities if e.kind == "name" and e.key not in shared]
    speech = bool(_QUOTE_MARKS.search(src + der) or _cue(src, source_lang, _ATTRIBUTION)
                  or _cue(der, derived_lang, _ATTRIBUTION))
    if only_s and only_d:
        add("speaker" if speech else "name", f"{', '.join(only_s)} → {', '.join(only_d)}")
        # the unmatched names, for the article-level look of :func:`article_checks`
        out[-1]["names"] = {
            "source": [(e.surface, e.key) for e in sv.entities if e.kind == "name" and e.key not in shared],
            "derived": [(e.surface, e.key) for e in dv.entities if e.kind == "name" and e.key not in shared]}
    elif only_d and complete and source_article is not None:
        # names the source article itself found (capitalised mid-sentence, or in the gazetteer): a
        # capitalised German noun that merely spells like an English word is no person of the story
        in_article = {e.key for e in source_article.entities if e.kind == "name"}
        near = _view(source_nearby, source_lang) if source_nearby else None
        nearby = shared_keys(dv, near)["name"] if near else set()
        # any word of the source sentences (or their neighbours) spelling the name, capitalised at the
        # start of a sentence included ("Tenuk exclaimed ...": no entity there, still the same person)
        moved = sorted({e.surface for e in dv.entities if e.kind == "name" and e.key not in shared
                        and e.key in in_article and e.key not in nearby and not (near and _written(e.key, near))})
        if moved:
            add("speaker" if speech else "name",
                f"{', '.join(moved)} named here; the source names {'them' if len(moved) > 1 else 'it'} elsewhere, "
                f"not in this sentence")
    # hashtags, which a translation copies letter for letter (as @handles) or translates (#science / #ciencia):
    # a tag of the source the derived group does not print (nor spells within a slip, "#mastodonfc" /
    # "#mastodenfc"), and in its place a tag the source article prints, but not as often in this group, is a
    # changed name ("#DCU #MLS #mastodonfc" -> "#DCU #MastodonFC #mastodonfc": the entity finder reads the new
    # tag's name as written in the source, which prints it once)
    if (PROVENANCE_HASHTAG_MATCH_RATIO is not None and source_article is not None
            and not any(c["kind"] in ("name", "speaker") for c in out)):
        in_article = {t.lower() for t in _HASHTAG.findall(" ".join(source_article.paragraphs))}
        tags_s, tags_d = _unmatched_hashtags(src, der, in_article)
        tags_d = [t for t in tags_d if t.lower() in in_article]
        if tags_s and tags_d:
            add("speaker" if speech else "name", f"{', '.join(tags_s)} → {', '.join(tags_d)}")
            out[-1]["names"] = {"source": [(t, "tag:" + t[1:].lower()) for t in tags_s],
                                "derived": [(t, "tag:" + t[1:].lower()) for t in tags_d]}
    # a quotation the source prints and the derived text neither prints nor renders (no quotation marks
    # at all): left out, or turned into the writer's own words
    printed = [q.group()[1:-1].strip() for q in _QUOTED.finditer(src) if _WORD_RE.search(q.group())]
    quotes = [q for q in printed if not _rendered(q, source_lang, dv)]
    # (a source that is one quotation, a line of dialogue, may come back set off by a dash: not flagged where
    # the derived text has a dash, PROVENANCE_QUOTE_DASH_ONLY)
    dialogue = _QUOTE_MARKS.search(src) and _all_quoted(src) and (not PROVENANCE_QUOTE_DASH_ONLY or _DASH.search(der))
    if quotes and not _QUOTE_MARKS.search(der) and not dialogue:
        add("quote", "quote dropped: " + "; ".join(f"“{q}”" for q in quotes))
        if _QUOTE_MARKS.search(src) and _all_quoted(src):
            out[-1]["dialogue"] = True   # kept by article_checks only where the translation prints quotations
    elif quotes and PROVENANCE_QUOTE_COUNT and _QUOTE_MARKS.search(der):
        # the derived text prints quotations, but fewer than the source: one was left out ("“Hey, long
        # night?” his voice echoed, “Something like that,” I replied" → the reply without its words)
        # (marks left unpaired, „…" or a quote running on from the sentence before, count a quotation a pair)
        unpaired = len(_QUOTE_MARKS.findall(_QUOTED.sub(" ", der)))
        missing = len(printed) - sum(1 for q in _QUOTED.finditer(der) if _WORD_RE.search(q.group())) - (unpaired + 1) // 2
        if missing > 0:
            add("quote", f"{missing} of {len(printed)} quotations not printed: " + "; ".join(f"“{q}”" for q in quotes))
    if complete:
        _negation_changes(src, der, source_texts, derived_texts, source_lang, derived_lang, add)
    if complete if hedge_complete is None else hedge_complete:
        hs, hd = hedge(src, source_lang), hedge(der, derived_lang)
        # (with the levels, a side that only hedges loosely is compared with neither)
        # (a booster on one side rendering a booster of the other is no loose hedge: "totally" / "určitě")
        matched = PROVENANCE_HEDGE_BOOSTERS_MATCHED
        loose = PROVENANCE_HEDGE_LEVELS and 1 in (
            hedge_level(src, source_lang, matched and has_booster(der, derived_lang)),
            hedge_level(der, derived_lang, matched and has_booster(src, source_lang)))
        if loose and hs and not hd and PROVENANCE_HEDGE_LOOSE_MATCHED:
            # the derived side hedges loosely, but with as many loose words as the hedged source has: each
            # renders one of those ("Might … probably" / "… sicherlich", "probably should've" / "应该"), none is
            # left to render the hedge (not the other way round: a source's "I'm thinking" may be what the
            # derived hedge renders)
            loose = loose_hedges(der, derived_lang) != loose_hedges(src, source_lang)
        if bool(hs) != bool(hd) and not loose:
            add("hedge", f"hedge dropped: {hs!r}" if hs else f"hedge added: {hd!r}")
    return out


_PIECE_END = re.compile(r"(?<=[.!?…。！？])\s+|(?<=[。！？])")


def _pieces(text: str) -> list[str]:
    """``text`` cut after every full stop, question or exclamation mark, whatever case follows (a post's
    "… might fall asleep. but you totally should." is one sentence to the splitter, two to its translator)."""
    return [p for p in (x.strip() for x in _PIECE_END.split(text)) if _WORD_RE.search(p)]


def _negation_changes(src: str, der: str, source_texts: list[str], derived_texts: list[str],
                      source_lang: Optional[str], derived_lang: Optional[str], add) -> None:
    """Negation compared on a complete group (:func:`changed_facts`; each change through ``add``)."""
    # a quote only one side prints (the other renders it as indirect speech or drops it) is checked
    # by its names and numbers above; negation inside it would be compared with nothing
    src_q, der_q = bool(_QUOTE_MARKS.search(src)), bool(_QUOTE_MARKS.search(der))
    # (a line of dialogue, all quoted, may come back set off by a dash: compared whole)
    src_cut, der_cut = src_q and not der_q and not _all_quoted(src), der_q and not src_q and not _all_quoted(der)
    ns = negation_level(_unquoted(src) if src_cut else src, source_lang)
    nd = negation_level(_unquoted(der) if der_cut else der, derived_lang)
    if PROVENANCE_NEGATION_QUOTE_WHOLE and (src_cut or der_cut) and ns != nd:
        # (the quotation may render words the other side prints without marks, direct speech a translator set in
        # quotation marks: "… lese: „Nein, ich wüsste nicht …“" for "…: No, I just don't see …"; where the whole
        # texts agree, they are compared whole)
        ws, wd = negation_level(src, source_lang), negation_level(der, derived_lang)
        if ws == wd or (PROVENANCE_NEGATION_LEVELS and 1 in (ws, wd)):
            ns, nd = ws, wd
    if (PROVENANCE_NEGATION_FORGET or PROVENANCE_NEGATION_NOT_GOOD) and {ns, nd} == {0, 2}:
        # the negated side and the plain one
        text, lang, other, other_lang = (src, source_lang, der, derived_lang) if ns == 2 else (der, derived_lang, src,
                                                                                              source_lang)
        # "don't forget" for "remember": the negated side's negation is only a negated "forget", and the other side
        # does not speak of forgetting at all (against "forget", "don't forget" is compared as ever)
        rest = without_negated_forget(text, lang) if PROVENANCE_NEGATION_FORGET else None
        if rest is not None and negation_level(rest, lang) < 2 and not speaks_of_forgetting(other, other_lang):
            return
        # "not good" for "bad": the negated side's negation is only a negated "good", and the other side says "bad"
        # where the negated side does not (else the other side's "bad" renders that: "I feel bad …, they weren't very
        # good" / "cítím se špatně …, ty moc dobré nebyly")
        rest = without_not_good(text, lang) if PROVENANCE_NEGATION_NOT_GOOD else None
        if (rest is not None and negation_level(rest, lang) < 2 and says_bad(other, other_lang)
                and not says_bad(text, lang)):
            return
    # (with the levels, a side that only renders a negation loosely, level 1, is compared with neither)
    privative = _NEGATION_PRIVATIVE.get(_lang(source_lang))
    if ns != nd and (not PROVENANCE_NEGATION_LEVELS or 1 not in (ns, nd)):
        add("negation", "negation dropped" if ns > nd else "negation added")
    elif (PROVENANCE_NEGATION_LEVELS and PROVENANCE_NEGATION_PRIVATIVE_DROPPED and ns == 1 and nd == 0
          and privative and privative.search(src)):
        add("negation", "negation dropped: the source negates by a privative word, the derived text not at all")
    elif (PROVENANCE_NEGATION_LEVELS and PROVENANCE_NEGATION_WEAK_MATCHED and ns == 2 and nd == 1
          and 0 < weak_negations(der, derived_lang) <= weak_negations(src, source_lang, licensing=False)):
        # the derived side renders a negation only loosely, but with no more loose words than the negated source
        # has beside its negation: each renders one of those ("uncomfortably … weren't" / "nepříjemně … nebyl"),
        # none is left to render the negation (the source's words that only license "any", "until", do not count)
        add("negation", "negation dropped: the derived text keeps only the source's loose negation words")
    elif PROVENANCE_NEGATION_DOUBLE and ns == 2 and nd == 1 and double_negation(src, source_lang):
        # "Not impossible" rendered "To nemožné" / "無理ではるけど": the privative kept, its negation struck out
        add("negation", "negation dropped: the source negates a privative word, the derived text keeps the privative")
    elif PROVENANCE_NEGATION_PIECES and src_q == der_q and len(source_texts) + len(derived_texts) > 2:
        # a group of several sentences: both sides cut into pieces at every full stop (a post's lower-case
        # "… fall asleep. but you totally should." is one sentence to the splitter, two to its translator)
        # and, where they cut into as many, compared piece by piece in order (a "not" lost in one sentence
        # while another of the group still negates), each pair only where its pieces take the same share
        # of their sides (cut elsewhere, the pieces render different things)
        sp, dp = _pieces(src), _pieces(der)
        if len(sp) == len(dp) and len(sp) >= 2:
            pairs = list(zip(sp, dp))
        elif PROVENANCE_NEGATION_PIECE_EDGES and min(len(sp), len(dp)) >= 2:
            # cut into different numbers of pieces (a sentence split or merged inside the group): the first
            # pieces still render each other, and so do the last ("… but you totally should. that beer aint
            # drinking itself" / "…但你完全应该雇我。 那啤酒又不会自己把自己喝掉")
            pairs = [(sp[0], dp[0]), (sp[-1], dp[-1])]
        else:
            return
        total_s, total_d = max(content_length(src, source_lang), 1), max(content_length(der, derived_lang), 1)
        for a, b in pairs:
            share = content_length(a, source_lang) / total_s / max(content_length(b, derived_lang) / total_d, 1e-9)
            if not 1 / PROVENANCE_COMPLETE_RATIO <= share <= PROVENANCE_COMPLETE_RATIO:
                continue
            la, lb = negation_level(a, source_lang), negation_level(b, derived_lang)
            if {la, lb} == {0, 2}:
                add("negation", "negation dropped in one sentence" if la > lb else "negation added in one sentence")
                return


def _quotations(texts: list[str]) -> int:
    return sum(1 for t in texts for q in _QUOTED.finditer(t) if _WORD_RE.search(q.group()))


def article_checks(changed: list[dict], source_texts: list[str], derived_texts: list[str]) -> list[dict]:
    """A second look at the changes of all groups of one derived article, with the whole article in view.

    - A pair of unmatched names, one on each side, that recurs in at least
      ``PROVENANCE_NAME_RENDERING_MIN_GROUPS`` groups is the article's rendering of that name ("Eirwen" /
      "Ейрін", "North" / "Севера" / "Северу", "North" / "Königreich"), not a changed name: removed from
      each ``name`` / ``speaker`` change, which is dropped when one side has no name left. A person of the
      story put in someone's place is one group's pair (the replacement matches its own name elsewhere).
    - A line of dialogue (the source sentence is one quotation) that the derived group prints without
      quotation marks is kept as ``quote`` only where the derived article prints at least
      ``PROVENANCE_QUOTE_ARTICLE_SHARE`` as many quotations as the source: a translator who sets no dialogue
      in quotation marks has left out no quote.
    The ``names`` / ``dialogue`` working fields of :func:`changed_facts` are removed.
    """
    min_groups = PROVENANCE_NAME_RENDERING_MIN_GROUPS
    pairs: Counter = Counter()
    derived_keys: list[str] = []

    def cluster(key: str) -> str:
        """One derived name key for a name and its inflections (Севера / Северу / Север)."""
        for k in derived_keys:
            if k == key or _inflected(k, key):
                return k
        derived_keys.append(key)
        return key

    for c in changed:
        if "names" in c:
            c["names"]["derived"] = [(surface, cluster(key)) for surface, key in c["names"]["derived"]]
            for ks in {k for _, k in c["names"]["source"]}:
                for kd in {k for _, k in c["names"]["derived"]}:
                    pairs[ks, kd] += 1
    prints_quotes = _quotations(derived_texts) >= PROVENANCE_QUOTE_ARTICLE_SHARE * _quotations(source_texts)
    out = []
    for c in changed:
        names, dialogue = c.pop("names", None), c.pop("dialogue", False)
        if dialogue and not prints_quotes:
            continue
        if names and min_groups:
            rendered = {(ks, kd) for _, ks in names["source"] for _, kd in names["derived"]
                        if pairs[ks, kd] >= min_groups}
            only_s = [s for s, k in names["source"] if not any(k == ks for ks, _ in rendered)]
            only_d = [s for s, k in names["derived"] if not any(k == kd for _, kd in rendered)]
            if not only_s or not only_d:
                continue
            if rendered:
                c["detail"] = f"{', '.join(only_s)} → {', '.join(only_d)}"
        out.append(c)
    return out
