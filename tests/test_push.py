"""`newskg push`: the seed store's named graphs uploaded to a real Oxigraph server (the `oxigraph`
package from PyPI, a test dependency) started on a free loopback port, with the Graph Store Protocol;
then counted through the server's own SPARQL endpoint."""
from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import run_cli

from newskg.push import PushError, auth_header, count_triples, graph_store_url

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def oxigraph_binary() -> str:
    for candidate in (Path(sys.executable).parent / "oxigraph", shutil.which("oxigraph")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.fail("the Oxigraph server is needed to test `newskg push` but is not installed: "
                "`pip install oxigraph` (it is in the test extras: pip install -e '.[test]')", pytrace=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, accept: str, timeout: float = 10) -> bytes:
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read()


class OxigraphServer:
    def __init__(self, location: Path) -> None:
        for _ in range(5):   # a free port can be taken between finding it and binding it: retry
            self.port = free_port()
            self.base = f"http://127.0.0.1:{self.port}"
            self.proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                                          "--bind", f"127.0.0.1:{self.port}"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    http_get(f"{self.base}/query?query=ASK%7B%7D", "application/sparql-results+json", 2)
                    return
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.1)
            self.stop()
        pytest.fail(f"the Oxigraph server did not start: {self.proc.stderr.read().decode()[-2000:]}")

    def counts(self) -> dict[str, int]:
        url = f"{self.base}/query?" + urllib.parse.urlencode({"query": PER_GRAPH})
        data = json.loads(http_get(url, "application/sparql-results+json"))
        return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}

    def graph(self, iri: str) -> bytes:
        return http_get(f"{self.base}/store?" + urllib.parse.urlencode({"graph": iri}), "application/n-triples")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def oxigraph(tmp_path):
    server = OxigraphServer(tmp_path / "oxigraph")
    yield server
    server.stop()


def local_counts(store) -> dict[str, int]:
    return {sol["g"].value: int(sol["n"].value) for sol in store.store.query(PER_GRAPH)}


def test_push_uploads_every_named_graph_and_twice_gives_no_duplicates(oxigraph, seed_build, seed_store,
                                                                    seed_article_iri):
    import rdflib
    from rdflib.compare import isomorphic

    expected = local_counts(seed_store)
    assert seed_article_iri in expected and sum(expected.values()) > 1000
    assert oxigraph.counts() == {}

    proc = run_cli("push", "--endpoint", oxigraph.base, "--store", seed_build.store)
    assert proc.returncode == 0, proc.stderr
    assert f"pushed {len(expected)} graphs ({sum(expected.values()):,} triples" in proc.stdout
    assert f"{oxigraph.base}/store" in proc.stdout
    assert oxigraph.counts() == expected

    # the article's graph arrives whole and unchanged (blank nodes included)
    here = rdflib.Graph().parse(data=seed_store.graph_ntriples(seed_article_iri).decode("utf-8"), format="nt")
    there = rdflib.Graph().parse(data=oxigraph.graph(seed_article_iri).decode("utf-8"), format="nt")
    assert isomorphic(here, there)

    # again, through the query URL this time: PUT replaces, so the counts stay the same
    proc = run_cli("push", "--endpoint", f"{oxigraph.base}/query", "--store", seed_build.store)
    assert proc.returncode == 0, proc.stderr
    assert oxigraph.counts() == expected


def test_push_to_nothing_listening_is_a_clear_error(seed_build):
    port = free_port()
    proc = run_cli("push", "--endpoint", f"http://127.0.0.1:{port}", "--store", seed_build.store)
    assert proc.returncode == 10, proc.stderr
    assert f"cannot connect to http://127.0.0.1:{port}: connection refused" in proc.stderr
    assert "oxigraph serve" in proc.stderr          # the hint says how to fix it
    assert "Traceback" not in proc.stderr


def test_push_to_a_wrong_path_shows_the_servers_answer(oxigraph, seed_build):
    proc = run_cli("push", "--endpoint", oxigraph.base, "--graph-store-url", f"{oxigraph.base}/nowhere",
                   "--store", seed_build.store)
    assert proc.returncode == 10, proc.stderr
    assert f"{oxigraph.base}/nowhere answered 404" in proc.stderr
    assert "Graph Store Protocol" in proc.stderr and "Traceback" not in proc.stderr
    assert oxigraph.counts() == {}


