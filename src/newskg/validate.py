"""SHACL validation of article graphs with the shipped shapes (pySHACL)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.namespace import SH


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass(frozen=True, slots=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]
    text: str


@cache
def shapes() -> Graph:
    from newskg import resources
    return Graph().parse(resources.path("ontology", "shapes.ttl"), format="turtle")


ENGINES = ("turbo", "pyshacl")


@cache
def _compiled():
    import pyshacl_turbo
    return pyshacl_turbo.compile_shapes(shapes(), advanced=True)


def validate(graph: Graph, *, shapes_graph: Graph | None = None, engine: str = "pyshacl") -> Report:
    """Validate one graph, without inference (every type the shapes need is written explicitly).

    `engine="pyshacl"` is the reference; `"turbo"` (pyshacl-turbo, a Rust engine with pySHACL's
    API) runs the same shapes ~15x faster and is what `newskg build` uses on every article, so
    validation stays a small share of build time. tests/test_validate.py checks that both agree.
    """
    if engine == "turbo" and shapes_graph is None:
        conforms, results, text = _compiled().validate(graph, inference="none", allow_warnings=True)
    else:
        import pyshacl

        conforms, results, text = pyshacl.validate(graph, shacl_graph=shapes_graph or shapes(), inference="none",
                                                   advanced=True, allow_warnings=True)
    violations = []
    for r in results.subjects(SH.resultSeverity, None):
        violations.append(Violation(
            focus=str(results.value(r, SH.focusNode)), path=str(results.value(r, SH.resultPath) or ""),
            message=str(results.value(r, SH.resultMessage) or ""), severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return Report(bool(conforms), tuple(violations), text)


RDF_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".n3": "n3", ".jsonld": "json-ld",
               ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".trig": "trig", ".nq": "nquads"}


def validate_store(path, *, engine: str = "pyshacl") -> list[tuple[str, Report]]:
    from newskg.build import ONTOLOGY_IRI
    from newskg.store import open_store

    store = open_store(path, read_only=True)
    try:
        out = []
        for iri in sorted(store.graphs()):
            if iri == ONTOLOGY_IRI:
                continue
            g = Graph().parse(data=store.graph_ntriples(iri), format="nt")
            out.append((iri, validate(g, engine=engine)))
        return out
    finally:
        store.close()


def validate_file(path, *, engine: str = "pyshacl") -> list[tuple[str, Report]]:
    """Validate an RDF file; in TriG and N-Quads each named graph is checked on its own."""
    from rdflib import Dataset

    from newskg.errors import InputError

    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: cannot tell the RDF format from the extension",
                         f"use one of {', '.join(sorted(RDF_FORMATS))}")
    if not path.is_file():
        raise InputError(f"{path}: no such file", "check the path")
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(path, format=fmt)
            graphs = [(str(g.identifier), g) for g in ds.graphs() if len(g)]
        else:
            graphs = [(path.name, Graph().parse(path, format=fmt))]
    except Exception as exc:
        raise InputError(f"{path}: not valid {fmt} ({type(exc).__name__}: {str(exc)[:200]})",
                         "fix the file or check its extension") from None
    return [(name, validate(g, engine=engine)) for name, g in graphs]
