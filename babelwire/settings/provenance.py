"""Settings of sentences, alignment and drift (sentences.py, alignment.py, provenance.py, facts.py, cues.py).

Part of :mod:`babelwire.settings` (the one place every threshold lives; import from there).
Figures measured on ``../shared/data/eval`` are figures on *tuning* data (the dev halves).
"""
from __future__ import annotations

# --- provenance: sentences, alignment, drift (sentences.py, alignment.py, provenance.py) -----
# A quotation closing within this many characters is never split into
# sentences, so a two-sentence quote stays with its speaker; longer "quotes"
# are usually an unbalanced mark, and are split as ordinary text.
SENTENCE_MAX_QUOTE_CHARS = 400
# Sentence alignment (alignment.align), on centred sentence vectors. A one-to-one
# link needs this cosine. WMT24 dev sample (8 docs x 15 lines x 9 languages,
# docs/provenance.md): a translated sentence's best cosine within its true line
# is 0.19-0.36 at the 10th percentile (is lowest), 0.45-0.60 median; line
# accuracy at floors 0.45 / 0.3 / 0.2: worst language 0.61 / 0.89 / 0.96.
PROVENANCE_LINK_MIN_COSINE = 0.2
# Below this cosine a one-to-one link also needs the pair to be the best match
# of one of its two sentences (an added sentence's best match is taken already).
PROVENANCE_LINK_SURE_COSINE = 0.45
# ... and, where the pair is the best match of only one of its sentences, a mean
# cosine of its diagonal neighbours (pairs just before and after) of at least
# this: a dropped sentence's best match elsewhere is no translation of it. WMT24
# synthetic sample (--docs 8 --per-kind 3, ~779 edits, dev), off / 0.15 / 0.2 /
# 0.25: dropped recall 0.866 / 0.917 / 0.926 / 0.926, added 0.963 / 0.968 /
# 0.972 / 0.972; false "dropped" 0.034 / 0.037 / 0.039 / 0.042, false "added"
# 0.055 / 0.058 / 0.060 / 0.062; line accuracy 0.995 / 0.995 / 0.994 / 0.994
# (worst language 0.973 / 0.982 / 0.982 / 0.982). (Required of every one-sided
# pair, 0.2 gave dropped 0.926 but false "dropped" 0.052, worst line 0.955.)
PROVENANCE_ONE_SIDED_MIN_DIAGONAL = 0.2
# ... and a pair below PROVENANCE_LINK_SURE_COSINE a tenth of the text or more from the same relative
# position in both (PROVENANCE_POSITION_BONUS is 0 there) needs this mean cosine of its diagonal neighbours
# even where each is the other's best match (None: not asked): a dropped sentence and an added one far apart
# ("Fuck, Al." and a closing "変だな。", cosine 0.29) are a chance match, not a moved sentence. Alignment-only
# replay of the 989 edits of drift_synthetic.py --docs 8 --per-kind 3 (scripts/drift_alignment_replay.py,
# dev), off / 0.1 / 0.2 / 0.3: dropped 202 / 203 / 204 / 203 of 216 flagged, added 211 / 211 / 211 / 212;
# false "dropped" 53 / 53 / 54 / 56 of 3,087, false "added" 118 / 118 / 119 / 123 of 3,222 (measured with
# the gap settings below before their narration lengths; with them, off / 0.2: dropped 202 / 204, false
# 51 / 52 and 116 / 117).
PROVENANCE_FAR_LINK_MIN_DIAGONAL = 0.2
# A left-over sentence joins its neighbour's group (one-to-many / many-to-one)
# from this cosine with that group's sentence (seeds: "Asked about ... Peskov
# said" 0.38 with the Hindi sentence that merges it with the next one). The same
# floor lets a sentence whose best match is elsewhere join a neighbour's group
# (its cosine with one of the group's counterparts): WMT24 synthetic sample
# (drift_synthetic.py --docs 8 --per-kind 3, ~800 edits, dev), without / with:
# speaker 0.900 / 0.914, dropped 0.949 / 0.940, false "dropped" 118 / 65 of
# 3,060, false "added" 196 / 140 of 3,184, line accuracy 0.994 / 0.993.
PROVENANCE_ATTACH_MIN_COSINE = 0.15
# A left-over sentence joins a group only if the group's two sides, summed, are
# then no further apart than this (the merged text renders it; a dropped
# neighbour would pull them apart). WMT24 synthetic sample (drift_synthetic.py
# --docs 8 --per-kind 3, ~800 edits, dev), 0.02 / 0.0: dropped recall 0.926 /
# 0.935, added 0.972 / 0.977, but false "dropped" 0.039 / 0.040 and false
# "added" 0.061 / 0.066 per sentence, line accuracy 0.994 / 0.993: kept at 0.02.
PROVENANCE_ATTACH_TOLERANCE = 0.02
# ... and only where the group's derived/source length ratio (characters without
# negation and hedge cues) ends no further from the median ratio of the one-to-one
# links than before, plus this slack on the log scale (None: lengths not weighed):
# a merged sentence is as long as the two it renders, a dropped neighbour is not
# in it. WMT24 synthetic sample (drift_synthetic.py --docs 8 --per-kind 3, ~796
# edits, dev), None / 0.0 / 0.1 / 0.2 / 0.3 / 0.5: dropped recall 0.926 / 0.949 /
# 0.949 / 0.949 / 0.944 / 0.935, negation 0.942 / 0.949 / 0.949 / 0.949 / 0.943 /
# 0.943, other kinds unchanged; false "dropped" 118 / 121 / 118 / 118 / 117 / 117
# of 3,060, false "added" 193 / 204 / 200 / 196 / 195 / 193 of 3,184; line
# accuracy 0.994 at None and 0.2 (worst language 0.982 both). At 0.2 on
# --docs 16, documents 9-16 (not tuned on): dropped 0.852 -> 0.889. (Swept
# before the neighbour attachment above was added.)
PROVENANCE_ATTACH_LENGTH_SLACK = 0.2
# ... and where adding the sentence brings the group's length ratio at least this much closer to the typical
# one (log scale: the group is short of a sentence on that side), its two sides may come this much further
# apart (instead of PROVENANCE_ATTACH_TOLERANCE). Chosen from the edits it was missing on the WMT24 synthetic
# sample (drift_synthetic.py --docs 8 --per-kind 3, dev; not swept): four speaker edits whose edited piece of a
# split lowered its group's cosine by 0.025-0.074 while adding it closed a length gap of 0.56-0.76. On the
# same 802 edits (--edits-in): speaker 132 -> 135 of 140 flagged, added 210 -> 209 of 216; false "added"
# 129 -> 114 of 3,189 sentences, false "dropped" 67 -> 60 of 3,087 (dev figures). Session 6 (with the gap
# and far-link settings of this file; alignment-only replay of the 989 edits of drift_synthetic.py --docs 8
# --per-kind 3, scripts/drift_alignment_replay.py, dev), gain 0.25 / 0.2 / 0.15 (tolerance 0.08): edited
# sentence still aligned to its source, speaker 136 / 137 / 137 of 140, hedge 23 / 24 / 24 of 24, quote left
# out 141 / 142 / 142 of 162; dropped 204 of 216 at all three; false "dropped" 52 / 49 / 49 of 3,087, false
# "added" 117 / 112 / 111 of 3,222 ("Ich würde mit Alborn nach der Schicht reden." closes a length gap of
# 0.23 and lowers its group's cosine by 0.024). Tolerance 0.1 at 0.2 gained one more speaker edit and lost
# a dropped one (203): kept at 0.08.
PROVENANCE_ATTACH_LENGTH_GAIN = 0.2
PROVENANCE_ATTACH_TOLERANCE_LENGTH = 0.08
# A sentence whose attachment leaves the group's length ratio further from the typical one must raise the
# group's cosine by at least this much: a dropped source sentence on its neighbour's topic (or an added one)
# moved it by -0.014 to +0.025 in the missed drop edits. Same 802 edits (dev): off / 0.03 / 0.05: dropped
# 203 / 208 / 208 of 216 flagged, added 209 / 210 / 210; false "dropped" 60 / 63 / 65 of 3,087, false
# "added" 114 / 122 / 123 of 3,189 (0.05 also lost a negation and a hedge edit).
PROVENANCE_ATTACH_WORSE_FIT_MIN_GAIN = 0.03
# Bonus added to the cosine of a pair at the same relative position in both
# texts (ranking only, never to pass the threshold): breaks near-ties in
# translations; small enough that a moved paragraph still finds its place.
# WMT24 sample, floor 0.2: bonus 0.05 / 0.1 / 0.2: worst line accuracy 0.95 / 0.96 / 0.96.
PROVENANCE_POSITION_BONUS = 0.1
# Share of the diagonal neighbours' mean cosine (the pairs just before and just
# after) added to a pair's cosine for ranking and for "best match" in align().
# WMT24 synthetic-edit sample (scripts/drift_synthetic.py --docs 4, dev figures):
# 0 / 0.2 / 0.4 / 0.6: line accuracy 0.985 / 0.993 / 0.992 / 0.991 (8 docs),
# dropped-sentence recall 0.861 / 0.875 / 0.861 / 0.861, false "dropped" per
# source sentence 0.060 / 0.048 / 0.045 / 0.045, false "added" 0.105 / 0.094 /
# 0.090 / 0.086.
PROVENANCE_DIAGONAL_WEIGHT = 0.4
# A source and a derived sentence left over between the same aligned neighbours
# (before and after) are linked from this cosine (None: never). WMT24 synthetic
# sample (scripts/drift_synthetic.py --docs 8 --per-kind 3, 778 edits, dev),
# without / with 0.1: line accuracy 0.992 / 0.995 (worst language 0.964 / 0.973);
# recall speaker 0.850 / 0.864, negation 0.887 / 0.899, dropped 0.889 / 0.866,
# added 0.968 / 0.963; false "dropped" 0.041 / 0.034, false "added" 0.061 / 0.055
# per sentence. Re-measured on ~800 edits (dev; session 3, with a negation
# clause count in place that was later dropped): 0.2 / 0.1 / 0.05 / 0.0: speaker
# 0.900 / 0.900 / 0.907 / 0.907, negation 0.936 / 0.949 / 0.949 / 0.949,
# dropped 0.940 / 0.926 / 0.926 / 0.912, added 0.977 / 0.972 / 0.968 / 0.954;
# false "dropped" 0.045 / 0.039 / 0.038 / 0.038, false "added" 0.067 / 0.061 /
# 0.060 / 0.060. Running it before the one-to-many step: dropped 0.921, line
# accuracy 0.993 (0.994 after): not taken.
# Session 6, alignment-only replay of the 989 edits of drift_synthetic.py --docs 8 --per-kind 3 (dev),
# 0.05 / 0.1 / 0.15 (with the gap settings below, before the far-link rule and the narration lengths):
# dropped 200 / 202 / 202 of 216, negation edits still
# aligned 155 / 155 / 154 of 159; false "dropped" 52 / 53 / 59 of 3,087, false "added" 117 / 118 / 124.
PROVENANCE_GAP_MIN_COSINE = 0.1
# ... and from this lower cosine (None: not at all) where the pair also shares a name, a number or a date
# and its lengths fit (PROVENANCE_GAP_LENGTH_SLACK, narration lengths included): a rendering that keeps
# only the narration of a quoted sentence ("Зазначив Крейт." for "“You say that now, …” Craith noted.")
# keeps little of its vector. Alignment-only replay of the 989 edits (drift_synthetic.py --docs 8
# --per-kind 3, scripts/drift_alignment_replay.py, dev), None / 0.05 / 0.0 / -0.05 / -0.1: quote left out
# still aligned to its source 142 / 143 / 144 / 144 / 144 of 162; every other kind and the false "dropped"
# (49 of 3,087) and "added" (112 of 3,222) the same at all five.
PROVENANCE_GAP_RELATED_MIN_COSINE = -0.05  # round 6 (written names, below): 0.0 -> -0.05
# A gap is the left-over sentences between the same aligned neighbours; up to this many on each side are
# paired (best cosine first, in order), not only one and one: a sentence edited out of reach next to one the
# translator split or added. Alignment-only replay of the 989 edits (drift_synthetic.py --docs 8 --per-kind
# 3, scripts/drift_alignment_replay.py, dev), 1 / 3 (lengths not weighed; the first change of session 6,
# on the session-5 code): edited sentence still aligned
# to its source, speaker 134 / 136 of 140, quote left out 135 / 142 of 162, quote given to another speaker
# 23 / 24 of 24; dropped 198 / 196 of 216, added 212 / 211 of 216; false "dropped" 61 / 48 of 3,087, false
# "added" 126 / 113 of 3,222. 2 / 3 / 5 (with the length test below at 0.7): dropped 202 / 202 / 201.
PROVENANCE_GAP_MAX_SENTENCES = 3
# ... and a gap pair's derived/source length ratio must be within this of the article's typical one (log
# scale; None: lengths not weighed), or their lengths without quotations (a rendering that leaves the
# quotation out: "Bettelte Queen Eirwen." for "Queen Eirwen begged, “don't send her away! ...”") must be, or
# the two must share a name, a number or a date: a dropped source sentence next to the translator's own
# short sentence ("Táta už na gauči vytuhl." for "I finally arrived home, almost brought to tears by ...",
# cosine 0.15, 2.0 off) is a drop and an addition, not one sentence. Same replay (dev), gap of 3, shared
# names but not yet narration lengths, None / 1.0 / 0.7 / 0.5 / 0.35: dropped 196 / 200 / 202 / 202 / 203
# of 216, quote left out 142 / 139 / 137 / 136 / 132 of 162; false "dropped" 48 / 49 / 53 / 57 / 62 of
# 3,087, false "added" 113 / 114 / 118 / 122 / 127 of 3,222. With narration lengths, 0.7 / 0.5: quote left
# out 141 / 141, false "dropped" 51 / 55, false "added" 116 / 120, dropped 202 both.
PROVENANCE_GAP_LENGTH_SLACK = 0.7
# A kept group is "complete" when its derived/source length ratio is within this
# factor of the article's median ratio; negation and hedge changes are only
# checked on complete groups (a rewrite that cuts a clause drops its "not").
# Lengths are counted without negation and hedge cues (facts.content_length), so
# the cue under test does not decide it: 没有 is two of 奥森没有继续回应's nine
# characters. WMT24 synthetic sample (drift_synthetic.py --docs 8 --per-kind 3,
# dev), raw / cue-free lengths (with Hindi कभी also dropped as a negation word):
# negation recall 0.900 / 0.936, false negation flags 202 / 198 of 2,880 groups.
PROVENANCE_COMPLETE_RATIO = 1.35
# ... or when the lengths differ by at most this many characters (in the source's
# measure: derived length / the article's median ratio): for a 17-character
# question rendered in 12 a ratio test alone says "incomplete", and a dropped
# "not" there went unchecked (WMT24 synthetic negation edits, dev).
PROVENANCE_COMPLETE_SLACK_CHARS = 12
# A kept group whose derived side prints fewer quotations than its source (and some source quotation's
# names and numbers are not in the derived text) is flagged "quote" too, not only one that prints none
# (marks left unpaired count a quotation a pair). WMT24 synthetic sample, quote_drop edits (a quotation
# struck out of a kept sentence; drift_synthetic.py --docs 8 --per-kind 3, dev): off / on 89 / 149 of 168
# flagged on the same edits, "quote" flags on untouched translations 12 / 21 of 2,904 groups; counting
# unpaired marks, 14 (fresh run: 151 of 162 flagged).
PROVENANCE_QUOTE_COUNT = True
# compare A B: coverage asymmetry votes for a direction when the shares of
# sentences kept differ by at least this much (seeds: English 0.9 vs Hindi 1.0).
PROVENANCE_COVERAGE_GAP = 0.1
# Votes for "this one is the source" in compare A B (stored derivation strongest;
# wire copy with dateline; a wire credit; the other copies its wire uncredited;
# earlier publication; coverage asymmetry).
PROVENANCE_DIRECTION_WEIGHTS = {"stored_derivation": 3.0, "wire_dateline": 2.0, "wire_credit": 1.5,
                                "wire_inferred": 1.0, "published_first": 1.0, "coverage": 1.0}

