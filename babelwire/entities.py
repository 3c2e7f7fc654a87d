"""Entities stage: names, places, organisations, numbers and dates as language-independent keys.

A Hindi rewrite and its English source should share keys without any NER model:

- names: gazetteer hits in any script (``रूस``, ``Россией``, ``بالولايات المتحدة``, ``俄罗斯`` → ``name:russia``),
  plus capitalised runs in cased scripts (Latin, Cyrillic, Greek) keyed by a consonant skeleton of their
  romanisation (``Peskov``/``Песков``/``पेसकोव``/``بيسكوف`` → ``name:pskf``);
- ``token_keys``: the skeleton of every word, so a name one article capitalises is found in a caseless-script
  article (Hindi, Arabic, Japanese katakana) that merely contains it;
- numbers in any digit system (``num:111``, ``num:3.5``, scale words applied: ``1.5 million`` = ``15 लाख``);
- dates as ``date:MM-DD`` from month names in 14 languages or ``N月N日``, years as ``year:YYYY``.

The word tables live in ``data/gazetteer.tsv``, not here: one row per canonical key and kind of form, a column
per language, ``|`` between variants. A name form written lowercase also matches lowercase text, one with a
capital needs a capital, one in capitals (``US``, ``США``) needs capitals. Rows of type ``month``, ``scale`` and
``stopword`` hold month names (all cases), scale words (million, लाख, млрд, 亿) and stopwords.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterable, Iterator, Optional

from babelwire.article import Article, Entity
from babelwire.gazetteer import (  # the word-level machinery shared with this stage
    _CASED,
    _KATAKANA,
    _NAME_GAP,
    _NUM_LETTER,
    _SLAVIC_LATIN,
    _Gazetteer,
    _gazetteer,
    _lookup,
    _match_cjk,
    _match_gazetteer,
    _Tok,
    _tokens,
    _word_key,
    name_key,
)
from babelwire.settings import (
    ENTITY_MAX_NAME_TOKENS,
    ENTITY_MIN_NAME_KEY,
    ENTITY_MIN_TOKEN_LETTERS,
    ENTITY_TOKEN_MATCH_MIN_KEY,
)

__all__ = ["entities", "find_entities", "name_key", "shared_keys"]

# --- capitalised names ---------------------------------------------------------------------------------
# German capitalises every noun: a lone capitalised word after a determiner or with a noun suffix is a noun
_DE_NOUN_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "tat", "ismus", "chen", "nis", "tum", "ling")
_DE_DETERMINERS = frozenset("der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner "
                            "mein meine sein seine ihr ihre unser unsere dieser diese dieses diesen jeder jede jedes "
                            "zum zur im am vom beim ins viele alle".split())
_NAME_PARTICLES = frozenset("de da di do dos das del della der den van von al el bin ibn la le du y".split())



# --- numbers and dates ---------------------------------------------------------------------------------
_CN_NUM = "〇一二三四五六七八九十"
_DAY_BEFORE = re.compile(r"(?<![\d.,])(\d{1,2})(?:\.|º|er|st|nd|rd|th)?\s*(?:de\s+|of\s+)?$")
_DAY_AFTER = re.compile(r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(\d{4})(?!\d))?")
_YEAR_AFTER = re.compile(r"\.?,?\s+(?:de\s+|del\s+)?(\d{4})(?!\d)")
_CJK_DATE = re.compile(f"(?:(\\d{{4}})\\s*年\\s*)?(\\d{{1,2}}|[{_CN_NUM}]{{1,3}})\\s*[月월]\\s*"
                       f"(\\d{{1,2}}|[{_CN_NUM}]{{1,3}})\\s*[日号號일]")
_NUMERIC_DATE = re.compile(r"(?=\d)(?<![\d.])(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))(?!\d)")
_AMBIGUOUS_LOWER_MONTHS = {"may", "mar", "march", "set", "ago", "out", "gen", "mag"}
_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"(?=\d)(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_SEP_CLASS = ",.'’٬\u00a0\u202f\u2009"
# A comma refuses the number after it only after a digit ("1,234" is one number): after a word, it is a
# separator ("他说，20人", whose full-width comma NFKC makes ",", lost the 20 before).
# A unit of measure written on to its number ("2.8km", "1.5kg", "10cm") leaves it a number; any other letter
# ("3G", "4x4", "B2B", "90s") does not, and nor does the part before its decimal mark ("2.8km" was read as 2).
# Units of two letters or more only: a single letter is a decade, an age or a scale as often ("the late 90s",
# "$5m", "2h" for a second half), and "90s" read as 90 changed a story decision on the ECB+ dev sample.
_GLUED_UNIT = r"(?:km|cm|mm|kg|mg|lbs?|ft|mph|kph|kmh|min|hrs?|ms|ml|kW|MW|GW|kWh|Hz|kHz|MHz|GHz|GB|MB|TB|kB)"
_NUMBER = re.compile(f"(?=\\d)(?<!{_NUM_LETTER})(?<![\\d.])(?<!\\d,)(?:\\d{{1,3}}(?:[{_SEP_CLASS}]\\d{{3}})+(?:[.,٫]\\d+)?"
                     f"|\\d+(?:[.,٫]\\d+)?)(?![\\d])(?![.,٫]\\d)(?!(?!{_GLUED_UNIT}(?!{_NUM_LETTER})){_NUM_LETTER})")
_NUMBER_SPACED = re.compile(f"(?=\\d)(?<!{_NUM_LETTER})(?<![\\d.])(?<!\\d,)\\d{{1,3}}(?: \\d{{3}})+(?:,\\d+)?(?![\\d])(?!{_NUM_LETTER})")
_SPACE_GROUPING_LANGS = {"fr", "ru", "uk", "cs", "pl", "sk", "sv", "no", "nb", "fi", "bg", "et", "lv", "lt"}
_QUALIFIER_BEFORE = re.compile(
    r"(?:more than|over|at least|nearly|almost|about|around|up to|fewer than|less than|более|больше|свыше|около|"
    r"почти|менее|más de|casi|unos|alrededor de|plus de|près de|environ|mehr als|über|rund|fast|etwa)\s+$",
    re.IGNORECASE)
_QUALIFIER_AFTER = re.compile(r"\s+(?:से अधिक|से ज्यादा|से ज़्यादा|से कम|से ऊपर)")


def _small_number(text: str) -> int:
    """Day or month written as digits or Chinese numerals (十二, 三十一)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CN_NUM.index(text[0]) if len(text) == 1 else -1
    tens, _, ones = text.partition("十")
    return (_CN_NUM.index(tens) if tens else 1) * 10 + (_CN_NUM.index(ones) if ones else 0)


