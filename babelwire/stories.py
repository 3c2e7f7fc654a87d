"""Within a story: which article derives from which, and what that implies.

An article *derives from* another when it translates or rewrites it. Every
member is ranked by how likely it is to be an original ("sourceness"):

1. it credits a wire agency in its own text (wire copy is where rewrites come from);
2. it was published earlier (articles without a date rank after dated ones);
3. it was stored earlier.

A member can only derive from a member ranked above it, so derivation links
never form a cycle. Among those, it derives from the highest-ranked one that
qualifies (below). Rewrites usually come from the original, not from a
sibling translation, so the most original qualifying member wins, not the
most similar one; and when that member is itself derived, its own source
takes its place if the pair aligns across languages at
``DERIVATION_CHAIN_THRESHOLD`` (a lower bar: the sibling already vouches
that the item belongs to this chain).

Three kinds of evidence qualify a member above as the source:

- **copied text** (any pair of languages): the share of the derived
  article's words that lie in runs of ``DERIVATION_SHINGLE_TOKENS``
  consecutive words also found in the source (``copied_share``) reaches
  ``DERIVATION_MIN_COPIED_SHARE``. A rewrite of wire copy keeps long runs
  of its words; two independent reports of one event share names, numbers
  and the odd quote, not most of their text.
- **aligned paragraphs across languages**: the *derivation score* of the
  centred paragraph vectors clears ``DERIVATION_THRESHOLD`` — each derived
  paragraph's best source paragraph should stand out from the source's
  other paragraphs (``margin``: best minus second-best cosine), the matches
  should keep the source's order (``order``: longest increasing run of
  matched positions over paragraph count), and be close (``mean_best``).
  This counts only between different languages: two reports of one event in
  one language score as high as a translation (ECB+ dev, docs/accuracy.md),
  and a same-language copy leaves lexical evidence anyway. Language labels
  are checked against the text (``same_language``). Where the source has a
  single paragraph (a speech transcript, a social post) the same score is
  taken over sentences instead (``DERIVATION_SENTENCE_LEVEL``): one paragraph
  has no second-best match, so its score is little more than one cosine, weak
  for a language the embedding serves poorly or a truncated translation,
  while its sentences still show order and margin.
- **long aligned translation** (different languages only): the score reaches
  only the chain bar (``DERIVATION_CHAIN_THRESHOLD``), but the derived
  units' best matches stand out of the pair's cosines beyond chance, summed
  over the units (:func:`standout`), at least ``DERIVATION_MIN_STANDOUT``: a
  long translation into a language the embedding serves poorly matches each
  of its many paragraphs (or sentences) only a little, and many units that
  each find their own counterpart are evidence no single match gives.

Derivation is recomputed whenever the story gains members: a source that
arrives after its translation still becomes its source. A member's result
depends only on the members ranked above it, so when the previous results are
given (:func:`derive`'s ``previous``), the members ranked above the first new
member keep theirs and only the rest are derived again, reusing each pair's
signals from a cache (``pairs``): a story that grows costs the pairs its new
members take part in, not the whole story again. Kept results and cached
signals were computed with the language means of their batch.
"""
from __future__ import annotations

import bisect
import math
import struct
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timezone
from statistics import NormalDist
from typing import Any, Optional

import numpy as np
import regex

from babelwire.article import Article
from babelwire.embed import LanguageMeans, current_mode, vector_space
from babelwire.link import Indexed
from babelwire.provenance import article_sentence_vectors
from babelwire.settings import (
    ALIGN_MIN_COSINE,
    DERIVATION_CHAIN_THRESHOLD,
    DERIVATION_SIBLING_ORIGINAL,
    DERIVATION_MIN_COPIED_SHARE,
    DERIVATION_MIN_STANDOUT,
    DERIVATION_SAME_LANGUAGE_MIN_WORD_SHARE,
    DERIVATION_SAME_SCRIPT_MIN_OVERLAP,
    DERIVATION_SECOND_BEST_FLOOR,
    DERIVATION_SENTENCE_LEVEL,
    DERIVATION_SHINGLE_TOKENS,
    DERIVATION_THRESHOLD,
    DERIVATION_WEIGHTS,
)

