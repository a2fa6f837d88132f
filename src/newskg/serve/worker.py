"""Queries run in worker processes, so that a query can really be stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed; a process can. Each
worker opens the store read-only once and answers jobs sent over a pipe (the query, its
parameters, the format, the cap); the server waits for the answer at most `timeout` seconds and
otherwise kills the worker (SIGKILL: a read-only store needs no clean shutdown) and starts a new
one in the background. A worker also exits by itself when the server goes away (its pipe closes).
A read-only store is a snapshot; a worker reopens it when a build has changed the store's files
(checked at most every RECHECK_SECONDS, before a job), so newly built articles are answered.

Workers are started with the "spawn" method: the server is multi-threaded, and forking a process
that has threads (and an open RocksDB) is unsafe.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

GRAPH_JOB = "graph"
QUERY_JOB = "query"


@dataclass(frozen=True, slots=True)
class Job:
    kind: str                                  # QUERY_JOB or GRAPH_JOB
    query: str = ""
    fmt: str = "json"                          # a short format name from newskg.serve.sparql
    cap: int = 10_000
    params: tuple[str, ...] = ()               # NAME=VALUE, as `newskg query --param`
    default_graphs: tuple[str, ...] = ()       # default-graph-uri (empty: the union of all graphs)
    named_graphs: tuple[str, ...] = ()         # named-graph-uri (empty: every graph)


@dataclass(slots=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    count: int = 0
    truncated: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def text_reply(status: int, message: str, hint: str = "") -> Reply:
    text = message + (f"\nhint: {hint}" if hint else "") + "\n"
    return Reply(status, "text/plain; charset=utf-8", text.encode("utf-8"))


# ---------------------------------------------------------------- inside the worker process


def execute(store, job: Job) -> Reply:
    """Run one job against an open OxigraphStore (in the worker process)."""
    if job.kind == GRAPH_JOB:
        return graph_page(store)
    import pyoxigraph as ox

    from newskg.errors import QueryError
    from newskg.query import parse_param
    from newskg.serve.results import write
    from newskg.serve.sparql import CONTENT_TYPES
    from newskg.store.oxigraph import QUERY_PREFIXES

    try:
        subs = {ox.Variable(name): value for name, value in map(parse_param, job.params)}
    except QueryError as exc:
        return text_reply(400, exc.message, exc.hint)
    kw: dict = {"prefixes": QUERY_PREFIXES, "substitutions": subs or None}
    if job.default_graphs:
        kw["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        kw["use_default_graph_as_union"] = True
    if job.named_graphs:
        kw["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        kept = None if subs or job.default_graphs or job.named_graphs else store.view(job.query)
        result = kept if kept is not None else store.store.query(job.query, **kw)
        body, count, truncated = write(result, job.fmt, job.cap)
    except SyntaxError as exc:
        first = str(exc).splitlines()[0][:300] if str(exc) else "syntax error"
        return text_reply(400, f"the query does not parse: {first}",
                          "check the SPARQL syntax (prefixes nkg:, schema:, rdfs:, skos:, org:, nif:, prov:, xsd: "
                          "are predeclared)")
    except (OSError, ValueError, TypeError) as exc:
        return text_reply(400, f"the query failed: {str(exc)[:300]}")
    headers = {"X-Newskg-Result-Count": str(count)}
    if truncated:
        headers["X-Newskg-Truncated"] = "true"
        headers["X-Newskg-Result-Limit"] = str(job.cap)
    return Reply(200, CONTENT_TYPES[job.fmt], body, count, truncated, headers)


def graph_page(store) -> Reply:
    """The self-contained actor-network page of `newskg viz`, or a page saying why there is none."""
    from newskg.serve import pages
    try:
        from newskg.cli.viz import build_network
        from newskg.viz.details import details
        from newskg.viz.html import render
        from newskg.viz.network import relation_types
    except ImportError as exc:
        return Reply(200, "text/html; charset=utf-8", pages.no_graph_page(
            "The graph view needs <code>newskg viz</code>, which this installation does not have "
            f"({pages.escape(str(exc))}).").encode("utf-8"))
    from newskg.errors import NewskgError
    try:
        graph, described, day_range = build_network(store)
        det = details(store, graph, since=day_range[0], until=day_range[1])
        labels = {k: t.label for k, t in relation_types(store).items()}
        html = render(graph, det, title="newskg actor network", filters=described, labels=labels)
    except NewskgError as exc:
        return Reply(200, "text/html; charset=utf-8", pages.no_graph_page(
            f"{pages.escape(exc.message)}" + (f"<br><small>{pages.escape(exc.hint)}</small>" if exc.hint else ""))
            .encode("utf-8"))
    return Reply(200, "text/html; charset=utf-8", html.encode("utf-8"), headers={"X-Newskg-Graph": "viz"})


RECHECK_SECONDS = 2.0


def _stamp(store_path: str) -> tuple[int, int]:
    """Changes when a build adds or replaces the store's files (new SST, log or MANIFEST files)."""
    try:
        d = os.stat(store_path)
        c = os.stat(os.path.join(store_path, "CURRENT"))
        return d.st_mtime_ns, c.st_mtime_ns
    except OSError:
        return 0, 0