def _parse_number(text: str) -> Optional[Decimal]:
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    for sep in "'’٬\u00a0\u202f\u2009 ":
        digits = digits.replace(sep, "")
    digits = digits.replace("٫", ".")
    if "," in digits and "." in digits:   # the later mark is the decimal one
        thousands = "," if digits.rfind(".") > digits.rfind(",") else "."
        digits = digits.replace(thousands, "").replace(",", ".")
    else:
        for sep in ",.":
            parts = digits.split(sep)
            if len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3 and parts[0].strip("0")):
                digits = digits.replace(sep, "")   # 1,234 / 1.234.567: grouping; 0.125, 3,5: decimal
            elif len(parts) == 2:
                digits = digits.replace(sep, ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _number_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _dates(text: str, toks: list[_Tok], gz: _Gazetteer,
           has_digit: bool = True) -> Iterator[tuple[int, int, int, Optional[str], Optional[str]]]:
    """(start, end, month, day, year) of each date: a month word (found among the tokens) with a day
    before or after it, or a year after it; ``N月N日``; ISO and dotted numeric dates."""
    months = gz.months
    for i, tok in enumerate(toks):
        if tok.form not in gz.month_first:
            continue
        size, month = next(((n, months[f]) for n in (2, 1) if i + n <= len(toks) and
                            (f := tuple(t.form for t in toks[i:i + n])) in months), (0, 0))
        if not month or tok.raw in _AMBIGUOUS_LOWER_MONTHS:
            continue
        end = toks[i + size - 1].end
        before, after = _DAY_BEFORE.search(text, max(0, tok.start - 12), tok.start), _DAY_AFTER.match(text, end)
        if before:
            year = _YEAR_AFTER.match(text, end)
            yield before.start(), year.end() if year else end, month, before.group(1), year and year.group(1)
        elif after:
            yield tok.start, after.end(), month, after.group(1), after.group(2)
        elif year := _YEAR_AFTER.match(text, end):
            yield tok.start, year.end(), month, None, year.group(1)
    if "月" in text or "월" in text:
        for m in _CJK_DATE.finditer(text):
            yield m.start(), m.end(), _small_number(m.group(2)), m.group(3), m.group(1)
    for m in _NUMERIC_DATE.finditer(text) if has_digit else ():
        g = m.groups()
        yield m.start(), m.end(), int(g[1] or g[4]), g[2] or g[3], g[0] or g[5]


def _dates_and_numbers(text: str, toks: list[_Tok], lang: Optional[str], gz: _Gazetteer) -> Iterator[Entity]:
    taken: list[tuple[int, int]] = []
    # numeric dates, times and numbers all open with a digit (\d, as in their patterns): most
    # paragraphs (74 % of the bench corpus's) have none, and their patterns are not searched there
    has_digit = _DIGIT.search(text) is not None
    for start, end, month, day_text, year in _dates(text, toks, gz, has_digit):
        day = _small_number(day_text) if day_text else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            continue
        taken.append((start, end))
        if day is not None:
            yield Entity("date", text[start:end], f"date:{month:02d}-{day:02d}")
        if year and 1000 <= int(year) <= 2999:
            yield Entity("date", text[start:end], f"year:{int(year)}")
    if not has_digit:
        return
    taken += [m.span() for m in _TIME.finditer(text)]
    found = list(_NUMBER.finditer(text))
    if lang in _SPACE_GROUPING_LANGS:
        spaced = list(_NUMBER_SPACED.finditer(text))
        found = spaced + [m for m in found if not any(s.start() <= m.start() < s.end() for s in spaced)]
    for m in found:
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        value = _parse_number(m.group())
        if value is None:
            continue
        surface, scale = m.group(), gz.scale_re.match(text, m.end())
        if scale:
            value *= Decimal(10) ** gz.scales.get(" ".join(scale.group(1).lower().split()), 0)
            surface = text[m.start():scale.end()]
        elif re.fullmatch(r"\d{4}", m.group()) and 1900 <= int(value) <= 2100:
            yield Entity("date", surface, f"year:{int(value)}")
            continue
        before = _QUALIFIER_BEFORE.search(text, max(0, m.start() - 20), m.start())
        after = _QUALIFIER_AFTER.match(text, m.end())
        if before:
            surface = before.group() + surface
        if after:
            surface += after.group()
        yield Entity("number", surface, f"num:{_number_text(value)}")


# --- the stage -----------------------------------------------------------------------------------------
def find_entities(title: Optional[str], paragraphs: list[str],
                  lang: Optional[str] = None) -> tuple[list[Entity], set[str]]:
    """Entities (deduplicated by key, first surface kept) and token keys of one text."""
    gz = _gazetteer()
    texts = [unicodedata.normalize("NFKC", t) for t in ([title] if title else []) + list(paragraphs) if t]
    toks_per = [_tokens(t) for t in texts]
    shouting_title = False
    if title and toks_per:
        long_words = [t for t in toks_per[0] if t.script in _CASED and len(t.raw) >= 4]
        shouting_title = bool(long_words) and sum(t.raw[0].isupper() for t in long_words) > 0.6 * len(long_words)
    confirmed = {t.form for n, toks in enumerate(toks_per) if n or not title for t in toks
                 if not t.initial and t.raw[0].isupper() and t.script in _CASED}
    found: dict[str, Entity] = {}
    words: set[str] = set()
    slavic = lang in _SLAVIC_LATIN
    for n, (text, toks) in enumerate(zip(texts, toks_per)):
        in_title = n == 0 and bool(title)
        consumed = [False] * len(toks)
        for i, j, key in _match_gazetteer(toks, slavic, gz):
            found.setdefault("name:" + key, Entity("name", text[toks[i].start:toks[j - 1].end], "name:" + key))
            consumed[i:j] = [True] * (j - i)
        words.update(tok.raw for tok in toks)
        for tok in toks:
            if tok.script == "cjk":
                for piece, key in _match_cjk(tok.raw, gz):
                    found.setdefault("name:" + key, Entity("name", piece, "name:" + key))
        for run in _capitalised_runs(toks, consumed, confirmed, in_title and shouting_title, lang):
            key = "name:" + "-".join(k for k in (_word_key(t.raw)[0] for t in run) if k)
            if key != "name:":
                found.setdefault(key, Entity("name", text[run[0].start:run[-1].end], key))
        for entity in _dates_and_numbers(text, toks, lang, gz):
            found.setdefault(entity.key, entity)
    return list(found.values()), set().union(*map(_token_keys, words))


@lru_cache(maxsize=1 << 17)
def _token_keys(word: str) -> tuple[str, ...]:
    """Skeletons a word contributes to ``token_keys``: none for stopwords and short words; an Arabic
    word also without its clitic (وبوتين → بوتين); a CJK run, its katakana stretches (loanwords, names)."""
    script, form, alts = _lookup(word)
    if script == "cjk":
        candidates: tuple[str, ...] = tuple(_KATAKANA.findall(word))
    elif form in _gazetteer().stop:
        return ()
    else:
        candidates = (word,) + (alts if script == "arab" else ())
    return tuple(k for k, letters in map(_word_key, candidates) if k and letters >= ENTITY_MIN_TOKEN_LETTERS)


def _capitalised_runs(toks: list[_Tok], consumed: list[bool], confirmed: set[str], all_initial: bool,
                      lang: Optional[str]) -> Iterator[list[_Tok]]:
    """Runs of capitalised words (with name particles inside: ``Lula da Silva``) not taken by the gazetteer.

    A run's sentence-initial word counts only if the article also capitalises it mid-sentence.
    """
    i, n, stop = 0, len(toks), _gazetteer().stop
    # whether each token is a capitalised word (cased script, 2+ letters, not a stopword), in one pass
    capitalised = [t.script in _CASED and t.raw[0].isupper() and len(t.raw) >= 2 and t.form not in stop for t in toks]
    while i < n:
        if consumed[i] or not capitalised[i]:
            i += 1
            continue
        run, j = [toks[i]], i + 1
        while j < n and not consumed[j] and _NAME_GAP.fullmatch(toks[j - 1].gap):
            if capitalised[j]:
                run.append(toks[j])
            elif (toks[j].form in _NAME_PARTICLES and j + 1 < n and not consumed[j + 1]
                  and capitalised[j + 1] and _NAME_GAP.fullmatch(toks[j].gap)):
                run += [toks[j], toks[j + 1]]
                j += 1
            else:
                break
            j += 1
        start, i = i, j
        if (all_initial or run[0].initial) and run[0].form not in confirmed:
            run, start = run[1:], start + 1
            while run and run[0].form in _NAME_PARTICLES:
                run, start = run[1:], start + 1
        if not run or len(run) > ENTITY_MAX_NAME_TOKENS:
            continue
        if lang == "de" and len(run) == 1 and (run[0].form.endswith(_DE_NOUN_SUFFIXES) or (
                start > 0 and toks[start - 1].form in _DE_DETERMINERS and toks[start - 1].joins_next)):
            continue
        if sum(len(k) for k in (_word_key(t.raw)[0] for t in run)) < ENTITY_MIN_NAME_KEY:
            continue   # "Zeit" = "City" = "st": too short to tell names apart
        yield run


def entities(articles: Iterable[Article]) -> Iterator[Article]:
    """Fill ``Article.entities`` and ``Article.token_keys`` from the title and cleaned paragraphs."""
    for article in articles:
        article.entities, article.token_keys = find_entities(article.title, article.paragraphs, article.lang)
        yield article


# --- comparing two articles ------------------------------------------------------------------------------
_KIND_OF_PREFIX = {"name": "name", "num": "number", "date": "date", "year": "date", "weekday": "date"}


def _by_kind(article: Article) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"name": set(), "number": set(), "date": set()}
    for e in article.entities:
        kind = _KIND_OF_PREFIX.get(e.key.split(":", 1)[0])
        if kind:
            out[kind].add(e.key)
    return out


