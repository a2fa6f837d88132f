"""The HTTP side of `newskg serve`: a SPARQL 1.1 Protocol endpoint and a small web page.

Standard library only (http.server.ThreadingHTTPServer): one thread per connection, at most
`max_connections` at once (more are answered 503 at once); every query goes to a worker process
(:mod:`newskg.serve.worker`), so the threads here only parse requests and copy bytes.

Routes
    GET  /                 the query page (static/index.html)
    GET  /static/NAME      a file shipped in static/ (looked up by name; anything else is 404)
    GET  /api/queries      the ready queries as JSON (name, description, parameters, text)
    GET  /graph            the actor network (`newskg viz`'s page), or a page saying why there is none
    GET  /sparql?query=…   SPARQL 1.1 Protocol query via GET
    POST /sparql           application/x-www-form-urlencoded (query=…) or application/sparql-query
"""
from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from newskg import __version__
from newskg.serve import pages
from newskg.serve.sparql import GRAPH_TYPES, RESULT_TYPES, inspect, negotiate
from newskg.serve.worker import GRAPH_JOB, QUERY_JOB, Job, Pool, PoolBusy, QueryTimeout, Reply, WorkerDied, text_reply

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
MAX_FIELDS = 200
DRAIN_LIMIT = 16 * 1024 * 1024   # a too-large body up to this size is read and dropped, so the client sees the 413
GRAPH_CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class Config:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0
    max_results: int = 10_000
    max_body: int = 1024 * 1024
    workers: int = 2
    max_memory: int = 2048 * 1024 * 1024   # bytes of heap per worker; 0: no limit
    max_connections: int = 128
    access_log: bool = False


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, config: Config, pool: Pool) -> None:
        self.config = config
        self.pool = pool
        self.slots = threading.BoundedSemaphore(config.max_connections)
        self.graph_cache: tuple[float, Reply] | None = None
        self.graph_lock = threading.Lock()
        host = config.host.strip("[]")
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, config.port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}/"

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            body = b"too many connections: try again shortly\n"
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                                str(len(body)).encode() + b"\r\n\r\n" + body)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):
        # a client that went away (reset, broken pipe, idle timeout) is not worth a traceback
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def graph_reply(self) -> Reply:
        with self.graph_lock:
            now = time.monotonic()
            if self.graph_cache and now - self.graph_cache[0] < GRAPH_CACHE_SECONDS:
                return self.graph_cache[1]
            reply = self.pool.run(Job(GRAPH_JOB), timeout=max(self.config.timeout, 60.0))
            if reply.status == 200:
                self.graph_cache = (now, reply)
            return reply


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = f"newskg/{__version__}"
    sys_version = ""
    timeout = 60          # seconds a connection may sit idle or trickle a request
    server: Server

    # ------------------------------------------------------------ plumbing

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        if self.server.config.access_log:
            sys.stderr.write(f"{self.address_string()} - [{self.log_date_time_string()}] {format % args}\n")

    def send_bytes(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None,
                   *, head_only: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def send_text(self, status: int, message: str, hint: str = "", headers: dict[str, str] | None = None) -> None:
        r = text_reply(status, message, hint)
        self.send_bytes(r.status, r.content_type, r.body, headers)

    def send_error(self, code, message=None, explain=None):
        # http.server's own errors (bad request line, 414, 501 …) as plain text like ours
        self.close_connection = True
        try:
            self.send_text(code, message or self.responses.get(code, ("error",))[0])
        except OSError:
            pass

    def handle_expect_100(self):
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.server.config.max_body:
            self.close_connection = True
            self._too_large()
            return False
        return super().handle_expect_100()

    def _too_large(self) -> None:
        limit = self.server.config.max_body
        self.send_text(413, f"the request body is larger than {limit:,} bytes",
                       "send shorter queries (or restart the server with a larger --max-body)")

    def read_body(self) -> bytes | None:
        """The request body, or None after an error answer (411, 413, 400)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            self.send_text(411, "chunked request bodies are not accepted", "send a Content-Length")
            return None
        length = self.headers.get("Content-Length")
        if length is None:
            self.close_connection = True
            self.send_text(411, "a POST needs a Content-Length header")
            return None
        try:
            n = int(length)
            if n < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            self.send_text(400, f"bad Content-Length {length!r}")
            return None
        if n > self.server.config.max_body:
            self.close_connection = True
            if n <= DRAIN_LIMIT:   # read and drop it, so the client is not cut off mid-send and sees the 413
                left = n
                try:
                    while left > 0:
                        chunk = self.rfile.read(min(left, 65536))
                        if not chunk:
                            break
                        left -= len(chunk)
                except OSError:
                    pass
            self._too_large()
            return None
        return self.rfile.read(n)

    # ------------------------------------------------------------ routes

    def do_GET(self) -> None:
        self._get(head_only=False)

    def do_HEAD(self) -> None:
        self._get(head_only=True)

    def _get(self, head_only: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == "/sparql":
            if head_only:
                self.send_bytes(200, "text/plain; charset=utf-8", b"", head_only=True)
                return
            fields = self._fields(url.query)
            if fields is None:
                return
            if "query" not in fields and "update" not in fields:
                self.send_text(400, "no query given",
                               "send GET /sparql?query=…, or POST the query (application/sparql-query or a form "
                               "field query=); the query page is at /")
                return
            self.answer(fields)
        elif path in ("/", "/index.html"):
            self.static("index.html", head_only)
        elif path.startswith("/static/"):
            self.static(path[len("/static/"):], head_only)
        elif path == "/api/queries":
            self.send_bytes(200, "application/json", pages.ready_queries_json(), head_only=head_only)
        elif path == "/graph":
            self.graph(head_only)
        elif path == "/favicon.ico":
            self.send_bytes(204, "image/x-icon", b"", head_only=head_only)
        else:
            self.send_text(404, f"nothing at {path[:200]}", "the query page is at /, the SPARQL endpoint at /sparql")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if unquote(url.path) != "/sparql":
            self.close_connection = True
            self.send_text(404, "POST goes to /sparql")
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == SPARQL_UPDATE:
            self.close_connection = True
            self.send_text(403, "updates are refused: this endpoint is read-only",
                           "change the store with `newskg build`; the endpoint only answers queries")
            return
        body = self.read_body()
        if body is None:
            return
        fields = self._fields(url.query)
        if fields is None:
            return
        if ctype == FORM:
            more = self._fields(body.decode("utf-8", "replace"))
            if more is None:
                return
            for k, v in more.items():
                fields.setdefault(k, []).extend(v)
            if "query" not in fields and "update" not in fields:
                self.send_text(400, "the form has no query field", "send query=… (URL-encoded)")
                return
        elif ctype == SPARQL_QUERY:
            if "query" in fields:
                self.send_text(400, "a query both in the URL and in the body", "send it once")
                return
            try:
                fields["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                self.send_text(400, "the query is not UTF-8")
                return
        else:
            self.send_text(415, f"cannot read a POST body of type {ctype or '(none)'!r}",
                           f"send {SPARQL_QUERY} or {FORM} (query=…)")
            return
        self.answer(fields)

    def do_PUT(self) -> None:
        self._not_allowed()

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT

    def _not_allowed(self) -> None:
        self.close_connection = True
        self.send_text(405, f"{self.command} is not allowed: this endpoint is read-only",
                       "query with GET or POST /sparql", headers={"Allow": "GET, HEAD, POST"})

    def _fields(self, qs: str) -> dict[str, list[str]] | None:
        try:
            return parse_qs(qs, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
        except (ValueError, UnicodeDecodeError) as exc:
            self.send_text(400, f"cannot read the request parameters: {exc}")
            return None

    # ------------------------------------------------------------ answers

    def answer(self, fields: dict[str, list[str]]) -> None:
        cfg = self.server.config
        if "update" in fields:
            self.send_text(403, "updates are refused: this endpoint is read-only",
                           "change the store with `newskg build`; the endpoint only answers queries")
            return
        if len(fields["query"]) != 1:
            self.send_text(400, "more than one query in the request", "send one query= per request")
            return
        query = fields["query"][0]
        ins = inspect(query)
        if ins.update:
            self.send_text(403, "updates are refused: this endpoint is read-only (the text is a SPARQL update)",
                           "send SELECT, ASK, CONSTRUCT or DESCRIBE")
            return
        if ins.service:
            self.send_text(400, "SERVICE is refused: this endpoint does not send queries to other endpoints",
                           "remove the SERVICE clause; federate on the client side if you need to")
            return
        if ins.form is None:
            self.send_text(400, "not a SPARQL query: after PREFIX and BASE it should start with SELECT, ASK, "
                                "CONSTRUCT or DESCRIBE")
            return
        formats = fields.get("format", []) + fields.get("output", []) + fields.get("results", [])
        fmt = negotiate(self.headers.get("Accept"), ins.graph_result, formats)
        if fmt is None:
            offered = GRAPH_TYPES if ins.graph_result else RESULT_TYPES
            self.send_text(406, f"cannot answer a {ins.form} query in any type the Accept header allows "
                                f"({self.headers.get('Accept')})",
                           "accept one of " + ", ".join(dict.fromkeys(offered)), headers={"Vary": "Accept"})
            return
        params = tuple(fields.get("param", []))
        for p in params:
            name = p.split("=", 1)[0].strip().lstrip("?$")
            if "=" not in p or name not in ins.variables:
                self.send_text(400, f"parameter {p[:80]!r} is not NAME=VALUE for a variable ?NAME of the query",
                               "e.g. param=name=Russia for a query using ?name")
                return
        job = Job(QUERY_JOB, query, fmt, cfg.max_results, params,
                  tuple(fields.get("default-graph-uri", [])), tuple(fields.get("named-graph-uri", [])))
        started = time.monotonic()
        try:
            reply = self.server.pool.run(job, cfg.timeout)
        except QueryTimeout:
            self.send_text(503, f"the query ran longer than {cfg.timeout:g} s and was stopped",
                           "make it more selective (LIMIT, more specific patterns); the limit is set by "
                           "`newskg serve --timeout`")
            return
        except PoolBusy:
            self.send_text(503, f"the server is busy: all {cfg.workers} query workers stayed in use for "
                                f"{cfg.timeout:g} s", "try again shortly (or start the server with more --workers)",
                           headers={"Retry-After": "1"})
            return
        except WorkerDied as exc:
            if exc.out_of_memory:
                limit = f"the {cfg.max_memory // 2**20:,} MB" if cfg.max_memory else "the memory"
                self.send_text(503, f"the query needed more than {limit} a query worker may use and was stopped",
                               "make it more selective (a large ORDER BY, GROUP BY or DISTINCT over many rows "
                               "needs them all in memory); the limit is set by `newskg serve --max-memory`")
            else:
                self.send_text(500, f"the query worker died while running the query (exit code {exc.exitcode})",
                               "the worker has been replaced; please report the query")
            return
        headers = dict(reply.headers)
        headers["Vary"] = "Accept"
        headers["Cache-Control"] = "no-store"
        headers["X-Newskg-Time-Ms"] = f"{(time.monotonic() - started) * 1000:.1f}"
        self.send_bytes(reply.status, reply.content_type, reply.body, headers)

    def static(self, name: str, head_only: bool) -> None:
        found = pages.static_file(name)
        if found is None:
            self.send_text(404, "no such file", "the query page is at /")
            return
        body, ctype = found
        headers = {"Cache-Control": "no-cache"}
        if ctype.startswith("text/html"):
            headers["Content-Security-Policy"] = pages.PAGE_CSP
            headers["X-Frame-Options"] = "DENY"
        self.send_bytes(200, ctype, body, headers, head_only=head_only)

    def graph(self, head_only: bool) -> None:
        try:
            reply = self.server.graph_reply()
        except (QueryTimeout, PoolBusy, WorkerDied):
            self.send_text(503, "the graph view could not be drawn in time", "try again, or use `newskg viz`")
            return
        csp = pages.GRAPH_CSP if reply.headers.get("X-Newskg-Graph") == "viz" else pages.PAGE_CSP
        self.send_bytes(reply.status, reply.content_type, reply.body,
                        {"Content-Security-Policy": csp, "X-Frame-Options": "DENY", "Cache-Control": "no-cache"},
                        head_only=head_only)


def serve(config: Config, *, ready=None) -> None:
    """Start the workers, bind, call `ready(server)` (which prints the URL) and serve until stopped."""
    import signal

    pool = Pool(config.store, config.workers, max_memory=config.max_memory)
    pool.start()
    try:
        server = Server(config, pool)
    except BaseException:
        pool.close()
        raise

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop) if threading.current_thread() is threading.main_thread() else None
    try:
        if ready:
            ready(server)
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        pool.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

