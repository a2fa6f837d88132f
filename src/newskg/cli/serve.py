"""`newskg serve`: a read-only SPARQL 1.1 Protocol endpoint over the store, with a query page."""
from __future__ import annotations

import os
from pathlib import Path

import typer

from newskg.cli.options import STORE


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cli)


def _default_workers() -> int:
    return max(2, min(8, os.cpu_count() or 2))


def serve_cli(
    store: Path = STORE,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on. The default answers only this "
                                                         "machine; 0.0.0.0 answers anyone who can reach it "
                                                         "(there is no authentication)."),
    port: int = typer.Option(7878, "--port", "-p", min=0, max=65535, help="Port; 0 picks a free one."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds a query may run before it is "
                                                                   "stopped (answer 503)."),
    max_results: int = typer.Option(10_000, "--max-results", min=1, help="Most rows (SELECT) or triples "
                                                                         "(CONSTRUCT, DESCRIBE) in one answer; "
                                                                         "more are cut off and the answer has the "
                                                                         "header X-Newskg-Truncated: true."),
    max_body: int = typer.Option(1024 * 1024, "--max-body", min=1024, help="Largest request body in bytes "
                                                                           "(larger: 413)."),
    workers: int = typer.Option(None, "--workers", "-w", min=1, max=64,
                                help="Query worker processes (default: the number of CPU cores, 2 to 8)."),
    max_memory: int = typer.Option(2048, "--max-memory", min=0, help="Megabytes of memory a query worker may "
                                                                      "use (a query needing more is stopped, "
                                                                      "answer 503); 0: no limit."),
    access_log: bool = typer.Option(False, "--access-log", help="Print one line per request on stderr."),
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint, with a query page and the graph view.

    GET /sparql?query=… or POST /sparql (form field query=, or a body of type application/sparql-query).
    Results as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle (default),
    N-Triples, JSON-LD or RDF/XML, by the Accept header. Updates and SERVICE are refused. Every
    article graph is in the default graph (their union); GRAPH ?g reaches one article;
    default-graph-uri and named-graph-uri are honoured. Articles built into the store while it is
    served are answered within seconds. Open the printed URL for the query page.
    """
    from newskg.cli.ui import err, out
    from newskg.serve import ServeError
    from newskg.serve.server import Config, is_loopback, serve
    from newskg.store import open_store

    st = open_store(store, read_only=True)   # a clear error now if there is no store
    try:
        graphs = sum(1 for _ in st.graphs())
    finally:
        st.close()
    cfg = Config(store=store, host=host, port=port, timeout=timeout, max_results=max_results, max_body=max_body,
                 workers=workers or _default_workers(), max_memory=max_memory * 2**20, access_log=access_log)
    if not is_loopback(host.strip("[]")):
        err.print(f"[bold yellow]warning[/] listening on {host}: anyone who can reach this machine can query the "
                  "store (the endpoint is read-only but has no authentication); use the default --host 127.0.0.1 "
                  "to answer only this machine", highlight=False)

    def ready(server) -> None:
        url = server.url
        out.print(f"newskg serve: {url}  (SPARQL endpoint: {url}sparql · {graphs} graphs · store {store} · "
                  f"{cfg.workers} workers, timeout {cfg.timeout:g} s, at most {cfg.max_results:,} results)",
                  highlight=False, soft_wrap=True, markup=False)
        out.file.flush()
        err.print("press Ctrl-C to stop", highlight=False)

    try:
        serve(cfg, ready=ready)
    except OSError as exc:
        if exc.errno in (98, 48, 10048):   # EADDRINUSE on Linux, macOS, Windows
            raise ServeError(f"port {port} on {host} is already in use", "choose another --port, or --port 0 for "
                                                                         "a free one") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                         "check --host (an address of this machine) and --port") from None
    err.print("stopped", highlight=False)
