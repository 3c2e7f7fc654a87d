"""Meta stage: title, byline, publication date, dateline, wire credits, credits.

Runs after :func:`babelwire.clean.clean` and reads what clean set aside: the
``byline``, ``source credit`` and ``credits line`` spans in ``Article.removed``,
plus the kept paragraphs (datelines, "according to Reuters", "(AFP)").

Wire agencies are credited, never guessed: short or ambiguous names (AP is also
Andhra Pradesh, भाषा also means "language") count only in credit contexts.
Photo credits ("(AP Photo/…)", "REUTERS/Name") are not text credits: clean
removes them as image credits and meta does not read those spans.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Iterable, Iterator, Optional

from babelwire import settings
from babelwire.article import Article
from babelwire.clean import BYLINE, CREDITS_LINE, SOURCE_CREDIT
from babelwire.data import debris_patterns as P
from babelwire.data.debris_patterns import (BYLINE_LEAD_RE, DATE_LABEL_RE, is_source_credit, source_names,
                                            word_count)

__all__ = ["meta", "wire_credits", "parse_credits", "parse_published"]

_EDGE = " \t|•·-–—:,;()[]\"'“”‘’"

# --- wire agencies -------------------------------------------------------------------


class _Agency:
    """One agency: its names casefolded (a cheap filter), and its regexes -- any name, credit contexts, anywhere,
    attribution -- compiled the first time a text holds one of those names (compiling all of them took ~1.4 CPU s
    of every command's start)."""

    def __init__(self, name: str, alias: str, anywhere: Optional[str]):
        self.name, self._alias, self._anywhere = name, alias, anywhere
        names = [a for c in ("any", "verb", "credit") for a in P.WIRE_AGENCIES[name].get(c, [])]
        # short abbreviations keep their case ("AP"), or "ap" would send every "happen" through the regexes
        self.needles = tuple({a if P.is_cased_abbreviation(a) else a.casefold() for a in names})
        self._compiled: Optional[tuple[re.Pattern, re.Pattern, Optional[re.Pattern], re.Pattern]] = None

    def patterns(self) -> tuple[re.Pattern, re.Pattern, Optional[re.Pattern], re.Pattern]:
        """(any-name regex, credit-context regex, anywhere regex, attribution regex)."""
        if self._compiled is None:
            alias = self._alias
            credit_contexts = [
                # a parenthetical naming it at the end of a paragraph: "... said. (AFP)", "(With inputs from PTI)"
                rf"(?:^|[.!?।。]\s*)\((?![^()]*(?:photo|/))(?:[^()]*?[^\w()])?{alias}(?:[^\w()][^()]*)?\)\s*$",
                rf"(?:inputs?\s+from|इनपुट)[^.()\n]{{0,60}}?{alias}",        # "with inputs from PTI and ANI"
                rf"[—–-]\s*{alias}\s*\W{{0,2}}$",                             # "... — AFP"
            ] + _factored(P.AGENCY_WORD_CONTEXTS, alias)
            self._compiled = (re.compile(alias, re.IGNORECASE),
                              re.compile("|".join(credit_contexts), re.IGNORECASE | re.MULTILINE),
                              re.compile(self._anywhere, re.IGNORECASE) if self._anywhere is not None else None,
                              re.compile("|".join(_factored(P.ATTRIBUTION_CONTEXTS, alias)), re.IGNORECASE))
        return self._compiled


def _factored(templates: list[str], alias: str) -> list[str]:
    """``templates`` with ``alias`` put in, as alternatives: those with the name at their end as one
    ``(?:before|...)alias``, those with it at their start as one ``alias(?:after|...)``, the rest each
    on its own. The same texts match, and a search finds the same first match start (all that
    :func:`_first_credit` reads); the alias regex (~700 characters, its word-boundary classes the costly
    part to compile) is written twice instead of once per template: compiling an agency's regexes
    went from ~0.17 to ~0.06 CPU s (7 agencies on the bench corpus)."""
    before = [t[:-2] for t in templates if t.endswith("{}") and t.count("{}") == 1]
    after = [t[2:] for t in templates if t.startswith("{}") and t.count("{}") == 1 and not t.endswith("{}")]
    rest = [t.format(alias) for t in templates
            if t.count("{}") != 1 or not (t.endswith("{}") or t.startswith("{}"))]
    out = rest
    if before:
        out.append(f"(?:{'|'.join(before)})(?:{alias})")
    if after:
        out.append(f"(?:{alias})(?:{'|'.join(after)})")
    return out


def _agencies() -> list[_Agency]:
    every = P.agency_alternation(("any", "verb", "credit"))
    anywhere = P.agency_alternation(("any",))
    return [_Agency(name, alias, anywhere.get(name)) for name, alias in every.items()]


_AGENCIES = _agencies()
# Any agency's plain name, as _AGENCIES' filter looks for it (a substring, case as given): a paragraph
# where this finds nothing names no agency, and skips the per-agency loop. It runs on the casefolded
# text; the names casefolding changes (the cased abbreviations: "AP") also on the text itself. A name
# casefolding leaves alone that the text holds, its casefolded form holds too (casefold maps each
# character on its own).
_NEEDLES = {needle for agency in _AGENCIES for needle in agency.needles}


def _alternation(needles) -> re.Pattern:
    return re.compile("|".join(re.escape(n) for n in sorted(needles, key=lambda n: (-len(n), n))))


_ANY_NEEDLE_RE = _alternation(_NEEDLES)
_CASED_NEEDLE_RE = _alternation(n for n in _NEEDLES if any(ch.casefold() != ch for ch in n))
# A name followed by "Photo" or "/Name" is a photo credit; "Thomson Reuters" is a company.
_PHOTO_AFTER_RE = re.compile(r"\s*(?:photos?\b|/\s*[A-Z])", re.IGNORECASE)
_COMPANY_BEFORE_RE = re.compile(r"thomson\s+$", re.IGNORECASE)


def _first_credit(text: str, in_credit: re.Pattern, anywhere: Optional[re.Pattern],
                  attribution: re.Pattern) -> Optional[int]:
    """Where ``text`` first credits one agency, or None."""
    spots = [m.start() for m in in_credit.finditer(text)] + [m.start() for m in attribution.finditer(text)]
    if anywhere is not None:
        spots += [m.start() for m in anywhere.finditer(text)
                  if not _PHOTO_AFTER_RE.match(text, m.end()) and not _COMPANY_BEFORE_RE.search(text[:m.start()])]
    return min(spots, default=None)


def wire_credits(paragraphs: Iterable[str], credit_lines: Iterable[str] = ()) -> list[str]:
    """Canonical agency names the text credits, in order of first credit.

    ``credit_lines`` are texts that are credits as a whole (a standalone
    "Reuters" line, a byline, a dateline's parenthesis): any name in them
    counts. In ``paragraphs`` a distinctive name counts anywhere, a short one
    only in a credit context and "Bloomberg" only next to "reported"/"according to".
    """
    found: list[str] = []

    def add(name: str) -> None:
        if name not in found:
            found.append(name)

    for line in credit_lines:
        for name in P.agency_in(line):
            add(name)
    for text in paragraphs:
        if is_source_credit(text):  # a kept paragraph that is only a credit
            for name in P.agency_in(text):
                add(name)
            continue
        folded = text.casefold()
        if _ANY_NEEDLE_RE.search(folded) is None and _CASED_NEEDLE_RE.search(text) is None:
            continue
        hits = []
        for agency in _AGENCIES:
            if not any(needle in folded or needle in text for needle in agency.needles):
                continue
            mention, *patterns = agency.patterns()
            spot = _first_credit(text, *patterns)
            if spot is not None:  # order by where the name itself stands ("inputs from PTI, ANI")
                named_at = mention.search(text, spot)
                hits.append((named_at.start() if named_at else spot, agency.name))
        for _, name in sorted(hits):
            add(name)
    return found


# --- titles ---------------------------------------------------------------------------

_TITLE_SUFFIX_RE = re.compile(r"^(?P<title>.+\S)\s+(?P<sep>[|｜»]|[-–—]|::)\s+(?P<suffix>[^|｜»–—]+?)\s*$")


def _title_suffix(title: Optional[str]) -> Optional[tuple[str, str, str]]:
    m = _TITLE_SUFFIX_RE.match(title or "")
    if not m or word_count(m.group("suffix")) > settings.META_TITLE_SUFFIX_MAX_WORDS:
        return None
    if word_count(m.group("title")) < 2:
        return None
    return m.group("title"), m.group("sep"), m.group("suffix")


def _site(article: Article) -> Optional[str]:
    """The outlet, or the pseudo-site clean grouped a bare file into."""
    return article.source or article.extra.get("debris_site")


def _strip_title_suffix(article: Article, repeats: Counter) -> None:
    split = _title_suffix(article.title)
    if not split:
        return
    title, sep, suffix = split
    letters = "".join(ch for ch in suffix.casefold() if ch.isalnum())
    is_site = (sep in "|｜»" or is_source_credit(suffix)
               or (article.source and letters in source_names(article.source))
               or repeats[(_site(article), suffix)] >= settings.META_TITLE_SUFFIX_MIN_REPEATS)
    if is_site:
        article.title = title
        article.extra["title_suffix"] = suffix


# --- bylines and dates ----------------------------------------------------------------

_CHUNK_SPLIT_RE = re.compile(r"\s*(?:[|।•·]|\s[-–—/]\s|,)\s*")
_TIME_RE = re.compile(r"(?<![\d.])\d{1,2}:\d\d|\d\s*[ap]\.?m\b", re.IGNORECASE)
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
# Words between a date and its time that dateparser does not know ("a las 10:15").
_DATE_FILLERS_RE = re.compile(r"(?<!\w)(?:a las|a la|à|um|в|at|on|el|le|am|de las)(?!\w)", re.IGNORECASE)


def _byline_name(line: str) -> Optional[str]:
    text = BYLINE_LEAD_RE.sub("", line, count=1)
    for chunk in _CHUNK_SPLIT_RE.split(text):
        chunk = chunk.strip(_EDGE)
        if (not chunk or any(ch.isdigit() for ch in chunk) or P.MONTH_RE.search(chunk)
                or DATE_LABEL_RE.search(chunk) or is_source_credit(chunk)
                or word_count(chunk) > settings.CLEAN_BYLINE_MAX_NAME_WORDS):
            continue
        return chunk
    return None


def _date_candidates(line: str) -> Iterator[str]:
    for chunk in re.split(r"\s*[|।•·]\s*", line):
        if not P.DATE_HINT_RE.search(chunk):
            continue
        label = DATE_LABEL_RE.search(chunk)
        if label:  # "Updated: Jan 9, 2024" -> "Jan 9, 2024"
            chunk = chunk[label.end():].lstrip(" :：-–—")
        first = min((m.start() for m in (re.search(r"\d", chunk), P.MONTH_RE.search(chunk)) if m), default=0)
        chunk = chunk[first:].strip(_EDGE)
        yield chunk
        yield " ".join(_DATE_FILLERS_RE.sub(" ", chunk).split())


# dateparser tries every locale it knows unless told which (~0.1 s a line on
# English bylines); the script narrows it, and "en" stays in for "Jan 9 2024"
# printed inside Hindi or Russian pages.
_SCRIPT_LANGUAGES = [
    (re.compile(r"[\u0900-\u097f]"), ["hi", "mr", "ne", "en"]),
    (re.compile(r"[\u0400-\u04ff]"), ["ru", "uk", "be", "bg", "sr", "kk", "en"]),
    (re.compile(r"[\u0600-\u06ff]"), ["ar", "fa", "ur", "en"]),
    (re.compile(r"[\u3040-\u30ff]"), ["ja", "en"]),
    (re.compile(r"[\uac00-\ud7af]"), ["ko", "en"]),
    (re.compile(r"[\u4e00-\u9fff]"), ["zh", "ja", "en"]),
]
_LATIN_LANGUAGES = ["en", "es", "fr", "de", "pt", "it", "nl", "tr", "pl", "cs", "id", "ro", "sv"]


def _languages_for(text: str, lang: Optional[str]) -> list[str]:
    for script, languages in _SCRIPT_LANGUAGES:
        if script.search(text):
            break
    else:
        languages = _LATIN_LANGUAGES
    return ([lang] if lang and lang not in languages else []) + languages


def parse_published(line: str, lang: Optional[str] = None) -> Optional[str]:
    """ISO 8601 from a byline/date line; date only ("2025-03-03") when it gives no time."""
    import dateparser  # slow to import (~1 s): only when a date line is there

    for candidate in dict.fromkeys(_date_candidates(line)):
        try:
            when = dateparser.parse(candidate, languages=_languages_for(candidate, lang),
                                    settings=_DATEPARSER_SETTINGS)
        except ValueError:  # a language code dateparser does not know
            when = dateparser.parse(candidate, settings=_DATEPARSER_SETTINGS)
        if when is None or not 1900 < when.year <= datetime.now().year + 1:
            continue
        if _TIME_RE.search(candidate):
            return when.strftime("%Y-%m-%dT%H:%M:%S")
        return when.strftime("%Y-%m-%d")
    return None


# --- datelines --------------------------------------------------------------------------

_DATELINE_PAREN_RE = re.compile(
    r"^(?P<place>[^\W\d][^()\n,.;:!?]{0,40}?)(?:,\s*(?P<date>[^()\n]{1,30}?))?\s*\((?P<credit>[^()]{1,40})\)"
    r"\s*(?P<dash>[-–—:]|\.[-–—])?")
_DATELINE_CAPS_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]*[A-Z])(?:,\s*(?P<date>[^()\n–—]{1,30}?))?\s*[-–—]\s")


