"""Readers: paths (files and folders) → articles, one bad file never stopping the others."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from newskg.errors import InputError
from newskg.ingest.decode import decode
from newskg.model import Article

Reader = Callable[[str, str, "date | None"], Iterable["Article | InputError"]]


def _read_text(text: str, source: str, published: date | None) -> Iterator[Article]:
    from newskg.ingest.text import parse_text
    yield parse_text(text, source, published=published)


def _read_html(text: str, source: str, published: date | None) -> Iterator[Article]:
    from newskg.ingest.html import parse_html
    yield parse_html(text, source, published=published)


def _read_jsonl(text: str, source: str, published: date | None) -> Iterator[Article | InputError]:
    from newskg.ingest.jsonl import parse_jsonl
    for item in parse_jsonl(text, source):
        if isinstance(item, Article) and published and not item.published:
            item = replace(item, published=published)
        yield item


READERS: dict[str, Reader] = {".txt": _read_text, ".text": _read_text, ".md": _read_text,
                              ".html": _read_html, ".htm": _read_html,
                              ".jsonl": _read_jsonl, ".ndjson": _read_jsonl}


def article_key(source: str) -> str:
    """Stable id of an article: the same source name gives the same named graph on every build."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def discover(paths: Iterable[Path]) -> Iterator[tuple[Path, str] | InputError]:
    """Files to read with their source names (path relative to the folder given)."""
    for root in paths:
        if root.is_dir():
            for f in sorted(root.rglob("*")):
                rel = f.relative_to(root)
                if f.is_file() and f.suffix.lower() in READERS and not any(p.startswith(".") for p in rel.parts):
                    yield f, rel.as_posix()
        elif root.is_file():
            yield root, root.name
        elif root.exists():
            yield InputError(f"{root}: not a regular file or folder", "pass article files or folders")
        else:
            yield InputError(f"{root}: no such file or folder", "check the path")


def read(paths: Iterable[Path], *, published: date | None = None) -> Iterator[Article | InputError]:
    """Articles from files and folders, and an InputError (never raised) for each that cannot be read."""
    for found in discover(paths):
        if isinstance(found, InputError):
            yield found
            continue
        file, source = found
        try:
            data = file.read_bytes()
        except OSError as exc:
            yield InputError(f"{source}: cannot be read ({exc.strerror or exc})", "check its permissions")
            continue
        try:
            text, warnings = decode(data, source)
            reader = READERS.get(file.suffix.lower(), _read_text)
            for item in reader(text, source, published):
                if isinstance(item, Article):
                    item = replace(item, key=article_key(item.source))
                    if warnings:
                        item = replace(item, warnings=tuple(warnings))
                yield item
        except InputError as exc:
            yield exc
