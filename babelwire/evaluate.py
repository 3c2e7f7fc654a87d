"""Accuracy: score babelwire against labelled sets (``babelwire eval``).

Three kinds of labelled file, told apart by suffix (formats in
``../shared/data/README.md``):

``*.stories.jsonl``
    The rows' articles (``id``, ``text``, ``published`` only: the labels and
    the given language are hidden) go through the real
    :func:`babelwire.pipeline.ingest` into a fresh temporary store; predicted
    stories and ``derived_from`` links are read back from it and scored with
    B-cubed and pairwise precision/recall/F1 against the gold ``story``, and
    derivation precision/recall against the gold ``derived_from``.
``*.pairs.jsonl``
    Both texts of every pair go through :func:`babelwire.pipeline.prepare`;
    their similarity is the linker's own score,
    ``pair_signals(centred(a), centred(b)).score``, centred with the shipped
    language prior only; correlated (Pearson, Spearman) with ``-overall``.
``*.pages.jsonl``
    The page's HTML goes through babelwire's read stage (its trafilatura call);
    the extracted body is scored against the gold ``body`` as the Scrapinghub
    article-extraction benchmark scores it (4-token shingles).

Nothing is fitted on the scored file: every threshold comes from
:mod:`babelwire.settings`, and the centring statistics the pair scorer uses
are the shipped prior. The metric functions at the top are pure and need no
model; the runners below them do.
"""
from __future__ import annotations

import json
import math
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Hashable, Iterable, Optional, Sequence

import numpy as np

from babelwire.scratch import scratch_dir
from babelwire.settings import EVAL_DIAGNOSTIC_ROWS, EVAL_SHINGLE_TOKENS

FORMATS = {".stories.jsonl": "stories", ".pairs.jsonl": "pairs", ".pages.jsonl": "pages"}


# --- clustering metrics -------------------------------------------------------

@dataclass
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)


