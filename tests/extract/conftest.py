"""Extraction tests run the real pipeline on short texts written for the tests."""
from __future__ import annotations

from datetime import date

import pytest

from newskg.extract import extract
from newskg.ingest import article_key
from newskg.ingest.text import parse_text
from newskg.model import Extraction
from newskg.nlp.pipeline import load


@pytest.fixture(scope="session")
def nlp():
    return load()


class Facts:
    """An extraction with lookups by entity name, for readable assertions."""

    def __init__(self, x: Extraction) -> None:
        self.x = x
        self.name = {e.key: e.name for e in x.entities}

    def entities(self) -> set[tuple[str, str]]:
        return {(e.name, e.type.value) for e in self.x.entities}

    def posts(self) -> set[tuple[str, str, str | None]]:
        return {(self.name[p.holder], p.role_label, self.name.get(p.org)) for p in self.x.posts}

    def quotes(self) -> list[tuple[str, str | None]]:
        return [(q.text, self.name.get(q.speaker)) for q in self.x.quotes]

    def speaker_of(self, fragment: str) -> str | None:
        hits = [s for t, s in self.quotes() if fragment in t]
        assert hits, f"no quote containing {fragment!r}; quotes: {self.quotes()}"
        return hits[0]

    def relations(self, *, hypothetical: bool | None = False) -> set[tuple[str, str, str, bool]]:
        return {(r.type.value, self.name[r.agent], self.name[r.target], r.negated) for r in self.x.relations
                if hypothetical is None or r.hypothetical == hypothetical}


@pytest.fixture(scope="session")
def facts(nlp):
    def run(text: str, *, published: date | None = None, source: str = "test.txt") -> Facts:
        article = parse_text(text, source, published=published)
        article = type(article)(**{**{f: getattr(article, f) for f in article.__slots__}, "key": article_key(source)})
        return Facts(extract(nlp(article.analysis_text()), article))
    return run
