"""The main job: articles → spaCy → facts → one validated named graph per article → the store.

Streams: articles are read lazily and go through `nlp.pipe` in batches, so memory stays flat
however many there are. One bad article is reported and skipped; it never costs the others.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newskg import __version__
from newskg.errors import InputError, NewskgError
from newskg.model import Article, Extraction
from newskg.store import ArticleGraph, Store


@dataclass
class BuildReport:
    built: int = 0
    unchanged: int = 0
    words: int = 0
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.failed


def digest(article: Article, pipeline: str) -> str:
    h = hashlib.sha1()
    for part in (__version__, pipeline, article.source, article.title or "",
                 article.published.isoformat() if article.published else "", article.text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def pipeline_name(nlp) -> str:
    return f"newskg {__version__}; spaCy {nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"


def build(paths: Iterable[Path], store: Store, *, model: str | None = None, published: date | None = None,
          force: bool = False, batch_size: int = 32, jobs: int = 1, validate_graphs: bool = True,
          on_article: Callable[[str, int], None] | None = None, on_total: Callable[[int], None] | None = None) -> BuildReport:
    """Build every article under `paths` into `store`; see BuildReport for what happened."""
    from newskg import ingest
    from newskg.extract import extract
    from newskg.nlp.pipeline import load
    from newskg.rdf.graph import to_graph
    from newskg.rdf.mint import article as article_iri
    from newskg.validate import validate

    nlp = load(model)
    name = pipeline_name(nlp)
    report = BuildReport()

    def todo() -> Iterator[tuple[str, tuple[Article, str]]]:
        for item in ingest.read(paths, published=published):
            if isinstance(item, InputError):
                report.failed.append(str(item))
                if on_article:
                    on_article(str(item), 0)
                continue
            report.warnings.extend(item.warnings)
            d = digest(item, name)
            if not force and store.digest(str(article_iri(item.key))) == d:
                report.unchanged += 1
                if on_article:
                    on_article(item.source, 0)
                continue
            yield item.analysis_text(), (item, d)

    for doc, (article, d) in nlp.pipe(todo(), as_tuples=True, batch_size=batch_size,
                                      n_process=jobs):
        words = sum(1 for t in doc if not t.is_space and not t.is_punct)
        try:
            x = extract(doc, article)
            graph = to_graph(x, pipeline=name)
            if validate_graphs:
                result = validate(graph, engine="turbo")
                if not result.conforms:
                    first = result.violations[0] if result.violations else None
                    raise NewskgError(f"{article.source}: its graph does not conform to the shapes "
                                      f"({len(result.violations)} violation(s); first: {first.message if first else '?'})",
                                      "this is a newskg bug; please report it with the article")
            store.put(ArticleGraph(str(article_iri(article.key)), graph.serialize(format="nt", encoding="utf-8"), d))
        except NewskgError as exc:
            report.failed.append(str(exc))
        except Exception as exc:  # one article never sinks the batch
            report.failed.append(f"{article.source}: extraction failed ({type(exc).__name__}: {exc})")
        else:
            report.built += 1
            report.words += words
            _count(report.counts, x, len(graph))
        if on_article:
            on_article(article.source, words)
    return report


def _count(counts: Counter, x: Extraction, triples: int) -> None:
    counts["entities"] += len(x.entities)
    counts["mentions"] += len(x.mentions)
    counts["posts"] += len(x.posts)
    counts["quotes"] += len(x.quotes)
    counts["relations"] += len(x.relations)
    counts["triples"] += triples


ONTOLOGY_IRI = "https://w3id.org/newskg/ns"


def store_ontology(store: Store) -> None:
    """Keep the ontology (labels of relation types, CAMEO codes) in the store, for queries that show them."""
    from rdflib import Graph

    from newskg import resources

    ttl = resources.text("ontology", "newskg.ttl")
    d = hashlib.sha1(ttl.encode("utf-8")).hexdigest()
    if store.digest(ONTOLOGY_IRI) != d:
        nt = Graph().parse(data=ttl, format="turtle").serialize(format="nt", encoding="utf-8")
        store.put(ArticleGraph(ONTOLOGY_IRI, nt, d))
