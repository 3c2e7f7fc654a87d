"""Tune the link stage on dev samples (tuning data) by replaying the real linker.

Prepares (clean → … → entities) each sample once and caches the prepared articles in /tmp/linking-cache/, then replays
the real linker (``babelwire.link.link``) in file order, batch by batch as ``babelwire ingest``
does (language means updated and the index re-centred per batch of ``INGEST_BATCH_SIZE``), and prints
B-cubed F1 (precision / recall) per sample:

- ``ecb1-20``: ecbplus-dev, first 20 stories (topics 1-10) — what the link settings are tuned on;
- ``ecb21-30``: ecbplus-dev, stories 21-30 (topics 11-16), replayed on their own — a check, never tuned on
  (``--ecb-check 66``: stories 21-66, the rest of the dev file; ``--ecb-stream``: also 1-66 in one stream;
  ``--ecb-split 40``: also 1-40, where a choice the fit on 1-20 leaves open is made, and 41-66, then the check);
- ``wmt24``: wmt24-dev, first 6 stories (translations into 9 languages); ``--wmt-every N`` instead: every
  Nth story of the whole file, in file order (stories 1, N+1, 2N+1, ...: with N = 3, 51 stories, 1,376
  articles — 12 social threads, 37 speech transcripts, 2 literary texts: where the whole-file run fails);
  ``--wmt-every 1``: the whole file (4,128 articles: about 50 min of CPU to prepare once; the cache grows
  by article, so an every-3rd cache is reused); ``--diagnose``: list its split and merged stories and the
  step that kept each split-off article out, instead of the grid;
- ``--cache DIR``: where the prepared articles are kept (default /tmp/linking-cache);
- ``demo``: samples/demo; ``quakes`` says whether the Peru and Turkey earthquakes stay apart.

Prepared-article figures differ slightly from ``babelwire eval`` (which learns site debris across batches);
confirm a choice end to end with ``babelwire eval``.

    python scripts/tune_linking.py                         # the shipped settings
    python scripts/tune_linking.py --grid LINK_THRESHOLD=0.5,0.55,0.6 --grid LINK_NEAR_COPY_LEAD=0.8,0.9
    python scripts/tune_linking.py --grid LINK_WEIGHTS.names=0.1,0.25
    python scripts/tune_linking.py --grid LINK_STORY_MIN_MEAN=None,0.5 --ecb-check 66 --ecb-stream
    python scripts/tune_linking.py --ladder    # docs/accuracy.md "Per configuration" (semeval: scripts/tune_pairs.py)
    python scripts/tune_linking.py --ladder --ladder-from -2   # its last two rows
    python scripts/tune_linking.py --fit-story                 # fit LINK_STORY_MODEL on ECB+ stories 1-20, print it
    python scripts/tune_linking.py --ecb-check 66 --ecb-stream --fit-story --story-model fit --story-model None
    python scripts/tune_linking.py --wmt-every 3 --ecb-check 66 --ecb-stream   # every 3rd wmt24 story
    python scripts/tune_linking.py --ecb-check 66 --ecb-stream --ecb-split 40  # choose on ECB+ 1-40, check 41-66
    python scripts/tune_linking.py --wmt-every 1 --diagnose   # the whole wmt24 file: what splits and why
"""
from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Optional

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babelwire import link as link_module  # noqa: E402
from babelwire import story_check as story_module  # noqa: E402
from babelwire.article import Article, content_id  # noqa: E402
from babelwire.embed import LanguageMeans  # noqa: E402
from babelwire.evaluate import bcubed, first_stories, pearson  # noqa: E402
from babelwire.pipeline import prepare  # noqa: E402
from babelwire.read import read  # noqa: E402
from babelwire.settings import INGEST_BATCH_SIZE  # noqa: E402

EVAL = ROOT.parent / "shared" / "data" / "eval"
DEMO = ROOT / "samples" / "demo"
CACHE = Path("/tmp/linking-cache")  # prepared articles (the embedding is the slow part); --cache moves it


def set_cache(folder: Path) -> None:
    """Read and write the prepared-article caches in ``folder``."""
    global CACHE
    CACHE = folder
    CACHE.mkdir(parents=True, exist_ok=True)