_LATEST = datetime.max.replace(tzinfo=timezone.utc)
# Words for copy detection: runs of letters/digits; Chinese and Japanese, written
# without spaces, one character a word.
_WORD = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[\p{L}\p{N}\p{M}]+")


@dataclass
class Derivation:
    article_id: str
    derived_from: Optional[str]
    confidence: Optional[float]
    wire_inferred: list[str]
    evidence: dict[str, Any]
    alignment: list[tuple[int, int, float]]  # (derived paragraph, source paragraph, cosine)


def sourceness_key(item: Indexed, seq: int) -> tuple:
    """Lower sorts first: wire copy (an agency in its dateline), then any wire credit,
    then publication time (a date without a time counts as the end of its day:
    it is not known to come before anything published that day), then store order."""
    article = item.article
    wire_copy = bool(article.wire and article.dateline)
    moment = item.time or _LATEST
    if item.date_only:
        moment = moment.replace(hour=23, minute=59, second=59)
    return (0 if wire_copy else 1, 0 if article.wire else 1, moment, seq)


def align_paragraphs(derived: np.ndarray, source: np.ndarray) -> list[tuple[int, int, float]]:
    """Each derived paragraph's best source paragraph, when the cosine clears the bar.

    Many-to-one falls out naturally (two derived paragraphs may pick one
    source paragraph); reordering is allowed.
    """
    sims = derived @ source.T
    best = sims.argmax(axis=1)
    return [
        (d, int(s), float(sims[d, s])) for d, s in enumerate(best) if sims[d, s] >= ALIGN_MIN_COSINE
    ]


def _longest_increasing_run(values: list[int]) -> int:
    tails: list[int] = []
    for value in values:
        at = bisect.bisect_right(tails, value)
        if at == len(tails):
            tails.append(value)
        else:
            tails[at] = value
    return len(tails)


@lru_cache(maxsize=1024)
def expected_best_of(m: int) -> float:
    """The expected largest of ``m`` independent standard normal values (Blom's approximation)."""
    return NormalDist().inv_cdf((m - 0.375) / (m + 0.25))


def standout(sims: np.ndarray) -> float:
    """How far the derived units' best matches stand out of a pair's cosines, beyond chance, summed over
    the units: each derived unit's best cosine less the mean of all the pair's cosines, in their standard
    deviations, less what the best of ``m`` unrelated cosines reaches (the expected largest of m standard
    normals, at the rows' own spread); the mean over the n derived units times sqrt(n). About 0 when the
    rows match by chance; it grows with the number of units that each find their counterpart, so a long
    translation qualifies on many middling matches that one or two could not show."""
    n, m = sims.shape
    spread = float(sims.std())
    if m < 2 or spread == 0.0:
        return 0.0
    row_spread = float((sims - sims.mean(axis=1, keepdims=True)).std(axis=1).mean())
    z = (sims.max(axis=1) - sims.mean()) / spread - expected_best_of(m) * row_spread / spread
    return float(z.mean()) * math.sqrt(n)


def derivation_signals(derived: np.ndarray, source: np.ndarray) -> dict[str, float]:
    """How much ``derived`` looks like a translation/rewrite of ``source`` (centred paragraph vectors)."""
    if len(derived) == 0 or len(source) == 0:
        return {"mean_best": 0.0, "margin": 0.0, "order": 0.0, "coverage": 0.0, "score": 0.0, "standout": 0.0}
    sims = derived @ source.T
    ordered = np.sort(sims, axis=1)
    best = ordered[:, -1]
    second = ordered[:, -2] if sims.shape[1] > 1 else np.full(len(best), DERIVATION_SECOND_BEST_FLOOR)
    n = len(best)
    # the means as ndarray.mean computes them (a float32 sum, divided in float32; a bool share in
    # float64), without its Python wrapper: a story's every pair of members passes here
    signals = {
        "mean_best": float(np.add.reduce(best) / n),
        "margin": float(np.add.reduce(best - second) / n),
        "order": _longest_increasing_run(sims.argmax(axis=1).tolist()) / n,
        "coverage": int(np.count_nonzero(best >= ALIGN_MIN_COSINE)) / n,
    }
    w = DERIVATION_WEIGHTS
    signals["score"] = w["mean_best"] * signals["mean_best"] + w["margin"] * signals["margin"] + w["order"] * signals["order"]
    signals["standout"] = standout(sims)
    return {k: round(v, 4) for k, v in signals.items()}


class WordRuns:
    """An article's words as hashed runs of DERIVATION_SHINGLE_TOKENS words (shingles), in text order,
    and the scripts of its letters: computed once per article (:func:`word_runs` keeps them on it)."""

    def __init__(self, article: Article):
        words = list(map(str.lower, _WORD.findall("\n".join(article.paragraphs))))
        n = DERIVATION_SHINGLE_TOKENS
        self.n_words = len(words)
        # the hash of each run of n words (zip builds the n-tuples without a Python-level slice per word)
        self.runs = np.fromiter(map(hash, zip(*(words[k:] for k in range(n)))), np.int64, max(0, len(words) - n + 1))
        # sorted without repeats, and where each run / word is in it: a pair looks up the distinct values
        # (sorted needles: numpy's binary search reuses its last answer) and spreads the answers back
        self.distinct, self.runs_at = np.unique(self.runs, return_inverse=True)
        self.words = np.fromiter(map(hash, words), np.int64, len(words))
        self.distinct_words, self.words_at = np.unique(self.words, return_inverse=True)
        self.scripts = script_profile(article.paragraphs)

    @property
    def nbytes(self) -> int:
        """The bytes of its arrays (what holding it costs, about)."""
        return (self.runs.nbytes + self.distinct.nbytes + self.runs_at.nbytes + self.words.nbytes
                + self.distinct_words.nbytes + self.words_at.nbytes)


def word_runs(article: Article) -> WordRuns:
    """The article's :class:`WordRuns`, kept on the article while its paragraphs stay the same list
    (a story is derived again each time it grows: its members' words need not be read again)."""
    cached = article.__dict__.get("_word_runs_cache")
    if cached is not None and cached[0] is article.paragraphs:
        return cached[1]
    runs = WordRuns(article)
    article.__dict__["_word_runs_cache"] = (article.paragraphs, runs)
    return runs


def _found_in(values: np.ndarray, sorted_distinct: np.ndarray) -> np.ndarray:
    """For each value, whether it is in ``sorted_distinct`` (a sorted array without repeats)."""
    if len(sorted_distinct) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_distinct, values), len(sorted_distinct) - 1)
    return sorted_distinct[at] == values


def _each_found_in(distinct: np.ndarray, at: np.ndarray, sorted_distinct: np.ndarray) -> np.ndarray:
    """``_found_in(distinct[at], sorted_distinct)``, looking up each distinct value once."""
    return _found_in(distinct, sorted_distinct)[at]


@lru_cache(maxsize=1 << 16)
def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    script = name.split(" ", 1)[0].split("-", 1)[0] if name else "OTHER"
    return "CJK" if script in ("HIRAGANA", "KATAKANA") else script


def script_profile(paragraphs: list[str]) -> dict[str, float]:
    """Share of the letters in each script (first word of the Unicode name; kana count as CJK)."""
    counts: Counter[str] = Counter()
    for char, n in Counter("".join(paragraphs)).items():
        if char.isalpha():
            counts[_script(char)] += n
    total = sum(counts.values())
    return {script: count / total for script, count in counts.items()} if total else {}


