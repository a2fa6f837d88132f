"""`newskg serve`: a real server subprocess on loopback, queried with a real SPARQL client
(SPARQLWrapper), raw HTTP for the limits, and headless Debian chromium for the page (which must be
installed: `apt-get install -y chromium`; without it the page test fails, it is not skipped).

The load test (marked `load`) runs 50 client threads for 30 s (NEWSKG_LOAD_SECONDS) and is part of
the default run; `pytest -m "not load"` leaves it out.
"""
from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import SPARQLWrapper  # noqa: F401  (a test dependency: pip install -e ".[test]")

from conftest import NEWSKG, SEED_FILE, cli_env, run_cli

from newskg.query import load_query, ready_queries, run, table, term_text
from newskg.serve.sparql import inspect, negotiate


TIMEOUT = 2.0         # the test server's --timeout
CAP = 1000            # the test server's --max-results
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"   # (triples)³ ≈ 3·10⁹: minutes
MANY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"                              # (triples)²: far above the cap
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]


# ---------------------------------------------------------------- a real server


@dataclass
class Served:
    proc: subprocess.Popen
    base: str            # http://127.0.0.1:PORT/
    endpoint: str        # …/sparql
    stderr: Path

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base).hostname

    @property
    def port(self) -> int:
        return urllib.parse.urlsplit(self.base).port


def start_server(store: Path, tmp: Path, *args: object, wait: float = 60) -> Served:
    """`newskg serve --store S --port 0 …` as a subprocess; the URL is read from what it prints."""
    err = tmp / f"serve-{time.monotonic_ns()}.err"
    proc = subprocess.Popen([str(NEWSKG), "serve", "--store", str(store), "--port", "0", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=err.open("wb"), text=True, env=cli_env())
    found: list[str] = []

    def read() -> None:
        for line in proc.stdout:
            m = re.search(r"SPARQL endpoint: (http://\S+/sparql)", line)
            if m:
                found.append(m.group(1))
                break
        proc.stdout.read()   # keep draining so the server never blocks on a full pipe

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + wait
    while not found and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not found:
        proc.kill()
        proc.wait()
        pytest.fail(f"newskg serve did not print its URL (exit {proc.returncode}):\n{err.read_text()[-3000:]}")
    endpoint = found[0]
    return Served(proc, endpoint[: -len("sparql")], endpoint, err)


def stop_server(s: Served) -> None:
    s.proc.terminate()
    try:
        s.proc.wait(15)
    except subprocess.TimeoutExpired:
        s.proc.kill()
        s.proc.wait()


def children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


@pytest.fixture(scope="module")
def server(seed_build, tmp_path_factory):
    s = start_server(seed_build.store, tmp_path_factory.mktemp("serve"), "--timeout", TIMEOUT,
                     "--max-results", CAP, "--workers", 2)
    yield s
    stop_server(s)


def request(s: Served, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """Raw HTTP (http.client sends the path exactly as given: no normalisation of ../)."""
    conn = http.client.HTTPConnection(s.host, s.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def get_query(s: Served, query: str, accept: str | None = None, **extra) -> tuple[int, dict[str, str], bytes]:
    qs = urllib.parse.urlencode({"query": query, **extra}, doseq=True)
    return request(s, "GET", f"/sparql?{qs}", headers={"Accept": accept} if accept else {})


def post_form(s: Served, fields: dict, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return request(s, "POST", "/sparql", urllib.parse.urlencode(fields, doseq=True).encode(), headers)


def wrapper(s: Served, query: str, fmt=None, method=None):
    from SPARQLWrapper import JSON, SPARQLWrapper as Wrapper
    sw = Wrapper(s.endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt or JSON)
    if method:
        sw.setMethod(method)
    sw.setTimeout(30)
    return sw


def local_rows(store, name: str) -> list[tuple[str, ...]]:
    t = table(run(store, load_query(name)))
    return [tuple(term_text(v) for v in row) for row in t.rows]


def bindings_rows(data: dict) -> list[tuple[str, ...]]:
    names = data["head"]["vars"]
    return [tuple(b.get(v, {}).get("value", "") for v in names) for b in data["results"]["bindings"]]


def local_count(store, sparql: str) -> int:
    return int(next(iter(store.query(sparql)))["n"].value)


# ---------------------------------------------------------------- the query text, without a server


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service<http://example.org/sparql>{ ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/>\nSELECT * { ?s ?p ?o . SeRvIcE SILENT ?endpoint { ?s ?p ?o } }",
    "SELECT * { ?s ?p \"x\" # a comment\n SERVICE <http://example.org/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p 'it''s' . SERVICE ?x { } }",
    "SELECT * { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }",
    "SELECT * { ?s ?p \"\"\"multi\nline\"\"\" . SERVICE <http://example.org/> { } }",
    "ASK { FILTER(?a<?b) SERVICE<http://example.org/>{ } }",
])
def test_service_is_found_outside_strings_iris_and_comments(text):
    assert inspect(text).service, text


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://example.org/> { ?s ?p ?o }" }',
    "SELECT * WHERE { ?s ?p 'service' }",
    'SELECT * WHERE { ?s ?p """ SERVICE\n<x> {} """ }',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "# SERVICE <http://example.org/> { }\nSELECT * WHERE { ?s ?p ?o }",
    "PREFIX SERVICE: <http://example.org/>\nSELECT * WHERE { ?s SERVICE:p ?o . ?s ?p SERVICE: }",
    "PREFIX ex: <http://example.org/>\nSELECT ?service WHERE { ?s ex:SERVICE ?service . ?s ?p $service }",
    'SELECT * WHERE { ?s ?p "x"@service }',
    'SELECT * WHERE { ?s ?p "say \\"SERVICE\\" twice" }',
])
def test_service_in_a_string_iri_comment_or_name_is_not_a_service_clause(text):
    ins = inspect(text)
    assert not ins.service, text
    assert ins.form in ("SELECT", "ASK") and not ins.update