# --- drift round 5b: fact checks inside aligned groups (facts.py, cues.py) -----
# All figures: WMT24 synthetic sample (scripts/drift_synthetic.py --docs 8 --per-kind 3, dev = tuning data),
# on the 989 edits of the round-5 generator replayed with --edits-in (a paired before/after), false alarms on
# the 2,930 kept groups of the untouched translations.
# Negation in three levels (cues.negation_level): words that negate nothing are removed first (compounds such
# as 非常 "very", 未来 "future", 少ない "few", かもしれない "may"; 不得不 / なければならない "must"), and a side
# that negates only loosely (a tag question "isn't it?", "unable", "barely", "only", "before", a Czech ne-
# adjective, 非 / 無 in Japanese) is compared with neither side: a "negation" change needs one side negated
# and the other plain. False: one level, a negation word anywhere (before round 5b). Off / on: negation 154 /
# 149 of 159 flagged (2 edits that left a negation in, "жодного разу" without "не", 3 idioms and privatives:
# "No shit" -> "कोई बकवास", "never ending" -> "бесконечную"), false negation flags 199 / 60 of 2,930.
PROVENANCE_NEGATION_LEVELS = True
# ... except that a source negated only by a privative verb or adverb ("unable", "barely", "hated", "missing",
# "before he could"; not "deny", "refuse", "fail") against a derived side with no negation at all is "negation
# dropped" ("unable to look away" -> "could look away"). On the 1,010 edits the generator made once the levels
# were in (it then edits groups it used to skip as flagged): off / on 131 / 143 of 180 flagged, false negation
# flags 60 / 79; with the renderings of those privatives in each language loose too (hasste, odiaba, 讨厌,
# fehlte, bevor, прежде чем) 61.
PROVENANCE_NEGATION_PRIVATIVE_DROPPED = True
# Hedges in the same three levels (cues.hedge_level): a side with no hedge but a word that hedges loosely
# (verbs of seeming and thinking, modals, "surely", "around two hours") is compared with neither side. False:
# a hedge of the lists on one side only is a change. Off / on: hedge 22 / 22 of 24 flagged, false hedge
# flags 32 / 16 of 2,930 (with Hindi होगा and Japanese だろう loose: 18 of 24).
PROVENANCE_HEDGE_LEVELS = True
# Attribution framing in three levels too (framing.attribution_level): 2, a reporting frame ("according to", "police
# said", "laut Polizei", 据报道); 1, a quotation or a word of speech or report that frames no claim ("he spoke
# hurriedly", 说话, 言う); 0, neither. Only a frame on one side against a 0 on the other is "attributed … stated as
# fact". False: any word of the old lists (cues._ATTRIBUTION) on one side only. WMT24 dev (tuning data; `python
# scripts/drift_attribution.py`), off / on: attribution flags on the untouched translations, docs 1-8 / 17-24 /
# 25-32 / 33-40 / 41-42, 112 / 12, 13 / 0, 48 / 4, 10 / 2, 0 / 0; frames written into a translation flagged
# 0.708 / 0.674, 0.674 / 0.889, 0.694 / 0.903, 0.708 / 0.944, 26 / 34 of 36; frames written into the English
# 0.951 / 0.694, 0.958 / 0.896, 0.951 / 0.903, 0.931 / 0.896, 33 / 32 of 36 (144 edits a side a set; on 1-8, the
# literary texts, most misses are lines of dialogue, which the levels compare with neither side by design).
PROVENANCE_ATTRIBUTION_LEVELS = True
# A sentence "turned into a question" (or back): a question asked only inside a quotation (framing.asks), against a
# side that prints no quotation and asks nothing, is not (a title, or a line of dialogue the alignment set beside
# another sentence); an English question written without its question mark ("what why are the GPS coordinates
# getting rounded") is compared with neither side (translators add the mark or keep its absence: read as a
# question it raised docs 17-24 from 11 to 13 false flags). False: any question mark in either group. WMT24 dev untouched translations (tuning data; the flags were read), "question" flags off / on:
# docs 1-8 / 17-24 / 25-32 / 33-40 / 41-42 15 / 8, 11 / 3, 3 / 2, 0 / 0, 0 / 0.
PROVENANCE_QUESTION_OUTSIDE_QUOTES = True
# A number written with an imperial unit and the other side's number that is its metric rendering, rounded at its
# own last non-zero digit, are one number ("6 inches" / "15 cm", "350 yards" / "320 metros", "3 feet" / "1 m";
# not "15 cm" edited to "16 cm", nor "320" to "321": fact_numbers._converted). False: every such pair is a "number"
# change. With entities' glued units ("2.8km" was read as 2), WMT24 dev untouched translations (tuning data),
# "number" false alarms docs 1-8 / 17-24 / 25-32 / 33-40 / 41-42: 7 / 1 / 0 / 12 / 2 -> 2 / 1 / 0 / 2 / 1, number
# edits flagged unchanged (57/57, 40/40, 52/52, 62/62, 26/27).
PROVENANCE_UNIT_CONVERSIONS = True
# A source sentence that is one quotation (a line of dialogue) and a derived group that prints no quotation
# is a "quote" change unless the derived text has a dash (dialogue set off by a dash, Spanish and Icelandic
# style). False: never flagged (before round 5b). Off / on (with the article share below): quote_drop 151 /
# 152 of 162 flagged, false "quote" flags 14 / 14 of 2,930.
PROVENANCE_QUOTE_DASH_ONLY = True
# ... and only where the derived article prints at least this share of the source article's quotations
# (facts.article_checks): a translator who sets dialogue without quotation marks left no quote out. Without
# the share / 0.25 / 0.5 / 0.75: false "quote" flags 37 / 20 / 14 / 14, quote_drop 152 of 162 flagged at each.
PROVENANCE_QUOTE_ARTICLE_SHARE = 0.5
# A pair of unmatched names (one each side of a kept group) recurring in this many groups of one article is
# the article's rendering of the name ("Eirwen" / "Ейрін", "North" / "Севера"), not a changed name
# (facts.article_checks; None: not checked). None / 2 / 3: false name/speaker flags 63 / 35 / 37 of 2,930
# (on groups printing a quotation 28 / 25 / 26), speaker 133 of 140 and quote_speaker 23 of 24 flagged at each.
PROVENANCE_NAME_RENDERING_MIN_GROUPS = 2

