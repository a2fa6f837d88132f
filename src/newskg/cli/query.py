"""`newskg query`: SPARQL over the store, parameters bound, results as a table, CSV, TSV or JSON."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from newskg.cli.options import STORE

FORMATS = ("table", "csv", "tsv", "json", "xml")


def register(app: typer.Typer) -> None:
    app.command("query")(query_cli)


def query_cli(
    query: str = typer.Argument(..., help="A .rq file, a ready query's name (entities, posts, quotes, relations, "
                                          "accusations, about, network, speakers, hypothetical) or SPARQL text.",
                                show_default=False),
    store: Path = STORE,
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv, json (SPARQL 1.1 Query Results JSON) or xml."),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE bound to ?NAME (repeatable); "
                                                             "<iri> for an IRI, \"text\"@en for a tagged string."),
) -> None:
    """Run a SPARQL query over every article graph (their union is the default graph;
    GRAPH ?article reaches one article). Values given with --param are bound, never pasted into the query."""
    from newskg.query import load_query, parse_param, run
    from newskg.store import open_store

    if fmt not in FORMATS:
        from newskg.errors import QueryError
        raise QueryError(f"unknown format {fmt!r}", f"choose one of {', '.join(FORMATS)}")
    sparql = load_query(query)
    params = dict(parse_param(p) for p in param)
    st = open_store(store, read_only=True)
    try:
        emit(run(st, sparql, params), fmt)
    finally:
        st.close()


def emit(result, fmt: str) -> None:
    import pyoxigraph as ox

    from newskg.cli.ui import out
    from newskg.query import table

    if isinstance(result, ox.QueryBoolean):
        if fmt in ("json", "xml", "csv", "tsv"):
            sys.stdout.buffer.write(result.serialize(format=_results_format(fmt)))
        else:
            out.print("yes" if bool(result) else "no")
        return
    if not isinstance(result, ox.QuerySolutions):          # triples: CONSTRUCT, DESCRIBE or a kept view of one
        from newskg.rdf.namespace import PREFIXES
        fmt_rdf = ox.RdfFormat.N_TRIPLES if fmt in ("csv", "tsv") else ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
        sys.stdout.buffer.write(ox.serialize(result, format=fmt_rdf,
                                             prefixes={k: str(v) for k, v in PREFIXES.items()} if fmt_rdf == ox.RdfFormat.TURTLE else None))
        return
    if fmt == "table":
        t = table(result)
        from newskg.cli.ui import rich_table
        out.print(rich_table(t.columns, [[compact(v) for v in row] for row in t.rows]))
        out.print(f"[dim]{len(t.rows)} row(s)[/]")
        return
    sys.stdout.buffer.write(result.serialize(format=_results_format(fmt)))
    sys.stdout.buffer.flush()


def compact(term) -> str:
    """An IRI as prefix:name where a common prefix fits (for tables people read)."""
    import pyoxigraph as ox

    from newskg.query import term_text
    from newskg.store.oxigraph import QUERY_PREFIXES

    if isinstance(term, ox.NamedNode):
        for prefix, ns in QUERY_PREFIXES.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
    return term_text(term)


def _results_format(fmt: str):
    import pyoxigraph as ox
    return {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}[fmt]


def print_ready_answers(store, names=("entities", "posts", "quotes", "relations")) -> None:
    from newskg.cli.ui import out, rich_table
    from newskg.query import load_query, run, table, term_text

    for name in names:
        t = table(run(store, load_query(name)))
        rows = [[term_text(v).rsplit("/", 1)[-1].rsplit("#", 1)[-1] if c == "type" else term_text(v)
                 for c, v in zip(t.columns, row)] for row in t.rows]
        out.print(rich_table(t.columns, rows, title=f"{name}.rq — {len(rows)} row(s)"))
