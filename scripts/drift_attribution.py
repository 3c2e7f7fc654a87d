"""Attribution framing on WMT24 dev translations: false flags on the untouched texts, and synthetic edits.

For each translation of the sample (line-aligned with its English source, ``drift_common.sample``):

- the report of the untouched pair: every ``attribution`` framing flag on a faithful human translation is a
  false alarm (or a translator's liberty), counted per language;
- edits: in up to ``--per-kind`` kept groups whose other side frames nothing (``framing.attribution`` is None), a
  reporting frame is written into one side -- the derived sentence ("stated as fact in the source, attributed
  here") or the English one ("attributed in the source, stated as fact") -- from the templates below, one per
  group in turn; the edit counts as flagged when the report of the edited pair has an ``attribution`` flag on the
  edited sentence's group. A miss is put down to the alignment (the edited sentence, a short one made much longer,
  no longer aligned: it is listed added or dropped, not changed) or to what the unedited side has: a quotation or a
  word of speech or report (level 1, which the rule compares with neither side by design), or nothing (level 0).

The templates are ours and use frames the cue lists hold: recall here measures what the level rule costs (a
speech word or a quotation on the other side hides an added frame), not how many of a language's ways of
attributing the lists know. ``--old-lists`` scores the word lists before the levels
(``PROVENANCE_ATTRIBUTION_LEVELS = False``) on the same edits.

    python scripts/drift_attribution.py --skip-docs 16 --docs 8 --cache /tmp/drift13/cache-d17.npz [--old-lists]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drift_common import EmbeddingCache, align_lines, article, load_wmt, sample  # noqa: E402

import babelwire.framing as framing_module  # noqa: E402
from babelwire.framing import attribution, attribution_level  # noqa: E402
from babelwire.provenance import report  # noqa: E402
from babelwire.sentences import split_article  # noqa: E402

# (prefix, suffix): the sentence, its final stop taken off, goes between them
TEMPLATES = {
    "en": [("", ", police said."), ("According to the local council, ", ""), ("", ", officials told reporters.")],
    "cs": [("", ", uvedla policie."), ("Podle místních úřadů ", ""), ("", ", řekl mluvčí.")],
    "de": [("", ", sagte die Polizei."), ("Laut Polizei: ", ""), ("", ", berichtete die Zeitung.")],
    "es": [("", ", según la policía."), ("", ", dijo el portavoz."), ("", ", informó la agencia.")],
    "hi": [("पुलिस के अनुसार, ", ""), ("अधिकारियों ने बताया कि ", ""), ("प्रवक्ता का कहना है कि ", "")],
    "is": [("", ", að sögn lögreglunnar."), ("Samkvæmt lögreglunni: ", ""), ("", ", sagði talsmaðurinn.")],
    "ja": [("警察によると、", ""), ("", "と関係者は述べた。"), ("報道によれば、", "")],
    "ru": [("", ", сообщила полиция."), ("По словам очевидцев, ", ""), ("", ", заявил представитель.")],
    "uk": [("", ", повідомила поліція."), ("За словами очевидців, ", ""), ("", ", заявив представник.")],
    "zh": [("据警方称，", ""), ("", "，发言人表示。"), ("据报道，", "")],
}
_STOP = re.compile(r"[.!?。！？।…]+$")


def framed(text: str, lang: str, n: int) -> str:
    prefix, suffix = TEMPLATES[lang][n % len(TEMPLATES[lang])]
    body = text.strip()
    if suffix:
        body = _STOP.sub("", body)
    if prefix and lang in ("en", "cs", "de", "es", "is", "ru", "uk") and prefix.endswith(", ") and body[:1].isupper() \
            and not body[:2].isupper():
        body = body[:1].lower() + body[1:]   # "According to the local council, the town ..."
    return prefix + body + suffix


def _replace(lines: list[str], sentence, new_text: str) -> list[str]:
    out = list(lines)
    p = out[sentence.paragraph]
    out[sentence.paragraph] = p[:sentence.start] + new_text + p[sentence.end:]
    return out


def _flagged(rep: dict, side: str, idx: int) -> bool:
    key = "source_sentences" if side == "source" else "derived_sentences"
    return any(f["kind"] == "attribution" and f[key] is not None and idx in f[key] for f in rep["framing"])


def run(pairs: list[dict], cache: EmbeddingCache, per_kind: int, seed: int) -> dict:
    rng = random.Random(seed)
    false_flags: Counter = Counter()
    groups_seen: Counter = Counter()
    edits: Counter = Counter()
    flagged: Counter = Counter()
    missed_by: dict = defaultdict(Counter)
    misses = []
    n_template = 0
    for n, pair in enumerate(pairs):
        lang = pair["lang"]
        rep = report(article(pair["derived"], lang), article(pair["source"], "en"),
                     align_lines(pair["derived"], pair["source"], lang, cache))
        false_flags[lang] += sum(f["kind"] == "attribution" for f in rep["framing"])
        groups_seen[lang] += len(rep["kept"])
        d_sentences, s_sentences = split_article(pair["derived"]), split_article(pair["source"])
        order = list(range(len(rep["kept"])))
        rng.shuffle(order)
        done = Counter()
        for g in order:
            kept = rep["kept"][g]
            src = " ".join(x["text"] for x in kept["source_sentences"])
            der = " ".join(x["text"] for x in kept["derived_sentences"])
            if attribution(src, "en") or attribution(der, lang) or _flagged(rep, "derived", kept["derived_sentences"][0]["idx"]):
                continue
            for side in ("derived", "source"):
                if done[side] >= per_kind:
                    continue
                done[side] += 1
                edit_lang = lang if side == "derived" else "en"
                first = (kept["derived_sentences"] if side == "derived" else kept["source_sentences"])[0]
                sentence = (d_sentences if side == "derived" else s_sentences)[first["idx"]]
                new_text = framed(sentence.text, edit_lang, n_template)
                n_template += 1
                if side == "derived":
                    new_rep = report(article(_replace(pair["derived"], sentence, new_text), lang),
                                     article(pair["source"], "en"),
                                     align_lines(_replace(pair["derived"], sentence, new_text), pair["source"], lang, cache))
                else:
                    new_rep = report(article(pair["derived"], lang), article(_replace(pair["source"], sentence, new_text), "en"),
                                     align_lines(pair["derived"], _replace(pair["source"], sentence, new_text), lang, cache))
                edits[side] += 1
                if _flagged(new_rep, side, first["idx"]):
                    flagged[side] += 1
                    continue
                other = src if side == "derived" else der
                level = attribution_level(other, "en" if side == "derived" else lang)
                key = "derived_sentences" if side == "derived" else "source_sentences"
                if not any(first["idx"] in [x["idx"] for x in g2[key]] for g2 in new_rep["kept"]):
                    cause = "edited sentence left unaligned (listed added or dropped)"
                elif level == 1:
                    cause = "other side level 1 (speech word or quotation)"
                else:
                    cause = "other side level 0"
                missed_by[side][cause] += 1
                misses.append({"lang": lang, "doc": pair["doc"], "side": side, "text": new_text, "other": other,
                               "cause": cause})
        if n % 9 == 8:
            cache.save()
            print(f"{n + 1}/{len(pairs)} pairs", file=sys.stderr, flush=True)
    cache.save()
    return {"pairs": len(pairs), "false_flags": dict(false_flags), "false_flags_all": sum(false_flags.values()),
            "groups": sum(groups_seen.values()), "edits": dict(edits), "flagged": dict(flagged),
            "missed_by": {k: dict(v) for k, v in missed_by.items()}, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--skip-docs", type=int, default=0)
    ap.add_argument("--lines", type=int, default=15)
    ap.add_argument("--per-kind", type=int, default=2, help="edits per side and translation")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", default="/tmp/babelwire-drift-cache.npz")
    ap.add_argument("--old-lists", action="store_true",
                    help="score with the word lists before the levels (PROVENANCE_ATTRIBUTION_LEVELS = False)")
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("--misses", action="store_true", help="print every missed edit")
    args = ap.parse_args()
    if args.old_lists:
        framing_module.PROVENANCE_ATTRIBUTION_LEVELS = False
    cache = EmbeddingCache(Path(args.cache))
    pairs = sample(load_wmt(), args.docs, args.lines, skip=args.skip_docs)
    result = run(pairs, cache, args.per_kind, args.seed)
    print(f"{result['pairs']} translations, {result['groups']} kept groups")
    print(f"false attribution flags on the untouched translations: {result['false_flags_all']} "
          f"{dict(sorted(result['false_flags'].items()))}")
    for side, what in (("derived", "frame written into the translation"), ("source", "frame written into the English")):
        e, f = result["edits"].get(side, 0), result["flagged"].get(side, 0)
        print(f"{what}: {f}/{e} flagged ({f / max(e, 1):.3f}); missed: {result['missed_by'].get(side, {})}")
    if args.misses:
        for m in result["misses"]:
            print(f"MISS {m['side']:8} {m['lang']} {m['doc']}: {m['text'][:90]} || {m['other'][:90]} ({m['cause']})")
    if args.json_out:
        with open(args.json_out, "w") as fh:
            json.dump(result, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
