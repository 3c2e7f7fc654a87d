"""Every threshold, weight and limit babelwire uses, in one place.

Each value says where it came from. Figures measured on ``../shared/data/eval``
are figures on *tuning* data (the dev halves); held-out halves judge the product.
"""
from __future__ import annotations

# --- read -----------------------------------------------------------------
# A single text/HTML article larger than this is refused (a news article is
# rarely over 200 kB; a 5 MB "article" is a dump or a mistake). JSON lines
# files are streamed, so only one line is held at a time and this limit
# applies per line.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