def _dateline(paragraph: str) -> tuple[Optional[str], Optional[str]]:
    """(place, credit) from "MOSCOW (Reuters) –", "LIMA, March 3 (AFP) -", "नयी दिल्ली, नौ जनवरी (भाषा)"."""
    m = _DATELINE_PAREN_RE.match(paragraph)
    if m:
        place = m.group("place").strip()
        caps = place.isupper() and place.isascii()
        credit = m.group("credit")
        if (word_count(place) <= settings.META_DATELINE_MAX_WORDS and P.agency_in(credit)
                and (m.group("dash") or m.group("date") or caps)):
            return place, credit
    m = _DATELINE_CAPS_RE.match(paragraph)
    if m and word_count(m.group("place")) <= settings.META_DATELINE_MAX_WORDS and len(m.group("place")) > 2:
        return m.group("place").strip(), None
    return None, None


# --- credits lines ----------------------------------------------------------------------

_CREDIT_LABELS = {
    "additional reporting": "additional reporting", "reporting": "reporting", "reported": "reporting",
    "reporte": "reporting", "reporteo": "reporting", "reportaje": "reporting", "reportage": "reporting",
    "información": "reporting", "bericht": "reporting", "berichterstattung": "reporting",
    "writing": "writing", "written": "writing", "redacción": "writing", "rédigé": "writing",
    "rédaction": "writing", "geschrieben": "writing",
    "editing": "editing", "edited": "editing", "editado": "editing", "edición": "editing",
    "édité": "editing", "redigiert": "editing", "compiled": "compiling", "graphics": "graphics",
    "research": "research", "责任编辑": "editing", "編輯": "editing", "编辑": "editing", "責任編輯": "editing",
    "редактор": "editing", "редакторы": "editing",
}
_CREDIT_PART_RE = re.compile(
    r"^(?P<label>additional\s+reporting|" + "|".join(sorted(_CREDIT_LABELS, key=len, reverse=True)) + r")"
    r"(?:\s+[^\s;]+){0,3}?\s+(?:by|de|por|par|von|durch)\s+(?P<names>.+)$", re.IGNORECASE)
