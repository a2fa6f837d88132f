"""SHACL validation: the seed graph conforms; graphs broken in the ways users and bugs break them do not."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from newskg.rdf.namespace import NIF, NKG, SDO
from newskg.validate import validate, validate_file

from conftest import copy_graph, run_cli


@pytest.fixture(scope="module")
def stored_graph(seed_store, seed_article_iri) -> Graph:
    """The seed article's named graph as the store holds it."""
    g = Graph().parse(data=seed_store.graph_ntriples(seed_article_iri), format="nt")
    assert len(g) > 100
    return g


def article_text(g: Graph) -> str:
    (text,) = list(g.objects(None, NIF.isString))
    return str(text)


def first(items, what: str):
    items = sorted(items)
    assert items, f"the seed graph has no {what}"
    return items[0]


def a_mention(g: Graph) -> URIRef:
    return first(g.subjects(RDF.type, NKG.Mention), "mention")


def offset(g: Graph, n: int) -> Literal:
    """An offset literal typed as the graph types its offsets (so only the value is wrong)."""
    dt = g.value(a_mention(g), NIF.beginIndex).datatype
    return Literal(n, datatype=dt)


# ---------------------------------------------------------------- how to break a graph


def missing_speaker(g: Graph) -> None:
    q = first((q for q in g.subjects(RDF.type, SDO.Quotation) if (q, SDO.spokenByCharacter, None) in g),
              "quotation with a speaker")
    g.remove((q, SDO.spokenByCharacter, None))
    assert (q, NKG.speakerUnknown, None) not in g
    return q


def both_speaker_and_unknown(g: Graph) -> None:
    q = first((q for q in g.subjects(RDF.type, SDO.Quotation) if (q, SDO.spokenByCharacter, None) in g),
              "quotation with a speaker")
    g.add((q, NKG.speakerUnknown, Literal(True)))
    return q


def confidence_as_string(g: Graph) -> None:
    node, value = first(g.subject_objects(NKG.confidence), "confidence")
    g.remove((node, NKG.confidence, value))
    g.add((node, NKG.confidence, Literal(str(value.toPython()))))
    return node


def confidence_above_one(g: Graph) -> None:
    node, value = first(g.subject_objects(NKG.confidence), "confidence")
    g.remove((node, NKG.confidence, value))
    g.add((node, NKG.confidence, Literal(1.5, datatype=XSD.double)))
    return node


def begin_index_as_string(g: Graph) -> None:
    m = a_mention(g)
    b = g.value(m, NIF.beginIndex)
    g.remove((m, NIF.beginIndex, b))
    g.add((m, NIF.beginIndex, Literal(str(b.toPython()))))
    return m


def end_index_beyond_text(g: Graph) -> None:
    m = a_mention(g)
    e = g.value(m, NIF.endIndex)
    g.remove((m, NIF.endIndex, e))
    g.add((m, NIF.endIndex, offset(g, len(article_text(g)) + 25)))
    return g.value(m, NIF.referenceContext)  # the offset check runs on the article (nif:Context)


def span_running_past_the_end(g: Graph) -> None:
    # its anchorOf is what SUBSTR gives for the range, so only the range check can catch it
    text = article_text(g)
    art = first(g.subjects(RDF.type, NIF.Context), "article")
    node = URIRef(f"{art}#char={len(text) - 4},{len(text) + 6}")
    g.add((node, RDF.type, NIF.Phrase))
    g.add((node, NIF.referenceContext, art))
    g.add((node, NIF.beginIndex, offset(g, len(text) - 4)))
    g.add((node, NIF.endIndex, offset(g, len(text) + 6)))
    g.add((node, NIF.anchorOf, Literal(text[len(text) - 4:])))
    return art


def begin_after_end(g: Graph) -> None:
    text = article_text(g)
    art = first(g.subjects(RDF.type, NIF.Context), "article")
    node = URIRef(f"{art}#char=10,5")
    g.add((node, RDF.type, NIF.Phrase))
    g.add((node, NIF.referenceContext, art))
    g.add((node, NIF.beginIndex, offset(g, 10)))
    g.add((node, NIF.endIndex, offset(g, 5)))
    g.add((node, NIF.anchorOf, Literal(text[10:5])))
    return art


def anchor_differs_from_text(g: Graph) -> None:
    m = a_mention(g)
    a = g.value(m, NIF.anchorOf)
    g.remove((m, NIF.anchorOf, a))
    changed = str(a).swapcase() if str(a).swapcase() != str(a) else "X" * len(str(a))
    g.add((m, NIF.anchorOf, Literal(changed)))
    return g.value(m, NIF.referenceContext)


def quote_text_differs_from_its_span(g: Graph) -> None:
    q = first(g.subjects(RDF.type, SDO.Quotation), "quotation")
    t = g.value(q, SDO.text)
    g.remove((q, SDO.text, t))
    g.add((q, SDO.text, Literal(str(t) + " and more words nobody said")))
    return g.value(q, SDO.isPartOf)


