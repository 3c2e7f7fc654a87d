"""Which facts changed between aligned sentences, and how the framing moved.

Numbers, dates and names compared as the entities stage's language-independent keys; negation, hedges
("reportedly", "allegedly"), attribution and speech cues from small per-language word lists
(:mod:`babelwire.cues`); a headline or claim turned into a question. Used by :mod:`babelwire.provenance` on each kept sentence group.
"""
from __future__ import annotations

import os
import re
from decimal import Decimal
from collections import Counter
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from babelwire.article import Article
from babelwire.cues import (_ATTRIBUTION, _CJK_NEGATION, _CLOCK_AT_BEFORE, _CLOCK_COLON, _CLOCK_DIGITS,
                            _CLOCK_NO_WORD_AFTER, _CLOCK_WORD_AFTER, _DASH, _HEDGES, _MERIDIEM_AFTER, _MERIDIEM_BEFORE,
                            _NEGATION, _NEGATION_PRIVATIVE, _QUOTED,
                            _QUOTE_MARKS, _WORD_RE, _cue, _is_question, _lang, _qualifier, _unquoted, asks, attribution,
                            attribution_level, hedge, loose_hedges,
                            double_negation, has_booster, hedge_level, negation_level, speaks_of_forgetting,
                            says_bad, weak_negations, without_negated_forget, without_not_good)
from babelwire.entities import Entity, _number_text, find_entities, shared_keys
from babelwire.settings import (PROVENANCE_ALL_CAPS_MIN_CASED_SHARE, PROVENANCE_ATTRIBUTION_LEVELS,
                                PROVENANCE_QUESTION_OUTSIDE_QUOTES, PROVENANCE_UNIT_CONVERSIONS, PROVENANCE_CLOCK_HALF_DAY, PROVENANCE_CLOCK_TIMES, PROVENANCE_COMPLETE_RATIO, PROVENANCE_HASHTAG_MATCH_RATIO, PROVENANCE_HEDGE_BOOSTERS_MATCHED, PROVENANCE_HEDGE_LEVELS, PROVENANCE_HEDGE_LOOSE_MATCHED, PROVENANCE_NAME_RENDERING_MIN_GROUPS,
                                PROVENANCE_NAME_EMPHASIS_MIN_LETTERS, PROVENANCE_NAME_RENDERINGS,
                                PROVENANCE_NAME_SLIP_MAX_EDITS, PROVENANCE_NAME_SLIP_MIN_LETTERS,
                                PROVENANCE_NAME_NEAR_SKELETON_MIN,
                                PROVENANCE_NEGATION_DOUBLE, PROVENANCE_NEGATION_LEVELS, PROVENANCE_NEGATION_PIECES,
                                PROVENANCE_NEGATION_PIECE_EDGES,
                                PROVENANCE_NEGATION_FORGET, PROVENANCE_NEGATION_NOT_GOOD, PROVENANCE_NEGATION_PRIVATIVE_DROPPED, PROVENANCE_NEGATION_QUOTE_WHOLE,
                                PROVENANCE_NEGATION_WEAK_MATCHED,
                                PROVENANCE_QUOTE_ARTICLE_SHARE, PROVENANCE_QUOTE_COUNT,
                                PROVENANCE_QUOTE_DASH_ONLY)


# --- changed facts and framing --------------------------------------------------------------------------
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


# (a tag in Latin letters ends where they do: "#DCUは二本の…" in a Japanese sentence is the tag "#DCU")
_HASHTAG = re.compile(r"(?<![\w#])#(?:[0-9_]*[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F0-9_]*|"
                      r"[^\s#.,;:!?()\[\]{}\"'“”«»„「」、。，！？]*[^\W\d_][^\s#.,;:!?()\[\]{}\"'“”«»„「」、。，！？]*)")


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


def _digit_runs(text: str) -> Counter:
    """How often each number written in digits (any script's digits) occurs in ``text``."""
    return Counter(int(run) for run in re.findall(r"\d+", text) if len(run) <= 12)


# Imperial units a translator converts to metric ("6 inches" -> "15 cm", "350 yards" -> "320 metres"): a number
# followed by one (English text), and the factors of its metric renderings (inches: cm or mm; feet: m or cm).
# Fahrenheit converts by its own formula.
_IMPERIAL = re.compile(r"\s?(?:-\s?)?(inch(?:es)?|in\b|\"|″|feet|foot|ft\b|′|yards?|yds?\b|miles?\s+(?:an|per)\s+hour|"
                       r"mph\b|miles?|mi\b|pounds?|lbs?\b|ounces?|oz\b|gallons?|gal\b|pints?|acres?|square\s+(?:feet|foot)|"
                       r"sq\.?\s?ft\b|stones?\b|°\s?F\b|degrees?\s+(?:Fahrenheit|F\b)|Fahrenheit)", re.IGNORECASE)
