"""Clean stage: split the body into paragraphs and take out what is not article.

Every removed piece becomes a :class:`RemovedSpan` with a reason and offsets
into ``Article.raw`` (``-1`` when the body is not a verbatim slice of raw, as
with text an HTML extractor produced and the piece cannot be found in raw).

Two kinds of knowledge find debris:

* fixed multilingual patterns (``babelwire/data/debris_patterns.py``): promos,
  read-also links, ad-blocker notices, image credits, navigation, bylines,
  credit lines;
* :class:`SiteDebris`, learned from the corpus: lines (and openings of short
  lines) that one site prints in many different articles. Counts are never
  pooled across sites: wire copy printed by several outlets is the signal the
  rest of babelwire follows, not boilerplate.

Files with no ``source`` are grouped into pseudo-sites ("~" + a hash) by the
short non-sentence lines they share (two, or one when they also share a parent
folder). A folder alone never groups files: a download folder mixes outlets,
and counting across outlets would delete wire copy. A file sharing nothing
learns nothing (the fixed patterns still apply). Versions of one story count
once, so a site's updates or an MT system's outputs do not make their shared
content look like boilerplate.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Optional

from babelwire import settings
from babelwire.article import Article, RemovedSpan
from babelwire.data import debris_patterns as P
from babelwire.site_debris import PSEUDO_SITE_PREFIX, SiteDebris  # noqa: F401 -- re-exported
from babelwire.data.debris_patterns import (AD_BLOCKER, ADVERTISEMENT, BYLINE, COPYRIGHT, CREDITS_LINE,
                                            IMAGE_CAPTION, IMAGE_CREDIT, NAVIGATION, PHOTO_TAG, PROMO, READ_ALSO,
                                            SOURCE_CREDIT, ends_sentence, is_date_line, word_count)

__all__ = ["REASONS", "SiteDebris", "clean"]

# The reasons fixed patterns give live with the patterns; these two are clean's own.
REPEATED = "repeated text"
SITE_BOILERPLATE = "site boilerplate"
REASONS = (PROMO, READ_ALSO, AD_BLOCKER, IMAGE_CREDIT, IMAGE_CAPTION, PHOTO_TAG, NAVIGATION, ADVERTISEMENT, COPYRIGHT,
           BYLINE, SOURCE_CREDIT, CREDITS_LINE, REPEATED, SITE_BOILERPLATE)



# Where a new sentence may start inside a paragraph (for repeated heads/tails).
_SENTENCE_BREAK_RE = re.compile(r"[.!?।॥…]+[\"'”’»)\]]*\s+|[。！？]+[”’」』)]*\s*")
_TOKEN_RE = re.compile(rf"{P.CJK_CHAR_RE.pattern}|[^\s\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"   # a line of these is a blank line


# --- lines and their offsets --------------------------------------------------

@dataclass
class _Line:
    text: str                  # stripped
    start: int                 # offset in raw, -1 if unknown
    end: int
    block: int                 # index of the blank-line block
    reason: Optional[str] = None


def _body_lines(article: Article) -> list[_Line]:
    body = article.body if article.body is not None else article.raw
    offset = article.body_offset if article.body is not None else 0
    # read sets body_offset = -1 when body is an extraction (HTML), not a slice of raw.
    verbatim = offset >= 0 and article.raw[offset:offset + len(body)] == body
    lines: list[_Line] = []
    block, pos, cursor, after_blank = 0, 0, 0, False
    for piece in body.splitlines(keepends=True):
        text = piece.strip().strip(_INVISIBLE).strip()
        if not text:
            after_blank = True
        else:
            if after_blank and lines:
                block += 1
            after_blank = False
            lead = len(piece) - len(piece.lstrip())
            if verbatim:
                start = offset + pos + lead
            else:  # extracted text: find the line in raw, in order
                start = article.raw.find(text, cursor)
                cursor = start + len(text) if start >= 0 else cursor
            lines.append(_Line(text, start, start + len(text) if start >= 0 else -1, block))
        pos += len(piece)
    return lines


# --- learned site boilerplate ----------------------------------------------------

@lru_cache(maxsize=1 << 14)   # each line is keyed for learning, grouping and its own check
def _line_key(text: str) -> str:
    """Lines compare caselessly, with digits and spacing normalised (dates, counters)."""
    return re.sub(r"\d", "0", " ".join(text.casefold().split()))


def _opening_key(text: str) -> Optional[str]:
    label = re.match(r"^([^:：/]{1,40})[:：](?!//)", text)
    if label and 1 <= word_count(label.group(1)) <= settings.SITE_DEBRIS_COLON_LABEL_MAX_WORDS:
        return _line_key(label.group(1)) + ":"
    words = text.split()
    if len(words) > settings.SITE_DEBRIS_OPENING_WORDS:
        return _line_key(" ".join(words[:settings.SITE_DEBRIS_OPENING_WORDS]))
    return None


def _opening_may_be_debris(text: str) -> bool:
    # Real short paragraphs are sentences; bylines and link labels are not.
    return word_count(text) <= settings.SITE_DEBRIS_SHORT_WORDS and not re.search(r"[.!।。]\W*$", text)


def _debris_keys(lines: list[_Line], pseudo: bool) -> set[tuple[str, str]]:
    keys = set()
    max_words = settings.SITE_DEBRIS_SHORT_WORDS if pseudo else settings.SITE_DEBRIS_MAX_WORDS
    for line in lines:
        words = word_count(line.text)
        if words > max_words:
            continue
        keys.add(("line", _line_key(line.text)))
        if _opening_may_be_debris(line.text) and (opening := _opening_key(line.text)):
            keys.add(("opening", opening))
    return keys


def _learned_reason(text: str, site: Optional[str], debris: SiteDebris) -> Optional[str]:
    if site is None:
        return None
    words = word_count(text)
    short = words <= settings.SITE_DEBRIS_SHORT_WORDS
    if site.startswith(PSEUDO_SITE_PREFIX) and not short:
        return None  # pseudo-sites may mix outlets: never learn prose-length lines there
    if words <= settings.SITE_DEBRIS_MAX_WORDS:
        seen_in = debris.articles_with(site, "line", _line_key(text))
        if short and not ends_sentence(text):
            if seen_in >= settings.SITE_DEBRIS_MIN_ARTICLES:
                return SITE_BOILERPLATE
        elif (seen_in >= settings.SITE_DEBRIS_MIN_ARTICLES_SENTENCE
              and seen_in >= settings.SITE_DEBRIS_MIN_SHARE_SENTENCE * debris.site_articles(site)):
            return SITE_BOILERPLATE  # prose-like: only when the site prints it nearly everywhere
    if _opening_may_be_debris(text) and (opening := _opening_key(text)):
        if debris.articles_with(site, "opening", opening) >= settings.SITE_DEBRIS_MIN_ARTICLES:
            return SITE_BOILERPLATE
    return None


def _shingles(lines: list[_Line]) -> set[int]:
    """Word bigrams (character bigrams in CJK) of an article, hashed: its content fingerprint."""
    tokens = _TOKEN_RE.findall(" ".join(line.text for line in lines).casefold())
    return {hash(pair) for pair in zip(tokens, tokens[1:])}


def _count_once_per_story(sites: list[Optional[str]], keys: list[set], lines: list[list[_Line]]) -> None:
    """Drop a key from every article that is a version of an earlier holder of it.

    Versions of one story (updates, rewrites, machine translations of one text)
    share lines because they share content; counted as distinct articles they
    would turn that content into "boilerplate". Two holders are versions when
    the word bigrams of their own lines overlap at SITE_DEBRIS_VERSION_JACCARD.
    Only this batch can be compared (the store keeps counts, not texts).
    """
    holders: dict[tuple, list[int]] = defaultdict(list)
    for i, (site, article_keys) in enumerate(zip(sites, keys)):
        for key in article_keys:
            holders[(site, key)].append(i)
    fingerprints: dict[int, set[int]] = {}

    def fingerprint(i: int) -> set[int]:
        # Lines other articles of the site also print are left out: a long
        # template would make every short article of a site look like a version.
        if i not in fingerprints:
            own = [line for line in lines[i] if len(holders.get((sites[i], ("line", _line_key(line.text))), ())) < 2]
            fingerprints[i] = _shingles(own)
        return fingerprints[i]

    def versions(a: int, b: int) -> bool:
        fa, fb = fingerprint(a), fingerprint(b)
        shared = len(fa & fb)
        return shared > 0 and shared / (len(fa) + len(fb) - shared) >= settings.SITE_DEBRIS_VERSION_JACCARD

    for (site, key), articles in holders.items():
        if len(articles) < 2:
            continue
        distinct: list[int] = []
        for i in articles:
            if len(distinct) >= settings.SITE_DEBRIS_VERSION_CHECKS:
                break  # this many distinct stories already: the line is the site's, stop comparing
            if any(versions(i, j) for j in distinct):
                keys[i].discard(key)
            else:
                distinct.append(i)


# --- pseudo-sites for articles without a source ------------------------------------

def _grouping_keys(lines: list[_Line]) -> list[str]:
    """Short non-sentence lines that identify a site's template (not wire credits)."""
    keys: list[str] = []
    for line in lines:
        text = line.text
        if (word_count(text) <= settings.SITE_DEBRIS_SHORT_WORDS and not re.search(r"[.!?।。？！]\W*$", text)
                and any(ch.isalpha() for ch in text) and not P.ANY_AGENCY_RE.search(text)
                and not P.CREDITS_LINE_RE.search(text) and not P.PHOTO_TAG_RE.search(text)):
            key = _line_key(text)
            if key not in keys:
                keys.append(key)
    half = settings.PSEUDO_SITE_GROUPING_LINES // 2
    return keys if len(keys) <= 2 * half else keys[:half] + keys[-half:]


