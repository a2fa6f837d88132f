"""Upload the store's named graphs to an external SPARQL 1.1 store with the Graph Store Protocol.

For each named graph (one per article, plus any other graph the build keeps), one

    PUT <graph store URL>?graph=<graph IRI>      Content-Type: application/n-triples

which *replaces* that graph on the server, so pushing twice leaves no duplicates, and pushing after
a re-build replaces each article's graph with its new version. (Graphs deleted locally are not
deleted remotely.)

Where the Graph Store Protocol endpoint is, from the URL given to ``--endpoint``:

=======================================  ==========================================
--endpoint                               graph store URL
=======================================  ==========================================
http://host:7878 (Oxigraph server)       http://host:7878/store
http://host:7878/query  (or /update)     http://host:7878/store
http://host:3030/ds (Fuseki dataset)     http://host:3030/ds/data
http://host:3030/ds/sparql (/query, …)   http://host:3030/ds/data
…/store, …/data (already a GSP URL)      unchanged
=======================================  ==========================================

``--graph-store-url`` overrides the guess for any other server. Only the standard library is used
(http.client, one kept-alive connection).
"""
from __future__ import annotations

import base64
import http.client
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from newskg import __version__
from newskg.errors import PushError  # noqa: F401  (raised here and re-exported)
from newskg.store import Store

NTRIPLES = "application/n-triples"
QUERY_SUFFIXES = ("query", "sparql", "update", "get")
HINT_URL = ("give the server's base URL: Oxigraph `http://HOST:7878` (uploads to /store), Fuseki "
            "`http://HOST:3030/DATASET` (uploads to /DATASET/data); or the exact Graph Store Protocol URL with "
            "--graph-store-url")


@dataclass(frozen=True, slots=True)
class PushReport:
    url: str
    graphs: int
    triples: int
    bytes: int
    seconds: float


def graph_store_url(endpoint: str, explicit: str | None = None) -> str:
    """The Graph Store Protocol URL for a server's base or query URL (see the module docstring)."""
    url = (explicit or endpoint).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{url!r} is not an http(s) URL", HINT_URL)
    if parts.query or parts.fragment:
        raise PushError(f"{url!r} has a query string or fragment; newskg adds ?graph=… itself", HINT_URL)
    if explicit:
        return url
    segments = [s for s in parts.path.split("/") if s]
    if not segments:                                     # Oxigraph server's root
        segments = ["store"]
    elif segments[-1] in ("store", "data"):              # already a GSP endpoint
        pass
    elif segments[-1] in QUERY_SUFFIXES:
        segments = segments[:-1] + (["data"] if len(segments) > 1 else ["store"])
    else:                                                # a Fuseki dataset: /ds → /ds/data
        segments = segments + ["data"]
    return urlunsplit((parts.scheme, parts.netloc, "/" + "/".join(segments), "", ""))


def auth_header(user: str | None = None, password: str | None = None, token: str | None = None) -> str | None:
    if token:
        return f"Bearer {token}"
    if user:
        raw = f"{user}:{password or ''}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")
    return None


class GraphStoreClient:
    """PUT graphs to one Graph Store Protocol URL over one kept-alive HTTP connection."""

    def __init__(self, url: str, *, authorization: str | None = None, timeout: float = 60.0) -> None:
        self.url = url
        self.parts = urlsplit(url)
        self.authorization = authorization
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        host, port = self.parts.hostname, self.parts.port
        if self.parts.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.timeout, context=ssl.create_default_context())
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

    def put(self, graph: str, body: bytes, content_type: str = NTRIPLES) -> int:
        target = f"{self.parts.path or '/'}?graph={quote(graph, safe='')}"
        headers = {"Content-Type": content_type, "Content-Length": str(len(body)),
                   "User-Agent": f"newskg/{__version__}", "Accept": "text/plain, */*;q=0.5"}
        if self.authorization:
            headers["Authorization"] = self.authorization
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = self._connect()
            try:
                self.conn.request("PUT", target, body=body, headers=headers)
                resp = self.conn.getresponse()
                text = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                # a kept-alive connection the server closed meanwhile: reconnect once
                self.close()
                if attempt == 2:
                    raise self._network_error(exc) from None
                continue
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                raise self._network_error(exc) from None
            if resp.will_close:
                self.close()
            if 200 <= resp.status < 300:
                return resp.status
            raise self._http_error(resp.status, resp.reason, text, graph)
        raise AssertionError("unreachable")

    def _network_error(self, exc: BaseException) -> PushError:
        where = f"{self.parts.scheme}://{self.parts.netloc}"
        if isinstance(exc, ConnectionRefusedError):
            return PushError(f"cannot connect to {where}: connection refused",
                             "is the store running there? (e.g. `oxigraph serve --location DIR --bind "
                             "127.0.0.1:7878`, or Fuseki); check the host and port of --endpoint")
        if isinstance(exc, socket.gaierror):
            return PushError(f"cannot find the host of {where}: {exc.strerror or exc}", "check --endpoint")
        if isinstance(exc, (TimeoutError, socket.timeout)):
            return PushError(f"{where} did not answer within {self.timeout:g} s",
                             "check that the server is up; for very large graphs raise --timeout")
        if isinstance(exc, ssl.SSLError):
            return PushError(f"TLS with {where} failed: {exc}", "check the certificate, or the http/https scheme")
        return PushError(f"the connection to {where} failed: {type(exc).__name__}: {exc}", "check --endpoint")

    def _http_error(self, status: int, reason: str, body: bytes, graph: str) -> PushError:
        said = " ".join(body.decode("utf-8", "replace").split())[:300]
        message = f"{self.url} answered {status} {reason} to the upload of <{graph}>" + (f": {said}" if said else "")
        if status in (401, 403):
            hint = ("the server wants credentials or refuses them: give --user (password in the environment "
                    "variable NEWSKG_PUSH_PASSWORD) or a token in NEWSKG_PUSH_TOKEN")
        elif status == 404:
            hint = "no Graph Store Protocol endpoint at that URL; " + HINT_URL
        elif status == 405:
            hint = ("that URL does not accept PUT: it is not a Graph Store Protocol endpoint, or the server is "
                    "read-only (Fuseki: the dataset needs update access; Oxigraph: not `serve-read-only`); " + HINT_URL)
        elif status == 413:
            hint = "the server's upload size limit is smaller than this article's graph; raise it on the server"
        elif status == 415:
            hint = "the server does not take N-Triples at that URL; check that it is a Graph Store Protocol endpoint"
        elif status >= 500:
            hint = "the server failed; see its log"
        else:
            hint = HINT_URL
        return PushError(message, hint)

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None


def graphs(store: Store) -> list[str]:
    return sorted(store.graphs())


def push(store: Store, client: GraphStoreClient, *, names: list[str] | None = None,
         progress: Callable[[str, int], None] | None = None) -> PushReport:
    """PUT every named graph of the store (or the given ones); `progress(iri, triples)` after each."""
    started = time.monotonic()
    names = graphs(store) if names is None else names
    total_triples = total_bytes = 0
    try:
        for iri in names:
            body = store.graph_ntriples(iri)
            client.put(iri, body)
            n = count_triples(body)
            total_triples += n
            total_bytes += len(body)
            if progress:
                progress(iri, n)
    finally:
        client.close()
    return PushReport(client.url, len(names), total_triples, total_bytes, time.monotonic() - started)


def count_triples(ntriples: bytes) -> int:
    return sum(1 for line in _lines(ntriples) if line and not line.startswith(b"#"))


def _lines(data: bytes) -> Iterator[bytes]:
    for line in data.split(b"\n"):
        yield line.strip()
