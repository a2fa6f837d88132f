"""Query results written in the negotiated format, stopping at the result cap.

pyoxigraph serializes a whole result; to stop reading at the cap, solutions are taken one by one
(at most cap + 1, to know whether more were there) and written as SPARQL 1.1 Query Results JSON
here; the XML, CSV and TSV forms are pyoxigraph's own serializers run over that JSON, so every
format stays exactly what the specifications say. Graphs (CONSTRUCT, DESCRIBE) are capped in
triples the same way and serialized by pyoxigraph.
"""
from __future__ import annotations

import itertools
import json

import pyoxigraph as ox

from newskg.store.oxigraph import QUERY_PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
# id: would give names such as id:person\/antony-blinken; full IRIs read better
TURTLE_PREFIXES = {k: v for k, v in QUERY_PREFIXES.items() if k != "id"}
RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
               "rdfxml": ox.RdfFormat.RDF_XML}


def term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if getattr(term, "direction", None) is not None:
                out["its:dir"] = str(term.direction.value if hasattr(term.direction, "value") else term.direction).lower()
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject), "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(solutions: ox.QuerySolutions, cap: int) -> tuple[bytes, int, bool]:
    """SPARQL JSON of at most `cap` solutions; also how many were written and whether more were there."""
    names = [v.value for v in solutions.variables]
    rows = list(itertools.islice(solutions, cap + 1))
    truncated = len(rows) > cap
    rows = rows[:cap]
    bindings = []
    for sol in rows:
        b = {}
        for name, term in zip(names, sol):
            if term is not None:
                b[name] = term_json(term)
        bindings.append(b)
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), len(rows), truncated


def write(result, fmt: str, cap: int) -> tuple[bytes, int, bool]:
    """(body, how many solutions or triples, truncated) for any query result in format `fmt`."""
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=RESULTS_FORMATS[fmt]), 1, False
    if isinstance(result, ox.QuerySolutions):
        body, n, truncated = solutions_json(result, cap)
        if fmt != "json":
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=RESULTS_FORMATS[fmt])
        return body, n, truncated
    triples = list(itertools.islice(result, cap + 1))
    truncated = len(triples) > cap
    triples = triples[:cap]
    prefixes = TURTLE_PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes), len(triples), truncated
