"""The default store: Oxigraph on disk through pyoxigraph (no rdflib or spaCy import needed)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from newskg.errors import StoreError
from newskg.store import ArticleGraph, backend, views

DIGEST = ox.NamedNode("https://w3id.org/newskg/ns#contentDigest")
FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
           "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
QUAD_FORMATS = frozenset({"trig", "nq"})
FLUSH_EVERY = 100
# prefixes every query may use without declaring them (nkg:, schema:, rdfs:, skos:, org:, nif:, …)
QUERY_PREFIXES = {
    "nkg": "https://w3id.org/newskg/ns#", "schema": "https://schema.org/", "id": "https://w3id.org/newskg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#", "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#", "wd": "http://www.wikidata.org/entity/"}


@backend("oxigraph")
class OxigraphStore:
    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.puts = 0
        # read before a read-write opening changes the stamp: were the ready views current?
        self.views_were_fresh = not read_only and views.fresh(path)
        try:
            if read_only:
                if not (path / "CURRENT").exists():
                    raise StoreError(f"no newskg store at {path}",
                                     "build one first with `newskg build ARTICLES --store " + str(path) + "`")
                self.store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"store {path} is in use by another newskg build",
                                 "wait for that build to finish, or build into another --store") from None
            raise StoreError(f"cannot open store {path}: {exc}", "check the path and its permissions") from None

    def put(self, article: ArticleGraph) -> None:
        graph = ox.NamedNode(article.iri)
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph)
                 for t in ox.parse(article.ntriples, format=ox.RdfFormat.N_TRIPLES)]
        quads.append(ox.Quad(graph, DIGEST, ox.Literal(article.digest), graph))
        # Two transactions: a kill between them leaves the article absent, never half-written,
        # and the digest (written with the graph) tells the next build to redo it.
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)
        self.store.extend(quads)
        self.puts += 1
        if self.puts % FLUSH_EVERY == 0:
            self.store.flush()       # otherwise the write buffers grow with every article (0.4 MB each)

    def digest(self, iri: str) -> str | None:
        graph = ox.NamedNode(iri)
        for q in self.store.quads_for_pattern(graph, DIGEST, None, graph):
            return q.object.value
        return None

    def graphs(self) -> Iterator[str]:
        for g in self.store.named_graphs():
            yield g.value

    def graph_ntriples(self, iri: str) -> bytes:
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))

    def query(self, sparql: str, *, bindings: dict[str, object] | None = None):
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self.store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None,
                                prefixes=QUERY_PREFIXES)

    def view(self, sparql: str):
        """The answer the last build kept for this ready query's text, if still current (see views)."""
        return views.answer(self.path, sparql)

    def refresh_views(self, queries: dict[str, str]) -> None:
        if self.puts == 0 and self.views_were_fresh:
            views.restamp(self.path)        # nothing written: the kept answers still hold
        else:
            self.store.flush()
            views.refresh(self.store, self.path, queries, QUERY_PREFIXES)

    def dump(self, out: IO[bytes], fmt: str, *, prefixes: dict[str, str] | None = None) -> None:
        if fmt in QUAD_FORMATS:
            self.store.dump(out, format=FORMATS[fmt], prefixes=prefixes if fmt == "trig" else None)
            return
        union = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        ox.serialize(union, out, format=FORMATS[fmt], prefixes=prefixes if fmt != "nt" else None)

    def close(self) -> None:
        if not self.read_only:
            self.store.flush()
        del self.store
