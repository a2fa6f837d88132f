"""Numbers about the network: what the store holds, who is mentioned and central, which groups form,
which pairs of actors are most hostile or most cooperative."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newskg.viz.network import _rows, collapse, local, undirected

if TYPE_CHECKING:
    import networkx as nx

    from newskg.store import Store

CLASS_NAMES = {"NewsArticle": "articles", "Person": "people", "Organization": "organisations", "Country": "countries",
               "Place": "places", "Mention": "mentions", "Post": "posts", "Quotation": "quotations",
               "RelationAssertion": "relation assertions"}


@dataclass(frozen=True, slots=True)
class Actor:
    label: str
    type: str
    mentions: int
    articles: int
    degree: int = 0        # distinct actors it has a relation with
    out_relations: int = 0
    in_relations: int = 0
    pagerank: float = 0.0


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    score: float           # Σ goldstein × articles over the relations between them, both directions
    relations: str         # "A→B Criticize ×2, CallOn; B→A Accuse"


@dataclass
class Stats:
    counts: list[tuple[str, int]] = field(default_factory=list)
    nodes: int = 0
    edges: int = 0
    mentioned: list[Actor] = field(default_factory=list)
    central: list[Actor] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)
    hostile: list[Pair] = field(default_factory=list)
    cooperative: list[Pair] = field(default_factory=list)


def class_counts(store: Store) -> list[tuple[str, int]]:
    found = {local(r["class"].value): int(r["count"].value) for r in _rows(store, "counts.rq")}
    return [(name, found.get(cls, 0)) for cls, name in CLASS_NAMES.items()]


def compute(store: Store, graph: nx.MultiDiGraph, *, top: int = 10) -> Stats:
    import networkx as nx

    st = Stats(counts=class_counts(store), nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
    simple = undirected(graph)
    directed = collapse(graph, directed=True)
    rank = nx.pagerank(directed, weight="weight") if directed.number_of_edges() else {n: 0.0 for n in graph}

    def actor(n: str) -> Actor:
        d = graph.nodes[n]
        return Actor(d.get("label", n), d.get("type", ""), d.get("mentions", 0), d.get("articles", 0),
                     simple.degree(n), graph.out_degree(n), graph.in_degree(n), rank.get(n, 0.0))

    actors = [actor(n) for n in graph]
    st.mentioned = sorted(actors, key=lambda a: (-a.mentions, -a.articles, a.label))[:top]
    st.central = sorted((a for a in actors if a.degree), key=lambda a: (-a.degree, -a.pagerank, a.label))[:top]

    linked = simple.subgraph([n for n in simple if simple.degree(n)])
    if linked.number_of_edges():
        groups = nx.community.greedy_modularity_communities(linked, weight="weight")
        st.communities = [sorted((graph.nodes[n].get("label", n) for n in g), key=str.casefold)
                          for g in sorted(groups, key=lambda g: (-len(g), sorted(g)))]

    pairs: dict[frozenset, list] = defaultdict(list)
    for u, v, k, d in graph.edges(keys=True, data=True):
        pairs[frozenset((u, v))].append((u, v, d.get("relation", k), d.get("weight", 1.0), d.get("goldstein", 0.0)))
    scored = []
    for key, rels in pairs.items():
        a, b = sorted(key, key=lambda n: graph.nodes[n].get("label", n).casefold())
        la, lb = graph.nodes[a].get("label", a), graph.nodes[b].get("label", b)
        parts = []
        for src, dst, arrow in ((a, b, f"{la}→{lb}"), (b, a, f"{lb}→{la}")):
            these = sorted((r, w) for u, v, r, w, _ in rels if (u, v) == (src, dst))
            if these:
                parts.append(arrow + " " + ", ".join(r + (f" ×{w:g}" if w > 1 else "") for r, w in these))
        score = sum(g * w for *_, w, g in rels)
        scored.append(Pair(la, lb, round(score, 2), "; ".join(parts)))
    st.hostile = sorted((p for p in scored if p.score < 0), key=lambda p: (p.score, p.a, p.b))[:top]
    st.cooperative = sorted((p for p in scored if p.score > 0), key=lambda p: (-p.score, p.a, p.b))[:top]
    return st
