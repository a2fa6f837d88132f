"""What a request asks for, decided before any query reaches the store.

- :func:`inspect` tells a query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) from an update, and finds
  SERVICE clauses, with a tokenizer that skips strings, IRIs, comments, variables, prefixed names
  and language tags, so "SERVICE" inside a literal or an IRI is not mistaken for the keyword, and
  the keyword is found whatever its case or spacing (``service<http://…>{``).
- :func:`negotiate` picks the result media type from the Accept header (q-values and wildcards).

pyoxigraph *does* evaluate SERVICE over HTTP, so refusing it here is what keeps the endpoint from
being used to reach other hosts (SSRF); updates are refused here for a clear message, and could not
run anyway (workers open the store read-only and only ever call ``Store.query``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)
              |\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)
              |'(?:[^'\\\n\r]|\\.)*(?:'|\Z)
              |"(?:[^"\\\n\r]|\\.)*(?:"|\Z))
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w:%\-\u00B7\u00C0-\uFFFF]|\\.|\.(?=[\w:%\\\-\u00B7\u00C0-\uFFFF]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
""", re.X | re.S)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True, slots=True)
class Inspection:
    form: str | None          # SELECT, ASK, CONSTRUCT or DESCRIBE; None for an update or unknown text
    update: bool              # the text is (or starts as) a SPARQL update
    service: bool             # a SERVICE clause occurs outside strings, IRIs and comments
    variables: frozenset[str]  # variable names used (without ? or $)

    @property
    def graph_result(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def words(text: str) -> list[tuple[str, str]]:
    """(kind, text) of every token that is not white space or a comment."""
    return [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("space", "comment")]


def _inspect_one(text: str) -> Inspection:
    tokens = words(text)
    form = None
    update = False
    i = 0
    # the prologue: BASE <iri> and PREFIX pname: <iri>
    while i < len(tokens):
        kind, tok = tokens[i]
        if kind == "word" and tok.upper() == "BASE":
            i += 2
        elif kind == "word" and tok.upper() == "PREFIX":
            i += 3
        else:
            break
    if i < len(tokens) and tokens[i][0] == "word":
        first = tokens[i][1].upper()
        if first in QUERY_FORMS:
            form = first
        elif first in UPDATE_WORDS:
            update = True
    service = any(kind == "word" and tok.upper() == "SERVICE" for kind, tok in tokens)
    variables = frozenset(tok[1:] for kind, tok in tokens if kind == "var")
    return Inspection(form, update, service, variables)


def inspect(text: str) -> Inspection:
    """The form of a query, whether it is an update, and whether it has a SERVICE clause.

    SPARQL allows \\uXXXX escapes anywhere in a query; the text is read both as written and with the
    escapes decoded, and a SERVICE (or an update) found in either reading counts.
    """
    plain = _inspect_one(text)
    decoded_text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    if decoded_text == text:
        return plain
    decoded = _inspect_one(decoded_text)
    return Inspection(plain.form if not decoded.update else None, plain.update or decoded.update,
                      plain.service or decoded.service, plain.variables | decoded.variables)


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