# "责任编辑：周晓岚", "Редактор: Анна Иванова"
_CREDIT_LABEL_COLON_RE = re.compile(r"^(?P<label>责任编辑|責任編輯|编辑|編輯|редакторы|редактор)\s*[:：]\s*(?P<names>.+)$",
                                    re.IGNORECASE)
_NAME_SPLIT_RE = re.compile(r"\s*[,，、]\s*|\s+(?:and|y|et|und|e|и)\s+|\s*&\s*")
_NAME_PLACE_RE = re.compile(r"\s+(?:in|en|à|a)\s+\S.*$")


def parse_credits(line: str) -> dict[str, list[str]]:
    """{"writing": ["Felix Light"], "editing": [...]} from "(Writing by ...; Editing by ... and ...)"."""
    credits: dict[str, list[str]] = {}
    inner = line.strip().removeprefix("(").removesuffix(")")
    for part in re.split(r"\s*;\s*", inner):
        m = _CREDIT_PART_RE.match(part.strip()) or _CREDIT_LABEL_COLON_RE.match(part.strip())
        if not m:
            continue
        role = _CREDIT_LABELS.get(" ".join(m.group("label").casefold().split()), m.group("label").casefold())
        for name in _NAME_SPLIT_RE.split(m.group("names")):
            name = _NAME_PLACE_RE.sub("", name).strip(_EDGE + ".")
            if name and name not in credits.setdefault(role, []):
                credits[role].append(name)
    return credits