def mention_without_entity(g: Graph) -> None:
    m = a_mention(g)
    g.remove((m, URIRef("http://www.w3.org/2005/11/its/rdf#taIdentRef"), None))
    return m


BREAKERS: dict[str, Callable[[Graph], URIRef]] = {f.__name__: f for f in (
    missing_speaker, both_speaker_and_unknown, confidence_as_string, confidence_above_one, begin_index_as_string,
    end_index_beyond_text, span_running_past_the_end, begin_after_end, anchor_differs_from_text,
    quote_text_differs_from_its_span, mention_without_entity)}
# the ones the issue names; each is also checked through `newskg validate FILE`
CLI_BREAKERS = ["missing_speaker", "confidence_as_string", "begin_index_as_string", "end_index_beyond_text",
                "anchor_differs_from_text"]


def broken(g: Graph, name: str) -> tuple[Graph, URIRef]:
    """A copy of `g` broken in one way, and the node a violation must be reported on."""
    g = copy_graph(g)
    focus = BREAKERS[name](g)
    assert isinstance(focus, URIRef)
    return g, focus


# ---------------------------------------------------------------- tests


def test_graph_from_to_graph_conforms(seed_graph):
    report = validate(seed_graph)
    assert report.conforms, report.text
    assert report.violations == ()


def test_seed_graph_in_the_store_conforms(stored_graph):
    # what `newskg validate --store` checks: the graph as the store gives it back
    report = validate(stored_graph)
    assert report.conforms, report.text[:3000]


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_broken_graph_does_not_conform(seed_graph, name):
    # broken from the graph to_graph makes, which conforms (test above), so this one fault is what fails
    g, focus = broken(seed_graph, name)
    report = validate(g)
    assert report.conforms is False, f"{name}: the shapes did not catch it"
    assert report.violations, "a non-conforming graph must say what is wrong"
    assert str(focus) in {v.focus for v in report.violations}, \
        f"{name}: no violation on {focus}; got {[(v.focus, v.message) for v in report.violations][:5]}"


def test_validate_store_cli_on_the_seed(seed_build):
    proc = run_cli("validate", "--store", seed_build.store)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 graph(s) checked, 1 conform" in proc.stdout


def test_validate_file_cli_on_an_intact_graph(seed_graph, tmp_path):
    f = tmp_path / "intact.ttl"
    seed_graph.serialize(f, format="turtle")
    proc = run_cli("validate", f)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 conform" in proc.stdout


@pytest.mark.parametrize("name", CLI_BREAKERS)
def test_validate_file_cli_reports_a_broken_graph(seed_graph, tmp_path, name):
    f = tmp_path / f"{name}.ttl"
    broken(seed_graph, name)[0].serialize(f, format="turtle")
    proc = run_cli("validate", f)
    assert proc.returncode != 0, f"{name}: `newskg validate` passed a broken graph\n{proc.stdout}"
    assert "Traceback" not in proc.stderr
    assert "do not conform" in proc.stdout + proc.stderr or "not conform" in proc.stdout + proc.stderr
    # and in-process, the same file
    results = validate_file(f)
    assert len(results) == 1 and results[0][1].conforms is False


def test_validate_trig_checks_each_named_graph(seed_graph, seed_article_iri, tmp_path):
    from rdflib import Dataset
    ds = Dataset()
    good = ds.graph(URIRef(seed_article_iri))
    for t in seed_graph:
        good.add(t)
    bad = ds.graph(URIRef(seed_article_iri + "-broken"))
    for t in broken(seed_graph, "missing_speaker")[0]:
        bad.add(t)
    f = tmp_path / "two.trig"
    ds.serialize(f, format="trig")
    results = dict(validate_file(f))
    assert results[seed_article_iri].conforms is True
    assert results[seed_article_iri + "-broken"].conforms is False
    proc = run_cli("validate", f)
    assert proc.returncode != 0
    assert "1 do not" in proc.stdout


def test_validate_cli_on_bad_inputs(tmp_path):
    missing = run_cli("validate", tmp_path / "missing.ttl")
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    assert "missing.ttl" in missing.stderr
    junk = tmp_path / "junk.ttl"
    junk.write_text("this is @@ not turtle <<<", encoding="utf-8")
    proc = run_cli("validate", junk)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "junk.ttl" in proc.stderr


# ---------------------------------------------------------------- the fast engine agrees with the reference


def test_turbo_engine_agrees_on_the_seed(seed_graph):
    assert validate(seed_graph, engine="turbo").conforms is True


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_turbo_engine_agrees_on_broken_graphs(seed_graph, name):
    # `newskg build` validates with the fast engine: it must reject what the reference rejects
    g, focus = broken(seed_graph, name)
    reference = validate(g, engine="pyshacl")
    turbo = validate(g, engine="turbo")
    assert turbo.conforms is reference.conforms is False
    assert str(focus) in {v.focus for v in turbo.violations}


def test_validate_cli_with_turbo_engine(seed_build):
    proc = run_cli("validate", "--store", seed_build.store, "--engine", "turbo")
    assert proc.returncode == 0, proc.stdout + proc.stderr
