"""Sentence alignment: which sentences of a derived article render which sentences of its source.

:func:`align` works on centred sentence vectors (any two languages) and, where given, the sentences' lengths
and a test of shared names, numbers and dates: one-to-one links by competitive linking on the cosine, then
one-to-many / many-to-one attachments of left-over neighbours, then the gaps left between the same aligned
neighbours. :mod:`babelwire.provenance` embeds and stores the sentences and reads the drift report off the
result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

import numpy as np

from babelwire.article import Article
from babelwire.entities import shared_keys
from babelwire.cues import _unquoted
from babelwire.facts import _view, _written, content_length
from babelwire.sentences import Sentence
from babelwire.settings import (
    PROVENANCE_ATTACH_LENGTH_GAIN,
    PROVENANCE_ATTACH_LENGTH_MIN_COSINE,
    PROVENANCE_ATTACH_AFTER_GAPS,
    PROVENANCE_ATTACH_LENGTH_SLACK,
    PROVENANCE_ATTACH_MIN_COSINE,
    PROVENANCE_ATTACH_SOURCE_COSINE_GAP,
    PROVENANCE_ATTACH_SOURCE_SHORT,
    PROVENANCE_ATTACH_TOLERANCE,
    PROVENANCE_ATTACH_TOLERANCE_LENGTH,
    PROVENANCE_ATTACH_WORSE_FIT_MIN_GAIN,
    PROVENANCE_DIAGONAL_BOUNDARY,
    PROVENANCE_DIAGONAL_WEIGHT,
    PROVENANCE_FAR_LINK_MIN_DIAGONAL,
    PROVENANCE_GAP_ELSEWHERE_MARGIN,
    PROVENANCE_GAP_LENGTH_SLACK,
    PROVENANCE_GAP_MAX_SENTENCES,
    PROVENANCE_GAP_MIN_COSINE,
    PROVENANCE_GAP_SINGLE_MIN_COSINE,
    PROVENANCE_GAP_RELATED_MIN_COSINE,
    PROVENANCE_GAP_RELATED_VERBATIM,
    PROVENANCE_GAP_RELATED_CAPITALISED,
    PROVENANCE_GAP_RELATED_WRITTEN,
    PROVENANCE_LINK_MIN_COSINE,
    PROVENANCE_LINK_SPLIT_PIECE_GAIN,
    PROVENANCE_LINK_STRAY_PIECE_GAIN,
    PROVENANCE_PARAGRAPH_DEBRIS_JOINS,
    PROVENANCE_PARAGRAPH_PIECE_GAIN,
    PROVENANCE_PARAGRAPH_PIECE_MAX_LOSS,
    PROVENANCE_PARAGRAPH_PIECE_SOURCE_GAIN,
    PROVENANCE_PARAGRAPH_PIECE_WHOLE_GROUPS,
    PROVENANCE_LINK_SPLIT_PIECE_SLACK,
    PROVENANCE_LINK_SURE_COSINE,
    PROVENANCE_ONE_SIDED_MIN_DIAGONAL,
    PROVENANCE_POSITION_BONUS,
    PROVENANCE_VERBATIM_CLASH_MIN_COSINE,
)

__all__ = ["Alignment", "Link", "align", "sentence_lengths", "sentence_relation", "verbatim_tokens"]

# a sentence with a letter or a digit in it (a hashtag's or handle's included): one without is debris, an emoji
# or a lone "!" that a translation may set apart or leave out
_WORDY = re.compile(r"[^\W_]")
# what a translation copies letter for letter: @handles and web addresses (trailing punctuation left off)
_VERBATIM = re.compile(r"@\w+(?:[.\-]\w+)*|https?://[^\s<>\"“”«»]+")


@dataclass
class Link:
    """One kept group: derived sentences that render source sentences (1-1, 1-n, n-1), and its cosine."""

    derived: list[int]
    source: list[int]
    score: float


@dataclass
class Alignment:
    derived: list[Sentence]
    source: list[Sentence]
    links: list[Link]

    def dropped(self) -> list[int]:
        used = {i for link in self.links for i in link.source}
        return [s.idx for s in self.source if s.idx not in used]

    def added(self) -> list[int]:
        used = {i for link in self.links for i in link.derived}
        return [s.idx for s in self.derived if s.idx not in used]

    def rows(self) -> list[tuple[int, int, float]]:
        """``(derived_idx, source_idx, group score)`` for every sentence pair of every group."""
        return [(d, s, link.score) for link in self.links for d in link.derived for s in link.source]


def _positional(n_d: int, n_s: int) -> np.ndarray:
    """1 where a pair sits at the same relative position in both texts, falling to 0 a tenth away."""
    pd = (np.arange(n_d) + 0.5) / n_d
    ps = (np.arange(n_s) + 0.5) / n_s
    return np.clip(1.0 - np.abs(pd[:, None] - ps[None, :]) / 0.1, 0.0, 1.0)


def _diagonal(sims: np.ndarray) -> np.ndarray:
    """For each pair, the mean cosine of its diagonal neighbours (the sentences before both, and after
    both): a pair inside a run of translated sentences has them high, a chance match between an added
    sentence and a dropped one does not. Pairs at an edge take the one neighbour they have; the pair of
    first sentences also has the start of both texts before it, and the pair of last sentences their end
    after it, a neighbour that agrees at ``PROVENANCE_DIAGONAL_BOUNDARY`` (the first sentence of a
    translation whose second was dropped is not drawn to the dropped one by the run after it)."""
    n_d, n_s = sims.shape
    total = np.zeros_like(sims)
    count = np.zeros_like(sims)
    total[1:, 1:] += sims[:-1, :-1]
    count[1:, 1:] += 1
    total[:-1, :-1] += sims[1:, 1:]
    count[:-1, :-1] += 1
    if PROVENANCE_DIAGONAL_BOUNDARY is not None:
        for i, j in {(0, 0), (n_d - 1, n_s - 1)}:
            total[i, j] += PROVENANCE_DIAGONAL_BOUNDARY
            count[i, j] += 1
    return np.divide(total, count, out=np.zeros_like(sims), where=count > 0)


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-9))


def sentence_lengths(sentences: list[Sentence], lang: Optional[str], narration: bool = False) -> np.ndarray:
    """Characters of each sentence without its negation and hedge cues (:func:`babelwire.facts.content_length`):
    the lengths :func:`align` weighs a one-to-many attachment by; with ``narration``, without its quotations
    too (what is left of a sentence whose rendering leaves its quotation out)."""
    return np.array([_content_length(_unquoted(s.text).strip() if narration else s.text, lang) for s in sentences],
                    dtype=float)


@lru_cache(maxsize=1 << 14)
def _content_length(text: str, lang: Optional[str]) -> int:
    """:func:`babelwire.facts.content_length`, kept per text: a story's source is aligned against each of its
    derived members, and its sentences measured again each time (16,384 texts, a few MB: the 1,000-article
    bench corpus measures about 6,000)."""
    return content_length(text, lang)


def _gaps(group_of_d: dict[int, int], group_of_s: dict[int, int], groups: list[tuple[list[int], list[int]]],
          n_d: int, n_s: int) -> list[tuple[list[int], list[int]]]:
    """Runs of left-over derived sentences with the left-over source sentences between the same aligned
    neighbours: the group before the run (or the start of both texts) and the group after it (or the end)
    hold the source sentences just before and just after, and every source sentence between is left over."""
    out = []
    d = 0
    while d < n_d:
        if d in group_of_d:
            d += 1
            continue
        start = d
        while d < n_d and d not in group_of_d:
            d += 1
        before = group_of_d.get(start - 1)
        after = group_of_d.get(d)
        lo = 0 if start == 0 else max(groups[before][1]) + 1
        hi = n_s if d == n_d else min(groups[after][1])
        if lo < hi and not any(s in group_of_s for s in range(lo, hi)):
            out.append((list(range(start, d)), list(range(lo, hi))))
    return out


def verbatim_tokens(sentences: list[Sentence]) -> list[frozenset[str]]:
    """The @handles and web addresses each sentence prints (lower-cased): a translation copies them as they
    are, so two sentences printing different ones render different text."""
    return [frozenset(m.group(0).rstrip(".,;:!?)]").lower() for m in _VERBATIM.finditer(s.text)) for s in sentences]


def sentence_relation(derived: list[Sentence], derived_lang: Optional[str], source: list[Sentence],
                      source_lang: Optional[str]) -> Callable[[int, int], bool]:
    """``related(d, s)``: derived sentence ``d`` and source sentence ``s`` share a name, a number or a date
    (the entities module's language-independent keys; each sentence's entities found once, when first asked)."""
    views: dict[tuple[str, int], Article] = {}

    def view(side: str, i: int) -> Article:
        if (side, i) not in views:
            sentence, lang = (derived[i], derived_lang) if side == "d" else (source[i], source_lang)
            views[side, i] = _view([sentence.text], lang)
        return views[side, i]

    def related(d: int, s: int) -> bool:
        a, b = view("d", d), view("s", s)
        if any(shared_keys(a, b).values()):
            return True
        # a name one side finds and the other merely writes (sentence-initial, or after a closing quote:
        # "“…” Craith noted." / "Зазначив Крейт."), as the fact checks count it (facts._written)
        if PROVENANCE_GAP_RELATED_WRITTEN and (
                any(e.kind == "name" and _written(e.key, b) for e in a.entities)
                or any(e.kind == "name" and _written(e.key, a) for e in b.entities)):
            return True
        # the same capitalised word, letter for letter, inside both sentences: a name neither finder sees
        # ("“… mountains” Shaw explained." / "Vysvětlil Shaw.": sentence-final, after a closing quote)
        return PROVENANCE_GAP_RELATED_CAPITALISED and bool(_capitalised(derived[d].text) & _capitalised(source[s].text))

    return related


def _capitalised(text: str) -> set[str]:
    """The capitalised words of ``text`` after its first (three letters or more, not all capitals)."""
    words = re.findall(r"[^\W\d_]+", text)[1:]
    return {w for w in words if len(w) >= 3 and w[0].isupper() and any(c.islower() for c in w[1:])}


def align(derived: np.ndarray, source: np.ndarray, derived_lengths: Optional[np.ndarray] = None,
          source_lengths: Optional[np.ndarray] = None,
          related: Optional[Callable[[int, int], bool]] = None,
          narration_lengths: Optional[tuple[np.ndarray, np.ndarray]] = None,
          verbatim: Optional[tuple[list[frozenset[str]], list[frozenset[str]]]] = None,
          sentences: Optional[tuple[list[Sentence], list[Sentence]]] = None) -> list[Link]:
    """Align centred sentence vectors (rows unit-length): groups of derived and source sentence indices.

    1. one-to-one: competitive linking (best remaining pair first, each sentence once) on the cosine plus
       a share of its diagonal neighbours' cosine (translations run in order between moved blocks) and a
       small bonus for the same relative position, down to ``PROVENANCE_LINK_MIN_COSINE``; below
       ``PROVENANCE_LINK_SURE_COSINE`` a pair must be the best match of one of its sentences, and where it
       is so for one only, or sits a tenth of the text or more from the same relative position in both,
       its diagonal neighbours must agree (a dropped and an added sentence far apart are a chance match); nor
       is such a pair linked where its derived sentence is the missing piece of its diagonal neighbour's split
       (``PROVENANCE_LINK_SPLIT_PIECE_GAIN``: the source sentence is one the translation dropped), or, given
       ``verbatim`` (:func:`verbatim_tokens` of both sides), where one of the two prints @handles or web
       addresses and the other none (below ``PROVENANCE_VERBATIM_CLASH_MIN_COSINE``);
    2. one-to-many and many-to-one: a sentence left over whose best counterpart is linked to its
       neighbour (the sentence before or after it) joins that group, from ``PROVENANCE_ATTACH_MIN_COSINE``:
       a rewrite that splits or merges sentences keeps them adjacent; a sentence whose best match is
       elsewhere joins a neighbour's group where its cosine with one of the group's counterparts reaches
       that floor (a sentence edited in a split keeps little of its vector). Given the sentences' lengths, a
       sentence joins only where the group's two sides end no further from the article's typical length
       ratio than before (within ``PROVENANCE_ATTACH_LENGTH_SLACK``): a merged sentence is as long as the
       two it renders, while a dropped (or added) neighbour would leave one side too long. A sentence that
       leaves the ratio further off must raise the group's cosine by ``PROVENANCE_ATTACH_WORSE_FIT_MIN_GAIN``
       (a dropped neighbour on the group's topic moves it a little); one that brings the ratio closer by
       ``PROVENANCE_ATTACH_LENGTH_GAIN`` may lower it by up to ``PROVENANCE_ATTACH_TOLERANCE_LENGTH`` (an
       edited piece of a split keeps little of its vector, but the group is a sentence short without it); a
       sentence that prints a @handle or web address the group's other side lacks does not join it; nor does a
       source sentence that would leave the group's derived side short of the typical ratio by more than
       ``PROVENANCE_ATTACH_SOURCE_SHORT`` while matching it ``PROVENANCE_ATTACH_SOURCE_COSINE_GAP`` worse than the
       group's source sentences do (a dropped sentence beside a long rendering of its neighbour);
    3. gaps: the sentences still left over between the same aligned neighbours (up to
       ``PROVENANCE_GAP_MAX_SENTENCES`` on each side) are paired best cosine first, in order, from
       ``PROVENANCE_GAP_MIN_COSINE`` (``PROVENANCE_GAP_SINGLE_MIN_COSINE`` where the gap leaves one sentence on
       each side): a sentence whose vector an edit moved far is still the rendering of
       the one in its place. Given the lengths, a pair must fit the typical ratio within
       ``PROVENANCE_GAP_LENGTH_SLACK`` -- as whole sentences or, with ``narration_lengths``, without their
       quotations -- or ``related(d, s)`` must say they share a name, a number or a date: a dropped sentence
       next to the translator's own short one stays a drop and an addition. A pair that fits and is related
       pairs from ``PROVENANCE_GAP_RELATED_MIN_COSINE`` (the narration of a quoted sentence, its quote left out);
       given ``verbatim``, no gap pair is one sentence printing @handles or web addresses and the other none,
       and two that print the same ones are related (``PROVENANCE_GAP_RELATED_VERBATIM``); nor is a derived
       sentence paired whose cosine with a source sentence anywhere beats the pair's by more than
       ``PROVENANCE_GAP_ELSEWHERE_MARGIN``, unless the two are related (it renders that other sentence);
    4. then left-over derived sentences join their neighbours' groups as in step 2 once more
       (``PROVENANCE_ATTACH_AFTER_GAPS``): the rest of a split whose first piece a gap paired; and an unsure
       one-to-one link far from its place whose derived sentence closes its neighbour's length gap is undone
       (``PROVENANCE_LINK_STRAY_PIECE_GAIN``: a stray piece of a split had taken a dropped sentence);
    5. last, given ``sentences`` (both sides' :class:`~babelwire.sentences.Sentence` objects: their paragraphs and
       texts), a sentence still left over joins the group of its neighbour in the same paragraph where that brings
       the group's length ratio ``PROVENANCE_PARAGRAPH_PIECE_GAIN`` closer to the typical one (the median ratio of
       the whole groups by then, ``PROVENANCE_PARAGRAPH_PIECE_WHOLE_GROUPS``; source sentences:
       ``PROVENANCE_PARAGRAPH_PIECE_SOURCE_GAIN``) and lowers its cosine by no more than
       ``PROVENANCE_PARAGRAPH_PIECE_MAX_LOSS``, whatever its own cosine (a piece of a sentence the translator
       split or merged, which keeps little of the whole's vector); a derived sentence without a letter or a digit
       (an emoji, a lone "!") joins the sentence before it in its paragraph (``PROVENANCE_PARAGRAPH_DEBRIS_JOINS``).
    The score of a group is the cosine of its derived and source sentences' summed vectors.
    """
    n_d, n_s = len(derived), len(source)
    if n_d == 0 or n_s == 0:
        return []
    sims = derived @ source.T
    diag = _diagonal(sims)
    context = sims + PROVENANCE_DIAGONAL_WEIGHT * diag
    ranked = context + PROVENANCE_POSITION_BONUS * _positional(n_d, n_s)
    group_of_d: dict[int, int] = {}
    group_of_s: dict[int, int] = {}
    groups: list[tuple[list[int], list[int]]] = []
    best_d, best_s = context.argmax(axis=1).tolist(), context.argmax(axis=0).tolist()
    near = _positional(n_d, n_s) > 0
    # the pairs in ranked order down to the floor, each one's tests compared as arrays (the same float
    # comparisons as element by element) so that the loop below reads plain Python values
    order = np.argsort(-ranked, axis=None)
    below = ranked.ravel()[order] < PROVENANCE_LINK_MIN_COSINE
    if below.any():
        order = order[:int(below.argmax())]
    order = order[~(sims.ravel()[order] < PROVENANCE_LINK_MIN_COSINE)]
    pair_sims, pair_diag = sims.ravel()[order], diag.ravel()[order]
    far_disagree = (np.zeros(len(order), dtype=bool) if PROVENANCE_FAR_LINK_MIN_DIAGONAL is None
                    else ~near.ravel()[order] & (pair_diag < PROVENANCE_FAR_LINK_MIN_DIAGONAL))
    check_verbatim = verbatim is not None and PROVENANCE_VERBATIM_CLASH_MIN_COSINE is not None

    def clash(d: int, s: int) -> bool:
        """One of the two sentences prints @handles or web addresses (``verbatim``) and the other none."""
        return check_verbatim and bool(verbatim[0][d]) != bool(verbatim[1][s])

    def foreign(ds: list[int], ss: list[int], d: Optional[int], s: Optional[int]) -> bool:
        """The sentence joining the group prints a @handle or web address its other side does not."""
        if not check_verbatim:
            return False
        if d is not None:
            return not verbatim[0][d] <= frozenset().union(*(verbatim[1][i] for i in ss))
        return not verbatim[1][s] <= frozenset().union(*(verbatim[0][i] for i in ds))

    whole_ratio = 1.0
    if derived_lengths is not None and source_lengths is not None:
        whole_ratio = max(float(derived_lengths.sum()), 1.0) / max(float(source_lengths.sum()), 1.0)

    def split_piece(d: int, s: int) -> bool:
        """Derived sentence d sits beside a linked diagonal neighbour (d-1/s-1 or d+1/s+1) whose derived side
        is short of the article's length ratio (both articles' lengths, ``whole_ratio``) by about d: adding d
        brings that pair at least ``PROVENANCE_LINK_SPLIT_PIECE_GAIN`` closer (log scale), to closer than the
        pair (d, s) itself is, and d's cosine with the neighbour's source reaches ``PROVENANCE_ATTACH_MIN_COSINE``
        and its cosine with s less ``PROVENANCE_LINK_SPLIT_PIECE_SLACK``: d is the other piece of a sentence the
        translation split, and s a sentence it dropped."""
        if derived_lengths is None or source_lengths is None:
            return False
        for step in (-1, 1):
            g = group_of_d.get(d + step)
            if g is None or len(groups[g][0]) != 1 or groups[g][1] != [s + step]:
                continue
            if sims[d, s + step] < max(PROVENANCE_ATTACH_MIN_COSINE, sims[d, s] - PROVENANCE_LINK_SPLIT_PIECE_SLACK):
                continue
            ld, ls = max(derived_lengths[d + step], 1.0), max(source_lengths[s + step], 1.0)
            before = abs(np.log(ld / ls / whole_ratio))
            after = abs(np.log((ld + derived_lengths[d]) / ls / whole_ratio))
            own = abs(np.log(max(derived_lengths[d], 1.0) / max(source_lengths[s], 1.0) / whole_ratio))
            if before - after >= PROVENANCE_LINK_SPLIT_PIECE_GAIN and after < own:
                return True
        return False

    for flat, unsure, weak_diag, far in zip(order.tolist(), (pair_sims < PROVENANCE_LINK_SURE_COSINE).tolist(),
                                            (pair_diag < PROVENANCE_ONE_SIDED_MIN_DIAGONAL).tolist(),
                                            far_disagree.tolist()):
        if len(groups) == min(n_d, n_s):
            break   # one side is all linked: every pair left has a sentence taken
        d, s = divmod(flat, n_s)
        if d in group_of_d or s in group_of_s:
            continue
        # a low cosine links only a pair where one is the other's best match (an added sentence's best match
        # is taken already); where only one side is, the pairs just before and after must agree
        if unsure and (best_d[d] != s and best_s[s] != d or (best_d[d] != s or best_s[s] != d) and weak_diag
                       or far):
            continue
        # a low cosine links no derived sentence that renders its diagonal neighbour's source sentence
        # better: it is the other piece of that sentence's split, and s a sentence the translation dropped
        # a low-cosine pair whose derived sentence is the missing piece of its diagonal neighbour's split
        if unsure and PROVENANCE_LINK_SPLIT_PIECE_GAIN is not None and split_piece(d, s):
            continue
        # a low-cosine pair of which one prints @handles or web addresses and the other none renders different
        # text ("@user44" and the "Beeindruckend!" that ends the sentence before it in the translation)
        if check_verbatim and sims[d, s] < PROVENANCE_VERBATIM_CLASH_MIN_COSINE and clash(d, s):
            continue
        group_of_d[d] = group_of_s[s] = len(groups)
        groups.append(([d], [s]))

    def improves(ds: list[int], ss: list[int], d: Optional[int], s: Optional[int]) -> bool:
        """Adding d (or s) to the group brings its two sides closer: the merged text renders it. Where the
        group's lengths need it (one side is short of the typical ratio by a sentence's worth and adding it
        closes the gap), the sides may come further apart: an edited sentence of a split keeps little of its
        vector, but its length still says it renders part of the group's other side."""
        before = _cosine(derived[ds].sum(axis=0), source[ss].sum(axis=0))
        after = _cosine(derived[ds + ([d] if d is not None else [])].sum(axis=0),
                        source[ss + ([s] if s is not None else [])].sum(axis=0))
        tolerance = PROVENANCE_ATTACH_TOLERANCE
        gain = length_gain(ds, ss, d, s)
        if PROVENANCE_ATTACH_LENGTH_GAIN is not None and gain >= PROVENANCE_ATTACH_LENGTH_GAIN:
            tolerance = PROVENANCE_ATTACH_TOLERANCE_LENGTH
        # a sentence that leaves the lengths fitting worse must bring the sides clearly closer: a dropped
        # (or added) neighbour on the group's topic moves the summed vector a little either way
        if PROVENANCE_ATTACH_WORSE_FIT_MIN_GAIN is not None and gain < 0 and after - before < PROVENANCE_ATTACH_WORSE_FIT_MIN_GAIN:
            return False
        return after > before - tolerance and fits(ds, ss, d, s) and not foreign(ds, ss, d, s)

    typical = 1.0
    if derived_lengths is not None and source_lengths is not None and groups:
        typical = float(np.median([max(derived_lengths[ds[0]], 1.0) / max(source_lengths[ss[0]], 1.0)
                                   for ds, ss in groups]))

    def misfit(ds: list[int], ss: list[int], d: Optional[int], s: Optional[int]) -> tuple[float, float]:
        """How far the group's length ratio is from the typical one (log scale), before and after adding d or s."""
        len_d, len_s = max(derived_lengths[ds].sum(), 1.0), max(source_lengths[ss].sum(), 1.0)
        new_d = len_d + (derived_lengths[d] if d is not None else 0.0)
        new_s = len_s + (source_lengths[s] if s is not None else 0.0)
        return abs(np.log(len_d / len_s / typical)), abs(np.log(new_d / new_s / typical))

    def fits(ds: list[int], ss: list[int], d: Optional[int], s: Optional[int]) -> bool:
        """Adding d (or s) brings the group's length ratio no further from the typical one (log scale)."""
        if derived_lengths is None or source_lengths is None or PROVENANCE_ATTACH_LENGTH_SLACK is None:
            return True
        before, after = misfit(ds, ss, d, s)
        return after <= before + PROVENANCE_ATTACH_LENGTH_SLACK

    def length_gain(ds: list[int], ss: list[int], d: Optional[int], s: Optional[int]) -> float:
        """How much closer to the typical ratio adding d (or s) brings the group (log scale; 0 without lengths)."""
        if derived_lengths is None or source_lengths is None:
            return 0.0
        before, after = misfit(ds, ss, d, s)
        return before - after

    def lengths_fit(d: int, s: int) -> bool:
        """A gap pair's lengths fit the typical ratio within ``PROVENANCE_GAP_LENGTH_SLACK``: as whole sentences,
        or their narration without quotations (a rendering that leaves the quotation out)."""
        if derived_lengths is None or source_lengths is None or PROVENANCE_GAP_LENGTH_SLACK is None:
            return True
        if misfit([d], [s], None, None)[0] <= PROVENANCE_GAP_LENGTH_SLACK:
            return True
        if narration_lengths is not None:
            nd, ns = max(narration_lengths[0][d], 1.0), max(narration_lengths[1][s], 1.0)
            return bool(abs(np.log(nd / ns / typical)) <= PROVENANCE_GAP_LENGTH_SLACK)
        return False

    def attach_floor(ds: list[int], ss: list[int], d: Optional[int], s: Optional[int]) -> float:
        """The cosine a sentence needs with one of a neighbour's group's counterparts to join it: lower where
        the group's lengths call for it (the narration left of a sentence whose quotation was struck out)."""
        if (PROVENANCE_ATTACH_LENGTH_MIN_COSINE is not None and PROVENANCE_ATTACH_LENGTH_GAIN is not None
                and length_gain(ds, ss, d, s) >= PROVENANCE_ATTACH_LENGTH_GAIN):
            return PROVENANCE_ATTACH_LENGTH_MIN_COSINE
        return PROVENANCE_ATTACH_MIN_COSINE

    def unrendered(ds: list[int], ss: list[int], s: int) -> bool:
        """Source sentence ``s`` would leave the group's derived side short of the typical length ratio by more
        than ``PROVENANCE_ATTACH_SOURCE_SHORT`` (log scale) and matches that side by
        ``PROVENANCE_ATTACH_SOURCE_COSINE_GAP`` less than the group's source sentences do: the derived side renders
        those, not s too (a dropped sentence next to a long rendering of its neighbour)."""
        if (PROVENANCE_ATTACH_SOURCE_SHORT is None or PROVENANCE_ATTACH_SOURCE_COSINE_GAP is None
                or derived_lengths is None or source_lengths is None):
            return False
        len_d = max(derived_lengths[ds].sum(), 1.0)
        len_s = max(source_lengths[ss].sum() + source_lengths[s], 1.0)
        if np.log(len_d / len_s / typical) >= -PROVENANCE_ATTACH_SOURCE_SHORT:
            return False
        rendering = derived[ds].sum(axis=0)
        return (_cosine(rendering, source[s])
                < _cosine(rendering, source[ss].sum(axis=0)) - PROVENANCE_ATTACH_SOURCE_COSINE_GAP)

    def attach_sentence(side: int, x: int) -> bool:
        """Left-over sentence ``x`` of one side (0: derived, 1: source) joins a group: the group of its best
        match when a neighbour of ``x`` is in it, else a neighbour's group (an edited sentence's best match
        may lie far away) whose counterparts it matches at :func:`attach_floor`; either only if it
        ``improves`` the group's lengths."""
        own, other = (group_of_d, group_of_s) if side == 0 else (group_of_s, group_of_d)
        row = sims[x] if side == 0 else sims[:, x]
        at = (x, None) if side == 0 else (None, x)
        y = int(row.argmax())
        g = other.get(y)
        if g is not None and row[y] >= PROVENANCE_ATTACH_MIN_COSINE and (
                own.get(x - 1) == g or own.get(x + 1) == g) and improves(*groups[g], *at) and not (
                side == 1 and unrendered(*groups[g], x)):
            choice = g
        else:
            choice = next((g for g in {own.get(x - 1), own.get(x + 1)} - {None}
                           if row[groups[g][1 - side]].max() >= attach_floor(*groups[g], *at)
                           and improves(*groups[g], *at) and not (side == 1 and unrendered(*groups[g], x))), None)
        if choice is None:
            return False
        groups[choice][side].append(x)
        own[x] = choice
        return True

    def attach(sources: bool = True) -> None:
        """Left-over sentences join neighbours' groups (step 2) until none does (derived ones only, unless
        ``sources``)."""
        changed = True
        while changed:
            changed = False
            for side, count in ((0, n_d), (1, n_s if sources else 0)):
                own = group_of_d if side == 0 else group_of_s
                for x in range(count):
                    if x not in own and attach_sentence(side, x):
                        changed = True

    attach()

    def relates(d: int, s: int) -> bool:
        """``related(d, s)``, or (``PROVENANCE_GAP_RELATED_VERBATIM``) both print the same @handles or web addresses."""
        if PROVENANCE_GAP_RELATED_VERBATIM and check_verbatim and verbatim[0][d] and verbatim[0][d] == verbatim[1][s]:
            return True
        return related is not None and related(d, s)

    # a gap: source and derived sentences left over between the same aligned neighbours (before and after)
    # are loosely rendered sentences, not drops and additions: a negation or a name changed moves a short
    # sentence's vector a long way, and the change is what the report must show. Inside a gap, pairs are
    # taken best cosine first, in order (no pair crosses another), and only where the two lengths fit the
    # article's typical ratio or the two share a name, a number or a date: a dropped source sentence next to
    # a translator's own (short) sentence is no pair
    if PROVENANCE_GAP_MIN_COSINE is not None:
        for ds, ss in _gaps(group_of_d, group_of_s, groups, n_d, n_s):
            if len(ds) > PROVENANCE_GAP_MAX_SENTENCES or len(ss) > PROVENANCE_GAP_MAX_SENTENCES:
                continue
            taken: list[tuple[int, int]] = []
            for d, s in sorted(((d, s) for d in ds for s in ss), key=lambda p: -sims[p]):
                # below the floor, a pair whose lengths fit and that shares a name, a number or a date still
                # pairs ("Зазначив Крейт." for "“You say that now, …” Craith noted.": the quote left out)
                low = sims[d, s] < (PROVENANCE_GAP_SINGLE_MIN_COSINE
                                    if PROVENANCE_GAP_SINGLE_MIN_COSINE is not None and len(ds) == len(ss) == 1
                                    else PROVENANCE_GAP_MIN_COSINE)
                if low and (PROVENANCE_GAP_RELATED_MIN_COSINE is None or sims[d, s] < PROVENANCE_GAP_RELATED_MIN_COSINE):
                    break
                if d in group_of_d or s in group_of_s or any((d - e) * (s - f) < 0 for e, f in taken) or clash(d, s):
                    continue
                if low and not (relates(d, s) and lengths_fit(d, s)):
                    continue
                # a derived sentence that renders a source sentence elsewhere far better (a repeated line,
                # "$sqqq चलो।" for "lfg $sqqq") is no rendering of the one in its place, unless the two share a
                # name, a number or a date
                if (PROVENANCE_GAP_ELSEWHERE_MARGIN is not None
                        and sims[d].max() - sims[d, s] > PROVENANCE_GAP_ELSEWHERE_MARGIN and not relates(d, s)):
                    continue
                if PROVENANCE_GAP_LENGTH_SLACK is not None and not (lengths_fit(d, s) or relates(d, s)):
                    continue
                group_of_d[d] = group_of_s[s] = len(groups)
                groups.append(([d], [s]))
                taken.append((d, s))
    if PROVENANCE_ATTACH_AFTER_GAPS:
        attach(sources=False)   # a gap pair's neighbours may join it (the rest of a split whose first piece a gap paired)
    if PROVENANCE_LINK_STRAY_PIECE_GAIN is not None and derived_lengths is not None and source_lengths is not None:
        for i, (ds, ss) in enumerate(groups):
            if len(ds) != 1 or len(ss) != 1 or sims[ds[0], ss[0]] >= PROVENANCE_LINK_SURE_COSINE or near[ds[0], ss[0]]:
                continue
            d, s = ds[0], ss[0]
            for step in (-1, 1):
                g = group_of_d.get(d + step)
                if g is None or g == i or any(abs(x - s) <= 1 for x in groups[g][1]):
                    continue
                if (sims[d, groups[g][1]].max() >= PROVENANCE_ATTACH_MIN_COSINE
                        and length_gain(*groups[g], d, None) >= PROVENANCE_LINK_STRAY_PIECE_GAIN):
                    groups[g][0].append(d)
                    group_of_d[d] = g
                    del group_of_s[s]
                    groups[i] = ([], [])
                    break
    if (PROVENANCE_PARAGRAPH_PIECE_GAIN is not None and sentences is not None and derived_lengths is not None
            and source_lengths is not None):
        # last, a sentence still left over joins the group of its neighbour in the same paragraph where it is the
        # piece that group's side is short of and does not take the group's summed cosine down by more than
        # PROVENANCE_PARAGRAPH_PIECE_MAX_LOSS: a translator's split ("Stille." for the "Silence." that ends "“I'll
        # be back soon, Dad.”Silence.") or merge, whose pieces keep little of the whole's vector
        def loss(ds: list[int], ss: list[int], d: Optional[int], s: Optional[int]) -> float:
            return _cosine(derived[ds].sum(axis=0), source[ss].sum(axis=0)) - _cosine(
                derived[ds + ([d] if d is not None else [])].sum(axis=0),
                source[ss + ([s] if s is not None else [])].sum(axis=0))

        sides = [0, 1] if PROVENANCE_PARAGRAPH_PIECE_SOURCE_GAIN is not None else [0]
        # debris joins on the derived side only: a source emoji the rewrite leaves out stays listed dropped
        debris = [[PROVENANCE_PARAGRAPH_DEBRIS_JOINS and not _WORDY.search(x.text) for x in sentences[0]],
                  [False] * n_s]
        whole_groups = [max(derived_lengths[ds].sum(), 1.0) / max(source_lengths[ss].sum(), 1.0)
                        for ds, ss in groups if ds]
        if PROVENANCE_PARAGRAPH_PIECE_WHOLE_GROUPS and whole_groups:
            # the groups are whole by now (their attached pieces in): the median of their ratios is the language
            # pair's, where the one-to-one links' first sentences run short on a translation that splits a lot
            typical = float(np.median(whole_groups))
        changed = True
        while changed:
            changed = False
            for side in sides:
                own = group_of_d if side == 0 else group_of_s
                floor = PROVENANCE_PARAGRAPH_PIECE_GAIN if side == 0 else PROVENANCE_PARAGRAPH_PIECE_SOURCE_GAIN
                for x in range(n_d if side == 0 else n_s):
                    if x in own:
                        continue
                    at = (x, None) if side == 0 else (None, x)
                    best, best_gain = None, floor
                    for step in (-1, 1):
                        g = own.get(x + step)
                        if (g is None or sentences[side][x + step].paragraph != sentences[side][x].paragraph
                                or foreign(*groups[g], *at)):
                            continue
                        if debris[side][x]:   # an emoji or a lone "!" goes with the sentence it ends (or opens)
                            best = g
                            break
                        gain = length_gain(*groups[g], *at)
                        if gain >= best_gain and loss(*groups[g], *at) <= PROVENANCE_PARAGRAPH_PIECE_MAX_LOSS:
                            best, best_gain = g, gain
                    if best is not None:
                        groups[best][side].append(x)
                        own[x] = best
                        changed = True
    links = []
    for ds, ss in groups:
        if not ds:
            continue
        score = _cosine(derived[ds].sum(axis=0), source[ss].sum(axis=0))
        links.append(Link(sorted(ds), sorted(ss), round(score, 4)))
    return sorted(links, key=lambda link: link.derived[0])