@pytest.mark.parametrize("text, form, update", [
    ("SELECT * { ?s ?p ?o }", "SELECT", False),
    ("PREFIX a: <http://a/> BASE <http://b/> construct { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT", False),
    ("  # comment\n ASK {}", "ASK", False),
    ("DESCRIBE <http://a/>", "DESCRIBE", False),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", None, True),
    ("PREFIX ex: <http://example.org/>\ndelete where { ?s ?p ?o }", None, True),
    ("LOAD <http://example.org/data.ttl>", None, True),
    ("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", None, True),
    ("CLEAR ALL", None, True),
    ("DROP GRAPH <http://g/>", None, True),
    ("\\u0049NSERT DATA { <a:b> <a:c> <a:d> }", None, True),
])
def test_query_form_and_updates(text, form, update):
    ins = inspect(text)
    assert (ins.form, ins.update) == (form, update)


def test_negotiation():
    assert negotiate(None, False) == "json"
    assert negotiate(None, True) == "turtle"
    assert negotiate("text/csv", False) == "csv"
    assert negotiate("text/tab-separated-values", False) == "tsv"
    assert negotiate("application/sparql-results+xml", False) == "xml"
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", False) == "xml"
    assert negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False) == "xml"
    assert negotiate("*/*", False) == "json"
    assert negotiate("*/*", True) == "turtle"
    assert negotiate("application/n-triples", True) == "nt"
    assert negotiate("application/ld+json", True) == "jsonld"
    assert negotiate("image/png", False) is None
    assert negotiate("text/turtle", False) is None
    assert negotiate("application/sparql-results+json", True) is None
    assert negotiate("text/csv;q=0, */*;q=0.1", False) == "json"
    assert negotiate("image/png", False, ["csv"]) == "csv"          # format= wins over Accept
    assert negotiate(None, True, ["bogus", "turtle"]) == "turtle"


# ---------------------------------------------------------------- SPARQL 1.1 Protocol, with SPARQLWrapper


def test_server_binds_loopback_by_default(server):
    assert server.host == "127.0.0.1"
    assert "warning" not in server.stderr.read_text()


