"""Ready views: the answers of the parameterless ready queries, kept beside the store by the build.

Why: the ready queries of the query contract list every fact in the store (one row per fact), and
on a large store most of their time goes to joins of per-row index lookups: about a second for
the 211,000 entity rows of 10,000 articles. A build is the one moment the store changes, so it
evaluates those queries once, after its last write, and keeps the answers as SPARQL TSV (the
cheapest results format to read back) or N-Triples. A query whose text is exactly a ready query's,
run without parameters over the union of all graphs, is then answered from the file.

A view answers only for the store state it was computed from. Its stamp is the store's
RocksDB CURRENT file, which names the MANIFEST in use; every read-write opening of the store (any
build, any other program writing to it) starts a new MANIFEST, so an older view is never used
again: such queries are evaluated until the next build refreshes the views. Files are written
under temporary names and renamed, the index last, so a reader sees the old views or the new ones.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

FOLDER = "newskg-views"
INDEX = "index.json"
SOLUTIONS = ("tsv", ox.QueryResultsFormat.TSV)
TRIPLES = ("nt", ox.RdfFormat.N_TRIPLES)


def key(sparql: str) -> str:
    return hashlib.sha256(sparql.strip().encode("utf-8")).hexdigest()


def stamp(store_path: Path) -> str | None:
    try:
        return (store_path / "CURRENT").read_text(encoding="ascii").strip()
    except OSError:
        return None


def _index(store_path: Path) -> dict | None:
    try:
        index = json.loads((store_path / FOLDER / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return index if isinstance(index, dict) and index.get("stamp") == stamp(store_path) else None


def fresh(store_path: Path) -> bool:
    """Whether the views answer for the store as it is now."""
    return _index(store_path) is not None


def answer(store_path: Path, sparql: str):
    """The kept answer of this query text (QuerySolutions, or a list of Triples), or None."""
    index = _index(store_path)
    entry = index and index.get("views", {}).get(key(sparql))
    if not entry:
        return None
    try:
        data = (store_path / FOLDER / entry["file"]).read_bytes()
        if hashlib.blake2b(data).hexdigest() != entry["digest"]:
            return None          # damaged or replaced: evaluate the query instead
        if entry["kind"] == "solutions":
            return ox.parse_query_results(data, format=SOLUTIONS[1])
        return [quad.triple for quad in ox.parse(data, format=TRIPLES[1])]
    except (OSError, KeyError, SyntaxError, ValueError):
        return None


def refresh(store: ox.Store, store_path: Path, queries: Mapping[str, str], prefixes: Mapping[str, str]) -> int:
    """Evaluate each query on the open store and keep its answer; returns how many views were written."""
    folder = store_path / FOLDER
    folder.mkdir(exist_ok=True)
    _write(folder / INDEX, b"{}")            # invalid from here until the new index is in place
    views = {}
    for name, sparql in queries.items():
        result = store.query(sparql, use_default_graph_as_union=True, prefixes=dict(prefixes))
        if isinstance(result, ox.QuerySolutions):
            kind, (ext, fmt) = "solutions", SOLUTIONS
            data = result.serialize(format=fmt)
        elif isinstance(result, ox.QueryTriples):
            kind, (ext, fmt) = "triples", TRIPLES
            data = ox.serialize(result, format=fmt)
        else:
            continue                          # ASK answers are cheap to evaluate anyway
        file = f"{name}.{ext}"
        _write(folder / file, data)
        views[key(sparql)] = {"name": name, "file": file, "kind": kind, "digest": hashlib.blake2b(data).hexdigest()}
    restamp(store_path, views)
    return len(views)


def restamp(store_path: Path, views: dict | None = None) -> None:
    """Declare the kept views (by default the current ones) valid for the store as it is now."""
    if views is None:
        try:
            views = json.loads((store_path / FOLDER / INDEX).read_text(encoding="utf-8")).get("views", {})
        except (OSError, ValueError, AttributeError):
            return
    index = {"stamp": stamp(store_path), "views": views}
    _write(store_path / FOLDER / INDEX, json.dumps(index, indent=1).encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
