"""The main job: articles → spaCy → facts → one validated named graph per article → the store.

Streams: articles are read lazily and processed in batches, so memory stays flat however many
there are. With `jobs > 1` whole batches (spaCy, extraction, RDF, validation) run in forked worker
processes and only the store writes stay in this one, so throughput grows with the cores.
One bad article is reported and skipped; it never costs the others.
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
from newskg.store import ArticleGraph, Store, batched

ONTOLOGY_IRI = "https://w3id.org/newskg/ns"


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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one article in a worker: its graph, or why there is none."""

    source: str
    iri: str
    digest: str
    ntriples: bytes | None
    error: str | None
    words: int
    counts: dict[str, int]


def digest(article: Article, pipeline: str) -> str:
    h = hashlib.sha1()
    for part in (__version__, pipeline, article.source, article.title or "",
                 article.published.isoformat() if article.published else "", article.text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def pipeline_name(nlp) -> str:
    return f"newskg {__version__}; spaCy {nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"


def process(batch: list[tuple[Article, str]], *, model: str | None = None, validate_graphs: bool = True) -> list[Outcome]:
    """Articles (with their digests) → outcomes; everything but the store write."""
    from newskg.extract import extract
    from newskg.nlp.pipeline import load
    from newskg.rdf.graph import to_graph
    from newskg.rdf.mint import article as article_iri
    from newskg.validate import validate

    nlp = load(model)
    name = pipeline_name(nlp)
    out = []
    docs = nlp.pipe((a.analysis_text() for a, _ in batch), batch_size=len(batch) or 1)
    for (article, d), doc in zip(batch, docs):
        iri = str(article_iri(article.key))
        words = sum(1 for t in doc if not (t.is_space or t.is_punct))
        try:
            x = extract(doc, article)
            graph = to_graph(x, pipeline=name)
            if validate_graphs:
                result = validate(graph, engine="turbo")
                if not result.conforms:
                    first = result.violations[0].message if result.violations else "?"
                    raise NewskgError(f"{article.source}: its graph does not conform to the shapes "
                                      f"({len(result.violations)} violation(s); first: {first})",
                                      "this is a newskg bug; please report it with the article")
            nt = graph.serialize(format="nt", encoding="utf-8")
            out.append(Outcome(article.source, iri, d, nt, None, words, _counts(x, len(graph))))
        except NewskgError as exc:
            out.append(Outcome(article.source, iri, d, None, str(exc), words, {}))
        except Exception as exc:  # one article never sinks the batch
            out.append(Outcome(article.source, iri, d, None,
                               f"{article.source}: extraction failed ({type(exc).__name__}: {exc})", words, {}))
    return out


def _counts(x: Extraction, triples: int) -> dict[str, int]:
    return {"entities": len(x.entities), "mentions": len(x.mentions), "posts": len(x.posts),
            "quotes": len(x.quotes), "relations": len(x.relations), "triples": triples}


def build(paths: Iterable[Path], store: Store, *, model: str | None = None, published: date | None = None,
          force: bool = False, batch_size: int = 32, jobs: int = 1, validate_graphs: bool = True,
          on_article: Callable[[str, int], None] | None = None) -> BuildReport:
    """Build every article under `paths` into `store`; see BuildReport for what happened."""
    from newskg import ingest
    from newskg.nlp.pipeline import load
    from newskg.rdf.mint import article as article_iri

    nlp = load(model)          # loaded before any fork, so workers share it
    name = pipeline_name(nlp)
    report = BuildReport()

    def todo() -> Iterator[tuple[Article, str]]:
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
            yield item, d

    for outcome in _outcomes(batched(todo(), batch_size), jobs, model, validate_graphs):
        if outcome.ntriples is not None:
            store.put(ArticleGraph(outcome.iri, outcome.ntriples, outcome.digest))
            report.built += 1
            report.words += outcome.words
            report.counts.update(outcome.counts)
        else:
            report.failed.append(outcome.error or f"{outcome.source}: failed")
        if on_article:
            on_article(outcome.source, outcome.words)
    return report


def _outcomes(batches: Iterator[list[tuple[Article, str]]], jobs: int, model: str | None,
              validate_graphs: bool) -> Iterator[Outcome]:
    if jobs <= 1:
        for batch in batches:
            yield from process(batch, model=model, validate_graphs=validate_graphs)
        return
    import multiprocessing as mp
    from collections import deque
    from functools import partial

    work = partial(process, model=model, validate_graphs=validate_graphs)
    with mp.get_context("fork").Pool(jobs) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(work, (batch,)))
            while len(pending) >= 2 * jobs:        # bounded: memory stays flat
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def store_ontology(store: Store) -> None:
    """Keep the ontology (labels of relation types, CAMEO codes) in the store, for queries that show them."""
    from rdflib import Graph

    from newskg import resources

    ttl = resources.text("ontology", "newskg.ttl")
    d = hashlib.sha1(ttl.encode("utf-8")).hexdigest()
    if store.digest(ONTOLOGY_IRI) != d:
        nt = Graph().parse(data=ttl, format="turtle").serialize(format="nt", encoding="utf-8")
        store.put(ArticleGraph(ONTOLOGY_IRI, nt, d))