# --- drift round 6 (facts.py, cues.py, alignment.py) -----------------------------------------------------
# All figures: WMT24 synthetic sample (scripts/drift_synthetic.py --per-kind 3, dev = tuning data), on the
# SAME edits as round 5b (--edits-in: 989 edits on documents 1-8, 1,696 on the 16-document run), false alarms
# on the untouched translations (2,939 kept groups on documents 1-8, 1,019 on 9-16). Documents 17-24
# (--skip-docs 16 --docs 8) are the fresh check set, never tuned on: docs/provenance.md.
# A kept group of several sentences (a post's lower-case "… might fall asleep. but you totally should." is
# one English sentence, three in translation) is also compared piece by piece: both sides cut at every full
# stop and, where they cut into as many pieces, each pair of pieces that takes the same share of its side
# (within PROVENANCE_COMPLETE_RATIO) is compared for negation, so a "not" lost in one sentence while another
# of the group still negates is flagged. False: the group compared whole only. 16-document edits, the
# alignments of round 5b (facts only), off / on: negation 249 / 253 of 272 flagged (all four on documents
# 9-16), false negation flags 109 / 109 of 3,958 groups; without the share test 254 but 112 (a Chinese
# translation that cuts its sentences elsewhere; "it must suck to be these people" / "Не завидую").
PROVENANCE_NEGATION_PIECES = True
# A source that negates a privative word ("Not impossible, but …": cues._DOUBLE_NEGATION, English) against a
# derived side that keeps only a loose negation (the privative's rendering, "To nemožné, ale …", "無理ではるけど")
# is "negation dropped"; otherwise the loose side is compared with neither. Off / on, WMT24 synthetic sample
# (scripts/drift_synthetic.py --edits-in, dev figures, tuning data): documents 33-40 negation 76 / 78 of 91
# flagged (`Není to nemožné` -> `To nemožné`, `無理ではないけど` -> `無理ではるけど`), every other count and every
# false negation flag the same on documents 1-8, 1-16, 17-24, 25-32, 33-40 and 41-42.
PROVENANCE_NEGATION_DOUBLE = True
# Hedges are compared on groups whose length ratio is within this factor of the article's median (or whose
# lengths are within PROVENANCE_COMPLETE_SLACK_CHARS): wider than the negation test (PROVENANCE_COMPLETE_RATIO),
# since a hedge is an adverb, not a clause a rewrite cuts; the misses were Ukrainian translations 1.35-1.5x
# shorter than their English ("Не важливо, він часто не озивався, імовірно, займався …"). Same 16-document
# edits (facts only, boosters below off), 1.35 / 1.5 / 1.6 / 2.0 / any: hedge 28 / 30 / 30 / 30 / 30 of 32
# flagged, false hedge flags 25 / 25 / 25 / 26 / 29 of 3,958 groups.
PROVENANCE_HEDGE_COMPLETE_RATIO = 1.5
# A booster ("surely", "totally", určitě, bestimmt, 一定: cues._HEDGE_BOOSTERS) is a loose hedge (it may render a
# "probably"), but not against a side that has a booster of its own, which it renders: "but you totallly
# should" / "ale ty bys určitě měl" left the Czech side loose and a struck-out "asi" unflagged. False: boosters
# always loose. Same edits, off / on: hedge 30 / 31 of 32 flagged, false hedge flags 25 / 25.
PROVENANCE_HEDGE_BOOSTERS_MATCHED = True
# A gap pair is "related" (PROVENANCE_GAP_RELATED_MIN_COSINE) also where a name one side finds is merely
# written on the other (sentence-initial or after a closing quote: "“…” Craith noted." / "Зазначив Крейт.",
# as facts._written counts it); False: shared entity keys only. With the floor: alignment-only replay
# (scripts/drift_alignment_replay.py, dev) of the 989 edits, written off / on, floor 0.0 / -0.05 / -0.1 /
# -0.2: quote left out still aligned 144 at all four off, 144 / 145 / 145 / 145 on (16-document edits 190 /
# 191 / 191 / 191 of 212); every other kind and the false "dropped" (49 of 3,087) and "added" (112 of 3,222)
# the same throughout.
PROVENANCE_GAP_RELATED_WRITTEN = True
# A left-over sentence joins a neighbour's group from this lower cosine (instead of
# PROVENANCE_ATTACH_MIN_COSINE) where adding it closes the group's length gap by PROVENANCE_ATTACH_LENGTH_GAIN
# (None: never): the narration left of a sentence whose quotation was struck out ("Бросила я, всё сильнее
# уставая с каждой секундой." for "“Something of the sort,” I replied …", cosine 0.107) keeps little of its
# vector. Alignment-only replay, 989 edits, None / 0.1 / 0.05 / 0.0: quote left out still aligned 145 / 146 /
# 146 / 146 of 162, dropped 204 / 204 / 202 / 202 of 216; false "dropped" 49 / 48 / 48 / 47 of 3,087, false
# "added" 112 / 107 / 104 / 100 of 3,222. 16-document edits, None / 0.1: negation still aligned 268 / 269 of
# 272, quote left out 191 / 193 of 212, dropped 398 / 397 of 432 (a Chinese one on documents 9-16); false
# "dropped" 57 / 56 of 4,122, false "added" 160 / 153 of 4,332.
PROVENANCE_ATTACH_LENGTH_MIN_COSINE = 0.1