def _parent_dir(path: Optional[str]) -> Optional[str]:
    if not path or path == "-":
        return None
    return os.path.dirname(re.sub(r":\d+$", "", path)) or None


def _assign_sites(batch: list[Article], lines: list[list[_Line]], debris: SiteDebris) -> list[Optional[str]]:
    """The site each article's boilerplate is counted under (None: learn nothing)."""
    sites: list[Optional[str]] = [a.source.strip().casefold().removeprefix("www.") if a.source else None
                                  for a in batch]
    unsourced = [i for i, site in enumerate(sites) if site is None]
    grouping = {i: _grouping_keys(lines[i]) for i in unsourced}
    parent = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a, b):
        parent[find(a)] = find(b)

    shared_keys: dict[tuple, int] = {}
    for i in unsourced:
        keys, folder = grouping[i], _parent_dir(batch[i].path)
        find(i)
        prior = Counter(site for key in keys for site in debris.pseudo_sites_with_line(key))
        for site, shared in prior.items():
            if shared >= settings.PSEUDO_SITE_MIN_SHARED_LINES:
                union(i, site)
        group_keys = [tuple(sorted((a, b))) for n, a in enumerate(keys) for b in keys[n + 1:]]
        if folder:  # a shared folder lowers the bar to one shared line
            group_keys += [("dir", folder, key) for key in keys]
        for key in group_keys:
            if key in shared_keys:
                union(i, shared_keys[key])
            else:
                shared_keys[key] = i

    members: dict = defaultdict(list)
    known: dict = defaultdict(list)       # prior pseudo-sites in each group
    for node in list(parent):
        (known if isinstance(node, str) else members)[find(node)].append(node)
    for root, articles in members.items():
        if known[root]:
            name = min(known[root])
        elif len(articles) > 1 or len(grouping[articles[0]]) >= settings.PSEUDO_SITE_MIN_SHARED_LINES:
            common = Counter(key for i in articles for key in grouping[i])
            signature = sorted(common, key=lambda k: (-common[k], k))[:2]
            name = PSEUDO_SITE_PREFIX + hashlib.sha1("\n".join(signature).encode()).hexdigest()[:12]
        else:
            continue  # a lone file sharing nothing: only the fixed patterns apply
        for i in articles:
            sites[i] = name
    return sites