def _rows(name: str, stories: int) -> list[dict]:
    return first_stories([json.loads(line) for line in open(EVAL / name, encoding="utf-8")], stories)


def every_nth_story(rows: list[dict], n: int) -> list[dict]:
    """The rows of every ``n``th story of ``rows`` (the 1st, the n+1st, ...), in file order."""
    order = list(dict.fromkeys(r["story"] for r in rows))
    keep = set(order[::n])
    return [r for r in rows if r["story"] in keep]


def _prepared_rows(rows: list[dict], cache: Path) -> list[Article]:
    """Prepared articles for ``rows``, from a per-article cache (by row id) that grows as needed."""
    done: dict[str, Article] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    todo = []
    for row in rows:
        if row["id"] in done:
            continue
        raw = row["text"]  # as `babelwire eval` feeds it: JSON lines with no title, the whole text as body
        todo.append(Article(id=content_id(raw.encode()), raw=raw, external_id=row["id"], body=raw, fmt="jsonl",
                            published=row.get("published")))
    for start in range(0, len(todo), INGEST_BATCH_SIZE):
        for article in prepare(todo[start:start + INGEST_BATCH_SIZE]):
            done[article.external_id] = article
        partial = cache.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(done))
        partial.replace(cache)   # whole or not at all: a reader never sees half a file
        print(f"prepared {min(start + INGEST_BATCH_SIZE, len(todo))}/{len(todo)} for {cache}", file=sys.stderr)
    # One id per row, as `babelwire eval` gives (its id hashes the whole JSON line): two rows of one text
    # (wmt24-dev: two Hindi MT systems agree word for word in 108 stories) stay two articles.
    return [replace(done[row["id"]], id=content_id(f'{row["id"]}\n{row["text"]}'.encode())) for row in rows]


def _demo() -> tuple[list[Article], list[str]]:
    cache = CACHE / "demo.pkl"
    if cache.exists():
        articles = pickle.loads(cache.read_bytes())
    else:
        articles = [a for a in read([str(DEMO)]) if isinstance(a, Article)]
        articles = [p for start in range(0, len(articles), INGEST_BATCH_SIZE)
                    for p in prepare(articles[start:start + INGEST_BATCH_SIZE])]
        cache.write_bytes(pickle.dumps(articles))
    expected = json.loads((DEMO / "EXPECTED.json").read_text(encoding="utf-8"))["stories"]
    story_of = {key: story for story, keys in expected.items() for key in keys}

    def key(a: Article) -> str:
        relative = (a.path or "").split("samples/demo/", 1)[-1].split(":")[0]
        return f"{relative}#{a.external_id}" if a.external_id else relative

    return articles, [story_of[key(a)] for a in articles]


def samples(ecb_tune: int = 20, ecb_check: int = 30, wmt: int = 6,
            ecb_stream: bool = False, wmt_every: int = 0, ecb_split: int = 0) -> dict[str, tuple[list[Article], list[str]]]:
    """name -> (prepared articles in file order, gold story of each); ``ecb_stream`` adds ECB+ stories
    1..ecb_check replayed together in one stream; ``wmt_every`` > 0 replaces the first ``wmt`` wmt24
    stories with every ``wmt_every``th story of the whole file; ``ecb_split`` > 0 adds ECB+ stories
    1..ecb_split and ecb_split+1..ecb_check, each replayed on its own."""
    out = {}
    ecb_rows = _rows("ecbplus-dev.stories.jsonl", ecb_check)
    ecb = _prepared_rows(ecb_rows, CACHE / "ecbplus-articles.pkl")
    order = list(dict.fromkeys(r["story"] for r in ecb_rows))
    splits = [(f"ecb1-{ecb_tune}", set(order[:ecb_tune])), (f"ecb{ecb_tune + 1}-{ecb_check}", set(order[ecb_tune:]))]
    if ecb_split:
        splits += [(f"ecb1-{ecb_split}", set(order[:ecb_split])),
                   (f"ecb{ecb_split + 1}-{ecb_check}", set(order[ecb_split:]))]
    for name, keep in splits:
        picked = [(a, r["story"]) for a, r in zip(ecb, ecb_rows) if r["story"] in keep]
        out[name] = ([a for a, _ in picked], [s for _, s in picked])
    if ecb_stream:
        out[f"ecb1-{ecb_check}"] = (ecb, [r["story"] for r in ecb_rows])
    if wmt_every:
        wmt_rows = every_nth_story(_rows("wmt24-dev.stories.jsonl", None), wmt_every)
        name = f"wmt24-every{wmt_every}"
    else:
        wmt_rows, name = _rows("wmt24-dev.stories.jsonl", wmt), f"wmt24-{wmt}"
    out[name] = (_prepared_rows(wmt_rows, CACHE / "wmt24-articles.pkl"), [r["story"] for r in wmt_rows])
    out["demo"] = _demo()
    return out