_IMPERIAL_FACTORS = [("inch", (2.54, 25.4)), ("in", (2.54, 25.4)), ('"', (2.54, 25.4)), ("″", (2.54, 25.4)),
                     ("feet", (0.3048, 30.48)), ("foot", (0.3048, 30.48)), ("ft", (0.3048, 30.48)), ("′", (0.3048, 30.48)),
                     ("yard", (0.9144,)), ("yd", (0.9144,)), ("mph", (1.609,)), ("mile", (1.609,)), ("mi", (1.609,)),
                     ("pound", (0.4536,)), ("lb", (0.4536,)), ("ounce", (28.35,)), ("oz", (28.35,)),
                     ("gallon", (3.785,)), ("gal", (3.785,)), ("pint", (0.4732,)), ("acre", (0.4047, 4047.0)),
                     ("square", (0.0929,)), ("sq", (0.0929,)), ("stone", (6.35,))]


def _metric_renderings(text: str, value: Decimal) -> list[float]:
    """The metric values a number of ``text`` written with an imperial unit converts to (empty if it has none)."""
    out: list[float] = []
    number = _number_text(value)
    for m in re.finditer(r"(?<![\d.,])" + re.escape(number) + r"(?![\d]|[.,]\d)", text.replace(",", "")):
        unit = _IMPERIAL.match(text.replace(",", ""), m.end())
        if not unit:
            continue
        word = unit.group(1).lower()
        if "f" == word[-1:] or "fahrenheit" in word:
            out.append((float(value) - 32) * 5 / 9)
            continue
        for prefix, factors in _IMPERIAL_FACTORS:
            if word.startswith(prefix):
                out.extend(float(value) * f for f in factors)
                break
    return out


def _rounds_to(value: Decimal, exact: float) -> bool:
    """``value`` is ``exact`` rounded at its own last non-zero digit (15 for 15.24, 320 for 320.04, 1 for 0.91;
    not 16 for 15.24, nor 321 for 320.04)."""
    step = Decimal(1).scaleb(value.normalize().as_tuple().exponent)
    return abs(float(value) - exact) <= float(step) / 2


def _converted(only_s: list[str], only_d: list[str], src: str, der: str) -> tuple[list[str], list[str]]:
    """``only_s`` and ``only_d`` (number keys) less the pairs where one side's number, written with an imperial
    unit, has the other's for its metric rendering, rounded (``PROVENANCE_UNIT_CONVERSIONS``)."""
    if not PROVENANCE_UNIT_CONVERSIONS:
        return only_s, only_d
    def value(key: str) -> Optional[Decimal]:   # "num:15" (clock times have keys of their own)
        kind, _, text = key.partition(":")
        try:
            return Decimal(text) if kind == "num" else None
        except ArithmeticError:
            return None

    only_s, only_d = list(only_s), list(only_d)
    for a_keys, b_keys, a_text in ((only_s, only_d, src), (only_d, only_s, der)):
        for a in [k for k in a_keys if value(k) is not None]:
            rendered = _metric_renderings(a_text, value(a))
            b = next((b for b in b_keys if value(b) is not None and any(_rounds_to(value(b), r) for r in rendered)),
                     None)
            if b is not None:
                a_keys.remove(a)
                b_keys.remove(b)
    return only_s, only_d


def clock_times(text: str) -> list[tuple[int, int, int, int]]:
    """``(start, end, hour, minute)`` of each clock time in ``text``: ``H:MM`` (``10:26``), and four digits
    0000-2359 with minutes below 60 in a time context (:data:`babelwire.cues._CLOCK_WORD_AFTER`: "0500 hours",
    "At 0500 sharp", "0430 Itania time"; or "at" before them with a leading zero or no word after: "at 0500",
    "at 1930."). A year ("in 1930", "2024") or a plain number ("1500 members", "at 1500 metres") is none."""
    out = [(m.start(), m.end(), int(m.group(1)), int(m.group(2))) for m in _CLOCK_COLON.finditer(text)
           if int(m.group(1)) < 24]
    for m in _CLOCK_DIGITS.finditer(text):
        at = _CLOCK_AT_BEFORE.search(text, max(0, m.start() - 4), m.start())
        if (_CLOCK_WORD_AFTER.match(text, m.end())
                or at and (m.group(1).startswith("0") or _CLOCK_NO_WORD_AFTER.match(text, m.end()))):
            out.append((m.start(), m.end(), int(m.group(1)), int(m.group(2))))
    return sorted(out)


