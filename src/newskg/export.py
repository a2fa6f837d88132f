"""Exports of the whole store in RDF formats (and, registered by viz/, graph formats)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from newskg.errors import NewskgError
from newskg.rdf.namespace import PREFIXES
from newskg.store import Store

EXTENSIONS = {".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nq",
              ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml", ".xml": "xml",
              ".graphml": "graphml", ".gexf": "gexf"}
Exporter = Callable[[Store, IO[bytes]], None]


def _rdf(fmt: str) -> Exporter:
    def write(store: Store, out: IO[bytes]) -> None:
        store.dump(out, fmt, prefixes={k: str(v) for k, v in PREFIXES.items()})
    return write


def _graph(fmt: str) -> Exporter:
    def write(store: Store, out: IO[bytes]) -> None:
        from newskg.viz.network import network, write_graph
        write_graph(network(store), out, fmt)
    return write


EXPORTERS: dict[str, Exporter] = {f: _rdf(f) for f in ("turtle", "trig", "nt", "nq", "jsonld", "xml")}
EXPORTERS.update({f: _graph(f) for f in ("graphml", "gexf")})


def export(store: Store, out: IO[bytes], fmt: str) -> None:
    if fmt not in EXPORTERS:
        raise NewskgError(f"unknown export format {fmt!r}", f"choose one of {', '.join(EXPORTERS)}")
    EXPORTERS[fmt](store, out)


def format_for(path: Path) -> str:
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise NewskgError(f"cannot tell the export format from {path.name!r}",
                          f"use one of the extensions {', '.join(sorted(EXTENSIONS))} or pass --format")
    return fmt


def export_file(store: Store, path: Path, fmt: str | None = None) -> int:
    """Write atomically (temp file, then rename), so a failed export never leaves half a file."""
    fmt = fmt or format_for(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as f:
        export(store, f, fmt)
    tmp.replace(path)
    return path.stat().st_size
