"""Tune the pair similarity on semeval2022-dev (tuning data) by replaying the linker's score.

Prepares both texts of every pair once, exactly as ``babelwire eval FILE.pairs.jsonl`` does (the read
stage, then ``prepare`` in batches of ``INGEST_BATCH_SIZE`` in the same order), and caches the prepared
articles in /tmp/linking-cache/ or the folder ``--cache`` names (resumable batch by batch). Then replays
``pair_signals(centred(a, means), centred(b, means))`` with the shipped prior (``LanguageMeans()``)
and prints Pearson / Spearman against ``-overall``, over all pairs, on the two halves of the file
(odd / even pair positions) and per language pair, plus each candidate signal alone.

``--fit a,b,...`` fits a linear combination of those signals by least squares (numpy; the combination
with the highest Pearson) and reports Pearson fitted on all pairs and two-fold (fit on the odd pair
positions, score the even ones, and the other way round), with the weights scaled as ``LINK_WEIGHTS``.
The fit is offline, on dev pairs; ``babelwire eval`` never fits anything.

    python scripts/tune_pairs.py                     # the shipped settings, full dev file
    python scripts/tune_pairs.py --prepare-only      # just fill the cache (~50 min on 2 shared cores)
    python scripts/tune_pairs.py --limit 60          # the gated sample (batched as the whole file is)
    python scripts/tune_pairs.py --fit lead,paragraphs,names,numbers_dates
    python scripts/tune_pairs.py --cache /tmp/my-cache --cached-only --worst 40   # a copy of the cache;
                                                     # the 40 pairs with the largest rank error
    python scripts/tune_pairs.py --weights lead=0.55,paragraphs=0.45   # other LINK_WEIGHTS, this run only
    python scripts/tune_pairs.py --drop "TEXT"       # leave out pairs where a text contains TEXT
"""
from __future__ import annotations

import argparse
import json
import math
import pickle
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babelwire.evaluate import _read_texts, load_rows, pearson, spearman  # noqa: E402
from babelwire.settings import INGEST_BATCH_SIZE  # noqa: E402

PAIRS = ROOT.parent / "shared" / "data" / "eval" / "semeval2022-dev.pairs.jsonl"
CACHE = Path("/tmp/linking-cache")


