"""Synthetic drift: edit professional WMT24 translations and check each edit is flagged (docs/provenance.md).

Eight kinds of edit, applied one at a time to a translation (the English stays the source):

- ``number``: a number the translation shares with its aligned English sentence is raised by one;
- ``speaker``: a name the sentence shares with its English sentence is replaced by another name of the
  story (one the translation and the English source both name, and that this sentence and its English
  sentence do not): a quote or claim given to someone else;
- ``negation``: the one negation of a sentence is removed (nicht, не, not, नहीं, 不 ...), where its English
  sentence negates too (this script's word list, ``_EN_NEGATES``; edits written before drift round 9 did not ask
  that: their negation edits are also counted on those whose English negates, ``negation_english_negates``,
  and of those on the ones whose edited sentence babelwire no longer reads as negated, ``no_negation_left``: an
  edit written before the generator checked that may leave a second negation word in, ``жодного разу не`` ->
  ``жодного разу``, "not once");
- ``hedge``: the one hedge of a sentence ("probably", "maybe", "reportedly": asi, vielleicht, наверное,
  也许 ...; word lists of this script, ``_HEDGE_EDITS``) is struck out where its English sentence hedges too;
- ``drop``: a sentence is removed from the translation (its English sentence must be listed as dropped);
- ``add``: a sentence of another document in the same language is inserted at the end of a line that
  ends a sentence (it must be listed as added);
- ``quote_speaker``: in a sentence that prints a quotation (its English sentence too), the speaker named
  outside the quotation is replaced by another name of the story (a quote given to someone else);
- ``quote_drop``: the quotations of such a sentence are struck out, the narration kept (a ``quote``
  change on its group, or its English sentence that is the quotation alone listed as dropped).

An edit counts as flagged when, after re-embedding and re-aligning, the report has a ``changed`` entry of
its kind on the edited sentence's group (``name`` or ``speaker`` for speaker edits), or lists the
dropped/added sentence; edits are only made where the unedited report had no such flag (negation and
hedge edits only on groups the report calls complete: only those are compared). False alarms are
counted on the unedited translations: flags of each kind per kept group (number, speaker, negation,
hedge; name/speaker flags on groups printing a quotation for ``quote_speaker``, ``quote`` flags for
``quote_drop``), and the shares of source sentences reported dropped / translation sentences reported added.
``--misses`` prints every missed edit; the JSON has them all, with the flags raised on the untouched
translations and flagged/edits per language (``by_lang``) and per document (``by_doc``).

    python scripts/drift_synthetic.py [--docs 8] [--skip-docs 0] [--lines 15] [--per-kind 2] [--cache FILE] [--json OUT] [--misses]
                                      [--edits-out FILE | --edits-in FILE]

``--edits-out`` saves the edits made; ``--edits-in`` scores those same edits again (after a detector change),
finding each edited sentence by its text where the segmentation has changed (a dropped English sentence by its text
too: itself where the segmentation still has it whole, else a piece of it or a sentence holding it).
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter, defaultdict
from typing import Optional

from anyascii import anyascii
from rapidfuzz import fuzz

from drift_common import EmbeddingCache, align_lines, article, load_wmt, sample

from babelwire.entities import find_entities
from babelwire.entities import shared_keys
from babelwire.cues import _NEGATION, _QUOTE_MARKS, _QUOTED, _unquoted, has_negation
from babelwire.facts import _all_caps, _all_quoted, _view
from babelwire.provenance import report
from babelwire.sentences import split_article, split_sentences

KINDS = ("number", "speaker", "negation", "hedge", "drop", "add", "quote_speaker", "quote_drop")
FLAG_KINDS = {"number": {"number"}, "speaker": {"name", "speaker"}, "negation": {"negation"}, "hedge": {"hedge"},
              "quote_speaker": {"name", "speaker"}, "quote_drop": {"quote"}}
# Hedges a rewriter can strike out and leave a grammatical, flatly asserted sentence: epistemic adverbs and
# particles ("probably", "maybe", "reportedly"), per language of the WMT24 sample. Written for this script
# (not babelwire's own cue lists); a sentence is edited only when it has exactly one of them and its English
# sentence hedges too (_EN_HEDGE), so the edit drops a hedge the source has.
_HEDGE_EDITS = {
    "cs": "pravděpodobně údajně možná nejspíš nejspíše asi snad prý patrně",
    "de": "wahrscheinlich vermutlich angeblich vielleicht anscheinend möglicherweise mutmaßlich",
    "es": "probablemente posiblemente supuestamente presuntamente aparentemente quizás quizá seguramente "
          "|tal vez| |al parecer| |a lo mejor|",
    "hi": "शायद संभवतः संभवत: |कथित तौर पर| कथित",
    "is": "kannski sennilega líklega trúlega |að sögn| |ef til vill|",
    "ja": "多分 たぶん おそらく 恐らく もしかしたら もしかすると かもしれない かもしれません かも",
    "ru": "возможно вероятно наверное наверно видимо по-видимому якобы пожалуй",
    "uk": "можливо ймовірно імовірно мабуть напевно напевне нібито певно",
    "zh": "也许 或许 可能 大概 据说 据称 恐怕",
}
_EN_HEDGE = re.compile(r"\b(probably|maybe|perhaps|possibly|apparently|reportedly|allegedly|supposedly|presumably)\b",
                       re.IGNORECASE)
# An English sentence that negates, by this script's own word list (not babelwire's cues): a negation edit is
# made only where the English sentences of its group negate too, so that it drops a negation the source has
# ("погода меня не слушается" for "the weather is not behaving"), not one the translator wrote for a wording the
# English does not negate ("…, damit es im Kamin nicht feucht wird" for "to keep the chimney from getting damp").
# Fixed phrases whose negation word denies nothing ("nothing but decorating" is "only decorating", "not only …
# but", "no doubt") do not count.
_EN_NEGATES = re.compile(r"\b(?:not|no|never|nothing|nobody|none|neither|nor|nowhere|cannot|without|"
                         r"aint|dont|doesnt|didnt|isnt|wasnt|werent|cant|couldnt|wouldnt|shouldnt|havent|hasnt|hadnt)\b|"
                         r"n['’]t\b", re.IGNORECASE)
_EN_NOT_NEGATING = re.compile(r"\bnothing\s+but\b|\bnot\s+only\b|\bno\s+doubt\b|\bnot\s+to\s+mention\b", re.IGNORECASE)
_EN_NT = {"don't": "do", "doesn't": "does", "didn't": "did", "isn't": "is", "aren't": "are", "wasn't": "was",
          "weren't": "were", "won't": "will", "can't": "can", "couldn't": "could", "wouldn't": "would",
          "shouldn't": "should", "haven't": "have", "hasn't": "has", "hadn't": "had"}
_CJK_NEG = {"zh": re.compile("不|没有|没"), "ja": re.compile("ません|ない")}
_CJK_POS = {"ません": "ます", "ない": "る"}
_WORDS = re.compile(r"\w+")


def _is_name_of(surface: str, english_names: list[str]) -> bool:
    """``surface`` spells one of the English names (romanised, fuzzy: Антона ~ Anton, Alborna ~ Alborn)."""
    a = anyascii(surface).lower()
    return any(fuzz.ratio(a, anyascii(n).lower()) >= 75 or fuzz.partial_ratio(a, anyascii(n).lower()) >= 90
               and min(len(a), len(n)) >= 4 for n in english_names)


def _same_name(a: str, b: str) -> bool:
    """One name inflected (Antona / Antonovu / Antonem): same first four letters, or close spellings."""
    a, b = anyascii(a).lower(), anyascii(b).lower()
    return a[:4] == b[:4] or fuzz.ratio(a, b) >= 70


def _replace_word(text: str, surface: str, new: str, lang: str) -> Optional[str]:
    """``text`` with the first whole-word ``surface`` replaced by ``new`` (not inside a longer word:
    "před Ianlosem ... na Ianlos" replaces the second; Chinese and Japanese have no spaces to tell)."""
    if lang in ("ja", "zh"):
        return text.replace(surface, new, 1) if surface in text else None
    m = re.search(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text)
    return text[:m.start()] + new + text[m.end():] if m else None


def _replace_outside_quotes(text: str, surface: str, new: str, lang: str) -> str:
    """``text`` with the first whole-word ``surface`` outside its quotations replaced by ``new``."""
    spans = [m.span() for m in _QUOTED.finditer(text)]
    pattern = re.escape(surface) if lang in ("ja", "zh") else r"(?<!\w)" + re.escape(surface) + r"(?!\w)"
    for m in re.finditer(pattern, text):
        if not any(a <= m.start() < b for a, b in spans):
            return text[:m.start()] + new + text[m.end():]
    return text


def _drop_quotes(text: str, lang: str) -> Optional[str]:
    """``text`` without its quotations (marks and all), the narration left tidy, or None when nothing of
    the narration is left or a quotation mark remains (an unbalanced one)."""
    out = _QUOTED.sub(" ", text)
    if _QUOTE_MARKS.search(out):
        return None
    if lang in ("ja", "zh"):
        out = out.strip().lstrip("，、,。 ")
        return out if out and out != text else None
    out = re.sub(r"\s+", " ", out).strip()
    out = re.sub(r"\s+([,.;:!?।])", r"\1", out)
    out = out.lstrip(",;:–—- ").strip()
    out = re.sub(r"[,;:–—-]+\s*([.!?।])$", r"\1", out)   # "sagte sie, ." -> "sagte sie."
    out = re.sub(r"\s*[,;:–—-]+$", ".", out)                 # "He said:" -> "He said."
    if out and out[0].islower() and lang not in ("hi",):
        out = out[0].upper() + out[1:]
    return out if out and out != text else None


def _replace_line(lines: list[str], sentence, new_text: Optional[str]) -> list[str]:
    out = list(lines)
    p = out[sentence.paragraph]
    if new_text is None:
        out[sentence.paragraph] = (p[:sentence.start] + p[sentence.end:]).strip()
        out[sentence.paragraph] = re.sub(r"\s{2,}", " ", out[sentence.paragraph])
    else:
        out[sentence.paragraph] = p[:sentence.start] + new_text + p[sentence.end:]
    return out


def drop_negation(text: str, lang: str) -> Optional[str]:
    """``text`` without its one negation, or None when it has none or several (or babelwire does not read it
    as negated: a tag question "…, чи не так?", a compound such as 不久 "soon" or かもしれない "may")."""
    if not has_negation(text, lang):
        return None
    if lang in _CJK_NEG:
        hits = list(_CJK_NEG[lang].finditer(text))
        if len(hits) != 1:
            return None
        m = hits[0]
        out = text[:m.start()] + _CJK_POS.get(m.group(), "") + text[m.end():]
        # 不利 -> 利 removes a character, not the sentence's negation, when 未/无/非 ... still negate it
        return out if not has_negation(out, lang) else None
    words = list(re.finditer(r"[\w\u0900-\u0DFF\u0610-\u061A\u064B-\u065F\u0670'’]+", text))
    lexicon = _NEGATION.get(lang, _NEGATION["en"])
    hits = [m for m in words if m.group().lower().replace("’", "'") in lexicon
            or (lang == "en" and m.group().lower().replace("’", "'") in _EN_NT)]
    if len(hits) != 1:
        return None
    m = hits[0]
    word = m.group().lower().replace("’", "'")
    if word in _EN_NT:
        new = _EN_NT[word]
        return text[:m.start()] + (new.capitalize() if m.group()[0].isupper() else new) + text[m.end():]
    out = (text[:m.start()] + text[m.end():]).replace("  ", " ")
    return out if not has_negation(out, lang) else None


def _hedge_phrases(lang: str) -> list[str]:
    """The hedges of ``_HEDGE_EDITS`` for ``lang``: words, and |multi word| phrases."""
    text = _HEDGE_EDITS.get(lang, "")
    phrases = re.findall(r"\|([^|]+)\|", text)
    return phrases + re.sub(r"\|[^|]+\|", " ", text).split()


def drop_hedge(text: str, lang: str) -> Optional[str]:
    """``text`` with its one hedge struck out (and the comma that set it off), or None when it has none or
    several."""
    hits = []
    for phrase in _hedge_phrases(lang):
        if lang in ("ja", "zh"):
            hits += [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
        else:
            hits += [(m.start(), m.end()) for m in re.finditer(r"(?<![\w\u0900-\u097F])" + re.escape(phrase)
                                                              + r"(?![\w\u0900-\u097F-])", text, re.IGNORECASE)]
    spans = sorted(set(hits))
    # nested hits ("कथित तौर पर" holds "कथित") count once: keep the longest
    spans = [a for a in spans if not any(b != a and b[0] <= a[0] and a[1] <= b[1] for b in spans)]
    if len(spans) != 1:
        return None
    start, end = spans[0]
    before, after = text[:start], text[end:]
    if lang == "zh" and (before.endswith(("不", "没", "無", "无")) or after.startswith("性")):
        return None   # 不可能 "impossible", 可能性 "possibility": no hedge
    if lang == "hi" and after.lstrip().startswith("ही"):
        return None   # शायद ही: "hardly"
    if lang in ("ja", "zh"):
        return before + after.lstrip("，、,")
    # German and Icelandic put the verb second: "Vielleicht kommt er" without its first word is a question
    # ("Kommt er"); a rewriter reorders, so only a hedge inside the clause is struck out
    if lang in ("de", "is") and (not before.strip() or before.rstrip()[-1] in ",;:–—-„“\"«»"):
        return None
    after_stripped = after.lstrip()
    if after_stripped.startswith(","):   # "наверное, с ним": the comma that set the hedge off goes with it
        after = after_stripped[1:]
        # "Потвора, мабуть, добре ..." (one word before: the subject) loses both; "..., наверное, с ним" keeps one
        if before.rstrip().endswith(",") and len(_WORDS.findall(before)) <= 1:
            before = before.rstrip()[:-1]
    out = (before.rstrip() + " " + after.lstrip()).strip()
    out = re.sub(r"\s+([,.;:!?।])", r"\1", out)
    if not before.strip():
        out = out[:1].upper() + out[1:]
    return out


def _group_of(rep: dict, derived_idx: int) -> Optional[int]:
    for g, kept in enumerate(rep["kept"]):
        if any(s["idx"] == derived_idx for s in kept["derived_sentences"]):
            return g
    return None


def _flags(rep: dict, derived_idx: int, kinds: set[str]) -> bool:
    return any(c["kind"] in kinds and derived_idx in c["derived_sentences"] for c in rep["changed"])


def _report(derived_lines, source_lines, lang, cache):
    alignment = align_lines(derived_lines, source_lines, lang, cache)
    return report(article(derived_lines, lang), article(source_lines, "en"), alignment)


def english_negates(kept: dict) -> bool:
    """The English sentences of a kept group negate (:data:`_EN_NEGATES`)."""
    return any(_EN_NEGATES.search(_EN_NOT_NEGATING.sub(" ", x["text"])) for x in kept["source_sentences"])


def candidate_edits(pair: dict, rep: dict, others: list[str], rng: random.Random, per_kind: int) -> list[dict]:
    """Up to ``per_kind`` edits of each kind for one translation, where its unedited report allows them."""
    lang, lines = pair["lang"], pair["derived"]
    sentences = split_article(lines)
    edits: dict[str, list[dict]] = defaultdict(list)
    names = {e.key: e.surface for e in find_entities(None, lines, lang)[0] if e.kind == "name" and len(e.surface) > 2}
    # a replacement is another name of the story: one the English source also names (a capitalised German
    # noun is no name; "Antona" is Anton inflected, the same person)
    english_names = [e.surface for e in find_entities(None, pair["source"], "en")[0] if e.kind == "name"]
    story_names = {k for k, v in names.items() if _is_name_of(v, english_names)}
    order = list(range(len(sentences)))
    rng.shuffle(order)
    # the quote edits draw from their own generator, so the other kinds' edits stay those made without them
    qrng = random.Random(f"{lang} {pair['doc']}")
    for i in order:
        s = sentences[i]
        g = _group_of(rep, i)
        if g is None:
            continue
        kept = rep["kept"][g]
        ents = find_entities(None, [s.text], lang)[0]
        source_ents = find_entities(None, [x["text"] for x in kept["source_sentences"]], "en")[0]
        source_keys = {e.key for e in source_ents}
        nums = [e for e in ents if e.kind == "number" and e.key in source_keys and re.search(r"[0-9]+", e.surface)]
        if nums and not _flags(rep, i, FLAG_KINDS["number"]) and len(edits["number"]) < per_kind:
            e = nums[0]
            digits = re.search(r"[0-9]+", e.surface)
            new_surface = e.surface[:digits.start()] + str(int(digits.group()) + 1) + e.surface[digits.end():]
            if e.surface in s.text:
                edits["number"].append({"kind": "number", "idx": i, "text": s.text.replace(e.surface, new_surface, 1),
                                        "detail": f"{e.surface} -> {new_surface}"})
        sentence_view = _view([s.text], lang)
        group_source = _view([x["text"] for x in kept["source_sentences"]], "en")
        shared = shared_keys(sentence_view, group_source)["name"]
        group_names = [e.surface for e in group_source.entities if e.kind == "name"]
        own_names = [e for e in ents if e.kind == "name" and e.key in shared and e.surface in s.text
                     and len(e.surface) > 2 and _is_name_of(e.surface, group_names)]
        # (a name alone is no entity to the finder, so a replacement's words are also compared with the
        # sentence's capitalised words: "„Jeez, Valturi“, sagte Nemic" must not become "„Jeez, Nemic“, sagte Nemic")
        capitalised = [w for w in _WORDS.findall(s.text) if not w[:1].islower()]

        def replacements(e) -> list[str]:
            return [v for k, v in names.items() if k in story_names
                    and not shared_keys(_view([v], lang), group_source)["name"]
                    and not shared_keys(_view([v], lang), sentence_view)["name"]
                    and not _same_name(v, e.surface)
                    and not any(_same_name(part, w) for part in v.split() for w in capitalised)]

        if (own_names and not _flags(rep, i, FLAG_KINDS["speaker"]) and len(edits["speaker"]) < per_kind
                and not _all_caps(s.text)):   # a heading in capitals has no names to swap
            e = own_names[0]
            others_here = replacements(e)
            if others_here:
                new = rng.choice(sorted(others_here))
                replaced = _replace_word(s.text, e.surface, new, lang)
                if replaced:
                    edits["speaker"].append({"kind": "speaker", "idx": i, "text": replaced,
                                             "detail": f"{e.surface} -> {new}"})
        # a quote given to someone else: the sentence prints a quotation (its English sentence too) and names
        # its speaker outside it ("„…“, sagte Orson" -> "„…“, sagte Nemic")
        quoted_here = _QUOTED.search(s.text) and any(_QUOTED.search(x["text"]) for x in kept["source_sentences"])
        speakers = [e for e in own_names if e.surface in _unquoted(s.text)]
        if (quoted_here and speakers and not _flags(rep, i, FLAG_KINDS["quote_speaker"])
                and len(edits["quote_speaker"]) < per_kind and not _all_caps(s.text)):
            e = speakers[0]
            others_here = replacements(e)
            if others_here:   # the name outside the quotation is replaced (the same name inside it stays)
                new = qrng.choice(sorted(others_here))
                replaced = _replace_outside_quotes(s.text, e.surface, new, lang)
                if replaced != s.text:
                    edits["quote_speaker"].append({"kind": "quote_speaker", "idx": i, "text": replaced,
                                                   "detail": f"{e.surface} -> {new}"})
        # a quotation left out of a kept sentence: "„Jamm,“ svaraði Cohren." -> "Svaraði Cohren."
        if quoted_here and not _flags(rep, i, FLAG_KINDS["quote_drop"]) and len(edits["quote_drop"]) < per_kind:
            new = _drop_quotes(s.text, lang)
            if new and (len(_WORDS.findall(new)) >= 2 if lang not in ("ja", "zh") else len(new) >= 5):
                edits["quote_drop"].append({"kind": "quote_drop", "idx": i, "text": new,
                                            "detail": "quote dropped: " + _QUOTED.search(s.text).group()[:50]})
        if (kept["complete"] and not _flags(rep, i, FLAG_KINDS["negation"]) and len(edits["negation"]) < per_kind
                and english_negates(kept)):
            new = drop_negation(s.text, lang)
            new = new.strip() if new else None
            if new and not new[0].isalnum() and lang not in ("ja", "zh"):   # "No, as Ivory predicted."
                new = new.lstrip(",;:–—- ").strip()
                new = new[:1].upper() + new[1:] if new else None
            if new and s.text[:1].isupper() and new[:1].islower():   # "Není potřeba ..." -> "Potřeba ..."
                new = new[:1].upper() + new[1:]
            # "Nic." -> "." is no sentence left to compare: only edits that keep two words (4 CJK characters)
            if new and new != s.text and (len(_WORDS.findall(new)) >= 2 if lang not in ("ja", "zh") else len(new) >= 5):
                edits["negation"].append({"kind": "negation", "idx": i, "text": new, "detail": "negation removed"})
        # like negation, a hedge is compared on complete groups only (a rewrite that cuts a clause cuts its hedge)
        if (kept["complete"] and len(edits["hedge"]) < per_kind and not _flags(rep, i, FLAG_KINDS["hedge"])
                and any(_EN_HEDGE.search(x["text"]) for x in kept["source_sentences"])):
            new = drop_hedge(s.text, lang)
            if new and new != s.text and (len(_WORDS.findall(new)) >= 2 if lang not in ("ja", "zh") else len(new) >= 5):
                edits["hedge"].append({"kind": "hedge", "idx": i, "text": new, "detail": "hedge removed"})
        if (len(kept["derived_sentences"]) == 1 and len(kept["source_sentences"]) == 1
                and len(edits["drop"]) < per_kind and len(sentences) > 3):
            edits["drop"].append({"kind": "drop", "idx": i, "text": None,
                                  "source_idx": kept["source_sentences"][0]["idx"], "detail": s.text[:60]})
    # an added sentence goes in at a sentence boundary: after a line whose text, the new sentence appended,
    # still ends where it did (a line ending "... 10:26 e.h." or in a dash would swallow it)
    for _ in range(per_kind if others else 0):
        extra = rng.choice(others)
        ends = [n for n, text in enumerate(lines) if text.strip()
                and split_sentences(text.strip() + " " + extra)[-1] == extra]
        if ends:
            line = rng.choice(ends)
            edits["add"].append({"kind": "add", "line": line, "text": extra, "detail": extra[:60]})
    return [e for kind in KINDS for e in edits[kind]]


def dropped_as(source_text: str, source_sentences: list[str], dropped: list[str]) -> bool:
    """The English sentence ``source_text`` is among the ``dropped`` texts: by itself where the segmentation still
    has it whole, else a dropped piece of it or a dropped sentence that holds it (not any sentence that merely
    contains a dropped one: a dropped "lol" does not list "lfg $tslq lol")."""
    if source_text in source_sentences:
        return source_text in dropped
    return any(source_text in d or d in source_text for d in dropped)


def apply_and_check(pair: dict, edit: dict, cache: EmbeddingCache) -> bool:
    lang, lines = pair["lang"], pair["derived"]
    sentences = split_article(lines)
    if edit["kind"] == "add":
        new_lines = list(lines)
        new_lines[edit["line"]] = (new_lines[edit["line"]] + " " + edit["text"]).strip()
        rep = _report(new_lines, pair["source"], lang, cache)
        return any(a["text"] == edit["text"] for a in rep["added"])
    sentence = sentences[edit["idx"]] if edit["idx"] < len(sentences) else None
    if edit.get("original") and (sentence is None or sentence.text != edit["original"]):
        # an edit read back from --edits-in, made on another segmentation: find its sentence by its text
        sentence = next((x for x in sentences if x.text == edit["original"]), None)
        if sentence is None:
            line = next(n for n, text in enumerate(lines) if edit["original"] in text)
            start = lines[line].index(edit["original"])
            sentence = type(sentences[0])(-1, line, start, start + len(edit["original"]), edit["original"])
    new_lines = _replace_line(lines, sentence, edit["text"])
    rep = _report(new_lines, pair["source"], lang, cache)
    if edit["kind"] == "quote_drop":
        # the quote is flagged on the edited sentence's group, or its English sentence, a quotation alone (a
        # split: “…” | he said), is listed as dropped
        alone = {t for t in edit.get("source_texts", []) if _QUOTED.search(t) and _all_quoted(t)}
        if any(d["text"] in alone for d in rep["dropped"]):
            return True
    if edit["kind"] == "drop":
        if edit.get("source_text"):   # the English sentence, whatever its index in this segmentation
            return dropped_as(edit["source_text"], [s.text for s in split_article(pair["source"])],
                              [d["text"] for d in rep["dropped"]])
        return any(d["idx"] == edit["source_idx"] for d in rep["dropped"])
    new_sentences = split_article(new_lines)
    target = next((s.idx for s in new_sentences if s.text == edit["text"]), None)
    if target is None:   # the edit changed the segmentation: look for the edited text's pieces
        target = next((s.idx for s in new_sentences if s.text in edit["text"] or edit["text"] in s.text), edit["idx"])
    return _flags(rep, target, FLAG_KINDS[edit["kind"]])


def run(pairs: list[dict], cache: EmbeddingCache, per_kind: int = 2, seed: int = 7,
        progress: bool = False, edits_in: Optional[dict] = None, edits_out: Optional[dict] = None) -> dict:
    """``edits_out`` (a dict) receives the edits made, by language and document; ``edits_in`` replays such a
    dict instead of making edits (the same edits scored with another detector: a paired before/after)."""
    rng = random.Random(seed)
    by_lang_sentences: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pair in pairs:
        for s in split_article(pair["derived"]):
            if len(s.text.split()) >= 6 or (pair["lang"] in ("ja", "zh") and len(s.text) >= 15):
                by_lang_sentences[pair["lang"]].append((pair["doc"], s.text))
    edits = Counter()
    flagged = Counter()
    false_alarms = Counter()
    groups = sentences_s = sentences_d = 0
    examples: dict[str, list] = defaultdict(list)
    missed: list[dict] = []
    by_lang: dict[str, Counter] = defaultdict(Counter)
    alarms: list[dict] = []
    quoted = Counter()
    english = Counter()   # negation edits whose English sentence negates
    for n, pair in enumerate(pairs):
        rep = _report(pair["derived"], pair["source"], pair["lang"], cache)
        groups += len(rep["kept"])
        sentences_s += rep["source"]["sentences"]
        sentences_d += rep["derived"]["sentences"]
        for c in rep["changed"]:
            false_alarms["speaker" if c["kind"] in ("name", "speaker") else c["kind"]] += 1
            if c["kind"] in ("name", "speaker") and _QUOTE_MARKS.search(c["derived_text"]):
                false_alarms["quote_speaker"] += 1   # a quote given to someone else, on a group printing one
            if c["kind"] == "quote":
                false_alarms["quote_drop"] += 1
            alarms.append({"lang": pair["lang"], "doc": pair["doc"], "kind": c["kind"], "detail": c["detail"],
                           "source_text": c["source_text"], "derived_text": c["derived_text"]})
        false_alarms["drop"] += len(rep["dropped"])
        false_alarms["add"] += len(rep["added"])
        others = [t for doc, t in by_lang_sentences[pair["lang"]] if doc != pair["doc"]]
        key = f"{pair['lang']} {pair['doc']}"
        made = edits_in.get(key, []) if edits_in is not None else candidate_edits(pair, rep, others, rng, per_kind)
        if edits_out is not None:
            sentences = split_article(pair["derived"])
            source_sentences = split_article(pair["source"])
            edits_out[key] = [dict(e, original=None if e["kind"] == "add" else sentences[e["idx"]].text,
                                   **({"source_text": source_sentences[e["source_idx"]].text}
                                      if e["kind"] == "drop" else {})) for e in made]
        for edit in made:
            if edit["kind"] == "quote_drop" and "source_texts" not in edit:   # the English sentences of its group
                idx = next((x.idx for x in split_article(pair["derived"]) if x.text == edit.get("original")), edit["idx"])
                g = _group_of(rep, idx)
                edit["source_texts"] = [x["text"] for x in rep["kept"][g]["source_sentences"]] if g is not None else []
            hit = apply_and_check(pair, edit, cache)
            en_neg = None
            if edit["kind"] == "negation":   # counted both ways: all edits, and those whose English negates
                idx = next((x.idx for x in split_article(pair["derived"]) if x.text == edit.get("original")), edit["idx"])
                g = _group_of(rep, idx)
                en_neg = g is not None and english_negates(rep["kept"][g])
                english["edits"] += en_neg
                english["flagged"] += hit and en_neg
                # (edits written before the generator checked it may leave a second negation in: "жодного разу не"
                # -> "жодного разу" still means "not once"; counted apart, those that leave none)
                cleared = en_neg and not has_negation(edit["text"], pair["lang"])
                english["cleared_edits"] += cleared
                english["cleared_flagged"] += hit and cleared
            edits[edit["kind"]] += 1
            flagged[edit["kind"]] += hit
            for key in (pair["lang"], pair["doc"]):
                by_lang[key][edit["kind"]] += 1
                by_lang[key][edit["kind"] + "_flagged"] += hit
            # a speaker edit in a sentence that prints a quotation gives the quote to someone else
            original = edit.get("original") or (None if edit["kind"] == "add" else
                                                split_article(pair["derived"])[edit["idx"]].text)
            if edit["kind"] == "speaker" and _QUOTE_MARKS.search(original):
                quoted["edits"] += 1
                quoted["flagged"] += hit
            if not hit:
                missed.append({"lang": pair["lang"], "doc": pair["doc"], "kind": edit["kind"],
                               "detail": edit["detail"], "text": edit["text"],
                               "original": original, **({"english_negates": en_neg} if en_neg is not None else {})})
            if not hit and len(examples[edit["kind"]]) < 5:
                examples[edit["kind"]].append(f"{pair['lang']} {pair['doc']}: {edit['detail']}")
        if progress:
            print(f"{n + 1}/{len(pairs)} pairs, {sum(edits.values())} edits", flush=True)
    result = {"pairs": len(pairs), "edits": sum(edits.values()), "kinds": {}, "missed": missed,
              "quote_given_to_another_speaker": dict(quoted),
              "false_alarm_flags": alarms,
              "by_lang": {lang: {kind: f"{c[kind + '_flagged']}/{c[kind]}" for kind in KINDS if c[kind]}
                          for lang, c in sorted(by_lang.items()) if len(lang) <= 3},
              "by_doc": {doc: {kind: f"{c[kind + '_flagged']}/{c[kind]}" for kind in KINDS if c[kind]}
                         for doc, c in by_lang.items() if len(doc) > 3}}
    result["negation_english_negates"] = {
        "edits": english["edits"], "flagged": english["flagged"],
        "recall": round(english["flagged"] / english["edits"], 4) if english["edits"] else None,
        "no_negation_left": {"edits": english["cleared_edits"], "flagged": english["cleared_flagged"]}}
    for kind in KINDS:
        base = sentences_s if kind == "drop" else sentences_d if kind == "add" else groups
        result["kinds"][kind] = {
            "edits": edits[kind], "flagged": flagged[kind],
            "recall": round(flagged[kind] / edits[kind], 4) if edits[kind] else None,
            "false_alarms": false_alarms[kind], "false_alarm_base": base,
            "false_alarm_rate": round(false_alarms[kind] / base, 4) if base else None,
            "missed_examples": examples[kind],
        }
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--skip-docs", type=int, default=0,
                    help="leave out the first N documents: --skip-docs 16 --docs 8 samples documents 17-24")
    ap.add_argument("--lines", type=int, default=15)
    ap.add_argument("--per-kind", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", default="/tmp/babelwire-drift-cache.npz")
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("--misses", action="store_true", help="print every missed edit")
    ap.add_argument("--edits-out", help="write the edits made to this JSON file")
    ap.add_argument("--edits-in", help="score the edits of this JSON file (from --edits-out) instead of making "
                                       "new ones: the same edits before and after a detector change")
    args = ap.parse_args()
    cache = EmbeddingCache(args.cache)
    pairs = sample(load_wmt(), args.docs, args.lines, skip=args.skip_docs)
    edits_in = json.load(open(args.edits_in, encoding="utf-8")) if args.edits_in else None
    edits_out: Optional[dict] = {} if args.edits_out else None
    result = run(pairs, cache, args.per_kind, args.seed, progress=True, edits_in=edits_in, edits_out=edits_out)
    if args.edits_out:
        with open(args.edits_out, "w", encoding="utf-8") as f:
            json.dump(edits_out, f, indent=1, ensure_ascii=False)
    cache.save()
    print(f"{result['edits']} edits on {result['pairs']} translations")
    print(f"{'kind':10}{'edits':>6}{'flagged':>8}{'recall':>8}{'false alarms':>14}")
    for kind, row in result["kinds"].items():
        print(f"{kind:10}{row['edits']:>6}{row['flagged']:>8}{row['recall'] or 0:>8.3f}"
              f"{row['false_alarms']:>7}/{row['false_alarm_base']:<6} ({row['false_alarm_rate'] or 0:.3f})")
        for ex in row["missed_examples"]:
            print(f"    missed: {ex}")
    ne = result["negation_english_negates"]
    print(f"negation edits whose English sentence negates: {ne['flagged']}/{ne['edits']}; of those, the edits "
          f"that leave no negation in: {ne['no_negation_left']['flagged']}/{ne['no_negation_left']['edits']}")
    q = result["quote_given_to_another_speaker"]
    print(f"speaker edits in a sentence with a quotation (a quote given to someone else): "
          f"{q.get('flagged', 0)}/{q.get('edits', 0)}")
    print("flagged / edits per language:")
    for lang, row in result["by_lang"].items():
        print(f"  {lang}: " + "  ".join(f"{kind} {v}" for kind, v in row.items()))
    if args.misses:
        for m in result["missed"]:
            print(f"MISS {m['kind']:9}{m['lang']} {m['doc']}: {m['detail']}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
