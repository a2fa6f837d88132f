"""`newskg export`: the whole store as RDF that re-parses to exactly what the store holds."""
from __future__ import annotations

import io

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from newskg.export import export_file, format_for
from newskg.errors import NewskgError

from conftest import nonempty_lines, run_cli


@pytest.fixture(scope="module")
def store_dataset(seed_store) -> Dataset:
    buf = io.BytesIO()
    seed_store.dump(buf, "nq")
    ds = Dataset()
    ds.parse(data=buf.getvalue(), format="nquads")
    return ds


@pytest.fixture(scope="module")
def store_union(store_dataset) -> Graph:
    union = Graph()
    for g in store_dataset.graphs():
        for t in g:
            union.add(t)
    assert len(union) > 100
    return union


def named_graphs(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


def export_cli(store, tmp_path, fmt: str, name: str):
    out = tmp_path / name
    proc = run_cli("export", "--store", store, "--format", fmt, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and out.stat().st_size > 0
    assert not out.with_name(out.name + ".part").exists()
    return out


def test_turtle_export_is_isomorphic_to_the_union_of_named_graphs(seed_build, store_union, tmp_path):
    out = export_cli(seed_build.store, tmp_path, "turtle", "x.ttl")
    g = Graph().parse(out, format="turtle")
    assert len(g) == len(store_union)
    assert isomorphic(g, store_union)


def test_trig_export_keeps_one_named_graph_per_article(seed_build, seed_store, store_dataset, seed_article_iri,
                                                       tmp_path):
    out = export_cli(seed_build.store, tmp_path, "trig", "x.trig")
    ds = Dataset()
    ds.parse(out, format="trig")
    exported = named_graphs(ds)
    assert set(exported) == set(seed_store.graphs())
    assert seed_article_iri in exported
    want = named_graphs(store_dataset)
    for iri, g in exported.items():
        assert to_isomorphic(g) == to_isomorphic(want[iri]), f"graph {iri} differs after export"
    # the article's own triples stay in the article's graph
    article = URIRef(seed_article_iri)
    assert (article, None, None) in exported[seed_article_iri]
    for iri, g in exported.items():
        if iri != seed_article_iri:
            assert (article, URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"),
                    None) not in g


@pytest.mark.parametrize("fmt, ext, rdflib_format", [("nt", "nt", "nt"), ("jsonld", "jsonld", "json-ld")])
def test_nt_and_jsonld_exports_parse(seed_build, store_union, tmp_path, fmt, ext, rdflib_format):
    out = export_cli(seed_build.store, tmp_path, fmt, f"x.{ext}")
    g = Graph().parse(out, format=rdflib_format)
    assert len(g) == len(store_union)
    assert isomorphic(g, store_union)


def test_format_from_the_extension(seed_build, store_union, tmp_path):
    out = tmp_path / "by-extension.nt"
    proc = run_cli("export", "--store", seed_build.store, "-o", out)
    assert proc.returncode == 0, proc.stderr
    g = Graph().parse(out, format="nt")
    assert isomorphic(g, store_union)


def test_export_to_stdout_is_turtle(seed_build, store_union):
    proc = run_cli("export", "--store", seed_build.store)
    assert proc.returncode == 0, proc.stderr
    g = Graph().parse(data=proc.stdout, format="turtle")
    assert isomorphic(g, store_union)


def test_export_file_in_process(seed_store, store_union, tmp_path):
    out = tmp_path / "deep" / "folder" / "graph.ttl"
    n = export_file(seed_store, out)
    assert n == out.stat().st_size > 0
    assert isomorphic(Graph().parse(out, format="turtle"), store_union)


def test_unknown_extension_and_format_are_clear_errors(seed_build, tmp_path):
    with pytest.raises(NewskgError):
        format_for(tmp_path / "graph.docx")
    proc = run_cli("export", "--store", seed_build.store, "-o", tmp_path / "graph.docx")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = nonempty_lines(proc.stderr)
    assert lines and "graph.docx" in lines[0]
    assert not (tmp_path / "graph.docx").exists()
    proc = run_cli("export", "--store", seed_build.store, "--format", "yaml")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "yaml" in proc.stderr
