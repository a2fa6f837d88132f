"""newskg.store: one named graph per article, replaced whole on put(); one writer at a time."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from newskg.errors import StoreError
from newskg.store import ArticleGraph, open_store

from conftest import SEED_FILE, nonempty_lines, run_cli

G1 = "https://example.org/id/article/one"
G2 = "https://example.org/id/article/two"


def nt(*triples: tuple[str, str, str]) -> bytes:
    lines = []
    for s, p, o in triples:
        obj = o if o.startswith(("<", '"')) else f"<{o}>"
        lines.append(f"<{s}> <{p}> {obj} .")
    return ("\n".join(lines) + "\n").encode("utf-8")


LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
V1 = nt(("https://example.org/id/oslo", LABEL, '"Oslo"'),
        ("https://example.org/id/bergen", LABEL, '"Bergen"'))
V2 = nt(("https://example.org/id/oslo", LABEL, '"Oslo"'),
        ("https://example.org/id/tromso", LABEL, '"Tromsø"'),
        ("https://example.org/id/narvik", LABEL, '"Narvik"'))


def quads_in(store, iri: str) -> list[ox.Quad]:
    return list(store.store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))


def labels(store) -> list[str]:
    res = store.query(f"SELECT ?l WHERE {{ ?s <{LABEL}> ?l }} ORDER BY ?l")
    return [sol["l"].value for sol in res]


@pytest.fixture
def store(tmp_path):
    st = open_store(tmp_path / "store")
    yield st
    st.close()


def test_put_then_digest(store):
    assert store.digest(G1) is None
    store.put(ArticleGraph(G1, V1, "digest-1"))
    assert store.digest(G1) == "digest-1"
    assert store.digest(G2) is None
    assert set(store.graphs()) == {G1}
    assert labels(store) == ["Bergen", "Oslo"]


def test_put_same_iri_twice_leaves_no_duplicates(store):
    store.put(ArticleGraph(G1, V1, "digest-1"))
    before = len(quads_in(store, G1))
    store.put(ArticleGraph(G1, V1, "digest-1"))
    assert len(quads_in(store, G1)) == before
    assert labels(store) == ["Bergen", "Oslo"]
    assert store.digest(G1) == "digest-1"


def test_put_replaces_the_whole_graph(store):
    store.put(ArticleGraph(G1, V1, "digest-1"))
    store.put(ArticleGraph(G1, V2, "digest-2"))
    assert labels(store) == ["Narvik", "Oslo", "Tromsø"], "the old graph's triples must be gone"
    assert store.digest(G1) == "digest-2"
    digests = [q for q in quads_in(store, G1) if q.predicate.value.endswith("contentDigest")]
    assert len(digests) == 1


def test_put_leaves_other_graphs_alone(store):
    store.put(ArticleGraph(G1, V1, "d1"))
    store.put(ArticleGraph(G2, V2, "d2"))
    store.put(ArticleGraph(G1, V2, "d1b"))
    assert set(store.graphs()) == {G1, G2}
    assert store.digest(G2) == "d2"
    assert len(quads_in(store, G2)) == 4  # three triples and the digest


def test_graph_ntriples_round_trip(store):
    store.put(ArticleGraph(G1, V1, "d1"))
    got = {str(t) for t in ox.parse(store.graph_ntriples(G1), format=ox.RdfFormat.N_TRIPLES)}
    want = {str(t) for t in ox.parse(V1, format=ox.RdfFormat.N_TRIPLES)}
    assert want <= got


def test_written_data_survives_reopen_read_only(tmp_path):
    path = tmp_path / "store"
    st = open_store(path)
    st.put(ArticleGraph(G1, V1, "d1"))
    st.close()
    ro = open_store(path, read_only=True)
    try:
        assert ro.digest(G1) == "d1"
        assert labels(ro) == ["Bergen", "Oslo"]
    finally:
        ro.close()


def test_second_writer_in_another_process_is_refused(tmp_path):
    path = tmp_path / "busy-store"
    holder = open_store(path)
    try:
        proc = run_cli("build", SEED_FILE, "--store", path, timeout=120)
    finally:
        holder.close()
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = nonempty_lines(proc.stderr)
    assert lines, "a refused build must say why"
    assert "in use" in lines[0], proc.stderr
    assert str(path.name) in lines[0]
    assert len(lines) <= 2, f"expected one error line (and at most a hint), got:\n{proc.stderr}"


def test_second_writer_in_the_same_process_raises_store_error(tmp_path):
    path = tmp_path / "store"
    first = open_store(path)
    try:
        with pytest.raises(StoreError) as info:
            open_store(path)
        assert "in use" in str(info.value)
    finally:
        first.close()


def test_read_only_open_of_missing_folder(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(StoreError) as info:
        open_store(missing, read_only=True)
    assert "nowhere" in str(info.value)
    assert info.value.hint
    assert not missing.exists(), "a read-only open must not create the folder"


def test_read_only_open_of_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError):
        open_store(tmp_path / "plain", read_only=True)


def test_typed_literals_come_back_with_their_datatype(store):
    # the shapes check datatypes (offsets xsd:integer, confidences xsd:double, dates, flags): what put()
    # stores must come back from graph_ntriples() unchanged, or stored graphs stop conforming
    xsd = "http://www.w3.org/2001/XMLSchema#"
    body = nt(("https://example.org/s", "https://example.org/begin", f'"12"^^<{xsd}integer>'),
              ("https://example.org/s", "https://example.org/conf", f'"0.8"^^<{xsd}double>'),
              ("https://example.org/s", "https://example.org/when", f'"2021-04-13"^^<{xsd}date>'),
              ("https://example.org/s", "https://example.org/flag", f'"true"^^<{xsd}boolean>'),
              ("https://example.org/s", "https://example.org/name", '"Kyiv"@en'))
    store.put(ArticleGraph(G1, body, "d"))
    back = {str(t) for t in ox.parse(store.graph_ntriples(G1), format=ox.RdfFormat.N_TRIPLES)
            if t.predicate.value.startswith("https://example.org/")}
    assert back == {str(t) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