# --- drift round 7 (alignment.py) ------------------------------------------------------------------------
# Two sentences of which one prints @handles or web addresses (alignment.verbatim_tokens: what a translation
# copies letter for letter) and the other none are linked one-to-one only from this cosine (None: the tokens
# are not compared) and never as a gap pair; a sentence that prints one its neighbour's group's other side
# lacks does not join that group. Most drop misses on documents 17-24 (posts) were such pairs: the
# "Beeindruckend!" / "बहुत बढ़िया!" / "Вражає!" split off the end of "@user43 that is a bodacious looking loaf
# … impressive!" took the dropped "@user44" line. Alignment-only replay (scripts/drift_alignment_replay.py,
# dev, the same edits), None / 0.45 / 0.6: drop edits listed, documents 17-24 194 / 201 / 201 of 216, 1-16
# 397 / 398 / 398 of 432, 1-8 204 at all three; false "dropped" 12 / 13 / 13 of 1,152 on 17-24 (a Spanish
# "@user16 ¡Uf!" + "¡El aislante de fibra de vidrio …!" split: the two settings below take it back), 56 and
# 48 (1-16, 1-8) at all three, false "added" 22 / 23 / 23 of 1,185, 152 and 106 at all three; every other
# kind the same. Comparing the tokens themselves (a pair printing different ones unlinked too), 0.45 / 0.6 /
# always: 17-24 drop 202 / 203 / 203, but number edits still aligned on 1-16 138 -> 136 / 122 / -, on 17-24
# 40 -> 40 / 40 / 31 (the generator raises the number of a handle, "@user16" -> "@user17", a change to report).
PROVENANCE_VERBATIM_CLASH_MIN_COSINE = 0.45
# A gap pair whose two sentences print the same @handles or web addresses is "related" (as one sharing a name,
# PROVENANCE_GAP_RELATED_MIN_COSINE); and after the gaps are paired, left-over derived sentences join their
# neighbours' groups as in the one-to-many step (PROVENANCE_ATTACH_AFTER_GAPS; False: not again): the rest of
# a split whose first piece a gap paired ("@user16 ¡Uf!" + "¡El aislante de fibra de vidrio se mete por todas
# partes!" for "@user16 Ugh, fiberglass insulation gets everywhere!"). Source sentences do not join again.
# Alignment-only replay (dev, the same edits), with the setting above at 0.45, related off / on, and after
# gaps off / derived sentences / source sentences too: false "dropped" on 17-24 13 / 11 / 11 / 10 of 1,152,
# false "added" 23 / 21 / 20 / 20 of 1,185; on 1-16 false "added" 152 / 152 / 150 / 150 of 4,332 (false
# "dropped" 56 / 56 / 56 / 54), on 1-8 106 / 106 / 104 / 104 of 3,222 (48 / 48 / 48 / 46) and negation edits
# still aligned 156 -> 157 of 159; drop edits listed unchanged but with source sentences joining too
# (1-8 204 -> 203, 1-16 398 -> 397): derived sentences only.
PROVENANCE_GAP_RELATED_VERBATIM = True
PROVENANCE_ATTACH_AFTER_GAPS = True
# A one-to-one pair below PROVENANCE_LINK_SURE_COSINE is not linked where its derived sentence is the missing
# piece of its diagonal neighbour's split (None: not asked): the neighbour pair (d-1/s-1 or d+1/s+1) is
# one-to-one, adding d brings its length ratio at least this much closer (log scale) to the ratio of the two
# whole articles, and closer than the pair (d, s) itself is, and d's cosine with the neighbour's source is at
# least PROVENANCE_ATTACH_MIN_COSINE and at least its cosine with s less PROVENANCE_LINK_SPLIT_PIECE_SLACK.
# Then d joins the neighbour's group (the one-to-many step) and s, which the translation dropped, is listed:
# "Ich sprach absichtlich mit tieferer Stimme, …" (the first half of "I purposely spoke in a lower tone …, a
# small chuckle escaping me …") had taken the dropped "“Hey Barkeep, get me a coffee.”" (cosine 0.236), and
# "Anschließend kreiste er über dem Waldstück …" (the end of the sentence before) the dropped "Weirdly, as he
# had slowed down, …". Alignment-only replay (scripts/drift_alignment_replay.py, dev, the same edits), gain 0.2
# with slack 0 / 0.05 / 0.1: drop edits listed, documents 1-8 204 -> 205 / 206 / 206 of 216, 1-16 398 -> 400 /
# 401 / 401 of 432, 17-24 201 -> 202 / 202 / 202 of 216; false "dropped" 48 -> 48 / 48 / 50 of 3,087, 56 ->
# 56 / 56 / 58 of 4,122, 11 -> 11 / 11 / 11 of 1,152; false "added" unchanged (104 of 3,222, 150 of 4,332,
# 20 of 1,185; 17-24 added 215 -> 214 of 215 at 0.1). Gain 0.2 / 0.3 / 0.4 without the cosine test: false
# "dropped" 48 -> 54 / 52 / 51 on 1-8, 56 -> 65 / 62 / 61 on 1-16. The one quote_drop edit the replay loses
# (a German "… rufe ich Papa kurz zu." with its quote struck out is now the second half of its split, and the
# English quote alone is listed as dropped) is flagged in the full scoring.
PROVENANCE_LINK_SPLIT_PIECE_GAIN = 0.2
PROVENANCE_LINK_SPLIT_PIECE_SLACK = 0.05