def half_day(text: str, start: int, end: int, hour: int) -> Optional[bool]:
    """Whether the time or hour at ``text[start:end]`` is after noon (True), before it (False), or not said (None):
    hours 13-23 are after noon, 0 before it; otherwise a marker right after or right before it
    (:data:`babelwire.cues._MERIDIEM_AFTER`, ``_MERIDIEM_BEFORE``: "10:26 PM", "午後10時", "上午10点", "10:26 पूर्वाह्न";
    night and evening words only for the hours 6-11, "रात 10:26" but not "रात 2 बजे")."""
    if not PROVENANCE_CLOCK_HALF_DAY or hour > 23:
        return None
    if hour >= 13 or hour == 0:
        return hour >= 13
    marker = _MERIDIEM_AFTER.match(text, end, min(len(text), end + 16)) \
        or _MERIDIEM_BEFORE.search(text, max(0, start - 8), start)
    if marker is None:
        return None
    if marker.group("late"):
        return True if 6 <= hour <= 11 else None
    return marker.group("pm") is not None


def _hours_written(text: str, hour: int) -> list[Optional[bool]]:
    """The half of the day of each place ``text`` writes ``hour`` (1-12) as a number ("5時", "10点", "5 Uhr")."""
    return [half_day(text, m.start(), m.end(), hour) for m in re.finditer(f"(?<!\\d)0?{hour}(?!\\d)", text)]


def _number_clocks(src: str, der: str, sk: dict[str, str], dk: dict[str, str]
                   ) -> tuple[dict[str, str], dict[str, str], Counter, Counter]:
    """The number keys and digit counts of both sides, clock times compared as times of day
    (``PROVENANCE_CLOCK_TIMES``): "At 0500 sharp" = "5時ちょうど" = "um 5 Uhr" = "5:00"; "0430" = "4時30分";
    "10:26 PM" = "22:26" (hours modulo 12). A time both sides print, or one side's time whose hour (and minute,
    unless 00) the other side writes as numbers, leaves both comparisons; a time the other side renders
    with neither stays, keyed ``clock:H:MM``, so "0500" → "6時" is a changed number. Four digits that the other
    side prints as the same number are that number, not a time."""
    texts, keys = [src, der], [dict(sk), dict(dk)]
    clocks = [clock_times(src), clock_times(der)]
    runs = [_digit_runs(src), _digit_runs(der)]
    for side in (0, 1):
        # four digits the other side prints as the same number (or year) are that number
        clocks[side] = [c for c in clocks[side] if not texts[side][c[0]:c[1]].isdigit()
                        or int(texts[side][c[0]:c[1]]) not in runs[1 - side]]
    if not clocks[0] and not clocks[1]:
        return sk, dk, runs[0], runs[1]
    runs = []
    for side in (0, 1):
        text, own = texts[side], keys[side]
        for start, end, _, _ in clocks[side]:
            if text[start:end].isdigit():   # the number the entity finder read in the four digits
                own.pop(f"num:{int(text[start:end])}", None)
        blanked = "".join(" " if any(s <= i < e for s, e, _, _ in clocks[side]) else ch for i, ch in enumerate(text))
        runs.append(_digit_runs(blanked))
    # a time both sides print, hours modulo 12 unless both say which half of the day ("10:26 PM" against
    # "10:26 पूर्वाह्न", a.m., is no match: PROVENANCE_CLOCK_HALF_DAY)
    halves = [{c: half_day(texts[side], c[0], c[1], c[2]) for c in clocks[side]} for side in (0, 1)]
    left = [list(clocks[0]), list(clocks[1])]
    for c in clocks[0]:
        match = next((d for d in left[1] if (d[2] % 12, d[3]) == (c[2] % 12, c[3])
                      and (None in (halves[0][c], halves[1][d]) or halves[0][c] == halves[1][d])), None)
        if match:
            left[0].remove(c)
            left[1].remove(match)
    # a time whose hour (and minute) the other side writes as numbers: 5時, 4時30分, "04-30"
    clashed: set = set()
    for side in (0, 1):
        other, other_runs = keys[1 - side], runs[1 - side]
        for c in list(left[side]):
            hour = next((h for h in (c[2] % 12, c[2] % 12 + 12) if f"num:{h}" in other), None)
            if hour is None or (c[3] and f"num:{c[3]}" not in other):
                continue
            own_half = halves[side][c]
            if own_half is not None and hour <= 12:
                written = _hours_written(texts[1 - side], hour)
                if written and all(h is not None and h != own_half for h in written):
                    clashed.add(c)   # the other side writes the hour in the other half of the day: 上午10点 for 10:26 PM
                    continue
            left[side].remove(c)
            for n in (hour, c[3]) if c[3] else (hour,):
                other.pop(f"num:{n}", None)
                if other_runs[n] > 0:
                    other_runs[n] -= 1
    # what is left is compared as a number: four digits (a number to the entity finder, "0500" → "6時"), and
    # an H:MM time where the other side has a time left too ("0500" → "6:00"); an H:MM time alone, which the
    # finder reads as no number, stays out ("3/3" / "2024-03-03 00:00:00")
    for side in (0, 1):
        for start, end, hour, minute in left[side]:
            if texts[side][start:end].isdigit() or left[1 - side] or (start, end, hour, minute) in clashed:
                shown = hour % 12 + (12 if halves[side][(start, end, hour, minute)] else 0)   # 24 h where said
                keys[side][f"clock:{shown}:{minute:02d}"] = texts[side][start:end]
    return keys[0], keys[1], +runs[0], +runs[1]


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


