"""Console output shared by the commands: rich consoles, tables of results, progress."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)   # messages stay one line, for grep


def rich_table(columns: list[str], rows: list[list[str]], *, title: str | None = None) -> Table:
    t = Table(title=title, show_lines=False, header_style="bold cyan", title_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*r)
    return t