# --- drift round 14 (alignment.py) -----------------------------------------------------------------------
# After the gaps, a one-to-one link below PROVENANCE_LINK_SURE_COSINE whose two sentences sit a tenth of the text
# or more from the same relative position (no PROVENANCE_POSITION_BONUS) is undone where its derived sentence is a
# stray piece of its neighbour's rendering (None: never): the derived sentence just before or after it is in a
# group none of whose source sentences is next to the link's, the stray's cosine with one of that group's source
# sentences reaches PROVENANCE_ATTACH_MIN_COSINE, and adding it brings the group's length ratio at least this much
# closer to the typical one (log scale). The stray joins that group and the source sentence is listed dropped:
# "Beeindruckend!" (split off "@user43 das ist ein ausgezeichneter Laib …") had taken the dropped "otherwise,
# perfect. :D" ten lines on (cosine 0.25), "Ich bin mir aber sicher, dass dieses Repository mehrere Jahre lang
# privat war." the dropped "Not all of my private repos are in there." (0.23). The rule PROVENANCE_LINK_SPLIT_PIECE_GAIN
# asks the same of a diagonal neighbour only, at linking time. Drift round 13's edits (--edits-in, dev), documents
# 17-24 / 25-32 / 33-40 (tuned on), gain 0.0 / 0.1 / 0.2 without the position test: drops flagged 207 / 207 / 206,
# 210 / 210 / 210, 202 / 202 / 201 of 216 (before 206, 209, 200); false drops and adds, and every other count,
# the same. With the position test at 0.1 the same; documents 1-8 (checked at the end): false drops 47 -> 51 without
# it (quotations whose translation merges them with their attribution: "“Yes, my king.”" with "そう言って王妃は
# お辞儀をした"), 47 -> 49 with it (two chance links of the untouched translations undone: "She bowed." had
# "淡いブルーの瞳に…" from seven lines before, „Weck sie auf.“ had "What woke you guys up?" from five lines on).
PROVENANCE_LINK_STRAY_PIECE_GAIN = 0.1

