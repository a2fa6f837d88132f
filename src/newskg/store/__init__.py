"""Stores: a small protocol and its backends, chosen by name.

The default is Oxigraph on disk (pyoxigraph): ACID writes, so an article's named graph lands whole
or not at all, and a fresh process answers queries in milliseconds without re-parsing anything
(see benchmarks/README.md for the measurements behind the choice).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

DEFAULT_STORE = Path(os.environ.get("NEWSKG_STORE", "newskg-store"))


@dataclass(frozen=True, slots=True)
class ArticleGraph:
    """One article's named graph as N-Triples, with the digest of what produced it."""

    iri: str
    ntriples: bytes
    digest: str


class Store(Protocol):
    def put(self, article: ArticleGraph) -> None:
        """Replace the article's named graph (a re-build leaves no duplicates)."""

    def digest(self, iri: str) -> str | None:
        """The digest the article was last built from, or None when it is not in the store."""

    def graphs(self) -> Iterator[str]: ...

    def graph_ntriples(self, iri: str) -> bytes: ...

    def query(self, sparql: str, *, bindings: dict[str, object] | None = None): ...

    def view(self, sparql: str):
        """The answer kept by the last build for exactly this query text, or None when there is none
        or the store changed since."""

    def refresh_views(self, queries: dict[str, str]) -> None:
        """Keep the answers of these queries (name → text) for the store as it is now."""

    def dump(self, out: IO[bytes], fmt: str) -> None: ...

    def close(self) -> None: ...


BACKENDS: dict[str, Callable[..., Store]] = {}


def backend(name: str):
    def register(factory):
        BACKENDS[name] = factory
        return factory
    return register


def open_store(path: Path, *, read_only: bool = False, kind: str = "oxigraph") -> Store:
    if kind not in BACKENDS:
        from newskg.store import oxigraph  # noqa: F401  (registers the default backend)
    return BACKENDS[kind](path, read_only=read_only)


def batched(items: Iterable, n: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch
