"""Words, scripts and the multilingual gazetteer behind the entities stage.

Tokenising text in any script, romanising a word to a phonetic consonant skeleton (``name_key``),
loading ``data/gazetteer.tsv`` (names, months, scale words, stopwords in many languages) and matching its
forms against tokens with cheap inflection handling (Russian endings, Arabic prefixes, Hindi spellings).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from pathlib import Path
from typing import NamedTuple, Optional

from anyascii import anyascii

from babelwire.settings import ENTITY_MIN_STEM

GAZETTEER_PATH = Path(__file__).parent / "data" / "gazetteer.tsv"

# --- tokens and scripts ------------------------------------------------------------------------------
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _mark_class() -> str:
    """Combining marks (Devanagari matras, Arabic harakat): not ``\\w`` in ``re``, yet inside words."""
    spans: list[list[int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me"):
            if spans and spans[-1][1] == cp - 1:
                spans[-1][1] = cp
            else:
                spans.append([cp, cp])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in spans) + "\\u200c\\u200d"


_MARKS = _mark_class()
_WORD = re.compile(f"[{_CJK}]+|(?:[^\\W\\d_{_CJK}]|[{_MARKS}])+")
_CASED = ("latn", "cyrl", "grek")
_KATAKANA = re.compile("[\u30a1-\u30fa\u30fc]+")
_SENTENCE_GAP = re.compile(r"[.!?:;\"“”«»„()\[\]—–…|•\n]")
_JOIN_GAP = re.compile(r"[ \t\u00a0\-‐.'’·・]{0,3}")
_NAME_GAP = re.compile(r"[ \t\u00a0\-‐]{1,2}")


_SCRIPT_STARTS = (0x250, 0x370, 0x400, 0x530, 0x600, 0x780, 0x8A0, 0x900, 0x980, 0x1E00, 0x1F00, 0x2000, 0x3040,
                  0x3100, 0x31F0, 0x3200, 0x3400, 0xA000, 0xF900, 0xFB00)
_SCRIPTS = ("latn other grek cyrl other arab other arab deva other latn grek other cjk other cjk other cjk other "
            "cjk other").split()


def _script(ch: str) -> str:
    return _SCRIPTS[bisect_right(_SCRIPT_STARTS, ord(ch))]


# --- lookup forms: what gazetteer forms and text tokens are compared on ------------------------------
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
# The article (with a clitic before it) is stripped only where 3+ letters remain: بالاو (Palau) is a name,
# not بال + او ("or"), and الله keeps its article.
_AR_ARTICLE = re.compile("^(?:وبال|وال|بال|فال|كال|لل|ال)(?=...)")
_DEVA_HALF_NASAL = re.compile("[ङञणनम]\u094d(?=[क-ह])")
_DEVA_OBLIQUE = (("ियों", "ी"), ("ियां", "ी"), ("ों", ""), ("ें", ""))
_CYRL_ENDINGS = sorted(
    "ами ями ого его ому ему ой ей ий ый ая яя ое ее ую юю ые ие ых их ым им ом ем ам ям ах ях ию ия ии ией ья ье ью "
    "ьи ою ею ією ії ію ія а я у ю е ы и о ь й і ї є".split(), key=len, reverse=True)
_SLAVIC_LATIN = {"cs", "sk", "pl", "sl", "hr", "sr", "bs"}
_SLAVIC_ENDINGS = sorted("ach ami eho emu ich ymi ove ovi ou em am ie ii im ym a e i o u y".split(),
                         key=len, reverse=True)


def _strip_ending(word: str, endings: list[str]) -> str:
    for e in endings:
        if word.endswith(e) and len(word) - len(e) >= ENTITY_MIN_STEM:
            return word[: -len(e)]
    return word


@lru_cache(maxsize=1 << 17)
def _lookup(tok: str) -> tuple[str, str, tuple[str, ...]]:
    """(script, lookup form, alternative first-token forms) of one token."""
    script = _script(tok[0])
    alts: tuple[str, ...] = ()
    if script == "latn":
        form = anyascii(tok).lower()
    elif script == "cyrl":
        form = tok.lower().replace("ё", "е")
        stem = _strip_ending(form, _CYRL_ENDINGS)
        alts = (stem,) if stem != form else ()
    elif script == "grek":
        form = "".join(c for c in unicodedata.normalize("NFD", tok.lower()) if not unicodedata.combining(c))
        form = form.replace("ς", "σ")
    elif script == "arab":
        bare = _AR_MARKS.sub("", tok)   # the article is a bare alif + lam: أليبوف (Alipov) keeps its أل
        form = _AR_ARTICLE.sub("", bare).translate(_AR_FOLD)
        # clitic conjunction / preposition: و ف ب ل, and و/ف + ب/ل/ك (ولروسيا). Not a lone ك ("like"): a
        # place seldom follows it without the article (كالتبت is the article rule's), while common words
        # start with it: كتبت ("she wrote") is not ك + تبت (Tibet)
        for n in (1, 2):
            if len(bare) >= n + 3 and bare[0] in "وفبل" and (n == 1 or bare[0] in "وف" and bare[1] in "بلك"):
                alts += (_AR_ARTICLE.sub("", bare[n:]).translate(_AR_FOLD),)
    elif script == "deva":
        form = tok.replace("\u093c", "").replace("\u0901", "\u0902").replace("\u0949", "\u094b")
        form = _DEVA_HALF_NASAL.sub("\u0902", form.replace("\u0911", "\u0913"))
        alts = tuple(form[: -len(e)] + r for e, r in _DEVA_OBLIQUE if form.endswith(e) and len(form) > len(e) + 1)
    else:
        form = tok.lower()
    return script, form, alts


# --- phonetic key ------------------------------------------------------------------------------------
_DEVA_NUKTA = {"ज": "z", "फ": "f", "क": "q", "ख": "kh", "ग": "g", "ड": "r", "ढ": "rh"}
_DEVA_NUKTA_RE = re.compile("([जफकखगडढ])\u093c")
_ANUSVARA_LABIAL = re.compile("[\u0902\u0901](?=[पफबभम])")
_ANUSVARA = re.compile("\u0902|\u0901(?=[क-ह])")
_DIGRAPHS = re.compile("shch|tsch|dzh|sch|tch|tsh|sh|ch|zh|kh|gh|ph|th|dh|bh|jh|ck|ts|tz|dj|qu|x|c")
_DIGRAPH_MAP = {"shch": "sc", "tsch": "c", "dzh": "j", "sch": "s", "tch": "c", "tsh": "c", "sh": "s", "ch": "c",
                "zh": "j", "kh": "h", "gh": "k", "ph": "f", "th": "t", "dh": "d", "bh": "b", "jh": "j", "ck": "k",
                "ts": "s", "tz": "s", "dj": "j", "qu": "k", "x": "ks", "c": "k"}
_SOFT_C = re.compile("c(?=[eiy])")
_CLASS = str.maketrans("bpfvwgkqszjcdtlrmnh", "ppfffkkkssjcdtlrmn_")


def _romanise(tok: str, script: str) -> str:
    if script == "deva":
        tok = _DEVA_NUKTA_RE.sub(lambda m: _DEVA_NUKTA[m.group(1)], tok).replace("\u093c", "")
        tok = _ANUSVARA.sub("n", _ANUSVARA_LABIAL.sub("m", tok.replace("च", "ch")))
    elif script == "arab":  # alif and 'ayn stand for vowels: keep them as a vowel, not as nothing
        tok = re.sub("ه$", "a", _lookup(tok)[1]).replace("ا", "a").replace("ع", "a").replace("ء", "")
    return "".join(c for c in anyascii(tok).lower() if "a" <= c <= "z")


def _skeleton(ascii_word: str) -> str:
    """Consonant skeleton: classes b=p, f=v=w, g=k=q, s=z, d≠t; vowels, h and medial w/y dropped."""
    if not ascii_word:
        return ""
    s = _DIGRAPHS.sub(lambda m: _DIGRAPH_MAP[m.group(0)], _SOFT_C.sub("s", ascii_word))
    out = ["a"] if s[0] in "aeiouy" else []   # Yemen = यमन = يمن, यूक्रेन = Ukraine
    for i, ch in enumerate(s):
        nxt = s[i + 1] if i + 1 < len(s) else "."
        if ch in "aeiou":
            continue
        if ch == "y" or (ch == "w" and i > 0 and nxt not in "aeiou"):   # semivowels: vowels unless w+vowel
            continue
        if ch == "n" and nxt in "bp":   # Istanbul = इस्तांबुल = Estambul
            ch = "m"
        ch = ch.translate(_CLASS)
        if ch != "_" and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1 << 17)
def _word_key(tok: str) -> tuple[str, int]:
    """(skeleton, romanised letter count) of one word."""
    ascii_word = _romanise(tok, _script(tok[0]))
    return _skeleton(ascii_word), len(ascii_word)


def name_key(text: str) -> str:
    """Phonetic key of a name in any script, words joined by ``-`` (``Путин`` → ``ptn``; entity key ``name:ptn``)."""
    text = unicodedata.normalize("NFKC", text)
    return "-".join(k for k in (_word_key(w)[0] for w in _WORD.findall(text)) if k)


# A letter (not CJK) right before or after digits makes them part of a word, not a number.
_NUM_LETTER = f"(?:[^\\W\\d_{_CJK}\\uac00-\\ud7af]|[{_MARKS}])"   # "20人", "111명": CJK may touch a number
_NO_LETTER_AFTER = f"(?!{_NUM_LETTER})"


# --- gazetteer ---------------------------------------------------------------------------------------
@dataclass
class _Gazetteer:
    exact: dict = field(default_factory=dict)       # tuple of lookup forms -> (key, case rule)
    stemmed: dict = field(default_factory=dict)     # Cyrillic ending-stripped tuples
    slavic: dict = field(default_factory=dict)      # Czech-style ending-stripped Latin tuples
    longest: dict = field(default_factory=dict)     # (table id, first form) -> most tokens
    cjk: dict = field(default_factory=dict)         # exact string -> key (zh/ja)
    cjk_first: dict = field(default_factory=dict)   # first character -> longest form
    aliases: dict = field(default_factory=lambda: defaultdict(set))  # key -> skeletons of its English forms
    firsts: frozenset = frozenset()                  # every first form of every table
    months: dict = field(default_factory=dict)      # tuple of lookup forms -> month number
    month_first: frozenset = frozenset()
    scales: dict = field(default_factory=dict)      # lowercase scale word -> power of ten
    scale_re: Optional[re.Pattern] = None
    stop: frozenset = frozenset()                   # stopwords and month words: never names
    conflicts: list = field(default_factory=list)
    rows: int = 0


def _case_rule(form: str) -> str:
    cased = [c for c in form if c.isupper() or c.islower()]
    if not cased:
        return "any"
    if len(cased) >= 2 and all(c.isupper() for c in cased):
        return "caps"
    return "cap" if cased[0].isupper() else "any"


def _add(gz: _Gazetteer, table: str, tup: tuple, value: tuple) -> None:
    target = getattr(gz, table)
    old = target.get(tup, value)
    if old[0] != value[0]:   # an exact form keeps its first key; an ambiguous stem ("нигер") matches nothing
        gz.conflicts.append((table, tup, old[0], value[0]))
        if table != "exact":
            target[tup] = (None, "any")
        return
    target[tup] = value
    gz.longest[(table, tup[0])] = max(gz.longest.get((table, tup[0]), 0), len(tup))


@lru_cache(maxsize=None)
def _gazetteer() -> _Gazetteer:
    gz, stop = _Gazetteer(), set()
    lines = GAZETTEER_PATH.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        key, kind, *cells = line.split("\t")
        gz.rows += 1
        for lang, cell in zip(header[2:], cells):
            for form in (unicodedata.normalize("NFKC", f.strip()) for f in cell.split("|") if f.strip()):
                words = _WORD.findall(form)
                if kind == "stopword":
                    stop.add(_lookup(form)[1])
                elif kind == "month":
                    gz.months[tuple(_lookup(w)[1] for w in words)] = int(key)
                elif kind == "scale":
                    gz.scales[" ".join(form.lower().split())] = int(key)
                elif any(_script(c) == "cjk" for c in form):
                    if len(form) >= 2:
                        gz.cjk[form] = key
                        gz.cjk_first[form[0]] = max(gz.cjk_first.get(form[0], 0), len(form))
                elif words:
                    _add_name(gz, key, lang, form, words)
    gz.aliases = {k: {a for a in v if a} for k, v in gz.aliases.items()}
    gz.firsts = frozenset(first for _, first in gz.longest)
    gz.stop = frozenset(stop | {k[0] for k in gz.months if len(k) == 1})
    gz.month_first = frozenset(k[0] for k in gz.months)
    gz.scale_re = re.compile("\\s*(" + "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(
        gz.scales, key=len, reverse=True)) + f")\\.?{_NO_LETTER_AFTER}", re.IGNORECASE)
    return gz


def _add_name(gz: _Gazetteer, key: str, lang: str, form: str, words: list[str]) -> None:
    """One form of a name in the lookup tables: exact, Cyrillic-stemmed, Czech-stemmed (+ its skeleton)."""
    if lang == "en":
        gz.aliases[key] |= {name_key(form), name_key(key.replace("-", " "))}
    value = (key, _case_rule(form))
    info = [_lookup(w) for w in words]
    _add(gz, "exact", tuple(i[1] for i in info), value)
    if any(i[0] == "cyrl" for i in info):
        _add(gz, "stemmed", tuple(i[2][0] if i[0] == "cyrl" and i[2] else i[1] for i in info), value)
    if lang in _SLAVIC_LATIN and info[0][0] == "latn":
        _add(gz, "slavic", tuple(_strip_ending(i[1], _SLAVIC_ENDINGS) for i in info), value)


# --- per-token view of a paragraph ---------------------------------------------------------------------
class _Tok(NamedTuple):
    start: int
    end: int
    raw: str
    script: str
    form: str
    alts: tuple
    initial: bool      # starts a sentence (or the paragraph)
    gap: str           # what lies between this token and the next (up to 4 characters, else "\n")
    joins_next: bool   # only spaces / a hyphen / a dot between them: the two may be one name


@lru_cache(maxsize=4096)
def _gap_kind(gap: str) -> tuple[bool, bool]:
    """(the words around it may be one name, the next word starts a sentence)."""
    return _JOIN_GAP.fullmatch(gap) is not None, _SENTENCE_GAP.search(gap) is not None


_WORD_SPLIT = re.compile(f"({_WORD.pattern})")   # re.split keeps the words: [before, word, gap, word, ..., after]


def _tokens(text: str) -> list[_Tok]:
    parts = _WORD_SPLIT.split(text)
    words = parts[1::2]
    if not words:
        return []
    # a token's gap is what lies between it and the next word, "\n" when over 4 characters and after the last
    gaps = [g if len(g) <= 4 else "\n" for g in parts[2:-1:2]]
    gaps.append("\n")
    offsets = list(accumulate(map(len, parts)))   # word k spans offsets[2k] .. offsets[2k + 1]
    scripts, forms, alts = zip(*map(_lookup, words))
    joins, sentence_ends = zip(*map(_gap_kind, gaps))
    initial = (True,) + sentence_ends[:-1]   # the first word, and each after a sentence-ending gap
    return list(map(tuple.__new__, repeat(_Tok), zip(
        offsets[0::2], offsets[1::2], words, scripts, forms, alts, initial, gaps, joins)))


def _case_ok(rule: str, toks: list[_Tok]) -> bool:
    if rule == "any" or toks[0].script not in _CASED:
        return True
    if rule == "caps":
        return all(t.raw.isupper() for t in toks)
    return toks[0].raw[0].isupper()


def _form_for(table: str, tok: _Tok) -> str:
    if table == "stemmed" and tok.script == "cyrl":
        return (tok.alts or (tok.form,))[0]
    return _slavic_stem(tok.form) if table == "slavic" else tok.form


@lru_cache(maxsize=1 << 15)
def _slavic_stem(form: str) -> str:
    return _strip_ending(form, _SLAVIC_ENDINGS)


def _match_gazetteer(toks: list[_Tok], slavic: bool, gz: _Gazetteer) -> list[tuple[int, int, str]]:
    """Longest gazetteer forms over the token list: (first token, end token, key)."""
    hits, i, n = [], 0, len(toks)
    while i < n:
        t = toks[i]
        if t.form not in gz.firsts and not (slavic and t.script == "latn") and (
                not t.alts or gz.firsts.isdisjoint(t.alts)):   # most words start no form: one set lookup
            i += 1
            continue
        tries = [("exact", t.form)]
        if t.script == "cyrl":
            tries.append(("stemmed", _form_for("stemmed", t)))
        elif t.script in ("arab", "deva"):
            tries += [("exact", a) for a in t.alts]
        elif slavic and t.script == "latn":
            tries.append(("slavic", _form_for("slavic", t)))
        best = None
        for table, first in tries:
            for size in range(min(gz.longest.get((table, first), 0), n - i), 0, -1):
                if best and size <= best[0]:
                    break
                if not all(toks[k].joins_next for k in range(i, i + size - 1)):
                    continue
                hit = getattr(gz, table).get((first,) + tuple(_form_for(table, toks[k]) for k in range(i + 1, i + size)))
                if hit and hit[0] and _case_ok(hit[1], toks[i:i + size]):
                    best = (size, hit[0])
                    break
        hits += [(i, i + best[0], best[1])] if best else []
        i += best[0] if best else 1
    return hits


def _match_cjk(run: str, gz: _Gazetteer) -> list[tuple[str, str]]:
    hits, i = [], 0
    while i < len(run):
        for size in range(min(gz.cjk_first.get(run[i], 0), len(run) - i), 1, -1):
            piece = run[i:i + size]
            key = gz.cjk.get(piece)
            if key and (not _KATAKANA.fullmatch(piece) or (
                    (i == 0 or not _KATAKANA.match(run[i - 1])) and
                    (i + size == len(run) or not _KATAKANA.match(run[i + size])))):
                hits.append((piece, key))
                i += size
                break
        else:
            i += 1
    return hits

