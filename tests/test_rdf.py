"""newskg.rdf: extraction → one article graph; deterministic IRIs, evidence equal to the text,
idempotent rebuilds."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from newskg.build import build, pipeline_name
from newskg.errors import InputError
from newskg.extract import extract
from newskg.ingest import read
from newskg.rdf.graph import to_graph
from newskg.rdf.mint import article as article_iri
from newskg.rdf.namespace import NIF, NKG, SDO
from newskg.store import open_store
from newskg.validate import validate

from conftest import SEEDS


def anchors(g: Graph):
    """(node, begin, end, anchorOf, text of its context) for every NIF string of the graph."""
    for node, ctx in g.subject_objects(NIF.referenceContext):
        text = str(g.value(ctx, NIF.isString))
        yield (node, g.value(node, NIF.beginIndex).toPython(), g.value(node, NIF.endIndex).toPython(),
               str(g.value(node, NIF.anchorOf)), text)


def count_quads(store) -> int:
    return len(list(store.store.quads_for_pattern(None, None, None, None)))


# ---------------------------------------------------------------- the seed article


def test_to_graph_is_deterministic(seed_extraction, nlp):
    a = to_graph(seed_extraction, pipeline=pipeline_name(nlp))
    b = to_graph(seed_extraction, pipeline=pipeline_name(nlp))
    assert set(a) == set(b)


def test_fresh_extraction_gives_the_same_graph(nlp, seed_article, seed_graph):
    again = to_graph(extract(nlp(seed_article.analysis_text()), seed_article), pipeline=pipeline_name(nlp))
    assert isomorphic(again, seed_graph)
    assert set(again.all_nodes()) == set(seed_graph.all_nodes()), "the same input must mint the same IRIs"


def test_no_blank_nodes_so_iris_are_stable(seed_graph):
    from rdflib import BNode
    assert not any(isinstance(n, BNode) for n in seed_graph.all_nodes())


def test_article_node_holds_the_text(seed_graph, seed_article):
    art = article_iri(seed_article.key)
    assert (art, RDF.type, SDO.NewsArticle) in seed_graph
    assert (art, RDF.type, NIF.Context) in seed_graph
    assert str(seed_graph.value(art, NIF.isString)) == seed_article.text
    assert str(seed_graph.value(art, NKG.sourceFile)) == seed_article.source
    assert str(seed_graph.value(art, SDO.headline)) == seed_article.title


def test_every_anchor_equals_the_text_at_its_offsets(seed_graph):
    spans = list(anchors(seed_graph))
    mentions = set(seed_graph.subjects(RDF.type, NKG.Mention))
    assert mentions and mentions <= {s[0] for s in spans}
    for node, b, e, anchor, text in spans:
        assert 0 <= b <= e <= len(text), node
        assert text[b:e] == anchor, f"{node}: anchorOf {anchor!r} but the text there is {text[b:e]!r}"
        assert str(node).endswith(f"#char={b},{e}")


def test_quotation_text_is_the_quoted_span(seed_graph):
    quotes = list(seed_graph.subjects(RDF.type, SDO.Quotation))
    assert quotes
    for q in quotes:
        span = seed_graph.value(q, NKG.evidence)
        assert str(seed_graph.value(q, SDO.text)) == str(seed_graph.value(span, NIF.anchorOf))


def test_extraction_evidence_lies_inside_the_text(seed_extraction):
    text = seed_extraction.article.text
    spans = [m.span for m in seed_extraction.mentions]
    spans += [s for p in seed_extraction.posts for s in (p.span, p.sentence)]
    spans += [s for q in seed_extraction.quotes for s in (q.span, q.sentence)]
    spans += [s for r in seed_extraction.relations for s in (r.trigger, r.sentence)]
    assert spans
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text)
    for q in seed_extraction.quotes:
        assert text[q.span.start:q.span.end] == q.text
        assert q.span.start < q.sentence.end and q.sentence.start < q.span.end, "a quote overlaps its sentence"


def test_no_evidence_inside_masked_boilerplate(seed_extraction):
    masked = seed_extraction.article.masked
    assert masked, "the seed's 'Reading Time' line is boilerplate"
    for m in seed_extraction.mentions:
        for b in masked:
            assert m.span.end <= b.start or m.span.start >= b.end, f"mention {m.text!r} inside boilerplate"


def test_turtle_round_trip_is_isomorphic(seed_graph):
    again = Graph().parse(data=seed_graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(again, seed_graph)


# ---------------------------------------------------------------- rebuilds


@pytest.mark.slow
def test_rebuild_into_the_same_store_adds_no_triples(nlp, tmp_path):
    path = tmp_path / "store"
    st = open_store(path)
    try:
        first = build([SEEDS], st)
        assert first.ok and first.built == 1, first.failed
        n = count_quads(st)
        assert n > 100
        second = build([SEEDS], st)
        assert second.ok and second.built == 0 and second.unchanged == 1
        assert count_quads(st) == n
        forced = build([SEEDS], st, force=True)
        assert forced.ok and forced.built == 1
        assert count_quads(st) == n, "a forced rebuild must replace the article's graph, not add to it"
        assert len(list(st.graphs())) == 1
    finally:
        st.close()


@pytest.mark.slow
def test_a_changed_article_replaces_its_graph(nlp, tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    f = src / "story.txt"
    f.write_text("Ministers meet in Oslo\n\nOslo (AFP) – Norway's foreign minister met Sweden's "
                 "foreign minister on Monday.\n", encoding="utf-8")
    st = open_store(tmp_path / "store")
    try:
        assert build([src], st).built == 1
        (iri,) = list(st.graphs())
        before = st.graph_ntriples(iri)
        f.write_text("Harbour strike ends\n\nBergen (AFP) – Dock workers in Bergen ended their strike.\n",
                     encoding="utf-8")
        report = build([src], st)
        assert report.built == 1 and report.unchanged == 0
        assert list(st.graphs()) == [iri], "the same file keeps its named graph"
        after = st.graph_ntriples(iri)
        assert after != before
        texts = [t.object.value for t in ox.parse(after, format=ox.RdfFormat.N_TRIPLES)
                 if t.predicate.value == str(NIF.isString)]
        assert texts == [f.read_text(encoding="utf-8")], "only the new text is left"
    finally:
        st.close()


# ---------------------------------------------------------------- invariants on articles written for the test

MINI = {
    "quotes.txt": "Harbour deal signed\n\nBergen (AFP) – The mayor of Bergen, Kari Nordmann, said on Monday "
                  "that the deal was “a good day for the port”. “We waited ten years,” she added.\n",
    "posts.txt": "Ministers meet in Oslo\n\nNorwegian Foreign Minister Ola Hansen met Swedish Prime Minister "
                 "Anna Berg in Oslo on Tuesday. Hansen criticised Russia over the naval exercises.\n",
    "apostrophes.txt": "Norway’s ‘red lines’ stay\n\nReading Time: 2 minutes\n\nThe allies' envoys don't expect "
                       "Russia's navy to leave, Norway's defence minister said. “It's not over,” he said.\n",
    "multi.txt": "Long speech\n\nThe chancellor said: “We will stand with our partners.\n\n“And we will not "
                 "be divided,” she told parliament in Berlin.\n",
    "plain.txt": "Quiet day\n\nNothing much happened in the small town on Sunday.\n",
}


@pytest.fixture(scope="module")
def mini_graphs(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("mini")
    for name, text in MINI.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = {}
    for a in read([folder]):
        assert not isinstance(a, InputError), str(a)
        out[a.source] = (a, to_graph(extract(nlp(a.analysis_text()), a), pipeline=pipeline_name(nlp)))
    assert set(out) == set(MINI)
    return out


@pytest.mark.parametrize("name", sorted(MINI))
def test_mini_article_graph_conforms(mini_graphs, name):
    _, g = mini_graphs[name]
    report = validate(g)
    assert report.conforms, report.text[:2000]


@pytest.mark.parametrize("name", sorted(MINI))
def test_mini_article_anchors_equal_the_text(mini_graphs, name):
    article, g = mini_graphs[name]
    spans = list(anchors(g))
    for node, b, e, anchor, text in spans:
        assert text == article.text
        assert text[b:e] == anchor, node


@pytest.mark.parametrize("name", ["quotes.txt", "apostrophes.txt", "multi.txt"])
def test_mini_article_quotes_are_found(mini_graphs, name):
    # the words between the quote marks of these articles, whatever else extraction does
    expected = {"quotes.txt": {"a good day for the port", "We waited ten years,"},
                "apostrophes.txt": {"It's not over,"},
                "multi.txt": {"We will stand with our partners.", "And we will not be divided,"}}[name]
    _, g = mini_graphs[name]
    found = {str(g.value(q, SDO.text)) for q in g.subjects(RDF.type, SDO.Quotation)}
    assert expected <= found


def test_plain_article_has_no_quotes_posts_or_relations(mini_graphs):
    _, g = mini_graphs["plain.txt"]
    from rdflib.namespace import ORG
    assert not list(g.subjects(RDF.type, SDO.Quotation))
    assert not list(g.subjects(RDF.type, ORG.Post))
    assert not list(g.subjects(RDF.type, NKG.RelationAssertion))


def test_same_source_name_same_article_iri(mini_graphs, tmp_path):
    # the named graph depends on the source name only, so a re-build replaces it
    article, _ = mini_graphs["plain.txt"]
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "plain.txt").write_text(MINI["plain.txt"], encoding="utf-8")
    (again,) = list(read([other]))
    assert again.key == article.key
    assert URIRef(article_iri(again.key)) == URIRef(article_iri(article.key))
    assert Literal(again.source) == Literal("plain.txt")


def test_graph_uses_only_the_closed_vocabulary(seed_graph):
    ns = str(NKG._NS)
    for p in set(seed_graph.predicates()):
        if str(p).startswith(ns):
            assert hasattr(NKG, str(p)[len(ns):]), p
    for o in set(seed_graph.objects(None, RDF.type)):
        if str(o).startswith(ns):
            assert hasattr(NKG, str(o)[len(ns):]), o


def test_paths_are_relative_to_the_folder(mini_graphs):
    # `source` in the query contract is the file name, never an absolute path
    for name, (article, g) in mini_graphs.items():
        src = str(g.value(URIRef(article_iri(article.key)), NKG.sourceFile))
        assert src == name
        assert not Path(src).is_absolute()


def test_stored_graph_is_the_built_graph(seed_store, seed_article_iri, seed_graph):
    # the store must give back exactly the graph that was validated at build time (plus its digest):
    # a store that rewrites literals (e.g. their datatypes) would make stored graphs fail the shapes
    stored = Graph().parse(data=seed_store.graph_ntriples(seed_article_iri), format="nt")
    stored.remove((None, NKG.contentDigest, None))
    assert isomorphic(stored, seed_graph)