# Acronyms of international bodies and common news terms as the dev languages write them, where the gazetteer
# (which already reads OTAN / ONU / UE / OMS / МВФ / EZB as NATO / UN / EU / WHO / IMF / ECB) has no entry: one
# group per acronym, every spelling upper-case (drift round 17; our own table: GDPR -> DSGVO / RGPD on WMT24
# dev documents 25-32). A derived name printing one of a group's spellings renders a source name printing
# another (DSGVO-Beschwerde for GDPR).
_ACRONYM_GROUPS = (
    ("GDPR", "DSGVO", "RGPD", "ОРЗД", "ЗРЗД"),           # EU data-protection regulation
    ("OECD", "OCDE", "ОЭСР", "ОЕСР"),
    ("WTO", "OMC", "ВТО", "СОТ"),
    ("NGO", "ONG", "NRO", "NNO", "НКО", "НПО", "НУО", "ГО"),
    ("AIDS", "SIDA", "СПИД", "СНІД"),
    ("HIV", "VIH", "ВИЧ", "ВІЛ"),
    ("EU", "ESB"),                                       # Icelandic Evrópusambandið
    ("UN", "SÞ"),                                        # Icelandic Sameinuðu þjóðirnar
    ("IMF", "AGS"),                                      # Icelandic Alþjóðagjaldeyrissjóðurinn
)
# Feasts the dev languages name with words of their own (drift round 17; our own table: "Christmas" / "Vánoce" /
# "Weihnachten" / "Navidad" / "Рождество" / "Різдво" on WMT24 dev documents 1-8): word beginnings, lower-case, so
# that inflected forms match (Vánoc, Рождества, Різдва).
_FEAST_GROUPS = (
    ("christmas", "xmas", "vánoc", "weihnacht", "navidad", "jól", "рождеств", "різдв"),
    ("easter", "velikonoc", "oster", "pascua", "pásk", "пасх", "великд", "великодн"),
)
_ACRONYM_GROUP = {spelling: i for i, group in enumerate(_ACRONYM_GROUPS) for spelling in group}
_NAME_WORD = re.compile(r"[^\W_]+")
_OPENING_WORD = re.compile(r"^\s*(?:[@#][\w.]+[\s,:]*)+([^\W\d_]+)")


def _acronym_groups(surface: str) -> set[int]:
    return {_ACRONYM_GROUP[w] for w in _NAME_WORD.findall(surface) if w.isupper() and w in _ACRONYM_GROUP}


def _feast_groups(surface: str) -> set[int]:
    return {i for w in _NAME_WORD.findall(surface.lower()) for i, group in enumerate(_FEAST_GROUPS)
            if any(w.startswith(stem) for stem in group)}


def _emphasis(surface: str) -> bool:
    """An upper-case word of at least ``PROVENANCE_NAME_EMPHASIS_MIN_LETTERS`` letters: a word set in capitals
    for emphasis ("AWARE", "DIFFICULT"), not an acronym."""
    return any(w.isupper() and len(w) >= PROVENANCE_NAME_EMPHASIS_MIN_LETTERS for w in _NAME_WORD.findall(surface))


