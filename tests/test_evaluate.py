"""babelwire eval: the metrics on hand-computed cases (no model), then one small
end-to-end run of the command on a few real dev rows."""
import json
import math

import pytest

from conftest import SHARED, run_cli

from babelwire.evaluate import (
    average_ranks,
    bcubed,
    bcubed_items,
    derivation_result,
    derivation_scores,
    extraction_scores,
    file_format,
    first_stories,
    pairwise,
    pearson,
    shingle_match,
    shingles,
    spearman,
)

EVAL = SHARED / "data" / "eval"

# Gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}.
GOLD = ["x", "x", "x", "y", "y"]
PRED = [1, 1, 2, 2, 2]


def test_bcubed_textbook_case():
    # precision per item: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> 11/15
    # recall per item:    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> 11/15
    precision, recall = bcubed_items(GOLD, PRED)
    assert precision.tolist() == pytest.approx([1, 1, 1 / 3, 2 / 3, 2 / 3])
    assert recall.tolist() == pytest.approx([2 / 3, 2 / 3, 1 / 3, 1, 1])
    prf = bcubed(GOLD, PRED)
    assert prf.precision == pytest.approx(11 / 15)
    assert prf.recall == pytest.approx(11 / 15)
    assert prf.f1 == pytest.approx(11 / 15)


def test_bcubed_extremes():
    everything_apart = bcubed(GOLD, list(range(5)))
    assert everything_apart.precision == 1.0
    assert everything_apart.recall == pytest.approx((1 / 3 * 3 + 1 / 2 * 2) / 5)
    all_together = bcubed(GOLD, [0] * 5)
    assert all_together.recall == 1.0
    assert all_together.precision == pytest.approx((3 / 5 * 3 + 2 / 5 * 2) / 5)
    assert bcubed(GOLD, GOLD).f1 == 1.0


def test_pairwise():
    # gold pairs ab ac bc de; predicted pairs ab cd ce de; common ab de
    prf = pairwise(GOLD, PRED)
    assert (prf.precision, prf.recall) == (0.5, 0.5)
    apart = pairwise(GOLD, list(range(5)))   # no predicted pair: nothing wrong claimed, nothing found
    assert (apart.precision, apart.recall) == (1.0, 0.0)
    together = pairwise(GOLD, [0] * 5)
    assert together.precision == pytest.approx(4 / 10) and together.recall == 1.0


def test_derivation_precision_and_recall():
    gold = {"a": None, "b": "a", "c": "a", "d": None}
    pred = {"a": None, "b": "a", "c": "b", "d": "a"}
    recall, precision = derivation_scores(gold, pred)
    assert recall == 0.5            # b right, c wrong
    assert precision == pytest.approx(1 / 3)   # b->a right; c->b and d->a wrong
    assert derivation_scores({"a": None}, {"a": None}) == (None, None)


def test_derivation_not_scored_where_the_file_labels_none():
    pred = {"a": None, "b": "a", "c": "a"}
    unlabelled = derivation_result({"a": None, "b": None, "c": None}, pred)
    assert unlabelled == {"derivation_recall": None, "derivation_precision": None, "n_predicted_derivations": 2}
    labelled = derivation_result({"a": None, "b": "a", "c": None}, pred)
    assert labelled["derivation_recall"] == 1.0 and labelled["derivation_precision"] == 0.5
    assert labelled["n_predicted_derivations"] == 2


def test_average_ranks_share_ties():
    assert average_ranks([10, 20, 20, 5, 20]).tolist() == [2, 4, 4, 1, 4]


def test_pearson_and_spearman_by_hand():
    x, y = [1, 2, 2, 4], [2, 1, 3, 5]
    # deviations x: -1.25 -.25 -.25 1.75, y: -.75 -1.75 .25 2.25 -> 5.25 / sqrt(4.75 * 8.75)
    assert pearson(x, y) == pytest.approx(5.25 / math.sqrt(4.75 * 8.75))
    # ranks x: 1 2.5 2.5 4, y: 2 1 3 4 -> 3 / sqrt(4.5 * 5)
    assert spearman(x, y) == pytest.approx(3 / math.sqrt(4.5 * 5))
    assert spearman([1, 2, 3], [10, 200, 3000]) == pytest.approx(1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1], [2]) is None


def test_shingles_and_matching():
    assert shingles("Hello, world!") == {("Hello", "world"): 1}   # shorter than 4 tokens: one shingle
    assert shingles("") == {}
    assert sum(shingles("a b c d e f").values()) == 3
    tp, fp, fn = shingle_match("a b c d e", "a b c d x")   # abcd shared; bcde missed; bcdx extra
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # gold shingles abcd x2, bcda, cdab, dabc; predicted abcd once: a multiset, so one abcd is missed
    assert shingle_match("a b c d a b c d", "a b c d") == pytest.approx((1 / 5, 0, 4 / 5))
    assert shingle_match("", "") == (0.0, 0.0, 0.0)


