"""What a request asks for, decided before any query reaches the store: the query's form, updates
and SERVICE clauses (newskg.sparqltext), and the result media type from the Accept header
(:func:`negotiate`, with q-values and wildcards).

pyoxigraph *does* evaluate SERVICE over HTTP, so refusing it here is what keeps the endpoint from
being used to reach other hosts (SSRF); updates are refused for a clear message, and could not run
anyway (workers open the store read-only and only ever call ``Store.query``).
"""
from __future__ import annotations

import re

from newskg.sparqltext import Inspection, inspect, words  # noqa: F401  (the endpoint's view of a query)

# ---------------------------------------------------------------- content negotiation

# media type → short format name; the first of each table is the default
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/plain": "nt",
    "application/json": "jsonld",
}
# what the response says it is
CONTENT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples", "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# the `format` / `output` request parameter many endpoints (and SPARQLWrapper) send
FORMAT_NAMES = {
    "json": ("json", "jsonld"), "xml": ("xml", "rdfxml"), "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "n-triples": (None, "nt"), "ntriples": (None, "nt"),
    "nt": (None, "nt"), "json-ld": (None, "jsonld"), "jsonld": (None, "jsonld"), "rdf+xml": (None, "rdfxml"),
    "rdfxml": (None, "rdfxml"), "rdf": (None, "rdfxml"),
}


def _accept_ranges(header: str) -> list[tuple[str, float, int]]:
    """(media range, q, position) of an Accept header; malformed entries are skipped."""
    out = []
    for pos, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not re.fullmatch(r"[\w.+*-]+/[\w.+*-]+", media):
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        out.append((media, q, pos))
    return out


def negotiate(accept: str | None, graph_result: bool, formats: list[str] | tuple[str, ...] = ()) -> str | None:
    """The short format name (json, xml, csv, tsv / turtle, nt, jsonld, rdfxml) to answer with,
    or None when the Accept header allows none of them (→ 406).

    `formats` are the values of the `format`, `output` or `results` request parameters that many
    endpoints and clients (SPARQLWrapper) use: the first that names a format this query form can
    have wins over the Accept header; values that name none are ignored.
    """
    table = GRAPH_TYPES if graph_result else RESULT_TYPES
    for value in formats:
        value = value.strip().lower()
        if value in table:
            return table[value]
        names = FORMAT_NAMES.get(value)
        if names and names[1 if graph_result else 0]:
            return names[1 if graph_result else 0]
    if not accept or not accept.strip():
        return next(iter(table.values()))
    ranges = _accept_ranges(accept)
    if not ranges:
        return next(iter(table.values()))
    best: tuple[float, int, int, str] | None = None   # (q, -specificity-rank, -preference, name)
    for pref, (media, name) in enumerate(table.items()):
        major = media.split("/")[0]
        match = None   # (specificity, q, position) of the most specific range that matches
        for rng, q, pos in ranges:
            if rng == media:
                spec = 2
            elif rng == f"{major}/*":
                spec = 1
            elif rng == "*/*":
                spec = 0
            else:
                continue
            if match is None or spec > match[0]:
                match = (spec, q, pos)
        if match is None or match[1] <= 0:
            continue
        key = (match[1], -match[2] if match[0] == 2 else -1000, -pref, name)
        if best is None or key[:3] > best[:3]:
            best = key
    return best[3] if best else None