def _rendered_names(sv: Article, dv: Article, src: str, der: str, shared: set[str],
                    source_article: Optional[Article]) -> set[str]:
    """Unmatched names of the two sides that render each other (drift round 17, ``PROVENANCE_NAME_RENDERINGS``):
    an acronym and its spelling in the derived language (:data:`_ACRONYM_GROUPS`), a feast's name
    (:data:`_FEAST_GROUPS`); a word set in capitals for
    emphasis on each side ("are AWARE" / "SI UVĚDOMUJÍ"); hashtags on both sides, as many each (#HomeRenovation /
    #ReformaDoméstica: a changed tag is the hashtag check's); a two-part name one part of which is the same
    and the other inflected however short ("Sally Rooney" / "Sally Rooneyové", "Rooneys"); a name spelt within
    ``PROVENANCE_NAME_SLIP_MAX_EDITS`` letters (a slip, "Sainsbury" / "Sainbury"); the one word after the
    opening @handles of both sides, which the entity finder reads as a name only because a handle stands
    before it ("@user35 Honestly" / "@user35 Popravdě"). A derived name the source article names (a person of
    the story put in) is never matched this way."""
    if not PROVENANCE_NAME_RENDERINGS or all(e.key in shared for e in sv.entities if e.kind == "name"):
        return set()   # every rule pairs off an unmatched source name (most groups: no work)
    story = ({e.key for e in source_article.entities if e.kind == "name"} | shared_keys(dv, source_article)["name"]
             if source_article is not None else set())
    story_words = ({w.lower() for p in source_article.paragraphs for w in _NAME_WORD.findall(p)}
                   if source_article is not None else set())
    only_s = [e for e in sv.entities if e.kind == "name" and e.key not in shared]
    only_d = [e for e in dv.entities if e.kind == "name" and e.key not in shared
              and e.key not in story and not any(w.lower() in story_words for w in _NAME_WORD.findall(e.surface)
                                                 if w.isupper() or len(_NAME_WORD.findall(e.surface)) == 1)]
    out: set[str] = set()
    for a in only_s:
        for b in only_d:
            if (_acronym_groups(a.surface) & _acronym_groups(b.surface)
                    or _feast_groups(a.surface) & _feast_groups(b.surface)
                    or _two_part_inflected(a.key, b.key) or _slip(a.surface, b.surface)
                    or _near_skeleton(a.key, b.key)):
                out |= {a.key, b.key}
    # a one-part source name that a derived word spells inflected, though the entity finder did not take that
    # word for a name ("Pirani's best game" / "Piranis bestes Spiel")
    for a in only_s:
        part = a.key.split(":", 1)[1]
        if "-" not in part and len(part) >= 3 and any(
                w.startswith(part) and 0 < len(w) - len(part) <= 2 for w in dv.token_keys):
            out.add(a.key)
    if not (_all_caps(src) or _all_caps(der)):
        emph_s = [e.key for e in only_s if _emphasis(e.surface)]
        emph_d = [e.key for e in only_d if _emphasis(e.surface)]
        if emph_s and emph_d:
            out |= set(emph_s) | set(emph_d)
    tags_s, tags_d = _HASHTAG.findall(src), _HASHTAG.findall(der)
    if tags_s and len(tags_s) == len(tags_d):
        bodies_s, bodies_d = {t[1:] for t in tags_s}, {t[1:] for t in tags_d}
        in_s = [e.key for e in only_s if e.surface in bodies_s]
        in_d = [e.key for e in only_d if e.surface in bodies_d]
        if in_s and in_d:
            out |= set(in_s) | set(in_d)
    open_s, open_d = _OPENING_WORD.match(src), _OPENING_WORD.match(der)
    if open_s and open_d:
        a = [e.key for e in only_s if e.surface == open_s.group(1)]
        b = [e.key for e in only_d if e.surface == open_d.group(1)]
        if a and b:
            out |= set(a) | set(b)
    return out