def test_push_needs_a_store(tmp_path):
    proc = run_cli("push", "--endpoint", "http://127.0.0.1:9", "--store", tmp_path / "none")
    assert proc.returncode == 4 and "newskg build" in proc.stderr


@pytest.mark.parametrize("endpoint, url", [
    ("http://localhost:7878", "http://localhost:7878/store"),
    ("http://localhost:7878/", "http://localhost:7878/store"),
    ("http://localhost:7878/query", "http://localhost:7878/store"),
    ("http://localhost:7878/update", "http://localhost:7878/store"),
    ("http://localhost:7878/store", "http://localhost:7878/store"),
    ("http://localhost:3030/news", "http://localhost:3030/news/data"),
    ("http://localhost:3030/news/", "http://localhost:3030/news/data"),
    ("http://localhost:3030/news/sparql", "http://localhost:3030/news/data"),
    ("http://localhost:3030/news/query", "http://localhost:3030/news/data"),
    ("http://localhost:3030/news/data", "http://localhost:3030/news/data"),
    ("https://kg.example.org/fuseki/news", "https://kg.example.org/fuseki/news/data"),
])
def test_graph_store_url_from_the_endpoint(endpoint, url):
    assert graph_store_url(endpoint) == url


def test_graph_store_url_given_or_refused():
    assert graph_store_url("http://a:1", "http://b:2/gsp") == "http://b:2/gsp"
    for bad in ("ftp://a/b", "localhost:7878", "http://a:1/store?graph=x"):
        with pytest.raises(PushError):
            graph_store_url(bad)


def test_count_triples():
    assert count_triples(b"<a:s> <a:p> <a:o> .\n<a:s> <a:p> \"x\" .\n\n") == 2


class _Recorder(BaseHTTPRequestHandler):
    """A stand-in Graph Store that wants `Authorization` and records what it gets."""
    seen: list[dict] = []

    def do_PUT(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Recorder.seen.append({"path": self.path, "auth": self.headers.get("Authorization"),
                               "type": self.headers.get("Content-Type"), "triples": count_triples(body)})
        status = 204 if self.headers.get("Authorization") else 401
        msg = b"" if status == 204 else b"credentials required"
        self.send_response(status)
        self.send_header("Content-Length", str(len(msg)))
        self.end_headers()
        self.wfile.write(msg)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_push_sends_credentials_and_explains_401(recorder, seed_build, seed_store):
    import os

    from conftest import NEWSKG, cli_env

    proc = run_cli("push", "--endpoint", recorder + "/ds", "--store", seed_build.store)
    assert proc.returncode == 10 and "answered 401" in proc.stderr and "credentials required" in proc.stderr
    assert "NEWSKG_PUSH_TOKEN" in proc.stderr

    _Recorder.seen = []
    env = cli_env() | {"NEWSKG_PUSH_TOKEN": "s3cret"}
    proc = subprocess.run([str(NEWSKG), "push", "--endpoint", recorder + "/ds", "--store", str(seed_build.store)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    graphs = sorted(seed_store.graphs())
    assert [urllib.parse.parse_qs(urllib.parse.urlsplit(s["path"]).query)["graph"][0] for s in _Recorder.seen] == graphs
    assert all(s["path"].startswith("/ds/data?graph=") for s in _Recorder.seen)
    assert all(s["auth"] == "Bearer s3cret" and s["type"] == "application/n-triples" for s in _Recorder.seen)
    assert "s3cret" not in proc.stdout + proc.stderr

    _Recorder.seen = []
    env = cli_env() | {"NEWSKG_PUSH_PASSWORD": "pw"}
    proc = subprocess.run([str(NEWSKG), "push", "--endpoint", recorder, "--user", "ann", "--store",
                           str(seed_build.store)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {s["auth"] for s in _Recorder.seen} == {"Basic " + base64.b64encode(b"ann:pw").decode()}
    assert auth_header("ann", "pw") == "Basic " + base64.b64encode(b"ann:pw").decode()
    assert os.environ.get("NEWSKG_PUSH_TOKEN") is None