def prepared_pairs(path: Path = PAIRS, limit: int | None = None, prepare_missing: bool = True,
                   cache_dir: Path = CACHE) -> tuple[list[dict], dict]:
    """(rows, prepared articles by ``"{id}:{a|b}"``), batched as ``evaluate_pairs`` batches the whole file."""
    from babelwire.pipeline import prepare

    rows = load_rows(path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache = cache_dir / f"{path.name}.prepared.pkl"
    state = pickle.loads(cache.read_bytes()) if cache.exists() else {"batches_done": 0, "articles": {}}
    with tempfile.TemporaryDirectory(prefix="babelwire-tune-") as tmp:
        read_in = _read_texts([(f"{r['id']}:{side}", r[side]["text"]) for r in rows for side in ("a", "b")],
                              Path(tmp))
    keys = list(read_in)
    starts = list(range(0, len(keys), INGEST_BATCH_SIZE))
    for n, start in enumerate(starts):
        if n < state["batches_done"]:
            continue
        if not prepare_missing:
            break
        batch_keys = keys[start:start + INGEST_BATCH_SIZE]
        for article in prepare([read_in[k] for k in batch_keys]):
            state["articles"][article.external_id] = article
        state["batches_done"] = n + 1
        cache.write_bytes(pickle.dumps(state))
        print(f"prepared batch {n + 1}/{len(starts)}", file=sys.stderr, flush=True)
    rows = rows[:limit] if limit is not None else rows
    return rows, state["articles"]


def _sat(n: float, scale: float) -> float:
    return 1.0 - math.exp(-n / scale)


def features(x, y, signals) -> dict[str, float]:
    """Candidate features of one pair (``x``, ``y``: centred ``Indexed``; ``signals``: its PairSignals)."""
    sims = x.paragraphs @ y.paragraphs.T
    forward, backward = float(sims.max(axis=1).mean()), float(sims.max(axis=0).mean())
    flat = np.sort(sims.ravel())[::-1]
    # one text's lead found among the other's paragraphs (the better direction); tried as a link
    # signal and not kept (docs/accuracy.md, "Pairs")
    lead_para = max(float((y.paragraphs @ x.lead).max()), float((x.paragraphs @ y.lead).max()))
    ta, tb = x.article.token_keys, y.article.token_keys
    shared_tokens = len(ta & tb)
    na = {e.key for e in x.article.entities if e.kind == "name"}
    nb = {e.key for e in y.article.entities if e.kind == "name"}
    words_a = set(re.findall(r"\w+", " ".join(x.article.paragraphs).lower()))
    words_b = set(re.findall(r"\w+", " ".join(y.article.paragraphs).lower()))
    return {
        "tokens_jaccard": shared_tokens / max(1, len(ta | tb)),
        "tokens_contain": shared_tokens / max(1, min(len(ta), len(tb))),
        "words_jaccard": len(words_a & words_b) / max(1, len(words_a | words_b)),
        "names_share": len(signals.names) / max(1, min(len(na), len(nb))),
        "lead_sq": signals.lead ** 2,
        "lead_x_para": signals.lead * signals.paragraphs,
        "lead": signals.lead,
        "paragraphs": signals.paragraphs,
        "para_min": min(forward, backward),
        "para_mean": (forward + backward) / 2,
        "para_top1": float(flat[0]),
        "para_top3": float(flat[:3].mean()),
        "lead_para": lead_para,
        "names": _sat(len(signals.names), 3.0),
        "numbers_dates": _sat(len(signals.numbers) + len(signals.dates), 2.0),
        "names_n": float(len(signals.names)),
        "cross_language": float(signals.cross_language),
        "score": signals.score,
    }


def table(rows: list[dict], prepared: dict, means=None) -> tuple[list[dict], dict[str, np.ndarray], np.ndarray]:
    """(pairs scored, feature columns, -overall); ``means`` default: the shipped prior only, as babelwire eval."""
    from babelwire.embed import LanguageMeans
    from babelwire.link import centred, pair_signals

    means = LanguageMeans() if means is None else means
    kept, feats = [], defaultdict(list)
    for r in rows:
        a, b = prepared.get(f"{r['id']}:a"), prepared.get(f"{r['id']}:b")
        if a is None or b is None:
            continue
        x, y = centred(a, means), centred(b, means)
        for k, v in features(x, y, pair_signals(x, y)).items():
            feats[k].append(v)
        kept.append(r)
    target = np.array([-r["overall"] for r in kept])
    return kept, {k: np.array(v) for k, v in feats.items()}, target


def ols(X: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Least-squares weights (last one the intercept): the linear combination with the highest Pearson."""
    A = np.column_stack([X, np.ones(len(X))])
    return np.linalg.lstsq(A, t, rcond=None)[0]


def fit_report(names: list[str], feats: dict, target: np.ndarray) -> dict:
    """In-sample Pearson of the fit on all pairs, and the two-fold figure (fit on odd positions, score even,
    and the other way round; Pearson of the held-out predictions pooled, and each half's)."""
    X = np.column_stack([feats[n] for n in names])
    w = ols(X, target)
    full = pearson(X @ w[:-1], target)
    idx = np.arange(len(target))
    halves = [idx % 2 == 0, idx % 2 == 1]
    held = np.empty(len(target))
    per_half = []
    for test in halves:
        wt = ols(X[~test], target[~test])
        held[test] = X[test] @ wt[:-1] + wt[-1]
        per_half.append(pearson(held[test], target[test]))
    # As LINK_WEIGHTS: scaled so that the embedding terms sum to 1, as the hand-set weights do
    # (Pearson ignores scale and offset; LINK_THRESHOLD is then re-tuned with scripts/tune_linking.py).
    embedding = sum(w[i] for i, n in enumerate(names) if n in ("lead", "paragraphs", "lead_para"))
    link_weights = {n: round(float(w[i] / embedding), 3) for i, n in enumerate(names)} if embedding > 0 else None
    return {"features": names, "link_weights": link_weights,
            "weights": [round(float(v), 4) for v in w[:-1]], "intercept": round(float(w[-1]), 4),
            "pearson_in_sample": round(full, 4), "pearson_two_fold": round(pearson(held, target), 4),
            "pearson_halves": [round(v, 4) for v in per_half]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pairs")
    parser.add_argument("--prepare-only", action="store_true")
    parser.add_argument("--cached-only", action="store_true", help="score the pairs already prepared, prepare nothing")
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help=f"folder of the prepared-articles cache (default {CACHE})")
    parser.add_argument("--worst", type=int, default=0,
                        help="also list the N pairs with the largest rank error (score rank vs -overall rank)")
    parser.add_argument("--drop", action="append", default=[], metavar="TEXT",
                        help="leave out the pairs where either text contains TEXT (repeatable; for analysis)")
    parser.add_argument("--weights", default="", metavar="KEY=V,...",
                        help="score with these LINK_WEIGHTS entries replaced, e.g. lead=0.55,paragraphs=0.45")
    parser.add_argument("--fit", action="append", default=[],
                        help="comma-separated features to fit by least squares (repeatable)")
    args = parser.parse_args()
    rows, prepared = prepared_pairs(limit=args.limit, prepare_missing=not args.cached_only,
                                   cache_dir=args.cache)
    if args.prepare_only:
        return
    if args.drop:
        rows = [r for r in rows if not any(d in prepared[f"{r['id']}:{side}"].text
                                           for d in args.drop for side in ("a", "b")
                                           if f"{r['id']}:{side}" in prepared)]
    if args.weights:
        from babelwire.settings import LINK_WEIGHTS
        for item in args.weights.split(","):
            key, value = item.split("=")
            if key not in LINK_WEIGHTS:
                parser.error(f"--weights: no LINK_WEIGHTS key {key!r}")
            LINK_WEIGHTS[key] = float(value)   # the dict link.py scores with, changed in this process only
    kept, feats, target = table(rows, prepared)
    score = feats["score"]
    idx = np.arange(len(kept))
    out = {"n": len(kept), "pearson": round(pearson(score, target), 4), "spearman": round(spearman(score, target), 4),
           "halves (even, odd)": [round(pearson(score[idx % 2 == h], target[idx % 2 == h]), 4) for h in (0, 1)]}
    groups = defaultdict(list)
    for i, r in enumerate(kept):
        groups[f"{r['a']['lang']}-{r['b']['lang']}"].append(i)
    out["by_lang_pair"] = {k: (len(v), round(pearson(score[v], target[v]), 3)) for k, v in sorted(groups.items())}
    out["by_feature"] = {k: round(pearson(v, target), 4) for k, v in feats.items()}
    print(json.dumps(out, ensure_ascii=False))
    if args.worst:
        rank_s, rank_t = np.argsort(np.argsort(score)), np.argsort(np.argsort(target))
        err = (rank_s - rank_t) / len(kept)
        for i in np.argsort(-np.abs(err))[:args.worst]:
            r = kept[i]
            snip = {side: prepared[f"{r['id']}:{side}"].text[:160].replace("\n", " | ") for side in ("a", "b")}
            print(json.dumps({"id": r["id"], "lang": f"{r['a']['lang']}-{r['b']['lang']}",
                              "overall": r["overall"], "score": round(float(score[i]), 3),
                              "rank_error": round(float(err[i]), 2), **snip}, ensure_ascii=False))
    for spec in args.fit:
        print(json.dumps(fit_report(spec.split(","), feats, target)))


if __name__ == "__main__":
    main()
