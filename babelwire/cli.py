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


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def ingest(paths: tuple[str, ...], db_path: str, as_json: bool) -> None:
    """Read PATHS (files, directories, globs, or - for stdin) into the database.

    Prints how many articles were read, stored and already stored, every
    input that failed with its reason, and the stories created and extended.
    Running it again on the same files adds nothing twice.
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from babelwire.pipeline import ingest as run_ingest

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

        report = run_ingest(list(paths), db_path, stdin=sys.stdin.buffer, on_progress=update)
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
def eval_(files: tuple[str, ...], as_json: bool, limit_stories, limit_pairs, limit_pages) -> None:
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
        result = evaluate_file(path, limit_stories, limit_pairs, limit_pages)
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


if __name__ == "__main__":
    main()
