"""What the interactive page shows on demand: an actor's posts and quotes, a relation's evidence.

Kept out of the graph itself (whose attributes must stay plain strings and numbers for GraphML and
GEXF); read with the SPARQL next to this file and filtered to the nodes and edges of a network.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from newskg.viz.network import _day, _in_range, _rows, _text, edge_key, local

if TYPE_CHECKING:
    import networkx as nx

    from newskg.store import Store


@dataclass
class Details:
    posts: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))     # node → [{role, org, source}]
    quotes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))    # node → [{text, source}]
    evidence: dict[tuple[str, str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))
    # (agent, target, edge key) → [{source, sentence}]


def details(store: Store, graph: nx.MultiDiGraph, *, since: date | None = None, until: date | None = None) -> Details:
    out = Details()
    nodes = set(graph)
    for r in _rows(store, "posts.rq"):
        holder = r["holder"].value
        if holder in nodes and _in_range(_day(r["published"]), since, until):
            item = {"role": _text(r["role"]), "org": _text(r["org"]), "source": _text(r["source"])}
            if item not in out.posts[holder]:
                out.posts[holder].append(item)
    for r in _rows(store, "quotes.rq"):
        speaker = r["speaker"].value
        if speaker in nodes and _in_range(_day(r["published"]), since, until):
            out.quotes[speaker].append({"text": _text(r["text"]), "source": _text(r["source"])})
    for r in _rows(store, "relations.rq"):
        agent, target = r["agent"].value, r["target"].value
        key = (agent, target, edge_key(agent, local(r["type"].value), target))
        if graph.has_edge(*key) and _in_range(_day(r["when"]), since, until):
            item = {"source": _text(r["source"]), "sentence": _text(r["sentence"])}
            if item not in out.evidence[key]:
                out.evidence[key].append(item)
    return out