def copied_share(derived: WordRuns, source: WordRuns) -> float:
    """Share of the derived words that lie in a run of DERIVATION_SHINGLE_TOKENS words the source also has."""
    if len(derived.runs) == 0 or len(source.distinct) == 0:
        return 0.0
    shared = _each_found_in(derived.distinct, derived.runs_at, source.distinct)
    # A word is covered when any run starting at it or up to n-1 words before it is shared.
    covered = np.convolve(shared.astype(np.int32), np.ones(DERIVATION_SHINGLE_TOKENS, dtype=np.int32))
    return float(np.count_nonzero(covered[:derived.n_words])) / derived.n_words


def shared_word_share(derived: WordRuns, source: WordRuns) -> float:
    """Share of the derived text's words (every occurrence) that the source also uses."""
    if len(derived.words) == 0:
        return 0.0
    found = _each_found_in(derived.distinct_words, derived.words_at, source.distinct_words)
    return float(np.count_nonzero(found)) / len(derived.words)


def same_language(a: Article, b: Article, a_words: WordRuns, b_words: WordRuns) -> bool:
    """Whether two texts are in one language, for derivation.

    Labels that agree count when the letters agree too (mostly the same
    scripts): a Chinese text with a long English URL was once labelled ``en``.
    Labels that differ are overruled when the texts share most of their words,
    function words included, as only one language does: an English text with a
    tokenised URL was once labelled ``es``.
    """
    if a.lang and a.lang == b.lang:
        overlap = sum(min(share, b_words.scripts.get(script, 0.0)) for script, share in a_words.scripts.items())
        if overlap >= DERIVATION_SAME_SCRIPT_MIN_OVERLAP:
            return True
    return shared_word_share(a_words, b_words) >= DERIVATION_SAME_LANGUAGE_MIN_WORD_SHARE


def qualifies(signals: dict[str, Any]) -> Optional[str]:
    """Which evidence makes the candidate a source ("copied text", "aligned translation", "long aligned
    translation"), or None."""
    if signals["copied_share"] >= DERIVATION_MIN_COPIED_SHARE:
        return "copied text"
    if not signals["same_language"] and signals["score"] >= DERIVATION_THRESHOLD:
        return "aligned translation"
    if DERIVATION_MIN_STANDOUT is not None and not signals["same_language"] \
            and signals["score"] >= DERIVATION_CHAIN_THRESHOLD \
            and signals["standout"] >= DERIVATION_MIN_STANDOUT:
        return "long aligned translation"
    return None


@lru_cache(maxsize=2)
def _prior_means(space: str) -> LanguageMeans:
    """The shipped language priors of one vector space, built once (only read: used for centring)."""
    return LanguageMeans(space=space)


def centred_sentences(item: Indexed, means: LanguageMeans) -> np.ndarray:
    """The item's centred sentence vectors (its centred paragraph vectors when it has no sentences)."""
    vectors = article_sentence_vectors(item.article)
    if len(vectors) == 0:
        return item.paragraphs
    return means.centre(vectors, "para", item.article.lang)


def pair_evidence(item: Indexed, above: Indexed, words: dict[str, WordRuns],
                  means: Optional[LanguageMeans] = None) -> dict[str, Any]:
    """Every derivation signal of ``item`` against a candidate source ``above``.

    The alignment signals are taken over paragraphs, or over sentences when the source has a single
    paragraph (``DERIVATION_SENTENCE_LEVEL``): with one source paragraph there is no second-best
    match, so the paragraph score says little more than one cosine; its sentences still have an
    order and a margin (``signals["level"]``). ``means``: the language means that centre sentence
    vectors (the shipped priors when None).
    """
    mine, theirs = words[item.article.id], words[above.article.id]
    if DERIVATION_SENTENCE_LEVEL and len(above.paragraphs) == 1:
        if means is None:
            means = _prior_means(vector_space(current_mode()))
        signals: dict[str, Any] = derivation_signals(centred_sentences(item, means), centred_sentences(above, means))
        signals["level"] = "sentence"
    else:
        signals = derivation_signals(item.paragraphs, above.paragraphs)
        signals["level"] = "paragraph"
    signals["copied_share"] = round(copied_share(mine, theirs), 4)
    signals["same_language"] = same_language(item.article, above.article, mine, theirs)
    return signals


