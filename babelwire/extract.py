"""extract: the article body and metadata of one HTML page (trafilatura, tightened).

trafilatura finds the main content well but keeps boilerplate that sits *inside*
it: teaser links ("Related: ...", "READ MORE: ...", a list of headlines under the
story), newsletter sign-up boxes, print-only notices, hover cards, the standfirst
under the headline, and the headline itself when it is not the page's ``<title>``.
This module removes what the markup makes recognisable before trafilatura runs,
then runs it twice, precise and default, and keeps the precise body unless it lost
most of the text. Text-level debris (promo lines, credits) is ``clean``'s job.

Every threshold is in :mod:`babelwire.settings` (section "extraction") with the
dev figure it came from.
"""
from __future__ import annotations

import re
from copy import deepcopy
from typing import Any, Optional

from babelwire import settings

__all__ = ["extract_html", "remove_teaser_links", "remove_boxes", "remove_standfirsts", "title_lines"]

HTML_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_WORD = re.compile(r"\w+")   # the scorer's tokens (evaluate.shingles)
# Blocks that hold one item of text; a teaser link fills such a block on its own.
_TEXT_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "dt", "dd")
# Class/id names of boxes that are never part of the story: newsletter sign-up,
# print-only headers and footers, modal dialogs (and their "scrim" backdrop),
# content shown on hover. trafilatura's own list is case-sensitive
# ("newsletter" misses "Newsletter-container") and is skipped whole when it
# would prune a lot, so these are matched again here, case-insensitively.
_BOX_NAMES = re.compile(
    r"newsletter|print-(?:header|footer|only)|modal|scrim|popover|tooltip|hovercard|rollover",
    re.IGNORECASE)
# Class/id tokens of the standfirst (dek) under a headline; "summary" and
# "subhead" are left out: sites use them for the body and for intertitles.
_STANDFIRST_NAMES = re.compile(r"(?:^|[\s_-])(?:deck|dek|standfirst|subline)(?:$|[\s_-])", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s[|\-–—:·»]\s")


def extract_html(html: str) -> Optional[dict[str, Any]]:
    """trafilatura's metadata dict for ``html`` with ``text`` set to the article
    body (headline line removed); ``None`` when the page does not parse.

    Exceptions from trafilatura propagate: the read stage turns them into a
    :class:`~babelwire.article.ReadError`.
    """
    import trafilatura   # slow to import; only HTML needs it

    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    titles = title_lines(tree)
    remove_teaser_links(tree)
    remove_boxes(tree)
    remove_standfirsts(tree)
    precise = None
    if settings.EXTRACT_PRECISION_FIRST:
        # on a copy: trafilatura prunes the tree it is given
        precise = trafilatura.bare_extraction(deepcopy(tree), with_metadata=False, include_comments=False,
                                              favor_precision=True)
    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False,
        # Ask htmldate for the time too (its default keeps the day only); the
        # order of rewrites within one day depends on it.
        date_extraction_params={"original_date": True, "outputformat": HTML_DATE_FORMAT},
    )
    meta = doc.as_dict() if doc is not None else {}
    text = (meta.get("text") or "").strip()
    precise_text = (getattr(precise, "text", None) or "").strip()
    # favor_precision sometimes drops the story itself (a paywalled page: the
    # teaser is all it keeps); its body is taken unless it is much shorter.
    if precise_text and len(precise_text) >= settings.EXTRACT_PRECISE_MIN_SHARE * len(text):
        text = precise_text
    title = meta.get("title")
    if isinstance(title, str) and title.strip():
        titles.add(_normalised(title))
    meta["text"] = _without_headline(text, titles)
    return meta


def _without_headline(text: str, titles: set[str]) -> str:
    """trafilatura repeats the ``<h1>``; the body is what follows it."""
    first, _, rest = text.partition("\n")
    if rest.strip() and _normalised(first) in titles:
        return rest.strip()
    return text


def title_lines(tree) -> set[str]:
    """The page's headline as it may open the body: every ``<h1>``, the
    ``<title>`` (whole and each part around " | ", " - " ...), og/twitter titles."""
    found = {_normalised(h1.text_content()) for h1 in tree.iter("h1")}
    for title in tree.iter("title"):
        text = title.text_content()
        found.add(_normalised(text))
        found.update(_normalised(part) for part in _TITLE_SEPARATORS.split(text))
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in ("og:title", "twitter:title"):
            found.add(_normalised(meta.get("content") or ""))
    found.discard("")
    return found


def remove_teaser_links(tree) -> int:
    """Remove text blocks (paragraph, list item, heading) that are almost all
    link text: "Related: <a>headline</a>", a list of linked headlines, a linked
    heading. Inline links in a sentence leave most words unlinked and stay.
    Returns how many blocks went."""
    doomed = []
    for block in tree.iter(*_TEXT_BLOCKS):
        inside_link = next(block.iterancestors("a"), None) is not None
        links = [] if inside_link else block.findall(".//a")
        if not inside_link and not links:
            continue
        total = _words(block.text_content())
        if not total:
            continue
        linked = total if inside_link else sum(_words(a.text_content()) for a in links)
        if linked >= settings.EXTRACT_TEASER_LINK_SHARE * total:
            doomed.append(block)
    return _remove(doomed)


def remove_boxes(tree) -> int:
    """Remove newsletter, print-only, modal and hover-card boxes (by class or id),
    each at most ``EXTRACT_BOX_MAX_WORDS`` long and holding no ``<h1>``, so that a
    page wrapped whole in such a class keeps its story."""
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _BOX_NAMES.search(names):
            continue
        if _words(element.text_content()) <= settings.EXTRACT_BOX_MAX_WORDS and element.find(".//h1") is None:
            doomed.append(element)
    return _remove(doomed)


def remove_standfirsts(tree) -> int:
    """Remove the standfirst (class "deck", "dek", "standfirst", "subline"): a
    summary above the story, not part of it, in the benchmark's gold bodies."""
    doomed = [element for element in tree.iter("p", "div", "h2", "h3", "h4", "h5", "h6")
              if _STANDFIRST_NAMES.search(f"{element.get('class') or ''} {element.get('id') or ''}")
              and _words(element.text_content()) <= settings.EXTRACT_STANDFIRST_MAX_WORDS]
    return _remove(doomed)


def _remove(elements: list) -> int:
    """Detach ``elements``, keeping each one's tail text (it belongs to the parent)."""
    removed = 0
    for element in elements:
        parent = element.getparent()
        if parent is None:
            continue
        tail = element.tail
        if tail and tail.strip():
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(element)
        removed += 1
    return removed


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()
