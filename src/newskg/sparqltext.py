"""SPARQL text read lexically, before any query reaches a store.

:func:`inspect` tells a query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) from an update, and finds
SERVICE clauses, with a tokenizer that skips strings, IRIs, comments, variables, prefixed names and
language tags, so "SERVICE" inside a literal or an IRI is not mistaken for the keyword, and the
keyword is found whatever its case or spacing (``service<http://…>{``). `newskg query` uses it to
refuse updates; the endpoint (newskg.serve) also refuses SERVICE, which pyoxigraph would evaluate
over HTTP.
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