def replay(articles: list[Article]) -> list[int]:
    """Predicted story ids of ``articles``: the real linker, batch by batch as ingest runs it."""
    return [a.story_id for a in replay_articles(articles)]


class NoCentring(LanguageMeans):
    """Language means of zero: vectors are only renormalised (the ladder's "embedding alone")."""

    def mean(self, kind, lang):
        return np.zeros(384, np.float32)


# Ladder switches (set by --ladder): centring on/off, and the story-level (batch) decision or the old rule.
CENTRING = True
BATCH_DECISION = True


def _single_best(batch: list[Article], index, new_story) -> list[Article]:
    """The rule before batch linking: each article in turn joins the story of its single best stored match
    when that clears LINK_THRESHOLD, else opens a story (then it is stored, for the next one)."""
    for article in batch:
        best, signals, _ = link_module.decide(link_module.centred(article, index.means), index)
        joins = best is not None and signals.score >= link_module.LINK_THRESHOLD
        article.story_id = best.article.story_id if joins else new_story(article.title)
        index.add(article)
    return batch


def replay_articles(articles: list[Article]) -> list[Article]:
    """Copies of ``articles`` linked by the real linker in order (with their link explanations)."""
    means = LanguageMeans() if CENTRING else NoCentring()
    index = link_module.StoryIndex(means)
    counter = itertools.count(1)
    fresh = [Article(**{**{k: v for k, v in a.__dict__.items() if not k.startswith("_")},
                        "story_id": None, "link_explanation": None}) for a in articles]
    for copy, a in zip(fresh, articles):
        copy.__dict__["_source"] = a
    out = []
    for start in range(0, len(fresh), INGEST_BATCH_SIZE):
        batch = fresh[start:start + INGEST_BATCH_SIZE]
        for a in batch:
            means.add(a)
        index.recentre()
        if BATCH_DECISION:
            out.extend(link_module.link(batch, index, lambda title: next(counter)))
        else:
            out.extend(_single_best(batch, index, lambda title: next(counter)))
    return out


def score(data: dict[str, tuple[list[Article], list[str]]]) -> dict[str, str]:
    result = {}
    for name, (articles, gold) in data.items():
        pred = replay(articles)
        prf = bcubed(gold, pred)
        text = f"{prf.f1:.3f} ({prf.precision:.3f}/{prf.recall:.3f})"
        if name == "demo":
            quake = lambda s: {p for p, g in zip(pred, gold) if g == s}  # noqa: E731
            apart = len(quake("quake-A")) == 1 and len(quake("quake-B")) == 1 and quake("quake-A") != quake("quake-B")
            text += " quakes apart" if apart else " QUAKES MERGED/SPLIT"
        result[name] = text
    return result


