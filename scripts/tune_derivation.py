"""Replay derivation (``derived_from``) on cached dev samples and sweep its settings (tuning data).

Loads prepared (clean → … → entities) dev samples from the caches ``scripts/tune_linking.py`` keeps
(``--cache``, default /tmp/linking-cache: the stories sets by row id, grown as needed, one article id per
row as ``babelwire eval`` gives; no embedding is recomputed for a row already there), groups them by *gold*
story, runs the real ``babelwire.stories.derive`` on each gold story's members in file order, and prints
derivation recall / precision / links claimed per set for the rule before this change (derivation score
>= 0.9 whatever the languages) and for candidate settings.

Sets:

- ``wmt24``: wmt24-dev, first 6 stories (translations; gold ``derived_from`` = the English original), or
  with ``--wmt-every N`` every Nth story of the whole file (``scripts/tune_linking.py --wmt-every``);
- ``ecbplus``: ecbplus-dev, first 12 stories (English reports of the same events; no gold derivation);
- ``demo``: samples/demo with samples/demo/EXPECTED.json (cross-language rewrites of two wire stories,
  independent reports in several languages) — prepared and cached on first use (~1 min of CPU);
- ``semeval-xl`` (``--semeval``): semeval2022-dev de-en pairs rated same/similar (overall <= 2): two
  reports of one event in two languages, each pair a story with no gold derivation — independent
  reports across languages, which neither ECB+ nor WMT24 has (prepared once, ~2 min of CPU).

Sentence vectors (derivation scores a one-paragraph source by its sentences) come from the real model and
are kept by text in ``CACHE/sentence-vectors-{mode}.pkl`` (the first run embeds them: about 6,000 sentences
for ``--wmt-every 3``, a few minutes of CPU). The row "paragraph level only" replays without that step.

Then the copied-text rule on its own, lexically (no vectors): ``copied_share`` of every ordered pair
of one gold story over *all* of ecbplus-dev, and of synthetic same-language rewrites made from ECB+
texts (see ``synthetic_rewrites``), with the share of each above each threshold.

    python scripts/tune_derivation.py [--wmt-stories 6 | --wmt-every 3] [--ecb-stories 12] [--semeval] [--no-demo]
                                      [--cache DIR] [--no-lexical] [--verbose]

``--linked`` instead derives on the *linker's* stories: the whole pipeline replayed on the wmt24 sample
(``scripts/tune_linking.py``'s replay, then after each batch the real ``derive`` on every story it touched,
incrementally, with the batch's language means, as ``babelwire.pipeline`` runs it), and sorts every row that
misses its gold source by cause (apart from its source / merged / none claimed / a sibling / other; with
``--verbose`` each row). The whole file (``--wmt-every 1``) takes about 20 CPU minutes, most of it the first
time its sentences are embedded.

    python scripts/tune_derivation.py --linked --wmt-every 1 --cache DIR --verbose

``--standout`` reports the signal of the long-aligned rule (``stories.standout``) where that rule decides
(cross-language pairs scored between the chain bar and the full bar): on the wmt24 sample's gold pairs, and
on pairs that are no derivation (the demo's and semeval de-en's cross-language pairs with no gold link,
wmt24 translations against a neighbouring story's English original).

    python scripts/tune_derivation.py --standout --wmt-every 1 --cache DIR

``--set NAME=VALUE`` overrides one of ``babelwire.stories``' derivation settings for the whole run (e.g.
``--set DERIVATION_MIN_STANDOUT=None`` replays without the long-aligned rule).
"""
from __future__ import annotations

import argparse
import collections
import json
import pickle
import random
import sys
from pathlib import Path
from typing import Callable, Optional

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babelwire import stories as stories_module  # noqa: E402
from babelwire.article import Article, content_id  # noqa: E402
from babelwire.clean import SiteDebris, clean  # noqa: E402
from babelwire import provenance  # noqa: E402
from babelwire.embed import LanguageMeans, current_mode, encode  # noqa: E402
from babelwire.evaluate import first_stories  # noqa: E402
from babelwire.link import centred  # noqa: E402
from babelwire.meta import meta  # noqa: E402
from babelwire.pipeline import prepare  # noqa: E402
from babelwire.read import read  # noqa: E402
from babelwire.stories import WordRuns, copied_share, derive  # noqa: E402

