"""Fit the projection the HNSW graph stores its leads in (babelwire/data/lead_projection.npy).

    python scripts/build_lead_projection.py [--dims 192] [--articles 4900]

The graph (:mod:`babelwire.ann`, from ``ANN_MIN_ARTICLES`` stored articles) only chooses which stored
articles are compared in full with a new one; it need not hold all 384 dimensions of their first-tier leads.
This ingests one pass of the bench corpus (the dev sets' texts, ``../shared/data/eval``: tuning data) in tiered
mode, centres each article's lead with its language's mean and scales it to unit length (what the index
holds), and keeps the top ``--dims`` principal directions of those leads as a (dims, 384) float32 matrix,
strongest first. Prints the share of the leads' variance it keeps.
"""
from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "babelwire" / "data" / "lead_projection.npy"


def centred_leads(db: Path) -> np.ndarray:
    """The store's lead vectors, each centred with its language's mean and scaled to unit length (zero ones
    left out)."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT lang, lead_vector FROM articles WHERE lead_vector IS NOT NULL").fetchall()
    con.close()
    langs = np.array([lang or "und" for lang, _ in rows])
    leads = np.stack([np.frombuffer(blob, np.float32) for _, blob in rows]).astype(np.float64)
    for lang in set(langs.tolist()):
        leads[langs == lang] -= leads[langs == lang].mean(axis=0)
    norms = np.linalg.norm(leads, axis=1)
    keep = norms > 1e-6
    return leads[keep] / norms[keep, None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=192)
    parser.add_argument("--articles", type=int, default=4900, help="bench corpus articles (4,900: one pass)")
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()

    from babelwire.bench import build_corpus, write_corpus
    from babelwire.pipeline import ingest

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fit.db"
        ingest([str(write_corpus(build_corpus(args.articles), Path(tmp) / "corpus"))], db, mode="tiered")
        leads = centred_leads(db)
    _, singular, directions = np.linalg.svd(leads - leads.mean(axis=0), full_matrices=False)
    kept = float((singular[: args.dims] ** 2).sum() / (singular ** 2).sum())
    np.save(args.output, directions[: args.dims].astype(np.float32))
    print(f"{len(leads)} leads; {args.dims} of 384 dimensions keep {kept:.3f} of their variance; wrote {args.output}")


if __name__ == "__main__":
    main()