def limit_memory(max_memory: int) -> None:
    """Cap the worker's heap (RLIMIT_DATA): a query that would grow past it (a huge ORDER BY or GROUP BY
    over a cartesian product grows by ~300 MB/s) ends its worker with an allocation failure instead of
    taking the machine's memory before the timeout strikes."""
    if max_memory <= 0:
        return
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_DATA, (max_memory, max_memory))
    except (ImportError, ValueError, OSError):   # not on this platform: the timeout still applies
        pass


def worker_main(conn, store_path: str, max_memory: int = 0) -> None:
    """A worker's life: open the store, say ready, answer jobs until the pipe closes or None comes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the server decides
    limit_memory(max_memory)
    from newskg.errors import NewskgError
    from newskg.store.oxigraph import OxigraphStore

    try:
        store = OxigraphStore(Path(store_path), read_only=True)
    except NewskgError as exc:
        conn.send(("fatal", exc.message, exc.hint))
        return
    conn.send(("ready", os.getpid()))
    stamp, checked = _stamp(store_path), time.monotonic()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        if time.monotonic() - checked > RECHECK_SECONDS:
            # a read-only store is a snapshot: reopen it when a build has changed the store's files since
            checked = time.monotonic()
            now = _stamp(store_path)
            if now != stamp:
                try:
                    fresh = OxigraphStore(Path(store_path), read_only=True)
                except NewskgError:
                    pass
                else:
                    store.close()
                    store, stamp = fresh, now
        try:
            reply = execute(store, job)
        except Exception as exc:  # a bug here must not take the worker down silently
            reply = text_reply(500, f"internal error in the query worker: {type(exc).__name__}: {exc}",
                               "this is a newskg bug; please report it with the query")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            break


# ---------------------------------------------------------------- in the server process


class PoolBusy(Exception):
    """No worker became free in time."""


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class WorkerDied(Exception):
    """The worker exited while running the query: over its memory limit (SIGABRT from a failed
    allocation, or SIGKILL from the system's OOM killer), or a crash."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode

    @property
    def out_of_memory(self) -> bool:
        return self.exitcode in (-signal.SIGABRT, -signal.SIGKILL)


class Worker:
    def __init__(self, ctx, store_path: str, max_memory: int = 0) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=worker_main, args=(child, store_path, max_memory), daemon=True,
                                name="newskg-query-worker")
        self.proc.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        from newskg.serve import ServeError
        if not self.conn.poll(timeout):
            self.kill()
            raise ServeError(f"a query worker did not start within {timeout:.0f} s",
                             "check that the store opens: `newskg query entities --store …`")
        try:
            msg = self.conn.recv()
        except EOFError:
            self.kill()
            raise ServeError("a query worker exited while starting",
                             "rerun with `newskg --debug serve …` and report the output") from None
        if msg[0] == "fatal":
            self.kill()
            raise ServeError(msg[1], msg[2])

    def kill(self) -> None:
        try:
            self.proc.kill()
        except Exception:
            pass
        self.proc.join(2)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except Exception:
            pass
        self.proc.join(1)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(1)
        self.conn.close()


class Pool:
    """A fixed number of query workers; a thread takes an idle one, runs a job, gives it back."""

    def __init__(self, store_path: Path, size: int, *, max_memory: int = 0, start_timeout: float = 120.0) -> None:
        self.store_path = str(store_path)
        self.size = size
        self.max_memory = max_memory
        self.start_timeout = start_timeout
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.all: set[Worker] = set()
        self.closed = False
        self.replaced = 0

    def start(self) -> None:
        workers = [Worker(self.ctx, self.store_path, self.max_memory) for _ in range(self.size)]
        try:
            for w in workers:
                w.wait_ready(self.start_timeout)
        except BaseException:
            for w in workers:
                w.kill()
            raise
        for w in workers:
            self.all.add(w)
            self.idle.put(w)

    def run(self, job: Job, timeout: float, wait: float | None = None) -> Reply:
        """Run a job on an idle worker: PoolBusy if none is free within `wait` seconds (default
        `timeout`), QueryTimeout if the job takes longer than `timeout`."""
        try:
            w = self.idle.get(timeout=timeout if wait is None else wait)
        except queue.Empty:
            raise PoolBusy() from None
        try:
            w.conn.send(job)
            if not w.conn.poll(timeout):
                self._replace(w)
                raise QueryTimeout()
            reply = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise WorkerDied(w.proc.exitcode) from None
        self.idle.put(w)
        return reply

    def _replace(self, w: Worker) -> None:
        with self.lock:
            self.all.discard(w)
            self.replaced += 1
        w.kill()
        threading.Thread(target=self._spawn_one, name="newskg-worker-respawn", daemon=True).start()

    def _spawn_one(self) -> None:
        delay = 0.5
        while not self.closed:
            try:
                w = Worker(self.ctx, self.store_path, self.max_memory)
                w.wait_ready(self.start_timeout)
            except Exception:
                time.sleep(delay)
                delay = min(delay * 2, 30)
                continue
            with self.lock:
                if self.closed:
                    w.stop()
                    return
                self.all.add(w)
            self.idle.put(w)
            return

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.stop()
