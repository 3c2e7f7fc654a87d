"""Tune the link stage on dev samples (tuning data) by replaying the real linker.

Prepares (clean → … → entities) each sample once and caches the prepared articles in /tmp, then replays
the real linker (``babelwire.link.link``) in file order, batch by batch as ``babelwire ingest``
does (language means updated and the index re-centred per batch of ``INGEST_BATCH_SIZE``), and prints
B-cubed F1 (precision / recall) per sample:

- ``ecb1-20``: ecbplus-dev, first 20 stories (topics 1-10) — what the link settings are tuned on;
- ``ecb21-30``: ecbplus-dev, stories 21-30 (topics 11-16), replayed on their own — a check, never tuned on;
- ``wmt24``: wmt24-dev, first 6 stories (translations into 9 languages);
- ``demo``: samples/demo; ``quakes`` says whether the Peru and Turkey earthquakes stay apart.

Prepared-article figures differ slightly from ``babelwire eval`` (which learns site debris across batches);
confirm a choice end to end with ``babelwire eval``.

    python scripts/tune_linking.py                         # the shipped settings
    python scripts/tune_linking.py --grid LINK_THRESHOLD=0.5,0.55,0.6 --grid LINK_NEAR_COPY_LEAD=0.8,0.9
    python scripts/tune_linking.py --grid LINK_WEIGHTS.names=0.1,0.25
"""
from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babelwire import link as link_module  # noqa: E402
from babelwire.article import Article, content_id  # noqa: E402
from babelwire.embed import LanguageMeans  # noqa: E402
from babelwire.evaluate import bcubed, first_stories  # noqa: E402
from babelwire.pipeline import prepare  # noqa: E402
from babelwire.read import read  # noqa: E402
from babelwire.settings import INGEST_BATCH_SIZE  # noqa: E402

EVAL = ROOT.parent / "shared" / "data" / "eval"
DEMO = ROOT / "samples" / "demo"


def _rows(name: str, stories: int) -> list[dict]:
    return first_stories([json.loads(line) for line in open(EVAL / name, encoding="utf-8")], stories)


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
        cache.write_bytes(pickle.dumps(done))
        print(f"prepared {min(start + INGEST_BATCH_SIZE, len(todo))}/{len(todo)} for {cache}", file=sys.stderr)
    return [done[row["id"]] for row in rows]


def _demo() -> tuple[list[Article], list[str]]:
    cache = Path("/tmp/babelwire-tune-demo.pkl")
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


def samples(ecb_tune: int = 20, ecb_check: int = 30, wmt: int = 6) -> dict[str, tuple[list[Article], list[str]]]:
    """name -> (prepared articles in file order, gold story of each)."""
    out = {}
    ecb_rows = _rows("ecbplus-dev.stories.jsonl", ecb_check)
    ecb = _prepared_rows(ecb_rows, Path("/tmp/babelwire-tune-ecbplus-articles.pkl"))
    order = list(dict.fromkeys(r["story"] for r in ecb_rows))
    tune, check = set(order[:ecb_tune]), set(order[ecb_tune:])
    for name, keep in ((f"ecb1-{ecb_tune}", tune), (f"ecb{ecb_tune + 1}-{ecb_check}", check)):
        picked = [(a, r["story"]) for a, r in zip(ecb, ecb_rows) if r["story"] in keep]
        out[name] = ([a for a, _ in picked], [s for _, s in picked])
    wmt_rows = _rows("wmt24-dev.stories.jsonl", wmt)
    out[f"wmt24-{wmt}"] = (_prepared_rows(wmt_rows, Path("/tmp/babelwire-tune-wmt24-articles.pkl")),
                          [r["story"] for r in wmt_rows])
    out["demo"] = _demo()
    return out


def replay(articles: list[Article]) -> list[int]:
    """Predicted story ids of ``articles``: the real linker, batch by batch as ingest runs it."""
    return [a.story_id for a in replay_articles(articles)]


def replay_articles(articles: list[Article]) -> list[Article]:
    """Copies of ``articles`` linked by the real linker in order (with their link explanations)."""
    means = LanguageMeans()
    index = link_module.StoryIndex(means)
    counter = itertools.count(1)
    fresh = [Article(**{**a.__dict__, "story_id": None, "link_explanation": None}) for a in articles]
    out = []
    for start in range(0, len(fresh), INGEST_BATCH_SIZE):
        batch = fresh[start:start + INGEST_BATCH_SIZE]
        for a in batch:
            means.add(a)
        index.recentre()
        out.extend(link_module.link(batch, index, lambda title: next(counter)))
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


def _set(name: str, value: float) -> None:
    """Set a LINK_* setting as the linker reads it (module globals; a dict entry as NAME.key)."""
    if isinstance(getattr(link_module, name, None), int) and float(value).is_integer():
        value = int(value)
    if "." in name:
        table, key = name.split(".", 1)
        getattr(link_module, table)[key] = value
    else:
        setattr(link_module, name, value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecb-tune", type=int, default=20, help="ECB+ stories tuned on (the first N)")
    parser.add_argument("--ecb-check", type=int, default=30, help="ECB+ stories up to this one are the check")
    parser.add_argument("--wmt-stories", type=int, default=6)
    parser.add_argument("--grid", action="append", default=[],
                        help="NAME=v1,v2,... (a LINK_* setting, or LINK_WEIGHTS.key); repeat for a grid")
    args = parser.parse_args()
    data = samples(args.ecb_tune, args.ecb_check, args.wmt_stories)
    grid = [(name, [float(v) if v not in ("None", "True", "False") else eval(v) for v in values.split(",")])
            for name, values in (g.split("=", 1) for g in args.grid)]
    names = [n for n, _ in grid]
    print(" ".join(names) + ("  " if names else "") + "  ".join(f"{k:>22}" for k in data))
    for values in itertools.product(*[v for _, v in grid]):
        for name, value in zip(names, values):
            _set(name, value)
        result = score(data)
        print(" ".join(f"{v!s:>{len(n)}}" for n, v in zip(names, values)) + ("  " if names else "")
              + "  ".join(f"{result[k]:>22}" for k in data), flush=True)


if __name__ == "__main__":
    main()
