"""Sentences in any language: the unit provenance aligns and compares.

Rule-based, no model, one pass over each paragraph:

- a sentence ends at ``. ! ? …`` followed by a space (or the end), with any closing quotes and brackets
  kept on the sentence they close (German ``„…“`` included); at the Hindi danda ``।``/``॥`` (or an
  ASCII ``|`` typed for it after Devanagari), Arabic/Urdu ``؟ ۔`` and the CJK ``。！？`` no space is
  needed (Chinese and Japanese put none; Hindi scrapes often lose it);
- a full stop does not end a sentence after an abbreviation (``Dec.``, ``Mr.``, ``z.B.``, ``т.е.``), a run
  of initials (``U.S.``, ``J. K.``), or before a lower-case letter, digit-free continuation or a comma;
  nor does a quoted ``?``/``!`` before one (``“Why?” she asked.``);
- a quotation that closes within ``SENTENCE_MAX_QUOTE_CHARS`` is never split inside, so a quote of two
  sentences stays with its speaker (``He said: "No. Not now." Then he left.`` is two sentences);
- a newline (or a tab) inside a paragraph always ends a sentence.

:func:`sentence_spans` keeps character offsets, so a sentence index maps back to the text:
sentence ``i`` of an article is the ``i``-th sentence of its cleaned paragraphs read in order
(:func:`split_article`), and each :class:`Sentence` records its paragraph and offsets in that paragraph.
``pysbd`` was measured against these rules (docs/provenance.md); it is not used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from babelwire.settings import SENTENCE_MAX_QUOTE_CHARS

__all__ = ["Sentence", "sentence_spans", "split_article", "split_sentences"]

# Abbreviations that take a full stop and are usually followed by more of the same sentence.
# Lower-cased, without the final dot. Months, titles, common Latin and per-language forms.
_ABBREVIATIONS = frozenset("""
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev st mt ft jr sr messrs hon pres supt insp
no nos vol vols p pp fig figs ch sec art para ed eds est approx dept univ inc ltd corp co bros cf
vs etc ca vgl bzw bspw nr abs ggf usw evtl hr fr frl str tel dipl ing
sr sra srta dra av avda pág núm etc ud uds lic
mme mlle mm
ul al tj tzn np pl im hl tzw ds prof dr mgr ing doc
т г гг им ул пр тыс млн млрд руб коп см тел т.е
зв вул пл грн тис
""".split())
# written in lower case only: "et al." and Polish "al." (aleja) are abbreviations, "Al." is a name ("there was
# no Al. No refugees.")
_LOWER_ONLY_ABBREVIATIONS = frozenset({"al"})
_INITIALS = re.compile(r"(?:\w\.)+\w|[A-ZÀ-ÞА-ЯЁ]")   # U.S / z.B / т.е / J (the last dot is the terminal)
# "am 16. März": a day number with a full stop before a month is an ordinal (de, cs, pl, is, ...).
_ORDINAL_DAY = re.compile(r"(?<!\d)\d{1,2}$")
# "den 2. Lieutenant", "im 3. Stock", "zum 1. Mal": German writes ordinals as a number with a full stop and
# capitalises the noun after it; after an article, a preposition fused with one, or a possessive the number
# cannot end a sentence (English never ends one on "the 2.")
_ORDINAL_BEFORE = re.compile(r"(?:der|die|das|den|dem|des|am|im|zum|zur|vom|beim|ins|ans|aufs|"
                             r"(?:ein|kein|mein|dein|sein|ihr|unser|euer|eur|jed|dies)(?:e|er|es|em|en)?)$",
                             re.IGNORECASE)
_MONTH_START = re.compile(r"(?:jan|feb|mär|mar|apr|mai|maj|may|jun|jul|aug|ágú|sep|okt|oct|nov|dez|dec|des|led|úno|"
                          r"bře|dub|kvě|čer|srp|zář|říj|lis|pro|sty|lut|kwi|cze|lip|sie|wrz|paź|gru)", re.IGNORECASE)
# "|" is the danda where a Hindi (Devanagari) writer or scrape typed an ASCII bar for "।"
_TERMINAL = re.compile(r"(?:[.!?…]+|[।॥؟۔]+|[。！？｡]+|(?<=[\u0900-\u097F])\s?\|)")
_CLOSERS = "\"'”’»」』）)]】〕›"
# German, Czech, Icelandic ... close „quotes“ with the mark English opens with: right after a full stop
# (no space between) it closes the sentence's quote.
_CLOSERS_AFTER_TERMINAL = _CLOSERS + "“‘"
_OPENERS = {"“": "”", "«": "»", "„": "“", "「": "」", "『": "』", "‹": "›"}
_NO_SPACE_NEEDED = set("।॥؟۔。！？｡|")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: its text, paragraph and character span in that paragraph."""

    idx: int
    paragraph: int
    start: int
    end: int
    text: str


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of balanced quotations (typographic pairs, and straight double quotes by parity)."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight: Optional[int] = None
    for i, ch in enumerate(text):
        if ch == '"':
            if straight is None:
                straight = i
            else:
                spans.append((straight, i))
                straight = None
        elif stack and ch == stack[-1][0]:
            spans.append((stack.pop()[1], i))
        elif ch in _OPENERS:
            stack.append((_OPENERS[ch], i))
    return [(a, b) for a, b in spans if b - a <= SENTENCE_MAX_QUOTE_CHARS]


