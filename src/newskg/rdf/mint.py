"""IRIs are minted here and only here, from stable keys, so the same input gives the same IRIs."""
from __future__ import annotations

import hashlib

from rdflib import URIRef

from newskg.rdf.namespace import ID


def entity(key: str) -> URIRef:
    return ID[key]


def article(key: str) -> URIRef:
    return ID[f"article/{key}"]


def span(article_key: str, start: int, end: int) -> URIRef:
    """A NIF string of an article, named by its offsets (RFC 5147 style)."""
    return URIRef(f"{article(article_key)}#char={start},{end}")


def role(role_id: str) -> URIRef:
    return ID[f"role/{role_id}"]


def post(holder: str, role_id: str, org: str | None) -> URIRef:
    return ID[f"post/{_digest(holder, role_id, org or '')}"]


def quote(article_key: str, start: int, end: int) -> URIRef:
    return URIRef(f"{article(article_key)}/quote/{start}-{end}")


def relation(article_key: str, *parts: object) -> URIRef:
    return URIRef(f"{article(article_key)}/relation/{_digest(*parts)}")


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