def _skeletons(key: str, gz: _Gazetteer) -> set[str]:
    bare = key[5:]
    return gz.aliases.get(bare) or {bare}


class _Keys:
    """What :func:`shared_keys` needs of one article, computed once per article (linking compares each
    article with dozens of others): its keys by kind, the skeletons of its names, and its phonetic
    (non-gazetteer) names by last word."""

    __slots__ = ("source", "by_kind", "skeletons", "by_surname", "names", "name_set", "required_words",
                 "phonetic_lasts")

    def __init__(self, article: Article, gz: _Gazetteer):
        self.source = (article.entities, article.token_keys, gz)
        self.by_kind = _by_kind(article)
        names = self.by_kind["name"]
        self.skeletons = {sk for key in names for sk in _skeletons(key, gz)}
        self.by_surname: dict[str, list[set[str]]] = defaultdict(list)   # phonetic names only: "Council" is no surname
        for key in names:
            if key[5:] not in gz.aliases:
                self.by_surname[key[5:].rsplit("-", 1)[-1]].append(set(key[5:].split("-")))
        # each name key: whether it is a gazetteer key, and each of its skeletons split into words
        # (a skeleton is written in the other text when all its words of 3+ letters are among its token
        # keys): the skeleton, those words as a set and their summed length (with repeats), its words of
        # under 3 letters, all its words as a set, and its last word
        self.names = [(key, key[5:] in gz.aliases,
                       [(sk, frozenset(p for p in parts if len(p) >= 3), sum(len(p) for p in parts if len(p) >= 3),
                         [p for p in parts if len(p) < 3], set(parts), parts[-1])
                        for sk in _skeletons(key, gz) for parts in [sk.split("-")]])
                      for key in names]
        self.name_set = frozenset(names)
        # what any of its names needs of another article to be found there beyond the names both have
        # (see _names_found): one of the words of 3+ letters of its skeletons among the other's token
        # keys, or a phonetic name's last word among the other's surnames (or a skeleton in common)
        self.required_words = frozenset(w for _, _, sks in self.names for _, required, *_ in sks for w in required)
        self.phonetic_lasts = frozenset(last for _, alias, sks in self.names if not alias for *_, last in sks)


