"""Sweep LINK_THRESHOLD and the cross-language bonus on dev samples (tuning data).

Prepares (clean → … → entities) a fixed sample of wmt24-dev and ecbplus-dev once, caches the prepared
articles, then replays the real greedy linker (babelwire.link.link) in file order for each setting and
prints B-cubed F1 per sample. Language means are estimated from the whole sample at once (ingest updates
them batch by batch), so figures differ slightly from `babelwire eval`.

    python scripts/tune_linking.py [--wmt-stories 6] [--ecb-stories 12]
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

EVAL = ROOT.parent / "shared" / "data" / "eval"


def sample(name: str, stories: int) -> list[dict]:
    rows = [json.loads(line) for line in open(EVAL / name, encoding="utf-8")]
    return first_stories(rows, stories)


def prepared(rows: list[dict], cache: Path) -> list[Article]:
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    articles = []
    for row in rows:
        raw = row["text"]   # as `babelwire eval` feeds it: JSON lines with no title, the whole text as body
        a = Article(id=content_id(raw.encode()), raw=raw, external_id=row["id"], body=raw, fmt="jsonl",
                    published=row.get("published"))
        articles.append(a)
    out = []
    for start in range(0, len(articles), 64):
        out.extend(prepare(articles[start:start + 64]))
    cache.write_bytes(pickle.dumps(out))
    return out


def replay(articles: list[Article], threshold: float, bonus: float) -> list[int]:
    link_module.LINK_THRESHOLD = threshold
    link_module.LINK_WEIGHTS["cross_language"] = bonus
    means = LanguageMeans()
    for a in articles:
        means.add(a)
    index = link_module.StoryIndex(means)
    counter = itertools.count(1)
    fresh = [Article(**{**a.__dict__, "story_id": None}) for a in articles]
    return [a.story_id for a in link_module.link(fresh, index, lambda title: next(counter))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt-stories", type=int, default=6)
    parser.add_argument("--ecb-stories", type=int, default=12)
    args = parser.parse_args()
    sets = {
        "wmt24": sample("wmt24-dev.stories.jsonl", args.wmt_stories),
        "ecbplus": sample("ecbplus-dev.stories.jsonl", args.ecb_stories),
    }
    data = {k: (rows, prepared(rows, Path(f"/tmp/babelwire-tune-{k}-{len(rows)}.pkl"))) for k, rows in sets.items()}
    print("threshold bonus " + " ".join(f"{k:>9}" for k in data))
    for threshold in (0.45, 0.5, 0.55, 0.6, 0.65):
        for bonus in (0.0, 0.05, 0.1, 0.15):
            scores = []
            for rows, articles in data.values():
                pred = replay(articles, threshold, bonus)
                scores.append(bcubed([r["story"] for r in rows], pred).f1)
            print(f"{threshold:9.2f} {bonus:5.2f} " + " ".join(f"{s:9.3f}" for s in scores), flush=True)


if __name__ == "__main__":
    main()
