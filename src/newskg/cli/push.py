"""`newskg push`: upload the store's named graphs to an external SPARQL store (Graph Store Protocol)."""
from __future__ import annotations

from pathlib import Path

import typer

from newskg.cli.options import STORE


def register(app: typer.Typer) -> None:
    app.command("push")(push_cli)


def push_cli(
    endpoint: str = typer.Option(..., "--endpoint", "-e", show_default=False,
                                 help="The external store: Oxigraph server's base URL (http://HOST:7878 → PUT to "
                                      "/store), a Fuseki dataset (http://HOST:3030/DATASET → PUT to /DATASET/data), "
                                      "or their query URL (…/query, …/sparql)."),
    store: Path = STORE,
    graph_store_url: str = typer.Option(None, "--graph-store-url", help="The exact Graph Store Protocol URL, when "
                                                                         "it cannot be told from --endpoint."),
    user: str = typer.Option(None, "--user", "-u", help="User for HTTP basic authentication."),
    password: str = typer.Option(None, "--password", envvar="NEWSKG_PUSH_PASSWORD", show_default=False,
                                 help="Password for --user; better given in the environment variable "
                                      "NEWSKG_PUSH_PASSWORD (a command line is visible to other users)."),
    token: str = typer.Option(None, "--token", envvar="NEWSKG_PUSH_TOKEN", show_default=False,
                              help="Bearer token (Authorization: Bearer …); better given in NEWSKG_PUSH_TOKEN."),
    timeout: float = typer.Option(60.0, "--timeout", min=1, help="Seconds to wait for the server on each graph."),
) -> None:
    """Upload every named graph (one per article) to an external SPARQL 1.1 store.

    Each graph is sent with an HTTP PUT to the store's Graph Store Protocol endpoint
    (?graph=<article IRI>, as N-Triples), which replaces that graph there: pushing twice gives no
    duplicates, and pushing after a re-build replaces the changed articles. Query the result with the
    server's SPARQL endpoint (Oxigraph: /query, with `oxigraph serve --union-default-graph` to query
    all articles at once as newskg does; Fuseki: /DATASET/sparql).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from newskg.cli.ui import err, out
    from newskg.push import GraphStoreClient, PushError, auth_header, graphs, push
    from newskg.push import graph_store_url as gsp_url
    from newskg.serve.server import is_loopback
    from newskg.store import open_store

    url = gsp_url(endpoint, graph_store_url)
    if (user or token) and url.startswith("http://"):
        from urllib.parse import urlsplit
        if not is_loopback(urlsplit(url).hostname or ""):
            err.print(f"[bold yellow]warning[/] sending credentials over plain http to {url}; use https",
                      highlight=False)
    if user and password is None:
        password = typer.prompt(f"password for {user}", hide_input=True, default="", show_default=False)
    client = GraphStoreClient(url, authorization=auth_header(user, password, token), timeout=timeout)
    st = open_store(store, read_only=True)
    try:
        names = graphs(st)
        if not names:
            raise PushError(f"the store {store} has no named graphs to push",
                            f"build articles into it first: `newskg build ARTICLES --store {store}`")
        with Progress(TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TextColumn("graphs"),
                      TimeRemainingColumn(), console=err, transient=True) as bar:
            task = bar.add_task("push", total=len(names))
            report = push(st, client, names=names, progress=lambda iri, n: bar.advance(task))
    finally:
        st.close()
    out.print(f"pushed {report.graphs} graphs ({report.triples:,} triples, {report.bytes / 1e6:,.1f} MB) to "
              f"{report.url} in {report.seconds:.1f} s", highlight=False, markup=False, soft_wrap=True)