def test_extraction_scores_as_the_benchmark():
    perfect = shingle_match("one two three four five", "one two three four five")
    assert perfect == (1.0, 0.0, 0.0)   # fp = fn = 0: precision and recall 1
    half = shingle_match("a b c d e", "a b c d x")
    nothing = shingle_match("a b c d e", "")
    prf = extraction_scores([perfect, half, nothing])
    assert prf.precision == pytest.approx((1 + 0.5) / 2)   # the empty extraction has no precision
    assert prf.recall == pytest.approx((1 + 0.5 + 0) / 3)
    assert prf.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert extraction_scores([perfect]).f1 == 1.0


def test_first_stories_is_a_fixed_sample():
    rows = [{"id": i, "story": s} for i, s in enumerate("abacbdc")]
    assert [r["id"] for r in first_stories(rows, 2)] == [0, 1, 2, 4]
    assert first_stories(rows, None) == rows


def test_format_by_suffix():
    assert file_format("x/wmt24-dev.stories.jsonl") == "stories"
    assert file_format("semeval.pairs.jsonl") == "pairs"
    assert file_format("a.pages.jsonl") == "pages"
    with pytest.raises(ValueError):
        file_format("notes.jsonl")


def _cut(text: str, chars: int = 400) -> str:
    lines, size = [], 0
    for line in text.split("\n"):
        if size and size + len(line) > chars:
            break
        lines.append(line)
        size += len(line)
    return "\n".join(lines)


def _tiny_stories(tmp_path):
    """2 stories x 2 languages (en, de) from wmt24-dev, cut short."""
    stories = tmp_path / "tiny.stories.jsonl"
    kept = []
    with open(EVAL / "wmt24-dev.stories.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["lang"] in ("en", "de"):
                kept.append({**row, "text": _cut(row["text"])})
            if len({r["story"] for r in kept}) > 2:
                kept = [r for r in kept if r["story"] != row["story"]]
                break
    assert len(kept) == 4
    stories.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    return stories


def test_eval_command_end_to_end(tmp_path):
    """2 stories x 2 languages from wmt24-dev (cut short), 3 pairs and 3 pages."""
    stories = _tiny_stories(tmp_path)
    pairs = tmp_path / "tiny.pairs.jsonl"
    with open(EVAL / "semeval2022-dev.pairs.jsonl", encoding="utf-8") as f:
        rows = [json.loads(next(f)) for _ in range(3)]
    for row in rows:
        for side in ("a", "b"):
            row[side]["text"] = row[side]["text"][:300]
    pairs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    pages = tmp_path / "tiny.pages.jsonl"
    with open(EVAL / "extraction-dev.pages.jsonl", encoding="utf-8") as f:
        pages.write_text("".join(next(f) for _ in range(3)), encoding="utf-8")

    proc = run_cli("eval", str(stories), str(pairs), str(pages), "--json", "--limit-pages", "3")
    results = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["format"] for r in results] == ["stories", "pairs", "pages"]

    story = results[0]
    assert story["n"] == 4 and story["file"] == str(stories)
    for key in ("bcubed_f1", "bcubed_precision", "bcubed_recall",
                "pairwise_f1", "pairwise_precision", "pairwise_recall", "derivation_recall"):
        assert 0.0 <= story[key] <= 1.0, key
    assert "derivation_precision" in story
    assert set(story["by_lang"]) == {"en", "de"}

    pair = results[1]
    assert pair["n"] == 3
    for key in ("pearson", "spearman"):
        assert pair[key] is None or -1.0 <= pair[key] <= 1.0
    assert set(pair["by_lang_pair"]) == {f"{r['a']['lang']}-{r['b']['lang']}" for r in rows}

    page = results[2]
    assert page["n"] == 3
    for key in ("f1", "precision", "recall"):
        assert 0.5 <= page[key] <= 1.0, key
    assert page["pages_per_s"] > 0


def test_a_terminated_eval_removes_its_temporary_store(tmp_path):
    """SIGTERM (kill, a scheduler's timeout) ends `babelwire eval` as Ctrl-C would: exit status 143 and
    no babelwire-eval-* folder left behind in the temporary directory."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    stories = tmp_path / "some.stories.jsonl"
    with open(EVAL / "wmt24-dev.stories.jsonl", encoding="utf-8") as f:
        rows = [json.loads(next(f)) for _ in range(30)]
    stories.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "babelwire.cli", "eval", str(stories), "--json"],
                            cwd=ROOT, env={**os.environ, "TMPDIR": str(scratch)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(scratch.glob("babelwire-eval-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "eval ended before it could be interrupted"
    assert list(scratch.glob("babelwire-eval-*"))
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM
    assert list(scratch.glob("babelwire-eval-*")) == []


def test_eval_runs_the_ingest_in_the_mode_asked_for(tmp_path):
    """--mode reaches the ingest: static mode sends nothing to the transformer, tiered mode some leads
    (its second tier embeds the first article of each group that would open a story), transformer all."""
    stories = _tiny_stories(tmp_path)
    shares = {}
    for mode in ("static", "tiered", "transformer"):
        result = json.loads(run_cli("eval", str(stories), "--json", "--mode", mode).stdout)
        assert result["mode"] == mode and result["n"] == 4
        assert 0.0 <= result["bcubed_f1"] <= 1.0
        shares[mode] = result["to_transformer_share"]
    assert shares["static"] == 0.0 and shares["transformer"] == 1.0
    assert 0.0 < shares["tiered"] < 1.0