def _strength(signals: dict[str, Any], rule: str) -> float:
    """How far the evidence clears its bar, 0.5 at the bar, saturating at 1."""
    if rule == "copied text":
        room = max(1e-6, 1.0 - DERIVATION_MIN_COPIED_SHARE)
        return min(1.0, 0.5 + 0.5 * (signals["copied_share"] - DERIVATION_MIN_COPIED_SHARE) / room)
    weak = rule.startswith("original of a") or rule == "long aligned translation"
    bar = DERIVATION_CHAIN_THRESHOLD if weak else DERIVATION_THRESHOLD
    return min(1.0, 0.5 + (signals["score"] - bar) / 0.5)


# A pair's signals as derive's cache keeps them: the six alignment figures, the copied share, whether the alignment
# was over sentences, whether the two are in one language (a dict of them took ~469 bytes, packed ~121: an ingest
# keeps up to INGEST_STORY_PAIRS_MAX pairs). Every figure is a double: packed and read back, the same values.
_PACKED_SIGNALS = struct.Struct("<7d2?")


def _pack_signals(signals: dict[str, Any]) -> bytes:
    return _PACKED_SIGNALS.pack(signals["mean_best"], signals["margin"], signals["order"], signals["coverage"],
                                signals["score"], signals["standout"], signals["copied_share"],
                                signals["level"] == "sentence", signals["same_language"])


def _unpack_signals(packed: bytes) -> dict[str, Any]:
    """:func:`pair_evidence`'s dict again, its keys in its order."""
    mean_best, margin, order, coverage, score, standout_, copied, sentence, same = _PACKED_SIGNALS.unpack(packed)
    return {"mean_best": mean_best, "margin": margin, "order": order, "coverage": coverage, "score": score,
            "standout": standout_, "level": "sentence" if sentence else "paragraph", "copied_share": copied,
            "same_language": same}