EVAL = ROOT.parent / "shared" / "data" / "eval"
DEMO = ROOT / "samples" / "demo"


def sample(name: str, stories: int) -> list[dict]:
    return first_stories([json.loads(line) for line in open(EVAL / name, encoding="utf-8")], stories)


class Labelled:
    """Prepared articles with a gold story and a gold source (by key) for each."""

    def __init__(self, name: str, articles: list[Article], keys: list[str], story: dict[str, str],
                 parent: dict[str, Optional[str]]):
        self.name, self.articles, self.keys, self.story, self.parent = name, articles, keys, story, parent


CACHE = Path("/tmp/linking-cache")   # --cache: shared with scripts/tune_linking.py


def stories_set(name: str, file: str, stories: int, every: int = 0) -> Labelled:
    """The first ``stories`` gold stories of ``file``, or with ``every`` > 0 every ``every``th story of the
    whole file, prepared through scripts/tune_linking.py's growing cache (CACHE/{name}-articles.pkl)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import tune_linking

    if every:
        rows = tune_linking.every_nth_story(sample(file, None), every)
    else:
        rows = sample(file, stories)
    articles = tune_linking._prepared_rows(rows, CACHE / f"{name}-articles.pkl")
    if every:
        name = f"{name}-every{every}"
    return Labelled(name, articles, [a.external_id for a in articles], {r["id"]: r["story"] for r in rows},
                    {r["id"]: r.get("derived_from") for r in rows})


def demo_key(article: Article) -> str:
    relative = (article.path or "").split("samples/demo/", 1)[-1]
    return f"{relative.split(':')[0]}#{article.external_id}" if article.external_id else relative


def demo_set() -> Labelled:
    cache = CACHE / "babelwire-tune-demo.pkl"
    if cache.exists():
        articles = pickle.loads(cache.read_bytes())
    else:
        read_ok = [a for a in read([str(DEMO)]) if isinstance(a, Article)]
        articles = prepare(read_ok, SiteDebris())
        cache.write_bytes(pickle.dumps(articles))
    expected = json.loads((DEMO / "EXPECTED.json").read_text(encoding="utf-8"))
    story = {key: name for name, keys in expected["stories"].items() for key in keys}
    keys = [demo_key(a) for a in articles]
    return Labelled("demo", articles, keys, story, {k: expected["derived_from"].get(k) for k in keys})


def semeval_set(max_overall: float = 2.0) -> Labelled:
    rows = [json.loads(line) for line in open(EVAL / "semeval2022-dev.pairs.jsonl", encoding="utf-8")]
    rows = [r for r in rows if r["a"]["lang"] != r["b"]["lang"] and r["overall"] <= max_overall]
    cache = CACHE / f"babelwire-tune-semeval-xl-{len(rows)}.pkl"
    texts = [(f"{r['id']}:{side}", r[side]["text"]) for r in rows for side in ("a", "b")]
    if cache.exists():
        articles = pickle.loads(cache.read_bytes())
    else:
        articles = [Article(id=content_id(t.encode()), raw=t, external_id=k, body=t, fmt="jsonl") for k, t in texts]
        articles = [a for start in range(0, len(articles), 64) for a in prepare(articles[start:start + 64])]
        cache.write_bytes(pickle.dumps(articles))
    first = {}
    for a in articles:   # a pair listed twice in the file is kept once
        first.setdefault(a.external_id, a)
    articles = list(first.values())
    story = {k: k.rsplit(":", 1)[0] for k in first}
    return Labelled("semeval-xl", articles, list(first), story, {k: None for k in story})


class CachedEncode:
    """The real encoder (:func:`babelwire.embed.encode`) behind a disk cache by text (CACHE/sentence-vectors-
    {mode}.pkl): the sentence vectors of one-paragraph texts are embedded once across runs."""

    def __init__(self) -> None:
        self.loaded: Optional[str] = None
        self.vectors: dict[str, np.ndarray] = {}

    def path(self, mode: str) -> Path:
        return CACHE / f"sentence-vectors-{mode}.pkl"

    def __call__(self, texts: list[str], *args, **kwargs) -> np.ndarray:
        mode = current_mode()
        if self.loaded != mode:
            self.vectors = pickle.loads(self.path(mode).read_bytes()) if self.path(mode).exists() else {}
            self.loaded = mode
        todo = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if todo:
            self.vectors.update(zip(todo, encode(todo, *args, **kwargs)))
            self.path(mode).write_bytes(pickle.dumps(self.vectors))
        return np.stack([self.vectors[t] for t in texts]) if texts else encode([])


provenance.encode = CachedEncode()


def replay(data: Labelled) -> dict[str, Optional[str]]:
    """Predicted source key of every article: derive on each gold story's members (file order)."""
    means = LanguageMeans()
    for a in data.articles:
        means.add(a)
    key_of = {a.id: k for a, k in zip(data.articles, data.keys)}
    groups: dict[str, list] = collections.defaultdict(list)
    for a, k in zip(data.articles, data.keys):
        groups[data.story[k]].append(centred(a, means))
    predicted: dict[str, Optional[str]] = {}
    for members in groups.values():
        for result in derive(members, means=means):
            predicted[key_of[result.article_id]] = key_of.get(result.derived_from) if result.derived_from else None
    return predicted


