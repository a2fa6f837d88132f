"""The one place that opens packaged data (lexicons, gazetteers, ontology, queries).

Files are parsed once and cached. In an installed wheel the ontology and queries live inside the
package; in a source checkout they are read from the top-level folders users edit.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_PACKAGE = resources.files("newskg")
_CHECKOUT = Path(__file__).resolve().parents[2]


def path(kind: str, name: str) -> Path:
    """Path of a shipped file: kind is 'data', 'ontology' or 'queries'."""
    packaged = Path(str(_PACKAGE / kind / name))
    if packaged.exists():
        return packaged
    checkout = _CHECKOUT / kind / name
    if checkout.exists():
        return checkout
    raise FileNotFoundError(f"newskg ships no {kind}/{name}")


def folder(kind: str) -> Path:
    packaged = Path(str(_PACKAGE / kind))
    return packaged if packaged.is_dir() else _CHECKOUT / kind


@cache
def jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """Rows of a JSON-lines data file (blank lines and lines starting with // skipped)."""
    rows = []
    for line in path("data", name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            rows.append(json.loads(line))
    return tuple(rows)


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a text lexicon, lines starting with # (comments) skipped."""
    stripped = (line.strip() for line in path("data", name).read_text(encoding="utf-8").splitlines())
    return tuple(line for line in stripped if line and not line.startswith("#"))


@cache
def text(kind: str, name: str) -> str:
    return path(kind, name).read_text(encoding="utf-8")