def _is_abbreviation(before: str, after: str) -> bool:
    word = re.search(r"(\S+)$", before)
    if not word:
        return False
    token = word.group(1).lstrip("(\"'“«„")
    if _INITIALS.fullmatch(token) or token.lower() in _ABBREVIATIONS and (
            token.lower() not in _LOWER_ONLY_ABBREVIATIONS or token.islower()):
        return True
    if re.fullmatch(r"\d{1,3}", token):   # an ordinal: "am 16. März", "den 2. Lieutenant"
        previous = re.search(r"(\w+)\s+$", before[:word.start()])
        return bool(_MONTH_START.match(after)) or bool(previous and _ORDINAL_BEFORE.fullmatch(previous.group(1)))
    return bool(_ORDINAL_DAY.search(token)) and bool(_MONTH_START.match(after))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (surrounding spaces excluded)."""
    quotes = _quote_spans(text)
    cuts: list[int] = []
    for m in _TERMINAL.finditer(text):
        end = m.end()
        while end < len(text) and text[end] in _CLOSERS_AFTER_TERMINAL:
            # “ after a full stop closes a German „quote“; directly before a word it opens the next
            # sentence's quote (卡莉敲了两下。“不会”。)
            if text[end] == "“" and end + 1 < len(text) and text[end + 1].isalnum():
                break
            end += 1
        marks = m.group()
        nxt = text[end] if end < len(text) else ""
        if nxt and not nxt.isspace() and (marks[-1] not in _NO_SPACE_NEEDED or end > m.end()):
            continue   # "3.5", "U.S.A", and 「いいね。」と言った: a closed quote the sentence goes on after
        if any(a < m.start() and end <= b for a, b in quotes):
            continue
        rest = text[end:].lstrip()
        if marks in (".", "…", "...") or marks.endswith("."):
            if marks == "." and _is_abbreviation(text[:m.start()], rest):
                continue
            if rest[:1].islower() or rest[:1] in ",;:":
                continue
        elif end > m.end() and (rest[:1].islower() or rest[:1] in ",;:"):
            continue   # “Why?” she asked.
        cuts.append(end)
    spans, start = [], 0
    for cut in cuts + [len(text)]:
        for piece_start, piece_end in _lines(text, start, cut):
            spans.append((piece_start, piece_end))
        start = cut
    return spans


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    # a tab inside a paragraph is a layout break, like a newline ('… from the mess” \tAt 0500 sharp, …': a
    # quote printed without its full stop, then the narration)
    for m in re.finditer(r"[^\n\t]+", text[start:end]):
        a, b = start + m.start(), start + m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``."""
    return [text[a:b] for a, b in sentence_spans(text)]


def split_article(paragraphs: list[str]) -> list[Sentence]:
    """Every sentence of the cleaned paragraphs, numbered from 0 across the article."""
    # the ingest aligns a story's derived members again each time the story grows: split once per text (an
    # article held in memory keeps its own sentences, provenance.article_sentences; this cache serves the ones
    # read back. At 4,096 texts it held ~20 MB in each process outside the ingest's bound on held articles;
    # 256: 3,000 bench articles into a million-article store, one process, peak RSS 1,649 / 1,653 ->
    # 1,644 / 1,645 MB, the same time within noise, session 21)
    return list(_split_article(tuple(paragraphs)))


@lru_cache(maxsize=256)
def _split_article(paragraphs: tuple[str, ...]) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    for p, paragraph in enumerate(paragraphs):
        for a, b in sentence_spans(paragraph):
            out.append(Sentence(len(out), p, a, b, paragraph[a:b]))
    return tuple(out)
