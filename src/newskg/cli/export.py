"""`newskg export`: the whole graph in an RDF (or graph) format."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from newskg.cli.options import STORE

FORMATS = ["turtle", "trig", "nt", "nq", "jsonld", "xml", "graphml", "gexf"]


def register(app: typer.Typer) -> None:
    app.command("export")(export_cli)


def export_cli(
    store: Path = STORE,
    fmt: str = typer.Option(None, "--format", "-f", help=f"One of: {', '.join(FORMATS)} [default: from -o's extension, else turtle]."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write [default: standard output]."),
) -> None:
    """Export every article graph of the store: Turtle/N-Triples/JSON-LD/RDF-XML as one merged graph,
    TriG/N-Quads with one named graph per article, GraphML/GEXF as the actor network for Gephi."""
    from newskg.export import export, export_file, format_for
    from newskg.store import open_store

    st = open_store(store, read_only=True)
    try:
        if output is not None:
            n = export_file(st, output, fmt or format_for(output))
            from newskg.cli.ui import err
            err.print(f"wrote {n:,} bytes to {output}")
        else:
            export(st, sys.stdout.buffer, fmt or "turtle")
            sys.stdout.buffer.flush()
    finally:
        st.close()
