"""Ready views: the build keeps the answers of the parameterless ready queries; they must equal the
evaluated answers, and must never be used once the store has changed."""
from __future__ import annotations

import shutil
from collections import Counter

import pyoxigraph as ox
import pytest

from newskg.query import load_query, parameterless, run
from newskg.store import ArticleGraph, open_store
from newskg.store.views import FOLDER

from conftest import SEEDS, run_cli

NKG = "https://w3id.org/newskg/ns#"


def answer(result) -> tuple[list[str], Counter]:
    """Columns and the multiset of rows (or triples), every term in its N-Triples form."""
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return columns, Counter(tuple(str(t) if t is not None else "" for t in row) for row in result)
    return [], Counter(str(t) for t in result)


@pytest.fixture()
def store_copy(seed_build, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(seed_build.store, copy)
    return copy


def test_the_build_keeps_a_view_of_every_parameterless_ready_query(seed_store):
    kept = parameterless()
    assert {"entities", "posts", "quotes", "relations", "network", "speakers"} <= set(kept)
    assert "about" not in kept                      # it needs ?name
    for name, text in kept.items():
        assert seed_store.view(text) is not None, f"no view kept for {name}.rq"


@pytest.mark.parametrize("name", sorted(parameterless()))
def test_a_view_equals_the_evaluated_answer(seed_store, name):
    text = load_query(name)
    viewed = answer(run(seed_store, text))
    evaluated = answer(run(seed_store, text, use_views=False))
    assert viewed == evaluated
    assert sum(evaluated[1].values()) > 0 or name == "hypothetical"


def test_ordered_views_keep_the_order(seed_store):
    text = load_query("quotes")                     # ORDER BY ?source ?start
    viewed = [tuple(map(str, row)) for row in run(seed_store, text)]
    evaluated = [tuple(map(str, row)) for row in run(seed_store, text, use_views=False)]
    assert viewed == evaluated and len(viewed) > 5


def test_other_query_texts_and_parameters_are_evaluated(seed_store):
    text = load_query("entities")
    assert seed_store.view(text + "\n# my copy") is None
    assert seed_store.view(load_query("about")) is None
    bound = run(seed_store, text, {"name": ox.Literal("Jens Stoltenberg")})
    rows = list(bound)
    assert rows and all(r["name"].value == "Jens Stoltenberg" for r in rows)


def test_a_write_to_the_store_retires_the_views(store_copy):
    text = load_query("entities")
    st = open_store(store_copy)
    nt = (f'<https://example.org/a> <{NKG}sourceFile> "added.txt" .\n'
          '<https://example.org/ada> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> .\n'
          '<https://example.org/ada> <http://www.w3.org/2000/01/rdf-schema#label> "Ada Example" .\n').encode()
    st.put(ArticleGraph("https://example.org/a", nt, "d"))
    st.close()                                      # as a build killed before it refreshed the views
    ro = open_store(store_copy, read_only=True)
    try:
        assert ro.view(text) is None
        names = {r["name"].value for r in run(ro, text)}
        assert "Ada Example" in names and "Jens Stoltenberg" in names
    finally:
        ro.close()


def test_a_build_refreshes_the_views_and_a_build_without_changes_keeps_them(store_copy, tmp_path):
    current = (store_copy / "CURRENT").read_text()
    proc = run_cli("build", SEEDS, "--store", store_copy)            # nothing changed
    assert proc.returncode == 0, proc.stderr
    assert (store_copy / "CURRENT").read_text() != current          # the store was opened for writing …
    ro = open_store(store_copy, read_only=True)
    assert ro.view(load_query("entities")) is not None              # … and the views still answer
    ro.close()

    more = tmp_path / "more"
    more.mkdir()
    (more / "added.txt").write_text("Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday.\n",
                                    encoding="utf-8")
    proc = run_cli("build", more, "--store", store_copy)
    assert proc.returncode == 0, proc.stderr
    ro = open_store(store_copy, read_only=True)
    try:
        text = load_query("entities")
        assert ro.view(text) is not None
        viewed = answer(run(ro, text))
        assert viewed == answer(run(ro, text, use_views=False))
        assert any(row[0] == '"added.txt"' for row in viewed[1])
    finally:
        ro.close()


def test_a_damaged_view_is_not_used(store_copy):
    (store_copy / FOLDER / "entities.tsv").write_bytes(b"?source\t?name\n<not closed\n")
    ro = open_store(store_copy, read_only=True)
    try:
        text = load_query("entities")
        assert ro.view(text) is None
        assert sum(answer(run(ro, text))[1].values()) > 5
    finally:
        ro.close()


def test_query_cli_answers_from_the_view_as_it_evaluates(seed_build):
    viewed = run_cli("query", "relations", "--store", seed_build.store, "--format", "csv")
    assert viewed.returncode == 0, viewed.stderr
    ro = open_store(seed_build.store, read_only=True)
    try:
        evaluated = run(ro, load_query("relations"), use_views=False).serialize(format=ox.QueryResultsFormat.CSV)
    finally:
        ro.close()
    assert sorted(viewed.stdout.splitlines()) == sorted(evaluated.decode("utf-8").splitlines())