# --- the stage ----------------------------------------------------------------------------

def meta(articles: Iterable[Article]) -> Iterator[Article]:
    """Fill title (site suffix stripped), byline, published, dateline, wire and credits.

    Values the input gave (``byline``, ``published``) are kept. The batch is
    read whole first so a title suffix repeated across one source's titles
    can be recognised as the site name.
    """
    batch = list(articles)
    repeats = Counter((_site(a), split[2]) for a in batch if _site(a) and (split := _title_suffix(a.title)))
    for article in batch:
        _strip_title_suffix(article, repeats)
        header = [span.text for span in article.removed if span.reason == BYLINE]
        if not article.byline:
            article.byline = next((name for line in header if (name := _byline_name(line))), None)
        if not article.published:
            article.published = next((iso for line in header if (iso := parse_published(line, article.lang))),
                                     None)

        credit_lines = [span.text for span in article.removed if span.reason in (SOURCE_CREDIT, BYLINE)]
        suffix = article.extra.get("title_suffix")
        if suffix and is_source_credit(suffix):
            credit_lines.insert(0, suffix)
        for paragraph in article.paragraphs[:settings.META_DATELINE_PARAGRAPHS]:
            place, credit = _dateline(paragraph)
            if place:
                article.dateline = article.dateline or place
                if credit:
                    credit_lines.append(credit)
                break

        credits_texts = [span.text for span in article.removed if span.reason == CREDITS_LINE]
        if article.paragraphs:  # credits printed inside the last paragraph: "... Kyiv. (Reporting by X)"
            tail = re.search(r"\((?:[^()]*\b(?:by|de|por|par|von)\b[^()]*)\)\s*$", article.paragraphs[-1])
            if tail:
                credits_texts.append(tail.group(0))
        for text in credits_texts:
            for role, names in parse_credits(text).items():
                known = article.credits.setdefault(role, [])
                known.extend(name for name in names if name not in known)

        for name in wire_credits(article.paragraphs, credit_lines):
            if name not in article.wire:
                article.wire.append(name)
        yield article