def score(data: Labelled, predicted: dict[str, Optional[str]]) -> dict:
    gold = {k: v for k, v in data.parent.items() if v}
    claimed = {k: v for k, v in predicted.items() if v}
    right = sum(1 for k, v in claimed.items() if data.parent.get(k) == v)
    return {
        "recall": sum(1 for k, v in gold.items() if predicted.get(k) == v) / len(gold) if gold else None,
        "precision": right / len(claimed) if claimed else None,
        "claimed": len(claimed), "gold": len(gold),
        "wrong": sorted((k, v, data.parent.get(k)) for k, v in claimed.items() if data.parent.get(k) != v),
        "missed": sorted((k, v) for k, v in gold.items() if predicted.get(k) != v),
    }


def old_rule(signals: dict) -> Optional[str]:
    """The rule before this change: the paragraph-alignment score alone, whatever the languages
    (run with the step to the original of a derived source switched off)."""
    return "aligned translation" if signals["score"] >= 0.9 else None


def run(sets: list[Labelled], label: str, rule: Optional[Callable] = None, **settings) -> dict:
    saved = {name: getattr(stories_module, name) for name in settings}
    saved_rule = stories_module.qualifies
    try:
        for name, value in settings.items():
            setattr(stories_module, name, value)
        if rule is not None:
            stories_module.qualifies = rule
        results = {d.name: score(d, replay(d)) for d in sets}
    finally:
        for name, value in saved.items():
            setattr(stories_module, name, value)
        stories_module.qualifies = saved_rule
    cells = []
    for name, r in results.items():
        rec = "   -  " if r["recall"] is None else f"{r['recall']:.3f}"
        pre = "   -  " if r["precision"] is None else f"{r['precision']:.3f}"
        cells.append(f"{name}: R {rec} P {pre} {r['claimed']:3d}/{r['gold']:<3d}")
    print(f"{label:34s} " + " | ".join(cells), flush=True)
    return results


# --- derivation on the linker's own stories (the whole pipeline, replayed) ------------------------------