def _keys(article: Article, gz: _Gazetteer) -> _Keys:
    """The article's :class:`_Keys`, kept on the article while its entities and token keys stay the same objects."""
    cached = article.__dict__.get("_shared_keys_cache")
    if cached is not None:
        entities_, tokens, cached_gz = cached.source
        if entities_ is article.entities and tokens is article.token_keys and cached_gz is gz:
            return cached
    cached = _Keys(article, gz)
    article.__dict__["_shared_keys_cache"] = cached
    return cached


def _names_found(mine: _Keys, theirs: _Keys, their_tokens: set[str]) -> set[str]:
    """Keys of ``mine`` the other article also names (see :func:`shared_keys`)."""
    their_skeletons, their_surnames = theirs.skeletons, theirs.by_surname
    out = set(mine.name_set & theirs.name_set)
    if mine.required_words.isdisjoint(their_tokens) and mine.skeletons.isdisjoint(their_skeletons) \
            and mine.phonetic_lasts.isdisjoint(their_surnames):
        return out   # none of the tests below can pass (most pairs: ~3 in 4 on the bench corpus)
    for key, is_alias, skeletons in mine.names:
        if key in out:
            continue
        for sk, required, required_len, short, part_set, last in skeletons:
            # all its words of 3+ letters among their token keys: then the words found add up to their
            # length (required_len) plus that of its shorter words found there
            if sk in their_skeletons or (
                    required and required <= their_tokens
                    and (required_len >= ENTITY_TOKEN_MATCH_MIN_KEY or required_len + sum(
                        len(p) for p in short if p in their_tokens) >= ENTITY_TOKEN_MATCH_MIN_KEY)) or (
                    not is_alias and last in their_surnames
                    and any(part_set <= o or o <= part_set for o in their_surnames[last])):
                out.add(key)
                break
    return out


def shared_keys(a: Article, b: Article) -> dict[str, set[str]]:
    """Keys the two articles share, per kind (``name``, ``number``, ``date``).

    A name also counts when its skeleton is among the other article's ``token_keys`` (a name found only
    by capitalisation in one article and merely written, uncapitalised or in a caseless script, in the
    other), when it is a gazetteer key whose English forms have that skeleton, or when one multi-word
    name ends like the other (``Vladimir Putin`` / ``Putin``).
    """
    gz = _gazetteer()
    pa, pb = _keys(a, gz), _keys(b, gz)
    ka, kb = pa.by_kind, pb.by_kind
    names = _names_found(pa, pb, b.token_keys) | _names_found(pb, pa, a.token_keys)
    return {"name": names, "number": ka["number"] & kb["number"], "date": ka["date"] & kb["date"]}
