"""The `newskg` command: thin glue over the library; errors become one line and an exit code here."""
from __future__ import annotations

import sys

import typer

from newskg.cli import build as build_cmd
from newskg.cli import evaluate as evaluate_cmd
from newskg.cli import export as export_cmd
from newskg.cli import push as push_cmd
from newskg.cli import query as query_cmd
from newskg.cli import serve as serve_cmd
from newskg.cli import stats as stats_cmd
from newskg.cli import validate as validate_cmd
from newskg.cli import viz as viz_cmd

app = typer.Typer(
    name="newskg",
    help="Turn news articles into a knowledge graph: entities, posts, quotations and relations, "
         "each with the sentence and character offsets that state it.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="rich", pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
STATE = {"debug": False}


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors.")) -> None:
    STATE["debug"] = debug


for module in (build_cmd, query_cmd, validate_cmd, export_cmd, evaluate_cmd, viz_cmd, stats_cmd, serve_cmd,
               push_cmd):
    module.register(app)


def _click():
    """typer ≥ 0.29 vendors its own click; older versions use the click package."""
    try:
        from typer import _click as click
    except ImportError:  # pragma: no cover
        import click
    return click


def main() -> None:
    from newskg.errors import NewskgError

    click = _click()
    try:
        code = app(standalone_mode=False)
    except NewskgError as exc:
        if STATE["debug"]:
            raise
        from newskg.cli.ui import err
        err.print(f"[bold red]error[/] [dim]{exc.code}[/] {exc.message}", highlight=False)
        if exc.hint:
            err.print(f"  [yellow]hint:[/] {exc.hint}", highlight=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:     # usage errors: unknown option, missing argument, …
        exc.show()
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:
        if STATE["debug"]:
            raise
        from newskg.cli.ui import err
        err.print(f"[bold red]internal error[/] {type(exc).__name__}: {exc}", highlight=False)
        err.print("  [yellow]hint:[/] this is a newskg bug; rerun with `newskg --debug …` and report the traceback",
                  highlight=False)
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
