"""Options shared by several commands."""
from __future__ import annotations

from pathlib import Path

import typer

from newskg.store import DEFAULT_STORE

STORE = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store folder (embedded Oxigraph); env NEWSKG_STORE.",
                     show_default=True)


def store_path(p: Path | None) -> Path:
    return p or DEFAULT_STORE