def diagnose(articles: list[Article], gold: list[str], label: str = "") -> None:
    """Replay ``articles`` and print what went wrong, per gold story: the stories split into pieces (sizes, and
    for each article outside the largest piece the step that kept it out) and the predicted stories that
    merge gold ones. Steps: ``refused`` (a link of its group cleared LINK_THRESHOLD but the story-level check
    turned it down), ``under the bar`` (its group's best match is under LINK_THRESHOLD and the weak-version
    step did not take it in), ``in a piece`` (it joined a piece another article of it opened: see that one)."""
    linked = replay_articles(articles)
    pred = [a.story_id for a in linked]
    pieces: dict[str, Counter] = {}
    for g, p in zip(gold, pred):
        pieces.setdefault(g, Counter())[p] += 1
    causes: Counter = Counter()
    split = {g: c for g, c in pieces.items() if len(c) > 1}
    for g, c in split.items():
        main = c.most_common(1)[0][0]
        print(f"split {g}: {sorted(c.values(), reverse=True)}")
        for a, gg, p in zip(linked, gold, pred):
            if gg != g or p == main:
                continue
            e = a.link_explanation
            cause = "refused" if e["refused"] else "under the bar" if (e["score"] or 0) < e["threshold"] else "in a piece"
            causes[cause] += 1
            print(f"    {a.external_id}: {cause}; {e['why'][:160]}")
    merged = [c for c in ({} if not pred else _by_predicted(gold, pred)).values() if len(c) > 1]
    for c in merged:
        print(f"merged: {dict(c)}")
    prf = bcubed(gold, pred)
    print(f"{label}: B-cubed {prf.f1:.4f} (P {prf.precision:.4f} / R {prf.recall:.4f}); {len(set(pred))} predicted "
          f"stories for {len(pieces)}; {len(split)} split, {len(merged)} merging; articles outside the largest "
          f"piece by step: {dict(causes)}")


def _by_predicted(gold: list[str], pred: list[int]) -> dict[int, Counter]:
    out: dict[int, Counter] = {}
    for g, p in zip(gold, pred):
        out.setdefault(p, Counter())[g] += 1
    return out


def _set(name: str, value: float) -> None:
    """Set a LINK_* setting as the linker reads it (module globals; a dict entry as NAME.key)."""
    from babelwire import link_index as index_module

    module = story_module if name.split(".", 1)[0] in vars(story_module) else link_module
    if isinstance(getattr(module, name, None), int) and float(value).is_integer():
        value = int(value)
    if "." in name:
        table, key = name.split(".", 1)
        getattr(module, table)[key] = value
    else:
        setattr(module, name, value)
        if name in vars(index_module):   # the candidate search's own names (LINK_CANDIDATES, LINK_WINDOW_DAYS)
            setattr(index_module, name, value)