# --- classifying lines ------------------------------------------------------------

def _is_prose(text: str) -> bool:
    words = word_count(text)
    return words >= settings.CLEAN_PROSE_MIN_WORDS_UNPUNCTUATED or (
        words >= settings.CLEAN_PROSE_MIN_WORDS and ends_sentence(text))


def _looks_hard_wrapped(texts: list[str]) -> bool:
    if len(texts) < 2:
        return False
    inner = texts[:-1]
    if not all(settings.CLEAN_WRAP_MIN_CHARS <= len(t) <= settings.CLEAN_WRAP_MAX_CHARS for t in inner):
        return False
    mid_sentence = sum(not ends_sentence(t) or nxt[:1].islower() for t, nxt in zip(inner, texts[1:]))
    return mid_sentence >= settings.CLEAN_WRAP_MID_SENTENCE_SHARE * len(inner)


def _classify(lines: list[_Line], article: Article, site: Optional[str], debris: SiteDebris) -> set[int]:
    """Set each line's reason; return the blocks that are hard-wrapped prose."""
    for line in lines:
        line.reason = P.pattern_reason(line.text, article.source)
    blocks: dict[int, list[str]] = defaultdict(list)
    for line in lines:
        if line.reason is None:
            blocks[line.block].append(line.text)
    wrapped = {b for b, texts in blocks.items() if _looks_hard_wrapped(texts)}
    prose = [i for i, line in enumerate(lines)
             if line.reason is None and (line.block in wrapped or _is_prose(line.text))]
    for i, line in enumerate(lines):
        if line.reason is not None:
            continue
        # Date lines are bylines only above the first or below the last prose line.
        in_edge = not prose or i < prose[0] or i > prose[-1]
        if in_edge and line.block not in wrapped and is_date_line(line.text):
            line.reason = BYLINE
        else:
            line.reason = _learned_reason(line.text, site, debris)
    for i, line in enumerate(lines):
        if line.reason is not None or line.block in wrapped:
            continue
        if 1 <= word_count(line.text) <= settings.CLEAN_CAPTION_MAX_WORDS and not ends_sentence(line.text):
            before_credit = i + 1 < len(lines) and lines[i + 1].reason == IMAGE_CREDIT
            under_title = i == 0 and bool(article.title) and not (line.text.isascii() and line.text.isupper())
            if before_credit or under_title:
                line.reason = IMAGE_CAPTION
    return wrapped