# --- drift round 15 (alignment.py): false "added" and "dropped" sentences ---------------------------------
# Last of all, a sentence still left over joins the group of its neighbour (the sentence just before or after it)
# in the same paragraph where adding it brings that group's length ratio at least this much closer to the typical
# one (log scale; derived sentences PROVENANCE_PARAGRAPH_PIECE_GAIN, source sentences
# PROVENANCE_PARAGRAPH_PIECE_SOURCE_GAIN) and lowers the group's cosine (summed vectors) by no more than
# PROVENANCE_PARAGRAPH_PIECE_MAX_LOSS, whatever its own cosine: the piece of a sentence a translator split ("Stille."
# for the "Silence." that ends "“I’ll be back soon, Dad.”Silence.") or merged, which keeps little of the whole's
# vector. None: never (the source side: None, never). Round-13 edits (--edits-in, WMT24 dev, all tuning data this
# round: documents 1-8 / 17-24 / 25-32 / 33-40), derived side only, gain 0.05 / loss 0.1: false adds 103 -> 77,
# 20 -> 14, 20 -> 15, 31 -> 28; add edits flagged 211 -> 211, 215 -> 215, 195 -> 194, 211 -> 210. Loss not capped
# (gain 0.05, any cosine): false adds 60, 14, 13, 27 but add edits 209, 214, 191, 207; gain 0.1 and a cosine floor
# of 0.1 instead of the loss cap: 92, 16, 17, 28 (add edits 211, 215, 194, 211); loss 0.06 / 0.08 / 0.12: false adds
# on 1-8 89 / 82 / 74, add edits on 17-24 215 / 215 / 214. Source side, gain 0.05 / 0.1 / 0.2 / 0.3 / 0.4 / 0.5:
# false drops on 1-8 34 / 37 / 43 / 43 / 45 / 47 (of 49), on 17-24 10 / 10 / 10 / 10 / 11 / 11 (of 11), on 25-32 7 at
# all (of 8); drop edits flagged on 1-8 203 / 204 / 205 / 205 / 206 / 206 (of 206 flagged before), on 25-32 207 /
# 208 / 208 / 210 / 210 / 210 (of 210): 0.4, the lowest that costs no drop edit.
PROVENANCE_PARAGRAPH_PIECE_GAIN = 0.05
PROVENANCE_PARAGRAPH_PIECE_MAX_LOSS = 0.1
PROVENANCE_PARAGRAPH_PIECE_SOURCE_GAIN = 0.4
# The typical length ratio these gains are measured against: True, the median ratio of the whole groups at that
# point (their attached pieces in); False, the one the attach steps use, the median of the one-to-one links' first
# sentences, which runs short on translations that split a lot. With everything else of this round in place, False
# / True: false adds 76 / 72, 11 / 11, 10 / 9, 21 / 20 on documents 1-8 / 17-24 / 25-32 / 33-40; false drops and
# every add and drop edit the same (drift_alignment_replay.py; in full, drift_synthetic.py, see docs/provenance.md).
PROVENANCE_PARAGRAPH_PIECE_WHOLE_GROUPS = True
# In the same last step, a derived sentence with no letter or digit in it (an emoji, a lone "!": debris a
# translation sets apart as a sentence of its own) joins the group of the sentence before it in its paragraph (or
# else the one after it), whatever the lengths and cosines: it renders nothing a reader checks. Derived side only:
# a source emoji the rewrite leaves out stays dropped (the synthetic drop edits of documents 17-24 remove five
# translated emoji, "💪", "🤔", "💭", "📺", and count them as drops to report: joined, drop edits flagged 207 -> 202).
# False: never. False adds 14 -> 13, 15 -> 12, 28 -> 26 on documents 17-24 / 25-32 / 33-40 (1-8 has none), nothing
# else moved (no add edit is debris: the generator adds sentences of six words or more).
PROVENANCE_PARAGRAPH_DEBRIS_JOINS = True
# A gap (step 3 of alignment.align) that leaves exactly one sentence over on each side between the same aligned
# neighbours pairs them from this cosine instead of PROVENANCE_GAP_MIN_COSINE (lengths must still fit, and the
# other gap tests hold; None: PROVENANCE_GAP_MIN_COSINE): one sentence in its place on each side is that sentence's
# rendering where the encoder reads it poorly ("Loksins tókst mér að losa rafgeyminn." for "Finally the battery is
# out.", cosine 0.06; "Hef plægt akur minn" for "Plougheth mine feeldes"). With the paragraph pieces above, round-13
# edits of documents 1-8 / 17-24 / 25-32 / 33-40 (dev), None / 0.05 / 0.0 / -0.05 / -0.1: false adds 77 / 76 / 76 /
# 76 / 76, 13 / 11 / 11 / 11 / 11, 12 / 10 / 10 / 10 / 10, 26 / 23 / 21 / 20 / 20; false drops 45 / 44 / 44 / 44 /
# 44, 11 / 9 / 9 / 9 / 9, 7 / 5 / 5 / 5 / 5, 15 / 12 / 10 / 9 / 9; drop edits flagged on 25-32 210 -> 209 at all
# four (the dropped "Mine are rainbow coloured at the moment, …" pairs with a Hindi piece left over beside it),
# every other add and drop count the same. Lowering PROVENANCE_GAP_MIN_COSINE itself to 0.05 / 0.0 instead: the
# same false adds and drops on 1-8 / 17-24 / 25-32 (and 21 / 18 adds, 10 / 7 drops on 33-40), but drop edits
# flagged 206 -> 205 on 1-8 and 202 -> 201 on 33-40 too.
PROVENANCE_GAP_SINGLE_MIN_COSINE = 0.0