def harmonic_mean(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def bcubed_items(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """Per-item B-cubed precision and recall (Bagga & Baldwin 1998).

    For item i with predicted cluster C(i) and gold cluster L(i):
    precision_i = |C(i) ∩ L(i)| / |C(i)|, recall_i = |C(i) ∩ L(i)| / |L(i)|.
    ``gold[i]`` and ``pred[i]`` are the labels of item i.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred must label the same items")
    both = Counter(zip(pred, gold))
    pred_sizes, gold_sizes = Counter(pred), Counter(gold)
    precision = np.array([both[(p, g)] / pred_sizes[p] for g, p in zip(gold, pred)], dtype=float)
    recall = np.array([both[(p, g)] / gold_sizes[g] for g, p in zip(gold, pred)], dtype=float)
    return precision, recall


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> PRF:
    """B-cubed precision and recall (means over items); ``.f1`` their harmonic mean."""
    if not gold:
        return PRF(1.0, 1.0)
    precision, recall = bcubed_items(gold, pred)
    return PRF(float(precision.mean()), float(recall.mean()))


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> PRF:
    """Pairwise precision/recall: of item pairs put together, how many belong together,
    and of pairs that belong together, how many were put together.

    With no predicted pairs precision is 1 (nothing wrong was claimed); with no
    gold pairs recall is 1. Recall, resp. precision, then shows the failure.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred must label the same items")
    together = _pairs(Counter(zip(pred, gold)).values())
    predicted = _pairs(Counter(pred).values())
    true = _pairs(Counter(gold).values())
    return PRF(together / predicted if predicted else 1.0, together / true if true else 1.0)


def derivation_scores(
    gold: dict[str, Optional[str]], pred: dict[str, Optional[str]]
) -> tuple[Optional[float], Optional[float]]:
    """``(recall, precision)`` of derivation links, keyed by article id.

    recall: share of articles with a gold ``derived_from`` whose predicted one
    is that same article; precision: share of predicted ``derived_from`` links
    that are gold. ``None`` where the share has nothing to count.
    """
    gold_links = {k: v for k, v in gold.items() if v}
    pred_links = {k: v for k, v in pred.items() if v}
    recall = (
        sum(pred.get(k) == v for k, v in gold_links.items()) / len(gold_links) if gold_links else None
    )
    precision = (
        sum(gold.get(k) == v for k, v in pred_links.items()) / len(pred_links) if pred_links else None
    )
    return recall, precision


def derivation_result(
    gold: dict[str, Optional[str]], pred: dict[str, Optional[str]]
) -> dict[str, Any]:
    """The derivation keys of a stories result. Derivation is scored only where the file labels it: with no
    row carrying a ``derived_from``, a claimed link cannot be judged (ECB+ holds wire copies of one another
    but labels none), so recall and precision are null there; the count of claimed links is always given."""
    recall, precision = derivation_scores(gold, pred) if any(gold.values()) else (None, None)
    return {
        "derivation_recall": _round(recall),
        "derivation_precision": _round(precision),
        "n_predicted_derivations": sum(1 for v in pred.values() if v),
    }


# --- correlation ----------------------------------------------------------------

def average_ranks(values: Sequence[float]) -> np.ndarray:
    """Ranks from 1, ties sharing the mean of the ranks they span (as scipy's 'average')."""
    x = np.asarray(values, dtype=float)
    order = np.argsort(x, kind="mergesort")
    sorted_x = x[order]
    ranks = np.empty(len(x), dtype=float)
    start = 0
    while start < len(x):
        end = start
        while end + 1 < len(x) and sorted_x[end + 1] == sorted_x[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def pearson(x: Sequence[float], y: Sequence[float]) -> Optional[float]:
    """Pearson's r; ``None`` with fewer than 2 points or a constant side."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) != len(b):
        raise ValueError("x and y must have the same length")
    if len(a) < 2:
        return None
    a, b = a - a.mean(), b - b.mean()
    denom = math.sqrt(float(a @ a) * float(b @ b))
    return None if denom == 0 else float(a @ b) / denom


def spearman(x: Sequence[float], y: Sequence[float]) -> Optional[float]:
    """Spearman's rho: Pearson's r of the average ranks (so ties are handled)."""
    if len(x) < 2:
        return None
    return pearson(average_ranks(x), average_ranks(y))


# --- extraction (Scrapinghub article-extraction benchmark) ----------------------

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = EVAL_SHINGLE_TOKENS) -> Counter:
    """Multiset of runs of ``n`` consecutive ``\\w+`` tokens. A text of fewer
    than ``n`` tokens is one shorter shingle (none when it has no token), as in
    the benchmark."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_match(true: str, pred: str, n: int = EVAL_SHINGLE_TOKENS) -> tuple[float, float, float]:
    """``(tp, fp, fn)`` over shingle multisets, divided by their sum so that a
    long page weighs no more than a short one."""
    gold, got = shingles(true, n), shingles(pred, n)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def extraction_scores(matches: Sequence[tuple[float, float, float]]) -> PRF:
    """Benchmark scoring: precision is the mean of per-page precision over pages
    where something was extracted (tp + fp > 0), recall the mean of per-page
    recall over pages with a gold body (tp + fn > 0); F1 of the two means."""
    precisions = [page_precision(*m) for m in matches if m[0] + m[1] > 0]
    recalls = [page_recall(*m) for m in matches if m[0] + m[2] > 0]
    return PRF(
        float(np.mean(precisions)) if precisions else 0.0,
        float(np.mean(recalls)) if recalls else 0.0,
    )


# --- files and samples ------------------------------------------------------------

def file_format(path: str | Path) -> str:
    name = Path(path).name
    for suffix, fmt in FORMATS.items():
        if name.endswith(suffix):
            return fmt
    raise ValueError(f"{path}: unknown eval format (expected one of {', '.join(FORMATS)})")


def load_rows(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def first_stories(rows: list[dict[str, Any]], limit: Optional[int]) -> list[dict[str, Any]]:
    """Every row of the first ``limit`` gold stories (in order of first appearance), in file order."""
    if limit is None:
        return rows
    kept = set(list(dict.fromkeys(r["story"] for r in rows))[:limit])
    return [r for r in rows if r["story"] in kept]


def _round(value: Optional[float], digits: int = 4) -> Optional[float]:
    return None if value is None else round(value, digits)


def _prf(prefix: str, prf: PRF) -> dict[str, float]:
    return {
        f"{prefix}_f1": _round(prf.f1),
        f"{prefix}_precision": _round(prf.precision),
        f"{prefix}_recall": _round(prf.recall),
    }


# --- stories ------------------------------------------------------------------------

def _unlabelled(row: dict[str, Any]) -> dict[str, Any]:
    """What the pipeline is given: the id, the text and the date. ``lang`` is held
    back too: detecting it is part of what is measured."""
    return {key: row[key] for key in ("id", "text", "published") if row.get(key) is not None}


def evaluate_stories(path: str | Path, limit_stories: Optional[int] = None,
                     mode: Optional[str] = None) -> dict[str, Any]:
    """``mode``: the embedding mode the ingest runs in ("transformer", "static", "tiered"; default
    ``settings.EMBED_MODE``), reported with the share of articles whose vectors came from the transformer."""
    from babelwire.pipeline import ingest
    from babelwire.settings import EMBED_MODE
    from babelwire.store import Store

    mode = mode or EMBED_MODE

    rows = first_stories(load_rows(path), limit_stories)
    with scratch_dir("babelwire-eval-") as tmp:
        feed = Path(tmp) / "articles.jsonl"
        with open(feed, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(_unlabelled(row), ensure_ascii=False) + "\n")
        db_path = Path(tmp) / "eval.db"
        started, cpu_started = time.perf_counter(), time.process_time()
        report = ingest([str(feed)], db_path, mode=mode)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        with Store(db_path, readonly=True) as store:
            stored = store.articles()
            second_tier = store.db.execute("SELECT COUNT(*) FROM second_tier_leads").fetchone()[0]
    external = {a.id: a.external_id for a in stored}
    by_row = {a.external_id: a for a in stored}

    # A row the pipeline did not store (read error) is its own predicted story.
    gold = [r["story"] for r in rows]
    pred = [
        ("story", by_row[r["id"]].story_id) if r["id"] in by_row else ("unstored", r["id"]) for r in rows
    ]
    result: dict[str, Any] = {"n": len(rows), "n_stories": len(set(gold)), "mode": mode}
    # articles whose vectors the transformer computed: all in transformer mode, none in static mode, the
    # leads the second tier embedded in tiered mode
    embedded = {"transformer": len(stored), "static": 0}.get(mode, second_tier)
    result["to_transformer_share"] = _round(embedded / len(stored)) if stored else None
    result.update(_prf("bcubed", bcubed(gold, pred)))
    result.update(_prf("pairwise", pairwise(gold, pred)))
    gold_parent = {r["id"]: r.get("derived_from") for r in rows}
    pred_parent = {
        r["id"]: external.get(by_row[r["id"]].derived_from) if r["id"] in by_row else None for r in rows
    }
    result.update(derivation_result(gold_parent, pred_parent))
    result["n_predicted_stories"] = len(set(pred))
    result["n_unstored"] = sum(r["id"] not in by_row for r in rows)
    result["failed"] = [f"{e.path}: {e.reason}" for e in report.failed]

    langs = [r.get("lang") for r in rows]
    detected = [by_row[r["id"]].lang if r["id"] in by_row else None for r in rows]
    if any(langs):
        result["language_accuracy"] = _round(
            float(np.mean([d == g for d, g in zip(detected, langs) if g])), 4
        )
    if len(set(langs)) > 1:
        result["by_lang"] = _by_lang(gold, pred, langs, detected)
    result["seconds"] = round(seconds, 2)
    result["cpu_seconds"] = round(cpu_seconds, 2)
    result["articles_per_s"] = round(len(rows) / seconds, 2) if seconds > 0 else None
    result["diagnostics"] = _story_diagnostics(rows, pred, pred_parent)
    return result


def _by_lang(gold, pred, langs, detected) -> dict[str, dict[str, Any]]:
    """B-cubed averaged over the items of one gold language (clusters stay whole):
    how well that language's articles are placed among all the others."""
    precision, recall = bcubed_items(gold, pred)
    out: dict[str, dict[str, Any]] = {}
    for lang in sorted({l for l in langs if l}):
        mask = np.array([l == lang for l in langs])
        prf = PRF(float(precision[mask].mean()), float(recall[mask].mean()))
        out[lang] = {
            "n": int(mask.sum()),
            **_prf("bcubed", prf),
            "detected": dict(Counter(d for d, l in zip(detected, langs) if l == lang).most_common(3)),
        }
    return out


def _story_diagnostics(rows, pred, pred_parent) -> dict[str, Any]:
    """Where linking went wrong: predicted stories that merge gold stories, gold
    stories split over several predicted ones, and wrong derivation links."""
    members: dict[Any, Counter] = defaultdict(Counter)
    spread: dict[str, Counter] = defaultdict(Counter)
    for row, p in zip(rows, pred):
        members[p][row["story"]] += 1
        spread[row["story"]][p] += 1
    merged = sorted(
        ({"predicted": str(p[1]), "gold": dict(c)} for p, c in members.items() if len(c) > 1),
        key=lambda m: -sum(m["gold"].values()),
    )
    split = []
    for story, parts in spread.items():
        if len(parts) > 1:
            main_part = parts.most_common(1)[0][0]
            strays = [r["id"] for r, p in zip(rows, pred) if r["story"] == story and p != main_part]
            split.append({"gold": story, "sizes": sorted(parts.values(), reverse=True),
                          "outside_largest": strays[:EVAL_DIAGNOSTIC_ROWS]})
    split.sort(key=lambda s: -len(s["sizes"]))
    wrong = [
        {"id": r["id"], "gold": r.get("derived_from"), "predicted": pred_parent[r["id"]]}
        for r in rows
        if pred_parent[r["id"]] != r.get("derived_from")
    ]
    limit = EVAL_DIAGNOSTIC_ROWS
    return {
        "merged": merged[:limit], "n_merged": len(merged),
        "split": split[:limit], "n_split": len(split),
        "wrong_derivations": wrong[:limit], "n_wrong_derivations": len(wrong),
    }


# --- pairs ---------------------------------------------------------------------------

def _read_texts(texts: list[tuple[str, str]], folder: Path) -> dict[str, Any]:
    """``(key, text)`` pairs → articles by key, through the read stage (as ingest reads JSON lines)."""
    from babelwire.read import read

    feed = folder / "texts.jsonl"
    with open(feed, "w", encoding="utf-8") as f:
        for key, text in texts:
            f.write(json.dumps({"id": key, "text": text}, ensure_ascii=False) + "\n")
    articles = {}
    for item in read([str(feed)]):
        if getattr(item, "external_id", None) is not None:
            articles[item.external_id] = item
    return articles


def evaluate_pairs(path: str | Path, limit_pairs: Optional[int] = None) -> dict[str, Any]:
    from babelwire.embed import LanguageMeans
    from babelwire.link import centred, pair_signals
    from babelwire.pipeline import prepare
    from babelwire.settings import INGEST_BATCH_SIZE

    rows = load_rows(path)[:limit_pairs] if limit_pairs is not None else load_rows(path)
    started, cpu_started = time.perf_counter(), time.process_time()
    with scratch_dir("babelwire-eval-") as tmp:
        read_in = _read_texts(
            [(f"{r['id']}:{side}", r[side]["text"]) for r in rows for side in ("a", "b")], Path(tmp)
        )
    keys = list(read_in)
    prepared = {}
    for start in range(0, len(keys), INGEST_BATCH_SIZE):
        batch = [read_in[k] for k in keys[start : start + INGEST_BATCH_SIZE]]
        for article in prepare(batch):
            prepared[article.external_id] = article
    # The shipped prior only: estimating language means from this file's texts
    # would fit the centring on the very pairs being scored.
    means = LanguageMeans()
    scored, signals = [], defaultdict(list)
    for r in rows:
        a, b = prepared.get(f"{r['id']}:a"), prepared.get(f"{r['id']}:b")
        if a is None or b is None:
            continue   # a text the read stage refused; counted in n_unscored
        s = pair_signals(centred(a, means), centred(b, means))
        scored.append((r, s.score))
        signals["lead"].append(s.lead)
        signals["paragraphs"].append(s.paragraphs)
        signals["names"].append(len(s.names))
        signals["numbers_dates"].append(len(s.numbers) + len(s.dates))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    target = [-r["overall"] for r, _ in scored]
    scores = [score for _, score in scored]
    result: dict[str, Any] = {
        "n": len(scored),
        "n_unscored": len(rows) - len(scored),
        "pearson": _round(pearson(scores, target)),
        "spearman": _round(spearman(scores, target)),
    }
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (r, _) in enumerate(scored):
        groups[f"{r['a']['lang']}-{r['b']['lang']}"].append(i)
    result["by_lang_pair"] = {
        key: {
            "n": len(idx),
            "pearson": _round(pearson([scores[i] for i in idx], [target[i] for i in idx])),
            "spearman": _round(spearman([scores[i] for i in idx], [target[i] for i in idx])),
        }
        for key, idx in sorted(groups.items())
    }
    # Each signal on its own, for tuning the weights in settings.LINK_WEIGHTS.
    result["by_signal"] = {name: _round(pearson(values, target)) for name, values in signals.items()}
    result["seconds"] = round(seconds, 2)
    result["cpu_seconds"] = round(cpu_seconds, 2)
    result["pairs_per_s"] = round(len(rows) / seconds, 2) if seconds > 0 else None
    return result


# --- pages ------------------------------------------------------------------------------

def extract_body(html: str, folder: Path, name: str = "page") -> str:
    """The article body babelwire's read stage extracts from ``html`` ("" if it finds none).

    Goes through :func:`babelwire.read.read` on a file, exactly as ingest reads
    a saved page (decoding, then trafilatura).
    """
    from babelwire.read import read

    page = folder / f"{name}.html"
    page.write_bytes(html.encode("utf-8"))
    try:
        for item in read([str(page)]):
            return getattr(item, "body", None) or ""
        return ""
    finally:
        page.unlink(missing_ok=True)


def evaluate_pages(path: str | Path, limit_pages: Optional[int] = None) -> dict[str, Any]:
    rows = load_rows(path)[:limit_pages] if limit_pages is not None else load_rows(path)
    matches = []
    empty = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    with scratch_dir("babelwire-eval-") as tmp:
        for i, row in enumerate(rows):
            body = extract_body(row["html"], Path(tmp), f"page-{i}")
            empty += not body
            matches.append(shingle_match(row.get("body") or "", body))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    prf = extraction_scores(matches)
    return {
        "n": len(rows),
        "f1": _round(prf.f1),
        "precision": _round(prf.precision),
        "recall": _round(prf.recall),
        "n_empty": empty,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "pages_per_s": round(len(rows) / seconds, 2) if seconds > 0 else None,
    }


# --- entry point --------------------------------------------------------------------------

def evaluate_file(
    path: str | Path,
    limit_stories: Optional[int] = None,
    limit_pairs: Optional[int] = None,
    limit_pages: Optional[int] = None,
    mode: Optional[str] = None,
) -> dict[str, Any]:
    """Score one labelled file; returns ``{"file", "format", "n", ...figures}``. ``mode``: the embedding
    mode of a stories file's ingest (pairs are scored with the transformer's similarity)."""
    fmt = file_format(path)
    if fmt == "stories":
        figures = evaluate_stories(path, limit_stories, mode)
    elif fmt == "pairs":
        figures = evaluate_pairs(path, limit_pairs)
    else:
        figures = evaluate_pages(path, limit_pages)
    return {"file": str(path), "format": fmt, **figures}