def linked_replay(data: Labelled) -> tuple[dict[str, Optional[str]], dict[str, int]]:
    """Predicted source key and predicted story of every article, as ``babelwire ingest`` computes them:
    the real linker replayed batch by batch (``scripts/tune_linking.py``), and after each batch the real
    ``derive`` on every story the batch touched, incrementally, with the batch's language means (as
    ``babelwire.pipeline`` does)."""
    import itertools

    from babelwire import link as link_module
    from babelwire.settings import INGEST_BATCH_SIZE, INCREMENTAL_DERIVATION

    means = LanguageMeans()
    index = link_module.StoryIndex(means)
    counter = itertools.count(1)
    fresh = [Article(**{**{k: v for k, v in a.__dict__.items() if not k.startswith("_")},
                        "story_id": None, "link_explanation": None}) for a in data.articles]
    key_of = {a.id: k for a, k in zip(data.articles, data.keys)}
    state: dict[int, tuple[dict, dict]] = {}
    parent: dict[str, Optional[str]] = {}
    for start in range(0, len(fresh), INGEST_BATCH_SIZE):
        batch = fresh[start:start + INGEST_BATCH_SIZE]
        for a in batch:
            means.add(a)
        index.recentre()
        linked = list(link_module.link(batch, index, lambda title: next(counter)))
        for story_id in dict.fromkeys(a.story_id for a in linked):
            previous, pairs = state.get(story_id, (None, {}))
            members = index.members(story_id)
            results = derive(members, previous if INCREMENTAL_DERIVATION else None, pairs, means)
            state[story_id] = ({r.article_id: r for r in results}, pairs)
            for r in results:
                parent[key_of[r.article_id]] = key_of.get(r.derived_from) if r.derived_from else None
    story = {key_of[a.id]: a.story_id for a in fresh}
    return parent, story


def linked_report(data: Labelled) -> dict:
    """Derivation recall / precision on the linker's stories, and every row that misses its gold source
    sorted by cause: ``apart`` (the linker put it in another story than its source), ``merged`` (its
    chosen source belongs to another gold story), ``none`` (no source claimed in the right story),
    ``sibling`` (a sibling translation claimed instead of the gold source: the chain was not redirected),
    ``other`` (any other wrong source); and the false claims on rows with no gold source."""
    predicted, story = linked_replay(data)
    result = score(data, predicted)
    causes: dict[str, list] = collections.defaultdict(list)
    for k, gold in data.parent.items():
        if not gold or predicted.get(k) == gold:
            continue
        got = predicted.get(k)
        if story.get(k) != story.get(gold):
            cause = "apart"
        elif got is None:
            cause = "none"
        elif data.story.get(got) != data.story.get(k):
            cause = "merged"
        elif data.parent.get(got) == gold:
            cause = "sibling"
        else:
            cause = "other"
        causes[cause].append((k, got, gold))
    for k, got in predicted.items():
        if got and not data.parent.get(k):
            causes["claimed, no gold source"].append((k, got, None))
    result["causes"] = dict(causes)
    return result


# --- the long-aligned rule's signal: standout of gold pairs and of pairs that are no derivation ----------------

def pair_signals(data: Labelled, pairs: list[tuple[str, str]]) -> list[dict]:
    """``pair_evidence`` of each (derived key, candidate key), the set's language means over all its
    articles (as ``replay``)."""
    means = LanguageMeans()
    for a in data.articles:
        means.add(a)
    by_key = {k: centred(a, means) for a, k in zip(data.articles, data.keys)}
    words = {item.article.id: stories_module.word_runs(item.article) for item in by_key.values()}
    return [stories_module.pair_evidence(by_key[d], by_key[s], words, means) for d, s in pairs]


