"""Replay synthetic drift edits through the sentence alignment alone (docs/provenance.md): seconds, not minutes.

``drift_synthetic.py --edits-out FILE`` saves the edits it made; this script re-applies them and scores only
what the alignment decides, which is what the alignment settings move:

- ``drop`` / ``add``: the English sentence listed as dropped / the inserted sentence listed as added (exactly
  as ``drift_synthetic.py`` counts them);
- every other kind: the edited sentence is still aligned to (a group holding) the English sentence its
  unedited version was aligned to -- the fact checks can only flag a change on an aligned group;
- false "dropped" / "added": sentences so listed on the untouched translations.

``--set NAME=V1,V2`` (repeatable) sweeps settings of :mod:`babelwire.alignment` (values as Python literals,
``None`` included), every combination in turn:

    python scripts/drift_alignment_replay.py --edits-in edits8.json [--docs 8] [--skip-docs 0] [--lines 15] [--cache FILE]
                                             [--set PROVENANCE_GAP_LENGTH_SLACK=None,0.7] [--misses]
"""
from __future__ import annotations

import argparse
import ast
import itertools
import json
from collections import Counter

import babelwire.alignment as alignment
from drift_common import EmbeddingCache, align_lines, load_wmt, sample
from drift_synthetic import KINDS, _replace_line, dropped_as


def replay(pairs: list[dict], edits: dict, cache: EmbeddingCache) -> tuple[Counter, Counter, Counter, list[str]]:
    """(edits per kind, flagged per kind, false-alarm counts, missed edits) for ``edits`` on ``pairs``."""
    total, flagged, alarms = Counter(), Counter(), Counter()
    missed: list[str] = []
    for pair in pairs:
        key = f"{pair['lang']} {pair['doc']}"
        base = align_lines(pair["derived"], pair["source"], pair["lang"], cache)
        alarms["dropped"] += len(base.dropped())
        alarms["added"] += len(base.added())
        alarms["source_sentences"] += len(base.source)
        alarms["derived_sentences"] += len(base.derived)
        group_of = {d: link for link in base.links for d in link.derived}
        for edit in edits.get(key, []):
            kind = edit["kind"]
            if kind == "add":
                lines = list(pair["derived"])
                lines[edit["line"]] = (lines[edit["line"]] + " " + edit["text"]).strip()
                after = align_lines(lines, pair["source"], pair["lang"], cache)
                hit = any(after.derived[i].text == edit["text"] for i in after.added())
            else:
                sentence = next(s for s in base.derived if s.text == edit["original"])
                lines = _replace_line(pair["derived"], sentence, edit["text"])
                after = align_lines(lines, pair["source"], pair["lang"], cache)
                if kind == "drop":
                    hit = dropped_as(edit["source_text"], [x.text for x in after.source],
                                     [after.source[i].text for i in after.dropped()])
                else:
                    was = ({base.source[s].text for s in group_of[sentence.idx].source}
                           if sentence.idx in group_of else set())
                    target = next((s.idx for s in after.derived if s.text == edit["text"]), None)
                    link = next((link for link in after.links if target in link.derived), None)
                    hit = link is not None and bool(was & {after.source[s].text for s in link.source})
            total[kind] += 1
            flagged[kind] += hit
            if not hit:
                missed.append(f"{kind:13}{key}: {edit['detail'][:60]}")
    return total, flagged, alarms, missed


def summary(total: Counter, flagged: Counter, alarms: Counter) -> str:
    kinds = "  ".join(f"{kind} {flagged[kind]}/{total[kind]}" for kind in KINDS if total[kind])
    return (f"{kinds}  | false dropped {alarms['dropped']}/{alarms['source_sentences']}"
            f"  false added {alarms['added']}/{alarms['derived_sentences']}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits-in", required=True, help="edits saved by drift_synthetic.py --edits-out")
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--skip-docs", type=int, default=0,
                    help="leave out the first N documents, as drift_synthetic.py --skip-docs")
    ap.add_argument("--lines", type=int, default=15)
    ap.add_argument("--cache", default="/tmp/babelwire-drift-cache.npz")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=V1,V2",
                    help="sweep a setting of babelwire.alignment over these values")
    ap.add_argument("--misses", action="store_true", help="print every edit the alignment loses")
    args = ap.parse_args()
    cache = EmbeddingCache(args.cache)
    known = len(cache.vectors)
    pairs = sample(load_wmt(), args.docs, args.lines, skip=args.skip_docs)
    edits = json.load(open(args.edits_in, encoding="utf-8"))
    sweep = {}
    for item in args.set:
        name, values = item.split("=", 1)
        if not hasattr(alignment, name):
            raise SystemExit(f"babelwire.alignment has no setting {name}")
        sweep[name] = [ast.literal_eval(v) for v in values.split(",")]
    for combo in itertools.product(*sweep.values()):
        for name, value in zip(sweep, combo):
            setattr(alignment, name, value)
        total, flagged, alarms, missed = replay(pairs, edits, cache)
        label = ", ".join(f"{name}={value}" for name, value in zip(sweep, combo))
        print((label + ": " if label else "") + summary(total, flagged, alarms), flush=True)
        if args.misses:
            print("\n".join("  MISS " + m for m in missed))
    if len(cache.vectors) > known:   # sentences the cache lacked were embedded
        cache.save()


if __name__ == "__main__":
    main()