def semeval_pearson() -> str:
    """Pearson of the linker's score on every semeval2022-dev pair already prepared by scripts/tune_pairs.py."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from tune_pairs import prepared_pairs, table

    rows, prepared = prepared_pairs(prepare_missing=False)
    kept, feats, target = table(rows, prepared, None if CENTRING else NoCentring())
    return f"{pearson(feats['score'], target):.3f} ({len(kept)})"


# The semeval2022-dev least-squares fit (`python scripts/tune_pairs.py --fit lead,paragraphs,names,numbers_dates`,
# all 796 dev pairs; scaled so lead + paragraphs = 1; numbers_dates clipped at 0), for the ladder's
# "learned" rows. Not shipped: docs/accuracy.md, "Pairs".
LEARNED = {"lead": 0.647, "paragraphs": 0.353, "names": 0.039, "numbers_dates": 0.0}
OFF = {"names": 0.0, "numbers_dates": 0.0, "cross_language": 0.0}


def _ladder() -> list[tuple[str, bool, bool, dict, float, Optional[str]]]:
    """(row, centring, batch decision, LINK_WEIGHTS changes, time penalty per day, story-level check: None,
    "mean" (the mean rule alone) or "learned" (the learned decision, the mean rule across languages)):
    each row adds one component to the row above it, from the embedding alone to the shipped linker."""
    penalty = link_module.LINK_TIME_PENALTY_PER_DAY
    learned = {k: v for k, v in LEARNED.items() if v is not None}
    rows = [
        ("embedding alone (0.5 lead + 0.5 paragraphs, uncentred), single best match", False, False, OFF, 0.0, None),
        ("+ per-language centring", True, False, OFF, 0.0, None),
        ("+ cross-language term", True, False, {**OFF, "cross_language": None}, 0.0, None),
        ("+ entities (shared names, numbers/dates)", True, False, {}, 0.0, None),
        ("+ time penalty (hand-set weights; the linker before batch linking)", True, False, {}, penalty, None),
    ]
    if learned:
        rows.append(("  learned weights instead of the hand-set ones", True, False, learned, penalty, None))
    rows.append(("+ batch decision (each article's 2 nearest matches)", True, True, {}, penalty, None))
    if learned:
        rows.append(("  learned weights instead of the hand-set ones", True, True, learned, penalty, None))
    rows.append(("+ story-level check (groups joined only when close as wholes: mean pair score)",
                 True, True, {}, penalty, "mean"))
    rows.append(("+ story-level decision (learned: scores, centroids, years and numbers agreeing, group size): shipped",
                 True, True, {}, penalty, "learned"))
    return rows


# Thresholds tried per row (uncentred cosines of e5 run high: unrelated news pairs ~0.7).
LADDER_THRESHOLDS = {True: [0.4, 0.45, 0.5, 0.55, 0.6, 0.65], False: [0.7, 0.75, 0.8, 0.85, 0.9, 0.95]}


def ladder(data, first_row: int = 0) -> None:
    """One row per configuration (from row ``first_row``, 0-based): its threshold chosen on the tuning
    samples (best mean B-cubed F1 of ecb1-20 and wmt24), the figures there, and semeval2022-dev Pearson
    (threshold-free)."""
    global CENTRING, BATCH_DECISION
    shipped = dict(link_module.LINK_WEIGHTS)
    shipped_threshold = link_module.LINK_THRESHOLD
    shipped_penalty = link_module.LINK_TIME_PENALTY_PER_DAY
    shipped_story = story_module.LINK_STORY_MIN_MEAN
    shipped_model = story_module.LINK_STORY_MODEL
    tune = [next(k for k in data if k.startswith("ecb1-"))] + [k for k in data if k.startswith("wmt24")]
    print("| configuration | threshold | " + " | ".join(data) + " | semeval Pearson (pairs) |")
    print("|---" * (len(data) + 3) + "|")
    for row, centring, batch, changes, penalty, story_check in _ladder()[first_row:]:
        CENTRING, BATCH_DECISION = centring, batch
        story_module.LINK_STORY_MIN_MEAN = shipped_story if story_check else None
        story_module.LINK_STORY_MODEL = shipped_model if story_check == "learned" else None
        link_module.LINK_WEIGHTS.update(shipped)
        link_module.LINK_WEIGHTS.update({k: shipped[k] if v is None else v for k, v in changes.items()})
        link_module.LINK_TIME_PENALTY_PER_DAY = penalty
        best = None
        for threshold in LADDER_THRESHOLDS[centring]:
            _set("LINK_THRESHOLD", threshold)
            result = score(data)
            mean = sum(float(result[k].split()[0]) for k in tune) / len(tune)
            if best is None or mean > best[0] + 1e-9:
                best = (mean, threshold, result)
        _, threshold, result = best
        print(f"| {row} | {threshold} | " + " | ".join(result[k] for k in data) + f" | {semeval_pearson()} |",
              flush=True)
    CENTRING, BATCH_DECISION = True, True
    link_module.LINK_WEIGHTS.update(shipped)
    link_module.LINK_TIME_PENALTY_PER_DAY = shipped_penalty
    story_module.LINK_STORY_MIN_MEAN = shipped_story
    story_module.LINK_STORY_MODEL = shipped_model
    _set("LINK_THRESHOLD", shipped_threshold)


def story_examples(articles: list[Article], gold: list[str], topics: list[str], seed: int = 0):
    """(features, label) of (group, story) pairs from gold stories, for fitting the story-level decision:
    the group is one article or three of one gold story; the story is 2, 6 or 30 (as many as there are)
    other members of the same gold story (label 1) or of the other gold story of the same topic (label 0:
    a hard negative, a similar event). Vectors are centred with the language means of ``articles``."""
    rng = np.random.default_rng(seed)
    means = LanguageMeans() if CENTRING else NoCentring()
    for a in articles:
        means.add(a)
    items = [link_module.centred(a, means) for a in articles]
    cache: dict = {}

    def score(x, y):
        key = (id(x), id(y)) if id(x) < id(y) else (id(y), id(x))
        if key not in cache:
            cache[key] = link_module.pair_signals(x, y).content_score
        return cache[key]

    by_story: dict[str, list[int]] = {}
    for k, g in enumerate(gold):
        by_story.setdefault(g, []).append(k)
    by_topic: dict[str, list[str]] = {}
    for g, t in dict(zip(gold, topics)).items():
        by_topic.setdefault(t, []).append(g)
    out = []
    for stories in by_topic.values():
        if len(stories) != 2:
            continue
        for mine, other in (stories, stories[::-1]):
            for k in by_story[mine]:
                rest = [m for m in by_story[mine] if m != k]
                for extra in STORY_GROUP_EXTRA:
                    group = [k] + (list(rng.choice(rest, extra, replace=False)) if len(rest) > extra else [])
                    same = [m for m in rest if m not in group]
                    for size in (2, 6, 30):
                        for label, pool in ((1, same), (0, by_story[other])):
                            if len(pool) < 2:
                                continue
                            picked = rng.choice(pool, min(size, len(pool)), replace=False)
                            features = story_module.story_features([items[g] for g in group],
                                                                  [items[p] for p in picked], score)
                            out.append(([features[n] for n in story_module.STORY_FEATURES], label))
    return out


def decision_examples(articles: list[Article], gold: list[str]):
    """(features, label) of the joins of two groups of 2+ articles each that the linker weighs when it
    replays ``articles`` with the story-level check off, and again with the mean rule: label 1 when the
    two groups' most common gold stories are one."""
    out = []
    shipped = story_module.LINK_STORY_MODEL, story_module.LINK_STORY_MIN_MEAN
    allows = story_module.StoryCheck.allows
    story_of = {id(a): g for a, g in zip(articles, gold)}

    def logged(check, i, j, story):
        sides = check.sides(i, j, story)
        if sides is not None and min(len(s) for s in sides) >= 2:
            counts = [Counter(story_of.get(id(x.article.__dict__.get("_source")), "?") for x in side) for side in sides]
            label = int(counts[0].most_common(1)[0][0] == counts[1].most_common(1)[0][0])
            features = story_module.story_features(*sides, check._score)
            out.append(([features[n] for n in story_module.STORY_FEATURES], label))
        return allows(check, i, j, story)

    story_module.StoryCheck.allows = logged
    try:
        for rule in (None, shipped[1]):
            story_module.LINK_STORY_MODEL, story_module.LINK_STORY_MIN_MEAN = None, rule
            replay_articles(articles)
    finally:
        story_module.StoryCheck.allows = allows
        story_module.LINK_STORY_MODEL, story_module.LINK_STORY_MIN_MEAN = shipped
    return out


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (numpy only): weights, then the bias."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    ridge = l2 * np.diag(np.r_[np.ones(x.shape[1] - 1), 0.0])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        step = np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x + ridge, x.T @ (p - y) + ridge @ w)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