def standout_report(wmt: Labelled, negatives: list[Labelled], bars: tuple[float, ...]) -> None:
    """The standout of cross-language pairs whose score is under DERIVATION_THRESHOLD but at the chain bar
    (where the long-aligned rule decides): wmt24 rows against their gold source, and pairs that are no
    derivation — the other sets' cross-language pairs of one gold story with no gold link either way and
    no common gold source, and wmt24 translations against the English original of a neighbouring story
    (1 and 2 stories on; another story, another language)."""
    from babelwire.settings import DERIVATION_CHAIN_THRESHOLD, DERIVATION_THRESHOLD

    def weak(signals: dict) -> bool:
        return not signals["same_language"] and DERIVATION_CHAIN_THRESHOLD <= signals["score"] < DERIVATION_THRESHOLD

    groups: dict[str, list[tuple[str, str]]] = {}
    groups["wmt24 gold pairs"] = [(k, g) for k, g in wmt.parent.items() if g]
    for data in negatives:
        members = collections.defaultdict(list)
        for k in data.keys:
            members[data.story[k]].append(k)
        groups[f"{data.name}, no derivation"] = [
            (d, s) for keys in members.values() for d in keys for s in keys
            if d != s and data.parent.get(d) != s and data.parent.get(s) != d
            and not (data.parent.get(d) and data.parent.get(d) == data.parent.get(s))]
    order = list(dict.fromkeys(wmt.story[k] for k in wmt.keys))
    members = collections.defaultdict(list)
    for k in wmt.keys:
        members[wmt.story[k]].append(k)
    originals = {story: [k for k in keys if not wmt.parent.get(k)] for story, keys in members.items()}
    groups["wmt24, another story's original"] = [
        (d, s) for at, story in enumerate(order) for step in (1, 2)
        for d in members[order[(at + step) % len(order)]] if wmt.parent.get(d) for s in originals[story]]
    print(f"\nstandout of cross-language pairs scored in [{DERIVATION_CHAIN_THRESHOLD}, {DERIVATION_THRESHOLD}) "
          f"(the long-aligned rule's range): pairs >= bar")
    print(f"{'':34s} {'pairs':>6s} {'in range':>8s} " + " ".join(f"{b:>6.1f}" for b in bars) + "    max")
    for name, pairs in groups.items():
        data = wmt if name.startswith("wmt24") else next(d for d in negatives if name.startswith(d.name))
        values = [sig["standout"] for sig in pair_signals(data, pairs) if weak(sig)]
        print(f"{name:34s} {len(pairs):6d} {len(values):8d} " + " ".join(f"{sum(v >= b for v in values):6d}" for b in bars)
              + (f" {max(values):6.2f}" if values else "      -"))


# --- the copied-text rule alone, lexically -------------------------------------------------------------

def ecb_all_pairs() -> list[tuple[str, str, float]]:
    """copied_share of every ordered pair within one gold story, all of ecbplus-dev (clean + meta only)."""
    rows = [json.loads(line) for line in open(EVAL / "ecbplus-dev.stories.jsonl", encoding="utf-8")]
    articles = [Article(id=content_id(r["text"].encode()), raw=r["text"], external_id=r["id"], body=r["text"],
                        fmt="jsonl") for r in rows]
    articles = list(meta(clean(articles)))
    words = {a.external_id: WordRuns(a) for a in articles}
    groups = collections.defaultdict(list)
    for r in rows:
        groups[r["story"]].append(r["id"])
    return [(d, s, copied_share(words[d], words[s])) for ids in groups.values() for d in ids for s in ids if d != s]


def _edit_words(paragraph: str, rate: float, rng: random.Random, vocabulary: list[str]) -> str:
    """Replace about ``rate`` of the words (a sub-editor's word choices)."""
    words = paragraph.split()
    return " ".join(rng.choice(vocabulary) if rng.random() < rate else w for w in words)