def _two_part_inflected(a: str, b: str) -> bool:
    """Names of two or more parts, one part the same (of at least two letters' skeleton) and another the
    same word inflected: the shorter skeleton starts the longer, which adds at most two letters."""
    pa, pb = a.split(":", 1)[1].split("-"), b.split(":", 1)[1].split("-")
    if len(pa) < 2 or len(pb) < 2 or not any(len(p) >= 2 for p in set(pa) & set(pb)):
        return False
    rest_a, rest_b = [p for p in pa if p not in pb], [q for q in pb if q not in pa]
    for p in rest_a:
        for q in rest_b:
            p_, q_ = sorted((p, q), key=len)
            if len(p_) >= 2 and q_.startswith(p_) and len(q_) - len(p_) <= 2:
                return True
    return False


def _near_skeleton(a: str, b: str) -> bool:
    """Every part of the name with fewer parts is a part of the other or a letter away from one (skeletons of at
    least ``PROVENANCE_NAME_NEAR_SKELETON_MIN`` letters): the same name romanised back from another script or
    spelt the language's way ("Wales" / "Уэльса" / "Gales" are "fls" / "als" / "kls", "Swansea" / "Суонси" "sfns" /
    "sns")."""
    if PROVENANCE_NAME_NEAR_SKELETON_MIN is None:
        return False
    pa, pb = sorted((a.split(":", 1)[1].split("-"), b.split(":", 1)[1].split("-")), key=len)
    return all(any(p == q or min(len(p), len(q)) >= PROVENANCE_NAME_NEAR_SKELETON_MIN
                   and Levenshtein.distance(p, q) <= 1 for q in pb) for p in pa)


def _slip(a: str, b: str) -> bool:
    """Two spellings of one name, a letter apart (a translator's slip): at least
    ``PROVENANCE_NAME_SLIP_MIN_LETTERS`` letters and at most ``PROVENANCE_NAME_SLIP_MAX_EDITS`` edits."""
    a, b = a.lower(), b.lower()
    return (min(len(a), len(b)) >= PROVENANCE_NAME_SLIP_MIN_LETTERS
            and Levenshtein.distance(a, b) <= PROVENANCE_NAME_SLIP_MAX_EDITS)


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
    shared |= _rendered_names(sv, dv, src, der, shared, source_article)
    # a heading in capitals ("GOOD RIDDANCE") has no names to tell by capitalisation
    if _all_caps(src) or _all_caps(der):
        shared |= {e.key for e in sv.entities + dv.entities if e.kind == "name"}
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


def framing(source_texts: list[str], derived_texts: list[str], source_lang: Optional[str],
            derived_lang: Optional[str], what: str = "sentence") -> list[dict[str, str]]:
    """A statement turned into a question (or back), an attributed claim stated as fact (or back)."""
    src, der = " ".join(source_texts), " ".join(derived_texts)
    out = []
    if what == "sentence" and PROVENANCE_QUESTION_OUTSIDE_QUOTES:
        # a question asked only inside a quotation, against a side that prints no quotation and asks nothing, is a
        # title or a line of dialogue the alignment set beside another sentence, not the sentence's framing
        # a question written without its mark (English: "what why are the coordinates getting rounded") is compared
        # with neither: a translator may add the mark or keep its absence
        (out_s, in_s, bare_s), (out_d, in_d, bare_d) = asks(source_texts, source_lang), asks(derived_texts, derived_lang)
        qs, qd = out_s or in_s, out_d or in_d
        if bare_s or bare_d:
            qs = qd
        elif qs != qd:
            asked_outside = out_s if qs else out_d
            other_quotes = any(_QUOTED.search(t) for t in (derived_texts if qs else source_texts))
            if not asked_outside and not other_quotes:
                qs = qd
    else:
        qs, qd = _is_question(source_texts), _is_question(derived_texts)
    if qs != qd:
        out.append({"kind": "question", "source_text": src, "derived_text": der,
                    "detail": f"{what} turned into a question" if qd else f"{what}'s question turned into a statement"})
    if what == "sentence":
        if PROVENANCE_ATTRIBUTION_LEVELS:
            # a frame on one side against a side with neither a frame nor any word of speech or a quotation
            a_s, a_d = attribution(src, source_lang), attribution(der, derived_lang)
            levels = {attribution_level(src, source_lang), attribution_level(der, derived_lang)}
            differs = levels == {0, 2}
        else:
            a_s, a_d = _cue(src, source_lang, _ATTRIBUTION), _cue(der, derived_lang, _ATTRIBUTION)
            differs = bool(a_s) != bool(a_d)
        if differs:
            out.append({"kind": "attribution", "source_text": src, "derived_text": der,
                        "detail": f"attributed ({a_s!r}) in the source, stated as fact" if a_s
                        else f"stated as fact in the source, attributed ({a_d!r}) here"})
    return out