STORY_EXAMPLES = "gold"   # --story-examples
STORY_GROUP_EXTRA = (0, 2)


def fit_story_model(ecb_tune: int, features: Optional[list[str]] = None) -> dict[str, float]:
    """Fit the story-level decision on ECB+ stories 1..ecb_tune only (never the check stories)."""
    rows = _rows("ecbplus-dev.stories.jsonl", ecb_tune)
    articles = _prepared_rows(rows, CACHE / "ecbplus-articles.pkl")
    examples = story_examples(articles, [r["story"] for r in rows], [r["topic"] for r in rows]) \
        if STORY_EXAMPLES in ("gold", "both") else []
    if STORY_EXAMPLES in ("replay", "both"):
        examples += decision_examples(articles, [r["story"] for r in rows])
    names = list(story_module.STORY_FEATURES)
    keep = [names.index(n) for n in (features or names)]
    x = np.array([f for f, _ in examples])[:, keep]
    y = np.array([label for _, label in examples], float)
    w = fit_logistic(x, y)
    model = {names[k]: round(float(v), 3) for k, v in zip(keep, w[:-1])}
    model["bias"] = round(float(w[-1]), 3)
    logit = x @ w[:-1] + w[-1]
    print(f"fitted on {len(y)} (group, story) pairs of ECB+ stories 1-{ecb_tune} ({int(y.sum())} same event, "
          f"{int(len(y) - y.sum())} the topic's other event): accuracy {np.mean((logit >= 0) == y):.3f}",
          file=sys.stderr)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecb-tune", type=int, default=20, help="ECB+ stories tuned on (the first N)")
    parser.add_argument("--ecb-check", type=int, default=30, help="ECB+ stories up to this one are the check")
    parser.add_argument("--wmt-stories", type=int, default=6)
    parser.add_argument("--wmt-every", type=int, default=0,
                        help="replay every Nth wmt24-dev story of the whole file instead of the first --wmt-stories")
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help=f"folder of the prepared-article caches (default {CACHE})")
    parser.add_argument("--ecb-stream", action="store_true",
                        help="also replay ECB+ stories 1..--ecb-check together, in one stream")
    parser.add_argument("--ecb-split", type=int, default=0, metavar="N",
                        help="also replay ECB+ stories 1..N and N+1..--ecb-check, each on its own (N = 40: "
                             "choose on 1-40, check on 41-66)")
    parser.add_argument("--diagnose", action="store_true",
                        help="replay the wmt24 sample with the shipped settings and list its split and merged "
                             "stories, with the step that kept each split-off article out")
    parser.add_argument("--grid", action="append", default=[],
                        help="NAME=v1,v2,... (a LINK_* setting, or LINK_WEIGHTS.key); repeat for a grid")
    parser.add_argument("--ladder", action="store_true",
                        help="the per-configuration table of docs/accuracy.md (each row's threshold tuned)")
    parser.add_argument("--ladder-from", type=int, default=0, metavar="ROW",
                        help="with --ladder: only rows ROW.. (0-based; -2: the last two)")
    parser.add_argument("--fit-story", nargs="?", const="all", default=None, metavar="FEATURES",
                        help="fit the story-level decision (LINK_STORY_MODEL) on ECB+ stories 1..--ecb-tune and "
                             "print it; FEATURES: comma-separated names of link.STORY_FEATURES (default all)")
    parser.add_argument("--story-model", action="append", default=[], metavar="JSON|fit|None",
                        help="replay with this LINK_STORY_MODEL (a JSON object, 'fit' for a fresh --fit-story "
                             "fit, or None for the mean rule); repeat to compare")
    parser.add_argument("--story-examples", choices=("gold", "replay", "both"), default="gold",
                        help="what --fit-story fits on: (group, story) pairs drawn from the gold stories, the "
                             "joins the linker weighs in a replay, or both")
    args = parser.parse_args()
    set_cache(args.cache)
    global STORY_EXAMPLES
    STORY_EXAMPLES = args.story_examples
    model = None
    if args.fit_story or "fit" in args.story_model:
        features = None if args.fit_story in (None, "all") else args.fit_story.split(",")
        model = fit_story_model(args.ecb_tune, features)
        print(json.dumps(model))
        if not args.story_model:
            return
    data = samples(args.ecb_tune, args.ecb_check, args.wmt_stories, args.ecb_stream, args.wmt_every, args.ecb_split)
    if args.ladder:
        ladder(data, args.ladder_from)
        return
    if args.diagnose:
        for name in [k for k in data if k.startswith("wmt24")]:
            diagnose(*data[name], label=name)
        return
    grid = [(name, [float(v) if v not in ("None", "True", "False") else eval(v) for v in values.split(",")])
            for name, values in (g.split("=", 1) for g in args.grid)]
    names = [n for n, _ in grid]
    print(" ".join(names) + ("  " if names else "") + "  ".join(f"{k:>22}" for k in data))
    models = [None if m == "None" else model if m == "fit" else json.loads(m) for m in args.story_model] or [
        story_module.LINK_STORY_MODEL]
    for story_model in models:
        story_module.LINK_STORY_MODEL = story_model
        if len(models) > 1:
            print(f"LINK_STORY_MODEL = {json.dumps(story_model)}")
        for values in itertools.product(*[v for _, v in grid]):
            for name, value in zip(names, values):
                _set(name, value)
            result = score(data)
            print(" ".join(f"{v!s:>{len(n)}}" for n, v in zip(names, values)) + ("  " if names else "")
                  + "  ".join(f"{result[k]:>22}" for k in data), flush=True)


if __name__ == "__main__":
    main()