def synthetic_rewrites(articles: list[Article], story: dict[str, str], seed: int = 7) -> dict[str, list[float]]:
    """Same-language rewrites of ECB+ texts and the copied_share of each in its source, by kind of rewrite.

    What newsrooms do to wire copy: ``republish`` (as is, headline changed), ``trim`` (the last third cut),
    ``edit5`` / ``edit10`` (trimmed, and 5 % / 10 % of the words replaced), ``own-lead`` (the first
    paragraph replaced by another report's, the rest trimmed), ``local`` (own lead, trimmed, 5 % edits,
    plus two paragraphs of another report of the event appended: about a third of the text its own).
    Only texts of >= 4 paragraphs are rewritten. The "other report" is another article of the same gold
    story, so the added text is on topic.
    """
    rng = random.Random(seed)
    vocabulary = [w for a in articles for p in a.paragraphs for w in p.split()]
    by_story = collections.defaultdict(list)
    for a in articles:
        by_story[story[a.external_id]].append(a)
    out: dict[str, list[float]] = collections.defaultdict(list)
    for a in articles:
        paras = a.paragraphs
        others = [o for o in by_story[story[a.external_id]] if o is not a and len(o.paragraphs) >= 3]
        if len(paras) < 4 or not others:
            continue
        other = rng.choice(others)
        keep = paras[1:max(2, (2 * len(paras)) // 3)]
        variants = {
            "republish": ["A new headline for the same story"] + paras[1:],
            "trim": keep,
            "edit5": [_edit_words(p, 0.05, rng, vocabulary) for p in keep],
            "edit10": [_edit_words(p, 0.10, rng, vocabulary) for p in keep],
            "own-lead": [other.paragraphs[-1]] + keep[1:],
            "local": [other.paragraphs[-1]] + [_edit_words(p, 0.05, rng, vocabulary) for p in keep[1:]]
                     + other.paragraphs[-3:-1],
        }
        source = WordRuns(a)
        for kind, paragraphs in variants.items():
            rewrite = Article(id="synthetic", raw="", paragraphs=paragraphs, lang=a.lang)
            out[kind].append(copied_share(WordRuns(rewrite), source))
    return out


def _share_at_least(values: list[float], threshold: float) -> float:
    return sum(v >= threshold for v in values) / len(values) if values else float("nan")


def lexical_report(ecb: Labelled, thresholds: tuple[float, ...]) -> None:
    pairs = ecb_all_pairs()
    rows = [json.loads(line) for line in open(EVAL / "ecbplus-dev.stories.jsonl", encoding="utf-8")]
    order = {s: i for i, s in enumerate(dict.fromkeys(r["story"] for r in rows))}
    story_of = {r["id"]: order[r["story"]] for r in rows}
    print("\ncopied_share, ordered pairs of one gold story, ecbplus-dev (no gold derivation): share >= threshold")
    print(f"{'':28s}" + " ".join(f"{t:>6.2f}" for t in thresholds) + "   max   n")
    for first in (6, 12, 20, None):
        values = [c for d, _, c in pairs if first is None or story_of[d] < first]
        label = f"first {first} stories" if first else "all stories"
        print(f"{label:28s}" + " ".join(f"{_share_at_least(values, t):6.3f}" for t in thresholds)
              + f" {max(values):5.3f} {len(values)}")
    top = sorted(pairs, key=lambda p: -p[2])
    first20 = [p for p in top if story_of[p[0]] < 20][:8]
    print("  highest, first 20 stories:", ", ".join(f"{d}<-{s} {c:.2f}" for d, s, c in first20))
    synthetic = synthetic_rewrites(ecb.articles, ecb.story)
    print("\ncopied_share of synthetic same-language rewrites of ecbplus first-12 texts: share >= threshold")
    for kind, values in synthetic.items():
        values.sort()
        print(f"{kind:12s} n={len(values):3d} median {values[len(values) // 2]:.3f}  "
              + " ".join(f"{t:.2f}:{_share_at_least(values, t):.3f}" for t in thresholds))


def main() -> None:
    global CACHE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt-stories", type=int, default=6)
    parser.add_argument("--wmt-every", type=int, default=0,
                        help="every Nth wmt24-dev story of the whole file instead of the first --wmt-stories")
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder of the prepared-sample pickles")
    parser.add_argument("--no-lexical", action="store_true", help="skip the copied-text report on ECB+")
    parser.add_argument("--ecb-stories", type=int, default=12)
    parser.add_argument("--semeval", action="store_true", help="add semeval2022-dev de-en same-event pairs")
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list wrong and missed links of the chosen rule")
    parser.add_argument("--linked", action="store_true",
                        help="derive on the linker's own stories (the whole pipeline replayed, batch by batch) for "
                             "the wmt24 sample, and list the rows that miss their gold source by cause")
    parser.add_argument("--standout", action="store_true",
                        help="report the long-aligned rule's signal (standout) on the wmt24 sample's gold pairs "
                             "under the score bar and on pairs that are no derivation (demo, semeval de-en, "
                             "wmt24 translations against another story's original), then stop")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a derivation setting for this run (a Python literal; e.g. "
                             "DERIVATION_MIN_STANDOUT=None); repeatable")
    args = parser.parse_args()
    CACHE = args.cache
    import ast
    for item in args.set:
        name, value = item.split("=", 1)
        if not hasattr(stories_module, name):
            parser.error(f"--set: babelwire.stories has no setting {name}")
        setattr(stories_module, name, ast.literal_eval(value))
    if args.linked:
        sys.path.insert(0, str(ROOT / "scripts"))
        import tune_linking
        tune_linking.set_cache(CACHE)
        data = stories_set("wmt24", "wmt24-dev.stories.jsonl", args.wmt_stories, args.wmt_every)
        result = linked_report(data)
        print(f"{data.name}, derived on the linker's stories: R {result['recall']:.4f} P {result['precision']:.4f} "
              f"claimed {result['claimed']} of {result['gold']}; wrong or missed by cause: "
              + ", ".join(f"{c} {len(v)}" for c, v in result["causes"].items()))
        if args.verbose:
            for cause, rows in result["causes"].items():
                for k, got, gold in rows:
                    print(f"  {cause}: {k} <- {got} (gold {gold})")
        return
    if args.standout:
        standout_report(stories_set("wmt24", "wmt24-dev.stories.jsonl", args.wmt_stories, args.wmt_every),
                        [demo_set(), semeval_set()], (1.0, 1.5, 2.0, 2.5, 3.0))
        return
    sets = [stories_set("wmt24", "wmt24-dev.stories.jsonl", args.wmt_stories, args.wmt_every),
            stories_set("ecbplus", "ecbplus-dev.stories.jsonl", args.ecb_stories)]
    if not args.no_demo:
        sets.append(demo_set())
    if args.semeval:
        sets.append(semeval_set())

    run(sets, "before: score >= 0.90, any languages", rule=old_rule, DERIVATION_CHAIN_THRESHOLD=99.0,
        DERIVATION_SENTENCE_LEVEL=False)
    chosen = run(sets, "chosen (settings.py)")
    print("\ncopied share (any languages) | alignment score (different languages only)")
    for share in (0.4, 0.5, 0.6, 0.7, 0.8):
        for threshold in (0.75, 0.8, 0.85, 0.9):
            run(sets, f"copied >= {share:.2f}, score >= {threshold:.2f}",
                DERIVATION_MIN_COPIED_SHARE=share, DERIVATION_THRESHOLD=threshold)
    for chain in (0.45, 0.55, 0.65, 0.75, 0.85, 99.0):
        run(sets, f"original of a derived source >= {chain:.2f}" if chain < 9 else "no step to the original",
            DERIVATION_CHAIN_THRESHOLD=chain)
    for n in (3, 5, 8):
        run(sets, f"shingles of {n} words", DERIVATION_SHINGLE_TOKENS=n)
    for least in (1.5, 2.0, 2.5, 3.0, None):
        run(sets, f"long aligned: standout >= {least:.1f}" if least is not None else "no long-aligned rule",
            DERIVATION_MIN_STANDOUT=least)
    run(sets, "paragraph level only", DERIVATION_SENTENCE_LEVEL=False)
    run(sets, "labels trusted when they agree", DERIVATION_SAME_SCRIPT_MIN_OVERLAP=0.0)
    run(sets, "labels trusted when they differ", DERIVATION_SAME_LANGUAGE_MIN_WORD_SHARE=99.0)
    if args.verbose:
        for name, result in chosen.items():
            print(f"\n{name} (chosen): wrong {result['wrong']}\n  missed {result['missed']}")
    if not args.no_lexical:
        lexical_report(next(d for d in sets if d.name == "ecbplus"), (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9))


if __name__ == "__main__":
    main()