# --- drift round 8 (facts.py, cues.py) -------------------------------------------------------------------
# All figures: WMT24 synthetic sample (scripts/drift_synthetic.py --per-kind 3, dev = tuning data), on the SAME
# edits as round 7 (--edits-in) for documents 1-8, 1-16, 17-24 and 25-32; false alarms on the untouched
# translations. Documents 33-40 (--skip-docs 32 --docs 8) are the fresh check set, never tuned on.
# A text is a heading in capitals (its names not told by capitalisation, facts._all_caps) only where its
# upper-case letters are at least this share of its letters: a Hindi or Japanese sentence printing one Latin
# acronym ("… ट्रैकर, DMARC हटा दिए …") is none, and its name is compared. 0 (any text without lower-case
# letters, before round 8) / 0.5: speaker edits flagged on documents 25-32 93 -> 95 of 96 (with the tags
# below), false speaker flags on 17-24 26 -> 28 of 1,123 groups ("Irish" / "アイルランド" in a sentence that
# also prints "DNA"); the other sets unchanged.
PROVENANCE_ALL_CAPS_MIN_CASED_SHARE = 0.5
# Hashtags are compared as a translation copies them, letter for letter: a tag on each side that the other
# does not print is a changed name (facts._unmatched_hashtags); two tags whose spellings score at least this
# (rapidfuzz ratio, case aside) are one tag with a translator's slip ("#mastodonfc" / "#mastodenfc", ratio 90).
# The derived tag must be one the source article prints (a translated tag, "#science" / "#ciencia", is none;
# without that, 11 false name flags on documents 17-24). None: tags not compared. None / 80: speaker edits
# flagged on documents 25-32 85 -> 95 of 96 ("#MLS" -> "#MastodonFC"), false speaker flags unchanged on every
# set.
PROVENANCE_HASHTAG_MATCH_RATIO = 80
# A derived side without a hedge but with loose hedging words (cues._HEDGES_WEAK) is still plain against a
# hedged source with as many loose words: each renders one of those ("Might … probably" / "… sicherlich",
# "probably should've" / "应该"), none is left for the hedge. False: a loose side is never compared. Off / on
# (round-7 edits, dev): hedge 30 / 32 of 33 flagged on documents 17-24, the other sets unchanged; false hedge
# flags unchanged on every set. Both ways (a derived hedge against a source with as many loose words, "I'm
# thinking" / "virðist … kannski", flagged too): the same recall, false hedge flags +1 on 9-16 and +1 on
# 17-24; "at most as many" instead of "as many": +2 on 1-8 ("I could … I doubt … Maybe I shouldn't" against
# a translation that cut the last clause).
PROVENANCE_HEDGE_LOOSE_MATCHED = True
# A derived side that only renders a negation loosely (cues._NEGATION_WEAK: "nepříjemně", 难以) is "negation dropped"
# against a negated source that has at least as many loose words of its own beside its negation: each derived
# one renders one of those, none is left for the negation ("It feels uncomfortably …, even if he weren't …" /
# "… nepříjemně …, i kdyby proti …", its "nebyl" struck out). False: a loose side is never compared. Drift round 13,
# the same edits (dev): on / off, negation flagged on documents 25-32 133 / 132 of 137 (17-24, 33-40, 41-42 the same),
# but false "negation dropped" on the untouched translations of documents 1-8 61 / 59: "… the place isn't far, and I
# doubt …" against "… систему безопасности, это недалеко …" (ru, uk): "безопасности" ("security") is read as a
# loose word rendering "doubt", and "недалеко" (a negation glued into the adverb) is read as none. Off. Drift
# round 15 (round-13 edits, dev), with Russian and Ukrainian не- adjectives and adverbs read as loose words (not kept,
# docs/provenance.md): on takes back the 25-32 edit that rule loses (131 -> 133 of 137), but without that rule on
# adds 2 false flags on 1-8 (56 -> 58) for one edit on 25-32 (132 -> 133).
PROVENANCE_NEGATION_WEAK_MATCHED = False
# A quotation that only one side prints is left out of that side's negation (facts._negation_changes: the other side
# renders it as indirect speech, or drops it); but where the two whole texts, quotation in, agree on negation, they are
# compared whole: the quotation renders words the other side prints without marks ("…: No, I just don't see how …" /
# "… lese: „Nein, ich wüsste nicht, wie …“"; "shouldn't that be 'i can't get starter'?", whose single quotes are no
# quotation marks, / "… «не могу зачать» …"). Drift round 15, round-13 edits (dev): false negation flags on 17-24
# 3 fewer (those three), 25-32, 33-40 and 1-8 the same; negation recall the same on every set. False: cut always.
PROVENANCE_NEGATION_QUOTE_WHOLE = True
# "Don't forget" for "remember" (cues._FORGET): a side whose only negation is a negated "forget", against a side that
# does not speak of forgetting, is compared with neither (facts._negation_changes). Drift round 15, round-13 edits
# (dev): false negation flags on 17-24 3 fewer ("I need to remember that!" / "nesmím zapomenout", "use it" /
# "nezapomeň", "не забудь"), 25-32, 33-40 and 1-8 the same; no negation edit of the five sets touches a "forget".
PROVENANCE_NEGATION_FORGET = True
# "Not good" for "bad" (cues._NOT_GOOD): a side whose only negation is a negated "good" / "well" / "come off", against
# a side with a "bad" word ("bad", "sucks", "ugly") that the negated side does not have, is compared with neither
# (facts._negation_changes). Drift round 15, round-13 edits (dev): false negation flags on 17-24 2 fewer ("war is bad"
# / "stríð er ekki gott", "my life kind of sucks" / "人生うまく行ってない"), on 25-32 1 fewer ("they're so ugly" /
# "あんまりよくない"), 33-40 and 1-8 the same; no negation edit moved. Without the test on the negated side's own "bad"
# words it lost two edits on 1-8 ("I always feel bad …; granted they weren't very good ones" against "… cítím se
# špatně …, i když ty moc dobré ." with "nebyly" struck out, and the same in German).
PROVENANCE_NEGATION_NOT_GOOD = True
# A gap pair is "related" (PROVENANCE_GAP_RELATED_MIN_COSINE) also where both sentences print the same
# capitalised word, letter for letter, after their first word (alignment._capitalised): a name neither entity
# finder sees, "“Where are moving out to FOB I-131, … mountains” Shaw explained." / "Vysvětlil Shaw." (the
# narration left of a sentence whose quotation was struck out, cosine 0.095). False: not asked. Same edits
# (dev), False / True: quote left out on documents 1-8 157 / 158 of 162; every other count on documents 1-40
# (false drops and adds included) and WMT24 line accuracy (0.997, every language) the same.
PROVENANCE_GAP_RELATED_CAPITALISED = True
# No gap pair (PROVENANCE_GAP_MIN_COSINE) whose derived sentence has a cosine with some source sentence more
# than this above the pair's own, unless the two are related (a name, a number, a date, the same @handles):
# the derived sentence renders that other sentence (a repeated line, "$sqqq चलो।" for "lfg $sqqq" at 0.55, paired
# in the gap with "yeeee!" at 0.24 once the translation's "यी!" was dropped). None: not asked. Drift round 10,
# alignment-only replay (scripts/drift_alignment_replay.py) of the round-9 edits of documents 1-8 / 9-16 /
# 17-24 / 25-32 / 33-40 (dev), None / 0.15 / 0.2 / 0.25 / 0.3 / 0.4: drop edits flagged on 33-40 200 / 202 /
# 202 / 201 / 201 / 200 of 216, on 1-32 the same at all; false drops on 1-8 48 / 50 / 48 / 48 / 48 / 48 of
# 3,087 and on 33-40 15 / 20 / 15 / 15 / 15 / 15 of 1,242 (false adds likewise +2 / +5 at 0.15); a quote-left-out
# edit of 1-8 no longer aligned at 0.15 and 0.2 (in the full run at 0.2, quote left out on 1-8 158 -> 157 of
# 162, drop on 33-40 200 -> 202); every other count the same. Scored in full at 0.25
# (drift_synthetic.py --edits-in, the six sets): drop on 33-40 200 -> 201, every other count and false alarm the
# same; WMT24 line accuracy 0.997 and every kept share as before (drift_wmt.py).
PROVENANCE_GAP_ELSEWHERE_MARGIN = 0.25
# Negation compared piece by piece (PROVENANCE_NEGATION_PIECES) also where the two sides cut into different
# numbers of pieces (two or more each): the first pieces are compared, and the last (a sentence split or merged
# inside the group leaves its edges rendering each other). False: only sides cut into as many pieces. Drift
# round 10, the round-9 edits of documents 1-8 / 9-16 / 17-24 / 25-32 / 33-40 / 41-42 (dev), False / True:
# negation edits flagged on 9-16 105 / 106 of 113 ("… but you totallly should. that beer aint drinking itself
# aye", three pieces, against "…但你完全应该雇我。 那啤酒又会自己把自己喝掉", two, 不 struck out); every other count and
# every false negation flag (61 / 47 / 63 / 38 / 40 / 2) the same.
PROVENANCE_NEGATION_PIECE_EDGES = True
# The pair of first sentences has the start of both texts as a diagonal neighbour that agrees at this cosine
# (PROVENANCE_DIAGONAL_WEIGHT's mean), and the pair of last sentences their end; None: edge pairs take the one
# neighbour they have. Without it, the first sentence of a translation whose second was dropped was drawn to
# the dropped one by the run after it ("今月は10万メートル目指してたんだけど、達成しそう。" took "Now I wonder if a
# million meters in 2024 might be possible?" at cosine 0.30 and left its own "I was pushing for 100k meters …"
# listed dropped). Drift round 10, alignment-only replay (scripts/drift_alignment_replay.py) of the round-9
# edits of documents 1-8 / 9-16 / 17-24 / 25-32 / 33-40 / 41-42 (dev), None / 0.3 / 0.5 / 0.6 / 0.7 / 1.0:
# drop edits flagged on 17-24 202 / 203 / 203 / 203 / 203 / 204 and on 33-40 201 / 201 / 201 / 202 / 202 / 202
# of 216, on 9-16 201 at all but 1.0 (200); false drops on 1-8 48 / 46 / 46 / 47 / 47 / 47 of 3,087, false adds
# 104 / 103 at all five; every other count on the six sets the same. Scored in full at 0.6 (drift_synthetic.py
# --edits-in, the six sets): drop on 17-24 202 -> 203 and on 33-40 201 -> 202, false drops on 1-8 48 -> 47 and
# false adds 104 -> 103, false number and negation flags on 1-8 21 -> 22 and 61 -> 62 (groups now aligned
# rightly: "5時ちょうど、…" renders "At 0500 sharp, …"); WMT24 line accuracy 0.997 -> 0.998 (drift_wmt.py; is
# 0.991 -> 1.000). Penalising the other edge pairs too (a first sentence paired with a later one given a
# neighbour at 0): see docs/provenance.md, round 10.
PROVENANCE_DIAGONAL_BOUNDARY = 0.6
# Clock times compared as times of day in the number check (fact_numbers.clock_times): "At 0500 sharp" = "5時ちょうど" =
# "um 5 Uhr" = "5:00", "0430" = "4時30分", "10:26 PM" = "22:26" (hours modulo 12); four digits only in a time
# context, so a year ("in 1930") or a plain number ("1500 members") is none. False: numbers and digit counts as
# read (0500 is 500). Drift round 11, the round-9 edits of documents 1-8 / 9-16 / 17-24 / 25-32 / 33-40 / 41-42
# (WMT24 dev, tuning data), False / True: false "number changed" flags 22 / 6 of 2,939 groups on 1-8 (0500 / 5時,
# 0430 / 4時30分, 10:26 PM / 22:26 or 午後10時26分), 1 / 12 / 0 / 12 / 2 on the rest either way; number recall the
# same on every set (48 of 48 on 1-8); WMT24 line accuracy 0.998 either way (drift_wmt.py).
PROVENANCE_CLOCK_TIMES = True
# Clock times compared with the half of the day where both sides say it (fact_numbers.half_day: "PM", "午後", "上午",
# "पूर्वाह्न", hours 13-23; night and evening words for the hours 6-11 only): "10:26 PM" against "10:26 पूर्वाह्न"
# (a.m.) or "上午10点26分" is a changed time; where either side does not say it, hours compare modulo 12 as before.
# False: modulo 12 always. The lead, session 8 (after drift round 11), the round-9 edits of documents 1-8 (WMT24
# dev, tuning data), False / True: every recall the same; number flags outside the edits 4 / 5 of 2,939 groups (with the since-reverted glued-unit
# numbers; 6 / 7 without them), the
# one more a real swap by the translator ("10:26 PM" -> "上午10点26分", a.m.); drift_wmt.py output the same.
PROVENANCE_CLOCK_HALF_DAY = True