def derive(members: list[Indexed], previous: Optional[dict[str, Derivation]] = None,
           pairs: Optional[dict[tuple, Any]] = None, means: Optional[LanguageMeans] = None) -> list[Derivation]:
    """Derivation for every member of one story (members in store order), in rank order.

    ``previous``: this story's results from the last call, by article id, when the members it had
    then are still members in the same store order. Members ranked above every member missing from
    ``previous`` keep their previous result (their candidates are the same); the others are derived
    again. The returned results that are new objects are the ones derived again.
    ``pairs``: a cache the caller keeps for this story across calls (a pair's signals and paragraph
    alignment, computed once, with the language means of the call that first needed them).
    ``means``: the language means the members' vectors were centred with; sentence vectors (pairs
    with a one-paragraph source, :func:`pair_evidence`) are centred with them.
    """
    ranked = sorted(enumerate(members), key=lambda p: sourceness_key(p[1], p[0]))
    by_id = {m.article.id: m for m in members}
    parent: dict[str, Optional[str]] = {}
    results: list[Derivation] = []
    previous = previous or {}
    kept = 0
    while kept < len(ranked) and ranked[kept][1].article.id in previous:
        result = previous[ranked[kept][1].article.id]
        parent[result.article_id] = result.derived_from
        results.append(result)
        kept += 1
    words = {m.article.id: word_runs(m.article) for m in members} if kept < len(ranked) else {}

    def cached(key: tuple, compute):
        """``pairs[key]``, computed and kept there the first time (computed each time without ``pairs``)."""
        value = pairs.get(key) if pairs is not None else None
        if value is None:
            value = compute()
            if pairs is not None:
                pairs[key] = value
        return value

    def evidence_of(x: Indexed, y: Indexed) -> dict[str, Any]:
        # kept packed (_pack_signals): a story's pairs grow with the square of its members
        return _unpack_signals(cached((x.article.id, y.article.id),
                                      lambda: _pack_signals(pair_evidence(x, y, words, means))))

    for rank, (_, item) in enumerate(ranked):
        if rank < kept:
            continue
        chosen, chosen_signals, rule = None, None, None
        tested: dict[str, dict[str, Any]] = {}
        for _, above in ranked[:rank]:
            signals = evidence_of(item, above)
            tested[above.article.id] = signals
            rule = qualifies(signals)
            if rule is not None:
                chosen, chosen_signals = above, signals
                break
        evidence: dict[str, Any] = {
            "score_by_candidate": {k: v["score"] for k, v in tested.items()},
            "threshold": DERIVATION_THRESHOLD,
            "copied_share_by_candidate": {k: v["copied_share"] for k, v in tested.items()},
            "min_copied_share": DERIVATION_MIN_COPIED_SHARE,
        }
        through = []
        while chosen is not None and parent.get(chosen.article.id) is not None:
            # The chosen source is itself derived: a translation of a translation is
            # rarer than two translations of one original, so the original wins when
            # the item aligns with it too, even below the full bar.
            grand = tested.get(parent[chosen.article.id])
            if grand is None or grand["same_language"] or grand["score"] < DERIVATION_CHAIN_THRESHOLD:
                break
            through.append(chosen.article.id)
            chosen, chosen_signals, rule = by_id[parent[chosen.article.id]], grand, "original of a derived source"
        if DERIVATION_SIBLING_ORIGINAL and chosen is not None and parent.get(chosen.article.id) is None \
                and rule in ("aligned translation", "long aligned translation"):
            # The chosen source found no source of its own. A member ranked above it that the item and the
            # chosen source both align with across languages at the chain bar is their common original:
            # two translations of one original are likelier than a translation of a translation.
            for _, above in ranked[:rank]:
                if above is chosen:
                    break
                mine = tested.get(above.article.id)
                if mine is None or mine["same_language"] or mine["score"] < DERIVATION_CHAIN_THRESHOLD:
                    continue
                theirs = evidence_of(chosen, above)
                if theirs["same_language"] or theirs["score"] < DERIVATION_CHAIN_THRESHOLD:
                    continue
                through.append(chosen.article.id)
                chosen, chosen_signals, rule = above, mine, "original of a sibling source"
                break
        confidence = None
        alignment: list[tuple[int, int, float]] = []
        if chosen is not None:
            wire_gap = bool(chosen.article.wire) and not item.article.wire
            time_order = (
                chosen.time is not None and item.time is not None
                and sourceness_key(chosen, 0)[2] < item.time
            )
            evidence.update({
                "rule": rule,
                "through": through,
                "signals": chosen_signals,
                "source_credits_wire": wire_gap,
                "source_published_first": time_order,
            })
            # How far the evidence clears its bar, raised by independent evidence of direction.
            strength = _strength(chosen_signals, rule)
            confidence = round(strength * (0.6 + 0.2 * wire_gap + 0.2 * time_order), 3)
            alignment = cached((item.article.id, chosen.article.id, "alignment"),
                               lambda: align_paragraphs(item.paragraphs, chosen.paragraphs))
        parent[item.article.id] = None if chosen is None else chosen.article.id
        results.append(Derivation(item.article.id, parent[item.article.id], confidence, [], evidence, alignment))

    for result in results:
        result.wire_inferred = _inherited_wire(result.article_id, parent, by_id)
    return results


def _inherited_wire(article_id: str, parent: dict[str, Optional[str]], by_id: dict[str, Indexed]) -> list[str]:
    """Agencies credited up the derivation chain that the article itself does not credit."""
    own = set(by_id[article_id].article.wire)
    inherited: set[str] = set()
    current = parent.get(article_id)
    while current is not None:
        inherited.update(by_id[current].article.wire)
        current = parent.get(current)
    return sorted(inherited - own)


def story_title(members: list[Indexed]) -> Optional[str]:
    """The title of the story's most original member."""
    ranked = sorted(enumerate(members), key=lambda p: sourceness_key(p[1], p[0]))
    for _, item in ranked:
        if item.article.title:
            return item.article.title
    return None
