"""Synthetic drift: edit professional WMT24 translations and check each edit is flagged (docs/provenance.md).

Five kinds of edit, applied one at a time to a translation (the English stays the source):

- ``number``: a number the translation shares with its aligned English sentence is raised by one;
- ``speaker``: a name the sentence shares with its English sentence is replaced by another name of the
  story (one the translation and the English source both name, and that this sentence and its English
  sentence do not): a quote or claim given to someone else;
- ``negation``: the one negation of a sentence is removed (nicht, не, not, नहीं, 不 ...);
- ``drop``: a sentence is removed from the translation (its English sentence must be listed as dropped);
- ``add``: a sentence of another document in the same language is inserted at the end of a line that
  ends a sentence (it must be listed as added).

An edit counts as flagged when, after re-embedding and re-aligning, the report has a ``changed`` entry of
its kind on the edited sentence's group (``name`` or ``speaker`` for speaker edits), or lists the
dropped/added sentence; edits are only made where the unedited report had no such flag. False alarms are
counted on the unedited translations: flags of each kind per kept group (number, speaker, negation),
and the shares of source sentences reported dropped / translation sentences reported added.

    python scripts/drift_synthetic.py [--docs 8] [--lines 15] [--per-kind 2] [--cache FILE] [--json OUT]
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
from babelwire.facts import _NEGATION, _all_caps, _view, has_negation
from babelwire.provenance import report
from babelwire.sentences import split_article, split_sentences

KINDS = ("number", "speaker", "negation", "drop", "add")
FLAG_KINDS = {"number": {"number"}, "speaker": {"name", "speaker"}, "negation": {"negation"}}
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
    """``text`` without its one negation, or None when it has none or several."""
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
        if (own_names and not _flags(rep, i, FLAG_KINDS["speaker"]) and len(edits["speaker"]) < per_kind
                and not _all_caps(s.text)):   # a heading in capitals has no names to swap
            e = own_names[0]
            others_here = [v for k, v in names.items() if k in story_names
                           and not shared_keys(_view([v], lang), group_source)["name"]
                           and not shared_keys(_view([v], lang), sentence_view)["name"]
                           and not _same_name(v, e.surface)]
            if others_here:
                new = rng.choice(sorted(others_here))
                edits["speaker"].append({"kind": "speaker", "idx": i, "text": s.text.replace(e.surface, new, 1),
                                         "detail": f"{e.surface} -> {new}"})
        if kept["complete"] and not _flags(rep, i, FLAG_KINDS["negation"]) and len(edits["negation"]) < per_kind:
            new = drop_negation(s.text, lang)
            new = new.strip() if new else None
            if new and not new[0].isalnum() and lang not in ("ja", "zh"):   # "No, as Ivory predicted."
                new = new.lstrip(",;:–—- ").strip()
                new = new[:1].upper() + new[1:] if new else None
            # "Nic." -> "." is no sentence left to compare: only edits that keep two words (4 CJK characters)
            if new and new != s.text and (len(_WORDS.findall(new)) >= 2 if lang not in ("ja", "zh") else len(new) >= 5):
                edits["negation"].append({"kind": "negation", "idx": i, "text": new, "detail": "negation removed"})
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


def apply_and_check(pair: dict, edit: dict, cache: EmbeddingCache) -> bool:
    lang, lines = pair["lang"], pair["derived"]
    sentences = split_article(lines)
    if edit["kind"] == "add":
        new_lines = list(lines)
        new_lines[edit["line"]] = (new_lines[edit["line"]] + " " + edit["text"]).strip()
        rep = _report(new_lines, pair["source"], lang, cache)
        return any(a["text"] == edit["text"] for a in rep["added"])
    new_lines = _replace_line(lines, sentences[edit["idx"]], edit["text"])
    rep = _report(new_lines, pair["source"], lang, cache)
    if edit["kind"] == "drop":
        return any(d["idx"] == edit["source_idx"] for d in rep["dropped"])
    new_sentences = split_article(new_lines)
    target = next((s.idx for s in new_sentences if s.text == edit["text"]), None)
    if target is None:   # the edit changed the segmentation: look for the edited text's pieces
        target = next((s.idx for s in new_sentences if s.text in edit["text"]), edit["idx"])
    return _flags(rep, target, FLAG_KINDS[edit["kind"]])


def run(pairs: list[dict], cache: EmbeddingCache, per_kind: int = 2, seed: int = 7,
        progress: bool = False) -> dict:
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
    for n, pair in enumerate(pairs):
        rep = _report(pair["derived"], pair["source"], pair["lang"], cache)
        groups += len(rep["kept"])
        sentences_s += rep["source"]["sentences"]
        sentences_d += rep["derived"]["sentences"]
        for c in rep["changed"]:
            false_alarms["speaker" if c["kind"] in ("name", "speaker") else c["kind"]] += 1
        false_alarms["drop"] += len(rep["dropped"])
        false_alarms["add"] += len(rep["added"])
        others = [t for doc, t in by_lang_sentences[pair["lang"]] if doc != pair["doc"]]
        for edit in candidate_edits(pair, rep, others, rng, per_kind):
            hit = apply_and_check(pair, edit, cache)
            edits[edit["kind"]] += 1
            flagged[edit["kind"]] += hit
            if not hit and len(examples[edit["kind"]]) < 5:
                examples[edit["kind"]].append(f"{pair['lang']} {pair['doc']}: {edit['detail']}")
        if progress:
            print(f"{n + 1}/{len(pairs)} pairs, {sum(edits.values())} edits", flush=True)
    result = {"pairs": len(pairs), "edits": sum(edits.values()), "kinds": {}}
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
    ap.add_argument("--lines", type=int, default=15)
    ap.add_argument("--per-kind", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", default="/tmp/babelwire-drift-cache.npz")
    ap.add_argument("--json", dest="json_out")
    args = ap.parse_args()
    cache = EmbeddingCache(args.cache)
    pairs = sample(load_wmt(), args.docs, args.lines)
    result = run(pairs, cache, args.per_kind, args.seed, progress=True)
    cache.save()
    print(f"{result['edits']} edits on {result['pairs']} translations")
    print(f"{'kind':10}{'edits':>6}{'flagged':>8}{'recall':>8}{'false alarms':>14}")
    for kind, row in result["kinds"].items():
        print(f"{kind:10}{row['edits']:>6}{row['flagged']:>8}{row['recall'] or 0:>8.3f}"
              f"{row['false_alarms']:>7}/{row['false_alarm_base']:<6} ({row['false_alarm_rate'] or 0:.3f})")
        for ex in row["missed_examples"]:
            print(f"    missed: {ex}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