# --- drift round 16 (alignment.py): dropped sentences absorbed by a neighbour's group ----------------------
# A left-over SOURCE sentence does not join a neighbour's group (steps 2 and 4 of alignment.align) where, with it
# in, the group's derived side would be shorter than the typical length ratio asks by more than
# PROVENANCE_ATTACH_SOURCE_SHORT (log scale, against the attach steps' median ratio) AND its own cosine with the
# group's derived side is more than PROVENANCE_ATTACH_SOURCE_COSINE_GAP below the cosine of the group's source
# sentences with it: the derived side renders those, at more length than the typical ratio, and the sentence is one
# the translation dropped ("Prologue" taken into the group of "«Пожалуйста!»" for "“Please!”", once "Пролог" was
# removed; "I've wanted to fly since I was a child." into "今天梦想成真……我今天要驾驶飞机啦。"). The symmetric length test of the attach steps lets such a
# sentence in: the long rendering alone is further above the ratio than it is below with the sentence in. None
# (either): not asked. Round-13 edits (--edits-in, WMT24 dev, tuning data: documents 1-8 / 17-24 / 25-32 / 33-40),
# alignment-only replay (drift_alignment_replay.py), SHORT / GAP: drop edits flagged and false drops against
# 206 / 207 / 209 / 202 and 44 / 9 / 5 / 10 before:
#   0.15 / 0.07: drops +2 / +1 / +1 / +4, false drops +2 / +1 / 0 / 0
#   0.15 / 0.1:  drops +2 / 0 / +1 / +4, false drops +1 / +1 / 0 / 0
#   0.2 / 0.07:  drops +2 / +1 / 0 / +4, false drops +1 / +1 / 0 / 0
#   0.2 / 0.1:   drops +2 / 0 / 0 / +4, false drops 0 / +1 / 0 / 0 (kept)
#   0.2 / 0.12:  drops +1 / 0 / 0 / +3, false drops -1 / 0 / 0 / 0
#   0.25 / 0.1:  drops +1 / 0 / 0 / +3, false drops -1 / 0 / 0 / 0
# every other kind the same at all six (false adds -1 on 1-8). Either test alone costs merges: the length test alone
# (GAP None-like, -1.0) at 0.2 / 0.3 / 0.4: drops +2 / +2 / 0 / +4, +0 / +2 / 0 / +1, 0 / +1 / 0 / 0, false drops
# on 1-8 +7 / +3 / +2 and quote-left-out edits -2 / -1 / -1 on 1-8; the cosine test alone (no length test) at gap
# 0.1 / 0.15 / 0.2 / 0.25: false drops on 1-8 +27 / +17 / +11 / +5, and a hedge and quote-left-out edits lost.
# Scored in full at 0.2 / 0.1 (drift_synthetic.py --edits-in, docs/provenance.md round 16): drop edits flagged
# 206 -> 208, 207, 209, 202 -> 206 and 52 of 54 on the fresh documents 41-42 (unchanged); false drops 44, 9 -> 10,
# 5, 10, 2; WMT24 line accuracy 0.998.
PROVENANCE_ATTACH_SOURCE_SHORT = 0.2
PROVENANCE_ATTACH_SOURCE_COSINE_GAP = 0.1

# --- drift round 17 (name_renderings.py): false name and speaker changes on faithful translations -------------------
# Unmatched names of the two sides of a group that render each other are the same name (name_renderings.rendered_names):
# an acronym and its spelling in the derived language (name_renderings._ACRONYM_GROUPS), words set in capitals for
# emphasis on both sides, the names of as many hashtags each side, a two-part name with one part the same and
# the other inflected, a slip of a letter, the word after the opening @handles of both sides; never a derived
# name the source article names. False: none of these (before round 17). Figures: docs/provenance.md round 17.
PROVENANCE_NAME_RENDERINGS = True
# An upper-case word this long is a word set in capitals for emphasis ("AWARE", "DIFFICULT", "PROBLÉM"), not an
# acronym (GDPR, NATO: four letters; a five-letter acronym, DMARC, counts, but only pairs with an unmatched
# upper-case word of the other side that the source article does not print). AWARE / DIFFICULT on WMT24 dev
# documents 17-24 (tuning data): 7 false flags of 8 gone.
PROVENANCE_NAME_EMPHASIS_MIN_LETTERS = 5
# Two spellings of a name at most this many edits apart, both at least this long, are one name ("Sainsbury" /
# "Sainbury", WMT24 dev documents 25-32).
PROVENANCE_NAME_SLIP_MAX_EDITS = 1
PROVENANCE_NAME_SLIP_MIN_LETTERS = 6
# Name parts whose skeletons (entities' romanised consonants) are a letter apart, both at least this long, are one
# name spelt another script's or language's way (Wales / Уэльса / Gales: "fls" / "als" / "kls"; Eirwen / Ейрін;
# Swansea / Суонси); never a derived name the source article names (without that guard speaker edits flagged on
# documents 25-32 fall 99 -> 95 of 99). None: not asked. WMT24 dev untouched translations (tuning data), name /
# speaker flags on 1-8 / 17-24 / 25-32 / 33-40, None / 4 / 3: name 10 / 10 / 9 / 3, 10 / 10 / 9 / 3, 7 / 7 / 8 / 3;
# speaker 20 / 1 / 0 / 0, 19 / 1 / 0 / 0, 19 / 1 / 0 / 0; every recall the same at 3 (drift_synthetic.py --edits-in).
# Left off (session 12, on review): a rewrite that swaps a name for one a skeleton letter away that the source
# article does not name ("Mark" -> "Park", "Hamas" -> "Hamad") would go unflagged, and the synthetic edits, which
# always put in a name of the story, cannot measure that; the 3 + 3 + 1 name flags and 1 speaker flag it saved on
# the dev translations are not worth that miss to a fact-checker.
PROVENANCE_NAME_NEAR_SKELETON_MIN: int | None = None
