"""SPARQL over the store, with parameters bound as values (never spliced into the query text).

Kept free of spaCy and rdflib imports: `newskg query` starts in a fraction of a second.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg import resources
from newskg.errors import QueryError
from newskg.sparqltext import inspect
from newskg.store import Store

_TYPED = re.compile(r'^(?P<value>.*)\^\^(?P<dt>\S+)$', re.S)
_LANG = re.compile(r'^"(?P<value>.*)"@(?P<lang>[A-Za-z]+(-[A-Za-z0-9]+)*)$', re.S)
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True, slots=True)
class Table:
    columns: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]


def load_query(spec: str) -> str:
    """A query from a file, a ready query by name ('entities'), or SPARQL text."""
    p = Path(spec)
    if spec.endswith(".rq") or p.suffix == ".rq":
        if p.is_file():
            return p.read_text(encoding="utf-8")
        try:
            return resources.text("queries", p.name)
        except FileNotFoundError:
            raise QueryError(f"no query file {spec}", f"ready queries: {', '.join(ready_queries())}") from None
    if re.fullmatch(r"[\w-]+", spec):
        try:
            return resources.text("queries", spec + ".rq")
        except FileNotFoundError:
            raise QueryError(f"no ready query named {spec!r}", f"ready queries: {', '.join(ready_queries())}") from None
    return spec


def ready_queries() -> list[str]:
    return sorted(p.stem for p in resources.folder("queries").glob("*.rq"))


def describe(text: str) -> tuple[str, list[str]]:
    """The leading comment of a ready query, and the parameters it names ("Parameter: name")."""
    comment = []
    for line in text.splitlines():
        s = line.strip()
        if not s.startswith("#"):
            break
        comment.append(s.lstrip("#").strip())
    description = " ".join(comment)
    params: list[str] = []
    for m in re.finditer(r"Parameters?:\s*(\??\w+(?:\s*(?:,|and)\s*\??\w+)*)", description):
        for name in re.split(r"\s*(?:,|and)\s*", m.group(1)):
            name = name.lstrip("?")
            if name and name not in params and re.search(rf"[?$]{re.escape(name)}\b", text):
                params.append(name)
    return description, params


def parameterless() -> dict[str, str]:
    """Name → text of the ready queries that take no parameter: the ones the build keeps answers of."""
    return {name: text for name in ready_queries() if not describe(text := load_query(name))[1]}


def parse_param(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """NAME=VALUE: <iri> or http(s)://… is an IRI; "text"@en a tagged string; 5^^xsd:integer typed; else a string."""
    if "=" not in text:
        raise QueryError(f"parameter {text!r} is not NAME=VALUE", "e.g. --param name=Russia")
    name, value = text.split("=", 1)
    name = name.strip().lstrip("?$")
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise QueryError(f"parameter name {name!r} is not a SPARQL variable name", "use letters, digits and _")
    if value.startswith("<") and value.endswith(">"):
        return name, ox.NamedNode(value[1:-1])
    if re.match(r"^https?://\S+$", value):
        return name, ox.NamedNode(value)
    if m := _LANG.match(value):
        return name, ox.Literal(m["value"], language=m["lang"])
    if m := _TYPED.match(value):
        dt = m["dt"].strip("<>")
        dt = XSD + dt[4:] if dt.startswith("xsd:") else dt
        return name, ox.Literal(m["value"].strip('"'), datatype=ox.NamedNode(dt))
    return name, ox.Literal(value)


def run(store: Store, sparql: str, params: dict[str, ox.NamedNode | ox.Literal] | None = None, *,
        use_views: bool = True):
    """Run a query; parameters are substituted for variables by the engine (SEP-0007, like rdflib's
    initBindings), so no value can change the query's structure. A ready query without parameters
    is answered from the view the last build kept, when the store has not changed since."""
    params = params or {}
    if use_views and not params and (kept := store.view(sparql)) is not None:
        return kept
    for name in params:
        if not re.search(rf"[?$]{re.escape(name)}\b", sparql):
            raise QueryError(f"the query has no variable ?{name} to bind", "check the parameter name")
    if inspect(sparql).update:
        raise QueryError("updates are not allowed here: newskg query only reads", "use SELECT, ASK, CONSTRUCT or DESCRIBE")
    try:
        return store.query(sparql, bindings=params)
    except SyntaxError as exc:
        first = str(exc).splitlines()[0][:160] if str(exc) else "syntax error"
        raise QueryError(f"the query does not parse: {first}",
                         "check the SPARQL syntax (prefixes nkg:, schema:, rdfs:, skos:, org:, nif:, prov: are predeclared)") from None
    except RuntimeError as exc:
        if "projection" in str(exc):
            raise QueryError(f"a parameter can only bind a variable the query selects: {exc}",
                             "add the variable to the SELECT clause, e.g. SELECT ?name …") from None
        raise QueryError(f"the query failed: {exc}") from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None


def table(solutions) -> Table:
    columns = [v.value for v in solutions.variables]
    rows = [[sol[c] for c in columns] for sol in solutions]
    return Table(columns, rows)


def term_text(term) -> str:
    if term is None:
        return ""
    return term.value