# --- paragraphs and repeated text ---------------------------------------------------

@dataclass
class _Paragraph:
    lines: list[_Line]
    text: str
    starts: list[int]          # where each line starts inside ``text``

    def raw_span(self, raw: str, begin: int, end: int) -> tuple[str, int, int]:
        """The raw text and offsets of ``text[begin:end]`` (text itself when offsets are unknown)."""
        while begin < end and self.text[begin].isspace():
            begin += 1
        while end > begin and self.text[end - 1].isspace():
            end -= 1

        def to_raw(pos: int, closing: bool) -> int:
            for line, at in zip(reversed(self.lines), reversed(self.starts)):
                if at <= pos - closing:
                    return line.start + (pos - at) if line.start >= 0 else -1
            return -1
        start, stop = to_raw(begin, False), to_raw(end, True)
        if start < 0 or stop < 0:
            return self.text[begin:end], -1, -1
        return raw[start:stop], start, stop


def _join(lines: list[_Line]) -> _Paragraph:
    text, starts = "", []
    for line in lines:
        if text:
            cjk_seam = P.CJK_CHAR_RE.match(text[-1]) and P.CJK_CHAR_RE.match(line.text[0])
            text += "" if cjk_seam else " "
        starts.append(len(text))
        text += line.text
    return _Paragraph(lines, text, starts)


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_BREAK_RE.finditer(text) if m.end() < len(text)]