def test_select_json_with_sparqlwrapper_has_the_seed_entities(server, seed_store):
    from SPARQLWrapper import JSON
    result = wrapper(server, load_query("entities"), JSON).query()
    assert result.info()["content-type"].startswith("application/sparql-results+json")
    data = result.convert()
    rows = bindings_rows(data)
    assert data["head"]["vars"] == ["source", "name", "type"]
    assert rows == local_rows(seed_store, "entities")
    names = {r[1] for r in rows}
    assert {"Jens Stoltenberg", "NATO", "Russia", "Ukraine", "Dmytro Kuleba"} <= names


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_get_and_post_give_the_same_answer(server, seed_store, method):
    from SPARQLWrapper import JSON
    data = wrapper(server, load_query("quotes"), JSON, method).query().convert()
    assert bindings_rows(data) == local_rows(seed_store, "quotes")


def test_post_sparql_query_body_and_form(server, seed_store):
    q = load_query("relations")
    expected = local_rows(seed_store, "relations")
    status, headers, body = request(server, "POST", "/sparql", q.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200, body
    assert bindings_rows(json.loads(body)) == expected
    status, headers, body = post_form(server, {"query": q})
    assert status == 200, body
    assert bindings_rows(json.loads(body)) == expected


def test_xml_csv_tsv_by_accept_with_sparqlwrapper(server, seed_store):
    from SPARQLWrapper import CSV, TSV, XML
    expected = local_rows(seed_store, "entities")
    q = load_query("entities")

    res = wrapper(server, q, XML).query()
    assert res.info()["content-type"].startswith("application/sparql-results+xml")
    doc = res.convert()   # xml.dom.minidom
    results = doc.getElementsByTagName("result")
    assert len(results) == len(expected)
    xml_names = sorted(b.getElementsByTagName("literal")[0].firstChild.data for r in results
                       for b in r.getElementsByTagName("binding") if b.getAttribute("name") == "name")
    assert xml_names == sorted(r[1] for r in expected)

    res = wrapper(server, q, CSV).query()
    assert res.info()["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(res.convert().decode("utf-8"))))
    assert rows[0] == ["source", "name", "type"]
    assert [tuple(r) for r in rows[1:]] == expected

    res = wrapper(server, q, TSV).query()
    assert res.info()["content-type"].startswith("text/tab-separated-values")
    lines = res.convert().decode("utf-8").splitlines()
    assert lines[0].split("\t") == ["?source", "?name", "?type"]
    assert len(lines) - 1 == len(expected)
    assert {json.loads(line.split("\t")[1]) for line in lines[1:]} == {r[1] for r in expected}


def test_ask(server):
    from SPARQLWrapper import JSON
    assert wrapper(server, 'ASK { ?e rdfs:label "Jens Stoltenberg" }', JSON).query().convert()["boolean"] is True
    assert wrapper(server, 'ASK { ?e rdfs:label "Nobody At All" }', JSON).query().convert()["boolean"] is False


def test_construct_returns_turtle_that_rdflib_parses(server, seed_store):
    import rdflib
    from SPARQLWrapper import TURTLE
    q = load_query("network")
    expected = list(seed_store.query(q))
    res = wrapper(server, q, TURTLE).query()
    assert res.info()["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=res.convert(), format="turtle")
    assert len(g) == len(expected) > 0
    assert any(str(o) == "Jens Stoltenberg" for o in g.objects(None, rdflib.RDFS.label))


@pytest.mark.parametrize("accept, fmt, ctype", [
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/ld+json", "json-ld", "application/ld+json"),
    ("application/rdf+xml", "xml", "application/rdf+xml"),
    (None, "turtle", "text/turtle"),
])
def test_construct_in_other_rdf_formats(server, seed_store, accept, fmt, ctype):
    import rdflib
    q = "CONSTRUCT WHERE { ?e rdfs:label ?name }"
    expected = len(list(seed_store.query(q)))
    status, headers, body = get_query(server, q, accept)
    assert status == 200, body
    assert headers["content-type"].startswith(ctype)
    assert len(rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)) == expected


def test_unsupported_accept_is_406(server):
    status, headers, body = get_query(server, "SELECT * { ?s ?p ?o } LIMIT 1", "image/png")
    assert status == 406
    assert b"application/sparql-results+json" in body
    status, headers, body = get_query(server, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv")
    assert status == 406


def test_params_are_bound_like_the_cli(server, seed_store):
    from newskg.query import parse_param
    expected = table(run(seed_store, load_query("about"), dict([parse_param("name=Russia")])))
    status, headers, body = post_form(server, {"query": load_query("about"), "param": "name=Russia"})
    assert status == 200, body
    assert len(json.loads(body)["results"]["bindings"]) == len(expected.rows) > 0
    status, headers, body = post_form(server, {"query": load_query("about"), "param": "nosuch=Russia"})
    assert status == 400 and b"nosuch" in body


def test_default_graph_uri_is_honoured(server, seed_store, seed_article_iri):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    per_article = local_count(seed_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{seed_article_iri}> {{ ?s ?p ?o }} }}")
    union = local_count(seed_store, COUNT_ALL)
    status, _, body = get_query(server, q)
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == union
    status, _, body = get_query(server, q, **{"default-graph-uri": seed_article_iri})
    assert status == 200, body
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == per_article < union
    status, _, body = get_query(server, "SELECT ?g WHERE { GRAPH ?g { } }",
                                **{"named-graph-uri": seed_article_iri})
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [seed_article_iri]


def test_a_query_that_does_not_parse_is_400(server):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
    with pytest.raises(QueryBadFormed, match="does not parse"):
        wrapper(server, "SELECT * WHERE { ?s ?p }").query()
    status, _, body = get_query(server, "hello")
    assert status == 400 and b"not a SPARQL query" in body


# ---------------------------------------------------------------- read-only, no SERVICE


def test_insert_data_is_refused_and_nothing_changes(server, seed_store):
    before = local_count(seed_store, COUNT_ALL)
    update = 'INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> "x" } }'
    sw = wrapper(server, update, method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()                      # SPARQLWrapper sends it as update=…
    assert err.value.code == 403
    assert b"read-only" in err.value.read()
    for status, _, body in (
            request(server, "POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
            post_form(server, {"update": update}),
            post_form(server, {"query": update}),                        # an update sent as a query
            get_query(server, update),
            request(server, "GET", "/sparql?" + urllib.parse.urlencode({"update": update}))):
        assert status == 403, body
        assert b"read-only" in body
    status, _, body = get_query(server, COUNT_ALL)
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == before
    status, _, body = request(server, "PUT", "/sparql", b"x", {"Content-Type": "text/turtle"})
    assert status == 405


@pytest.mark.parametrize("q", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { ?x ?y ?z . service<http://127.0.0.1:9/sparql>{ ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT ?where { ?s ?p ?o } VALUES ?where { <http://127.0.0.1:9/> } }",
])
def test_service_is_refused(server, q):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
    with pytest.raises(QueryBadFormed, match="SERVICE is refused"):
        wrapper(server, q).query()


def test_service_inside_a_literal_is_just_text(server):
    status, _, body = get_query(server, 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?x) }')
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


# ---------------------------------------------------------------- limits


def test_a_slow_query_times_out_and_the_server_keeps_answering(server):
    started = time.monotonic()
    status, headers, body = get_query(server, SLOW)
    took = time.monotonic() - started
    assert status == 503, body
    assert b"longer than" in body
    assert took < TIMEOUT + 3, f"the timeout answer took {took:.1f} s for a {TIMEOUT} s limit"
    # the worker that ran it was killed and is being replaced; meanwhile and afterwards queries work
    for _ in range(6):
        t0 = time.monotonic()
        status, _, body = get_query(server, "ASK { ?s ?p ?o }")
        assert status == 200, body
        assert time.monotonic() - t0 < TIMEOUT
    # two slow queries at once (both workers busy, then both killed), then answers again
    results = []
    threads = [threading.Thread(target=lambda: results.append(get_query(server, SLOW)[0])) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == [503, 503]
    deadline = time.monotonic() + 30
    while True:
        status, _, body = get_query(server, load_query("entities"))
        if status == 200 or time.monotonic() > deadline:
            break
    assert status == 200, body
    assert server.proc.poll() is None


def test_a_query_over_the_memory_limit_is_stopped(seed_build, tmp_path):
    # ORDER BY over (triples)³ rows grows by ~300 MB/s: the worker's heap limit stops it long before the timeout
    s = start_server(seed_build.store, tmp_path, "--max-memory", 256, "--timeout", 60, "--workers", 1)
    try:
        started = time.monotonic()
        status, _, body = get_query(s, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c")
        assert status == 503, body
        assert b"256 MB" in body and b"--max-memory" in body
        assert time.monotonic() - started < 30
        status, _, body = get_query(s, load_query("entities"))   # on the replacement worker
        assert status == 200, body
        assert s.proc.poll() is None
    finally:
        stop_server(s)


def test_the_result_cap_cuts_off_rows_and_says_so(server, seed_store):
    status, headers, body = get_query(server, MANY)
    assert status == 200, body
    assert headers.get("x-newskg-truncated") == "true"
    assert headers.get("x-newskg-result-limit") == str(CAP)
    data = json.loads(body)                       # still valid SPARQL JSON
    assert set(data) == {"head", "results"} and data["head"]["vars"] == ["a", "b", "c", "d", "e", "f"]
    assert len(data["results"]["bindings"]) == CAP
    status, headers, body = get_query(server, MANY, "text/csv")
    assert headers.get("x-newskg-truncated") == "true"
    assert len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) == CAP + 1
    status, headers, body = get_query(server, MANY, "text/tab-separated-values")
    assert headers.get("x-newskg-truncated") == "true"
    assert len(body.decode("utf-8").strip("\n").split("\n")) == CAP + 1   # TSV escapes newlines in values
    status, headers, body = get_query(server, "CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f }",
                                      "application/n-triples")
    assert headers.get("x-newskg-truncated") == "true"
    assert len(body.decode("utf-8").strip().splitlines()) == CAP
    status, headers, body = get_query(server, load_query("entities"))
    assert "x-newskg-truncated" not in headers
    assert headers["x-newskg-result-count"] == str(len(local_rows(seed_store, "entities")))


def test_a_huge_body_is_413(server):
    big = b"query=" + b"%20" * (700 * 1024)   # 2.1 MB of form data
    status, headers, body = request(server, "POST", "/sparql", big,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413, body
    big = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024 + 10)).encode()
    status, headers, body = request(server, "POST", "/sparql", big, {"Content-Type": "application/sparql-query"})
    assert status == 413
    # a body that was declared but not sent is not waited for
    status, headers, body = request(server, "POST", "/sparql", None,
                                    {"Content-Type": "application/sparql-query", "Content-Length": "50000000"})
    assert status == 413
    status, _, body = get_query(server, "ASK {}")
    assert status == 200


@pytest.mark.parametrize("path", [
    "/static/../../etc/passwd",
    "/static/../../../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "/static/..\\..\\etc\\passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/../server.py",
    "/static/../../serve/server.py",
    "/../../etc/passwd",
    "/static/index.html%00.js",
    "/static/",
    "/static/.",
    "/static/app.js/..",
])
def test_path_traversal_is_404(server, path):
    status, headers, body = request(server, "GET", path)
    assert status == 404, (path, body[:200])
    assert b"root:" not in body and b"import" not in body


def test_page_static_files_and_ready_queries(server):
    status, headers, body = request(server, "GET", "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in headers["content-security-policy"]
    page = body.decode("utf-8")
    assert 'id="query"' in page and 'id="run"' in page and 'href="/graph"' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "the page must load nothing from elsewhere"
    for name in ("app.js", "app.css"):
        status, headers, body = request(server, "GET", f"/static/{name}")
        assert status == 200 and body
        assert b"http://" not in body and b"https://" not in body
    status, headers, body = request(server, "GET", "/api/queries")
    data = json.loads(body)
    assert [q["name"] for q in data["queries"]] == ready_queries()
    about = next(q for q in data["queries"] if q["name"] == "about")
    assert about["params"] == ["name"]
    assert all(q["params"] == [] for q in data["queries"] if q["name"] != "about")


def test_graph_view(server):
    status, headers, body = request(server, "GET", "/graph")
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    try:
        import newskg.viz.html  # noqa: F401
    except ImportError:
        assert "newskg viz" in page
        return
    assert 'id="newskg-data"' in page, page[:500]
    assert "Jens Stoltenberg" in page
    assert "script-src 'unsafe-inline'" in headers["content-security-policy"]


# ---------------------------------------------------------------- the page in headless chromium


def chromium() -> str:
    for name in (os.environ.get("NEWSKG_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (path := shutil.which(name)):
            return path
    pytest.fail("headless chromium is needed to test the query page but none is installed: "
                "`apt-get update && apt-get install -y chromium` (or set NEWSKG_CHROMIUM)", pytrace=False)


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str]] = {}
        self.text: dict[str, str] = {}
        self.rows = 0
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = a
            self._in = a["id"]
            self.text.setdefault(a["id"], "")
        if tag == "tr" and a.get("class") == "result-row":
            self.rows += 1

    def handle_data(self, data):
        if self._in:
            self.text[self._in] += data

    def handle_endtag(self, tag):
        self._in = None


def browse(url: str, profile: Path) -> _Dom:
    cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom", url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, f"chromium failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    dom = _Dom()
    dom.feed(proc.stdout)
    return dom


@pytest.mark.parametrize("fragment, name, params", [
    ("?run=entities", "entities", {}),
    ("#run=quotes", "quotes", {}),
    ("?run=about&param.name=Russia", "about", {"name": "Russia"}),
])
def test_the_page_runs_a_ready_query_in_chromium(server, seed_store, tmp_path, fragment, name, params):
    from newskg.query import parse_param
    bound = dict(parse_param(f"{k}={v}") for k, v in params.items())
    expected = len(table(run(seed_store, load_query(name), bound)).rows)
    assert expected > 0
    dom = browse(server.base + fragment, tmp_path / "profile")
    status = dom.ids.get("status", {})
    assert status.get("data-state") == "done", f"the page did not finish: {status} {dom.text.get('status')!r}"
    assert dom.text.get("row-count", "").strip() == str(expected)
    assert dom.rows == expected
    assert "result-table" in dom.ids


def test_the_page_shows_a_server_error_in_chromium(server, tmp_path):
    url = server.base + "#" + urllib.parse.urlencode({"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> {} }"})
    dom = browse(url, tmp_path / "profile")
    assert dom.ids.get("status", {}).get("data-state") == "error"
    assert "SERVICE is refused" in dom.text.get("status", "")


# ---------------------------------------------------------------- starting and stopping


def test_port_in_use_and_missing_store_are_clear_errors(server, seed_build, tmp_path):
    proc = subprocess.run([str(NEWSKG), "serve", "--store", str(seed_build.store), "--port", str(server.port)],
                          capture_output=True, text=True, env=cli_env(), timeout=120)
    assert proc.returncode == 9, proc.stderr
    assert "already in use" in proc.stderr and "--port 0" in proc.stderr
    proc = subprocess.run([str(NEWSKG), "serve", "--store", str(tmp_path / "nothing"), "--port", "0"],
                          capture_output=True, text=True, env=cli_env(), timeout=60)
    assert proc.returncode == 4 and "newskg build" in proc.stderr


def test_a_non_loopback_host_is_warned_about(seed_build):
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning is printed, then binding fails
    proc = subprocess.run([str(NEWSKG), "serve", "--store", str(seed_build.store), "--host", "192.0.2.1",
                           "--port", "0"], capture_output=True, text=True, env=cli_env(), timeout=120)
    assert "warning" in proc.stderr and "anyone who can reach this machine" in proc.stderr
    assert proc.returncode == 9 and "cannot listen on 192.0.2.1" in proc.stderr


def test_stopping_the_server_stops_its_workers(seed_build, tmp_path):
    s = start_server(seed_build.store, tmp_path, "--workers", 2)
    status, _, _ = get_query(s, "ASK {}")
    assert status == 200
    workers = children(s.proc.pid)
    assert len(workers) >= 2
    stop_server(s)
    assert s.proc.returncode == 0
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_articles_built_while_serving_are_answered(seed_build, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seed_build.store, store)
    articles = tmp_path / "more"
    articles.mkdir()
    text = SEED_FILE.read_text(encoding="utf-8").replace("Stoltenberg", "Stoltenbergsen")
    (articles / "001_another.txt").write_text(text, encoding="utf-8")
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    s = start_server(store, tmp_path, "--workers", 2)
    try:
        before = int(json.loads(get_query(s, count)[2])["results"]["bindings"][0]["n"]["value"])
        proc = run_cli("build", articles, "--store", store)     # takes the write lock while the server reads
        assert proc.returncode == 0, proc.stderr
        # each worker reopens the store when it sees the build's files: wait for a run of new answers
        deadline = time.monotonic() + 20
        streak = 0
        while time.monotonic() < deadline and streak < 8:
            n = int(json.loads(get_query(s, count)[2])["results"]["bindings"][0]["n"]["value"])
            streak = streak + 1 if n == before + 1 else 0
            time.sleep(0.2)
        assert streak >= 8, f"the new article is not (always) answered: {before} graphs before the build"
        status, _, body = get_query(s, 'ASK { ?e rdfs:label "Jens Stoltenbergsen" }')
        assert json.loads(body)["boolean"] is True
    finally:
        stop_server(s)


# ---------------------------------------------------------------- load


@pytest.mark.load
def test_load_50_clients_mixed_ready_queries(seed_build, seed_store, tmp_path, capsys):
    seconds = float(os.environ.get("NEWSKG_LOAD_SECONDS", "30"))
    clients = 50
    names = ["entities", "posts", "quotes", "relations"]
    queries = {n: load_query(n) for n in names}
    expected = {n: len(local_rows(seed_store, n)) for n in names}
    s = start_server(seed_build.store, tmp_path)      # the defaults: 10 s timeout, 10,000 results
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(s.host, s.port, timeout=30)
        k = i
        while time.monotonic() < stop_at and len(errors) < 20:
            name = names[k % len(names)]
            k += 1
            body = urllib.parse.urlencode({"query": queries[name]}).encode()
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                       "Accept": "application/sparql-results+json"})
                resp = conn.getresponse()
                data = resp.read()
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(s.host, s.port, timeout=30)
                continue
            latencies[i].append(time.perf_counter() - t0)
            if resp.status != 200:
                errors.append(f"{name}: HTTP {resp.status}: {data[:200]!r}")
            elif len(json.loads(data)["results"]["bindings"]) != expected[name]:
                errors.append(f"{name}: wrong row count")
        conn.close()

    try:
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 60)
        elapsed = time.monotonic() - started
    finally:
        stop_server(s)
    all_lat = sorted(x for per in latencies for x in per)
    assert all_lat, "no request completed"

    def pct(p: float) -> float:
        return all_lat[min(len(all_lat) - 1, int(p / 100 * len(all_lat)))] * 1000

    summary = (f"load: {clients} clients, {elapsed:.1f} s, {len(all_lat)} requests, "
               f"{len(all_lat) / elapsed:.0f} req/s, latency p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, "
               f"p99 {pct(99):.1f} ms, max {all_lat[-1] * 1000:.1f} ms, errors {len(errors)}")
    with capsys.disabled():
        print("\n" + summary)
    assert not errors, f"{len(errors)} errors, e.g. {errors[:5]}\n{summary}"
    assert all(latencies), "a client completed no request"
