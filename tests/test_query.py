"""newskg.query and `newskg query`: parameters bound as values, read-only, the ready queries and their
contract columns, result formats, and no spaCy import on the query path."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest

from newskg.errors import QueryError
from newskg.query import load_query, parse_param, ready_queries, run, table
from newskg.store import ArticleGraph, open_store

from conftest import QUERIES, SEED_SOURCE, cli_env, nonempty_lines, run_cli

XSD = "http://www.w3.org/2001/XMLSchema#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
INJECTION = 'Russia" } UNION { ?s ?p ?o } #'

CONTRACT = {
    "entities": ["source", "name", "type"],
    "posts": ["source", "holder", "role", "org"],
    "quotes": ["source", "speaker", "text"],
    "relations": ["source", "type", "agent", "target", "negated"],
}


# ---------------------------------------------------------------- parse_param


def test_param_angle_bracket_iri():
    assert parse_param("who=<https://example.org/id/oslo>") == ("who", ox.NamedNode("https://example.org/id/oslo"))


def test_param_bare_http_iri():
    assert parse_param("who=https://example.org/id/oslo") == ("who", ox.NamedNode("https://example.org/id/oslo"))


def test_param_plain_string():
    name, value = parse_param("name=Oslo")
    assert name == "name"
    assert value == ox.Literal("Oslo")
    assert value.datatype == ox.NamedNode(XSD + "string") and value.language is None


def test_param_value_may_contain_equals_and_spaces():
    assert parse_param("name=a = b") == ("name", ox.Literal("a = b"))


def test_param_language_tagged_string():
    assert parse_param('name="Norvège"@fr') == ("name", ox.Literal("Norvège", language="fr"))


@pytest.mark.parametrize("text", ["n=5^^xsd:integer", 'n="5"^^xsd:integer',
                                  f"n=5^^<{XSD}integer>"])
def test_param_typed_literal(text):
    assert parse_param(text) == ("n", ox.Literal("5", datatype=ox.NamedNode(XSD + "integer")))


def test_param_leading_question_mark_is_dropped():
    assert parse_param("?name=Oslo") == ("name", ox.Literal("Oslo"))


@pytest.mark.parametrize("text", ["nameOslo", "=Oslo", "1name=Oslo", "na me=Oslo", "name-x=Oslo", ""])
def test_bad_param_is_a_query_error(text):
    with pytest.raises(QueryError) as info:
        parse_param(text)
    assert info.value.hint


# ---------------------------------------------------------------- run() on a small hand-made store


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "store"
    st = open_store(path)
    body = "\n".join([
        f'<https://example.org/id/oslo> <{LABEL}> "Oslo" .',
        f'<https://example.org/id/bergen> <{LABEL}> "Bergen" .',
        f'<https://example.org/id/paris> <{LABEL}> "Paris"@fr .',
        f'<https://example.org/id/oslo> <https://example.org/pop> "700000"^^<{XSD}integer> .',
    ]) + "\n"
    st.put(ArticleGraph("https://example.org/id/article/a", body.encode(), "d"))
    yield st
    st.close()


def count_quads(store) -> int:
    return len(list(store.store.quads_for_pattern(None, None, None, None)))


def rows(result) -> list[dict[str, str]]:
    t = table(result)
    return [{c: (v.value if v is not None else None) for c, v in zip(t.columns, r)} for r in t.rows]


def test_run_binds_a_projected_variable(small_store):
    q = f"SELECT ?e ?name WHERE {{ ?e <{LABEL}> ?name }}"
    got = rows(run(small_store, q, dict([parse_param("name=Oslo")])))
    assert got == [{"e": "https://example.org/id/oslo", "name": "Oslo"}]


def test_binding_a_variable_the_query_does_not_select_is_a_clear_error(small_store):
    # the engine substitutes values for selected variables only (SEP-0007); rather than paste the
    # value into the query text, newskg says how to write the query
    q = f"SELECT ?e WHERE {{ ?e <{LABEL}> ?name }}"
    with pytest.raises(QueryError, match="selects") as exc:
        run(small_store, q, dict([parse_param("name=Bergen")]))
    assert "SELECT ?name" in exc.value.hint
    q2 = f"SELECT ?e ?name WHERE {{ ?e <{LABEL}> ?name }}"
    assert [r["e"] for r in rows(run(small_store, q2, dict([parse_param("name=Bergen")])))] == ["https://example.org/id/bergen"]


def test_run_binds_an_iri(small_store):
    q = f"SELECT ?who ?l WHERE {{ ?who <{LABEL}> ?l }}"
    got = rows(run(small_store, q, dict([parse_param("who=<https://example.org/id/bergen>")])))
    assert got == [{"who": "https://example.org/id/bergen", "l": "Bergen"}]


def test_run_binds_language_and_typed_literals(small_store):
    q = f"SELECT ?e ?name WHERE {{ ?e <{LABEL}> ?name }}"
    assert [r["e"] for r in rows(run(small_store, q, dict([parse_param('name="Paris"@fr')])))] == \
        ["https://example.org/id/paris"]
    assert rows(run(small_store, q, dict([parse_param("name=Paris")]))) == [], "Paris@fr is not the plain 'Paris'"
    q2 = "SELECT ?e ?n WHERE { ?e <https://example.org/pop> ?n }"
    assert len(rows(run(small_store, q2, dict([parse_param("n=700000^^xsd:integer")])))) == 1
    assert rows(run(small_store, q2, dict([parse_param("n=700000")]))) == []


def test_injection_attempt_is_one_literal(small_store):
    q = f"SELECT ?e ?name WHERE {{ ?e <{LABEL}> ?name }}"
    assert rows(run(small_store, q, dict([parse_param("name=" + INJECTION)]))) == []
    assert rows(run(small_store, q, dict([parse_param('name=Oslo" || true || "')]))) == []


def test_parameter_not_in_the_query_is_an_error(small_store):
    q = f"SELECT ?e WHERE {{ ?e <{LABEL}> ?label }}"
    with pytest.raises(QueryError) as info:
        run(small_store, q, dict([parse_param("name=Oslo")]))
    assert "name" in str(info.value)
    # ?names is not ?name
    with pytest.raises(QueryError):
        run(small_store, f"SELECT ?names WHERE {{ ?e <{LABEL}> ?names }}", dict([parse_param("name=Oslo")]))


@pytest.mark.parametrize("update", [
    'INSERT DATA { <https://example.org/x> <https://example.org/p> "x" }',
    'insert data { <https://example.org/x> <https://example.org/p> "x" }',
    'PREFIX ex: <https://example.org/>\nINSERT DATA { ex:x ex:p "x" }',
    '# a comment first\nDELETE WHERE { ?s ?p ?o }',
    "CLEAR ALL",
    "DROP GRAPH <https://example.org/id/article/a>",
    'DELETE { ?s ?p ?o } INSERT { ?s ?p "y" } WHERE { ?s ?p ?o }',
])
def test_updates_are_refused(small_store, update):
    before = count_quads(small_store)
    with pytest.raises(QueryError):
        run(small_store, update)
    assert count_quads(small_store) == before


@pytest.mark.parametrize("bad", ["SELECT ?s WHERE { ?s ?p }", "SELEKT * WHERE { ?s ?p ?o }",
                                 "SELECT ?s WHERE { ?s ?p ?o", "PREFIX x: <http://e/> SELECT * WHERE { y:a ?p ?o }"])
def test_syntax_error_is_a_query_error(small_store, bad):
    with pytest.raises(QueryError) as info:
        run(small_store, bad)
    assert "parse" in str(info.value) or "syntax" in str(info.value).lower()


def test_load_query_by_name_file_and_text(tmp_path):
    assert "SELECT" in load_query("entities")
    assert load_query("entities") == (QUERIES / "entities.rq").read_text(encoding="utf-8")
    f = tmp_path / "mine.rq"
    f.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert load_query(str(f)) == "SELECT * WHERE { ?s ?p ?o }"
    assert load_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    with pytest.raises(QueryError):
        load_query("no_such_ready_query")
    with pytest.raises(QueryError):
        load_query(str(tmp_path / "missing.rq"))


def test_ready_queries_are_the_shipped_files():
    assert ready_queries() == sorted(p.stem for p in QUERIES.glob("*.rq"))


# ---------------------------------------------------------------- the ready queries on the seed store

READY = sorted(p.stem for p in QUERIES.glob("*.rq"))
PARAMS = {"about": ["name=Russia"]}
# the seed article states these facts, so these queries must find something; the others
# (e.g. hypothetical.rq) only have to run without error
MUST_ANSWER = {"about", "entities", "posts", "quotes", "relations", "network", "speakers", "accusations"}


@pytest.mark.parametrize("name", READY)
def test_every_ready_query_runs_on_the_seed(seed_store, name):
    sparql = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    params = dict(parse_param(p) for p in PARAMS.get(name, []))
    result = run(seed_store, sparql, params)  # must not raise
    if isinstance(result, ox.QuerySolutions):
        t = table(result)
        assert t.columns
        if name in MUST_ANSWER:
            assert t.rows, f"{name}.rq returns no rows on the seed article"
    else:   # CONSTRUCT: QueryTriples, or the Triples of the view the build kept
        triples = list(result)
        assert all(isinstance(t, ox.Triple) for t in triples)
        if name in MUST_ANSWER:
            assert triples, f"{name}.rq constructs nothing on the seed article"


def test_about_russia_returns_rows_about_russia(seed_store):
    sparql = load_query("about")
    got = rows(run(seed_store, sparql, dict([parse_param("name=Russia")])))
    assert got
    assert all(r["source"] == SEED_SOURCE for r in got)
    assert all("Russia" in r["fact"] for r in got)
    assert {r["what"] for r in got} <= {"quote", "relation", "post"}


@pytest.mark.parametrize("name, columns", sorted(CONTRACT.items()))
def test_contract_columns(seed_store, name, columns):
    t = table(run(seed_store, load_query(name)))
    assert t.columns == columns
    assert t.rows
    assert all(r[0] is not None and r[0].value == SEED_SOURCE for r in t.rows)


def test_entities_types_are_the_four_classes(seed_store):
    t = table(run(seed_store, load_query("entities")))
    types = {r[2].value.rsplit("/", 1)[-1] for r in t.rows}
    assert types <= {"Person", "Organization", "Country", "Place"}


# ---------------------------------------------------------------- `newskg query` in a subprocess


def test_cli_json_is_sparql_results_json(seed_build):
    proc = run_cli("query", "entities", "--store", seed_build.store, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["head"]["vars"] == CONTRACT["entities"]
    bindings = res["results"]["bindings"]
    assert bindings
    for b in bindings:
        assert set(b) <= set(res["head"]["vars"])
        for term in b.values():
            assert term["type"] in ("uri", "literal", "bnode") and isinstance(term["value"], str)
    assert {b["source"]["value"] for b in bindings} == {SEED_SOURCE}
    assert all(b["type"]["type"] == "uri" for b in bindings)


def test_cli_query_file_path(seed_build):
    proc = run_cli("query", QUERIES / "quotes.rq", "--store", seed_build.store, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["head"]["vars"] == CONTRACT["quotes"]
    assert res["results"]["bindings"]


def test_cli_csv_has_a_header_row(seed_build):
    proc = run_cli("query", "posts", "--store", seed_build.store, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    table_rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert table_rows[0] == CONTRACT["posts"]
    assert len(table_rows) > 1
    assert all(len(r) == 4 for r in table_rows[1:])


def test_cli_table_prints_rows(seed_build, seed_store):
    t = table(run(seed_store, load_query("entities")))
    proc = run_cli("query", "entities", "--store", seed_build.store, "--format", "table")
    assert proc.returncode == 0, proc.stderr
    for col in CONTRACT["entities"]:
        assert col in proc.stdout
    for name in {r[1].value for r in t.rows}:
        assert name in proc.stdout
    assert f"{len(t.rows)} row(s)" in proc.stdout


def test_cli_about_with_param(seed_build):
    proc = run_cli("query", QUERIES / "about.rq", "--store", seed_build.store, "--format", "json",
                   "--param", "name=Russia")
    assert proc.returncode == 0, proc.stderr
    bindings = json.loads(proc.stdout)["results"]["bindings"]
    assert bindings
    assert all("Russia" in b["fact"]["value"] for b in bindings)


def test_cli_injection_returns_no_rows(seed_build):
    proc = run_cli("query", "about", "--store", seed_build.store, "--format", "json", "--param", "name=" + INJECTION)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"]["bindings"] == []


@pytest.mark.parametrize("args, fragment", [
    (["SELECT ?s WHERE { ?s ?p }"], "parse"),
    (['INSERT DATA { <https://e/x> <https://e/p> "x" }'], "update"),
    (["entities", "--param", "nosuchvar=1"], "nosuchvar"),
    (["entities", "--param", "broken"], "NAME=VALUE"),
    (["entities", "--format", "yaml"], "yaml"),
    (["no_such_query"], "no_such_query"),
])
def test_cli_query_errors_are_one_line(seed_build, args, fragment):
    proc = run_cli("query", *args, "--store", seed_build.store)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = nonempty_lines(proc.stderr)
    assert lines and lines[0].startswith("error"), proc.stderr
    assert fragment in lines[0]
    assert len(lines) <= 2


def test_cli_query_on_missing_store(tmp_path):
    proc = run_cli("query", "entities", "--store", tmp_path / "nothing-here")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "nothing-here" in proc.stderr
    assert not (tmp_path / "nothing-here").exists()


def test_cli_query_does_not_import_spacy(seed_build):
    script = textwrap.dedent(f"""
        import json, sys
        from newskg.cli.app import main
        sys.argv = ["newskg", "query", "entities", "--store", {str(seed_build.store)!r}, "--format", "json"]
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code or 0
        sys.stdout.flush()
        print("\\nMODULES " + json.dumps({{"code": code, "spacy": "spacy" in sys.modules,
                                         "thinc": "thinc" in sys.modules}}), file=sys.stderr)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=cli_env(), timeout=120)
    marker = [line for line in proc.stderr.splitlines() if line.startswith("MODULES ")]
    assert marker, proc.stderr
    info = json.loads(marker[-1][len("MODULES "):])
    assert info["code"] == 0
    assert json.loads(proc.stdout)["results"]["bindings"], "the query itself must have worked"
    assert info["spacy"] is False, "`newskg query` imported spaCy"
    assert info["thinc"] is False