def _repeat_cut(text: str, earlier: str) -> tuple[int, int]:
    """(head_end, tail_start): the text before head_end and after tail_start repeats ``earlier``."""
    starts = _sentence_starts(text)
    tail = len(text)
    for start in starts:  # the longest repeated tail made of whole sentences
        piece = text[start:].strip()
        if len(piece) >= settings.CLEAN_REPEAT_MIN_CHARS and piece in earlier:
            tail = start
            break
    head = 0
    for end in reversed([s for s in starts[1:] if s < tail]):  # the longest repeated head
        piece = text[:end].strip()
        if len(piece) >= settings.CLEAN_REPEAT_MIN_CHARS and piece in earlier:
            head = end
            break
    return head, tail


def _paragraphs(article: Article, lines: list[_Line], wrapped: set[int]) -> list[str]:
    groups: list[list[_Line]] = []
    for line in lines:
        if line.reason is not None:
            continue
        if groups and line.block in wrapped and groups[-1][-1].block == line.block:
            groups[-1].append(line)
        else:
            groups.append([line])
    kept: list[str] = []
    earlier = [article.title.strip()] if article.title else []
    # what the paragraphs are compared with, kept as they grow (not rebuilt for every paragraph)
    earlier_normal = {" ".join(e.split()) for e in earlier}
    earlier_text = "\n".join(earlier)
    for group in groups:
        para = _join(group)
        normal = " ".join(para.text.split())
        whole_repeat = word_count(normal) >= settings.CLEAN_REPEAT_MIN_WORDS and normal in earlier_normal
        if whole_repeat:
            head, tail = len(para.text), len(para.text)
        else:
            head, tail = _repeat_cut(para.text, earlier_text)
        for begin, end in ((tail, len(para.text)), (0, head)):
            if end > begin:
                text, start, stop = para.raw_span(article.raw, begin, end)
                article.removed.append(RemovedSpan(text, REPEATED, start, stop))
        kept_text = " ".join(para.text[head:tail].split())
        if kept_text:
            kept.append(kept_text)
            earlier_normal.add(kept_text)   # already whitespace-normalised
            earlier_text = f"{earlier_text}\n{kept_text}" if earlier else kept_text
            earlier.append(kept_text)
    return kept


# --- the stage ------------------------------------------------------------------------

def clean(articles: Iterable[Article], site_debris: Optional[SiteDebris] = None) -> Iterator[Article]:
    """Fill ``paragraphs`` and ``removed`` for each article.

    Learns site boilerplate from the whole batch first (into ``site_debris``,
    updated in place, so counts carry across ingests), then cleans each article.
    """
    batch = list(articles)
    debris = site_debris if site_debris is not None else SiteDebris()
    lines = [_body_lines(a) for a in batch]
    sites = _assign_sites(batch, lines, debris)
    keys = [_debris_keys(article_lines, site.startswith(PSEUDO_SITE_PREFIX)) if site is not None else set()
            for article_lines, site in zip(lines, sites)]
    _count_once_per_story(sites, keys, lines)
    for article, article_keys, site in zip(batch, keys, sites):
        if site is not None:
            debris.learn(site, article.id, article_keys)
    for article, article_lines, site in zip(batch, lines, sites):
        article.removed = []
        wrapped = _classify(article_lines, article, site, debris)
        article.removed.extend(RemovedSpan(line.text, line.reason, line.start, line.end)
                               for line in article_lines if line.reason is not None)
        article.paragraphs = _paragraphs(article, article_lines, wrapped)
        article.removed.sort(key=lambda span: (span.start < 0, span.start))
        if site is not None:
            article.extra["debris_site"] = site
        yield article
