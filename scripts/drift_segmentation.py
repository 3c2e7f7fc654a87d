"""Sentence segmentation: babelwire's rules vs pysbd on the dev sets (docs/provenance.md).

WMT24 dev is line-aligned, so a translation's line should mostly have as many
sentences as the English line it translates: the share of lines where the
counts agree (over lines with at least one sentence end) is a gold-free proxy
of segmentation quality, per language. For SemEval (ar fr pl tr and more, no
parallel text) the two segmenters are compared with each other: how often they
agree on a paragraph's split, and a few of their disagreements are printed.

    python scripts/drift_segmentation.py [--wmt FILE] [--semeval FILE] [--examples 3]
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from babelwire.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "data" / "eval"
PYSBD_LANGS = {"bg", "pl", "hy", "ur", "de", "my", "mr", "ru", "ar", "da", "am", "it", "hi", "fr", "en", "sk",
               "ja", "es", "kk", "zh", "nl", "fa", "el"}


def pysbd_splitter(lang: str):
    import pysbd

    seg = pysbd.Segmenter(language=lang if lang in PYSBD_LANGS else "en", clean=False)
    return lambda text: [s.strip() for s in seg.segment(text) if s.strip()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wmt", default=str(EVAL / "wmt24-dev.stories.jsonl"))
    ap.add_argument("--semeval", default=str(EVAL / "semeval2022-dev.pairs.jsonl"))
    ap.add_argument("--examples", type=int, default=3)
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.wmt, encoding="utf-8")]
    by_id = {r["id"]: r for r in rows}
    agree: dict = defaultdict(lambda: {"own": 0, "pysbd": 0, "lines": 0})
    seconds = {"own": 0.0, "pysbd": 0.0}
    splitters = {}
    for r in rows:
        if not r.get("derived_from") or "-mt-" in r["id"]:
            continue
        src = by_id[r["derived_from"]]
        lang = r["lang"]
        for name in ("own", "pysbd"):
            if name == "pysbd" and lang not in splitters:
                splitters[lang] = pysbd_splitter(lang)
                splitters.setdefault("en", pysbd_splitter("en"))
        for line_t, line_s in zip(r["text"].split("\n"), src["text"].split("\n")):
            if not line_s.strip():
                continue
            agree[lang]["lines"] += 1
            for name in ("own", "pysbd"):
                t0 = time.perf_counter()
                if name == "own":
                    a, b = split_sentences(line_t), split_sentences(line_s)
                else:
                    a, b = splitters[lang](line_t), splitters["en"](line_s)
                seconds[name] += time.perf_counter() - t0
                agree[lang][name] += len(a) == len(b)
    print("WMT24 dev: share of lines whose sentence count equals the English line's")
    print(f"{'lang':6}{'lines':>7}{'own':>8}{'pysbd':>8}")
    for lang, row in sorted(agree.items()):
        print(f"{lang:6}{row['lines']:>7}{row['own'] / row['lines']:>8.3f}{row['pysbd'] / row['lines']:>8.3f}")
    print(f"time: own {seconds['own']:.1f}s, pysbd {seconds['pysbd']:.1f}s")

    same: dict = defaultdict(lambda: [0, 0])
    shown: dict = defaultdict(int)
    for line in open(args.semeval, encoding="utf-8"):
        pair = json.loads(line)
        for side in ("a", "b"):
            lang, text = pair[side]["lang"], pair[side]["text"]
            if lang not in splitters:
                splitters[lang] = pysbd_splitter(lang)
            own, other = split_sentences(text), splitters[lang](text)
            same[lang][1] += 1
            if own == other:
                same[lang][0] += 1
            elif shown[lang] < args.examples:
                shown[lang] += 1
                extra_own = [s for s in own if s not in other][:2]
                extra_sbd = [s for s in other if s not in own][:2]
                print(f"[{lang}] own only: {extra_own}\n      pysbd only: {extra_sbd}")
    print("SemEval dev: share of texts both segmenters split identically")
    for lang, (n_same, n) in sorted(same.items()):
        print(f"{lang:6}{n:>7}{n_same / n:>8.3f}")


if __name__ == "__main__":
    main()
