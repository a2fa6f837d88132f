"""The actor network as a networkx MultiDiGraph, read from the store through the SPARQL next to this file.

Nodes are entity IRIs with the attributes

    label (str)      the canonical name (rdfs:label)
    type (str)       Person, Organization, Country or Place
    mentions (int)   how often the articles (in the date range) mention it
    articles (int)   how many articles mention it
    wikidata (str)   its Wikidata id such as "Q159", or "" when unknown

Edges go from agent to target, one per (agent, target, relation type). Their key — also their
`id` attribute — is unique in the graph, e.g. "country/russia--Annex->place/crimea" (see `edge_key`):
GraphML and GEXF files take the edge id from it, and Gephi and other readers refuse or drop edges
whose ids repeat (which keys like "Meet", shared by many pairs, would do). Attributes:

    id (str)         the edge's key
    relation (str)   the relation type, e.g. "Criticize" (GEXF reserves the name "type" for an
                     edge's direction, so it is not used)
    weight (float)   how many articles assert it (a float because GEXF stores weights as floats)
    goldstein (float) the type's Goldstein-like score, −10 hostile … +10 cooperative
    cameo (str)      the type's CAMEO code, "" when none fits

By default every person, organisation, country and place the articles mention is a node, related
or not (`isolates=False` keeps only actors in at least one relation; `newskg viz` draws those).
Negated ("is not a member") and hypothetical ("if Moscow attacks") relations are left out. Every
attribute is a string, int or float, so the graph survives GraphML and GEXF unchanged
(`nx.read_graphml` / `nx.read_gexf` give back the same nodes, edges, keys and attributes).
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO, TYPE_CHECKING

from newskg import resources
from newskg.viz import VizError

if TYPE_CHECKING:
    import networkx as nx

    from newskg.store import Store

SCHEMA = "https://schema.org/"
NKG = "https://w3id.org/newskg/ns#"
ID = "https://w3id.org/newskg/id/"
WIKIDATA = "http://www.wikidata.org/entity/"
ENTITY_TYPES = ("Person", "Organization", "Country", "Place")
GRAPH_FORMATS = ("graphml", "gexf")


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str          # Criticize
    label: str         # criticize
    cameo: str         # "111", or "" when no CAMEO code fits
    goldstein: float   # −10 … +10


def sparql(name: str) -> str:
    """A query shipped with the viz package (src/newskg/viz/NAME.rq)."""
    return resources.text("viz", name)


def _rows(store: Store, name: str):
    from newskg.query import run
    result = run(store, sparql(name))
    columns = [v.value for v in result.variables]
    for solution in result:
        yield {c: solution[c] for c in columns}


def _text(term) -> str:
    return "" if term is None else term.value


def _day(term) -> date | None:
    if term is None:
        return None
    try:
        return date.fromisoformat(term.value[:10])
    except ValueError:
        return None


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def short(iri: str) -> str:
    """An entity's key: https://w3id.org/newskg/id/country/russia → country/russia."""
    return iri[len(ID):] if iri.startswith(ID) else iri


def edge_key(agent: str, kind: str, target: str) -> str:
    """The key (and id) of the edge agent --kind-> target: "country/russia--Annex->place/crimea"."""
    return f"{short(agent)}--{kind}->{short(target)}"


def relation_types(store: Store) -> dict[str, RelationType]:
    """The relation types with their CAMEO codes and scores, from the ontology in the store
    (`newskg build` keeps it there), else from the shipped ontology file."""
    rows = list(_rows(store, "relation-types.rq"))
    if not rows:
        rows = list(_rows(_shipped_ontology(), "relation-types.rq"))
    out = {}
    for r in rows:
        name = _text(r["name"])
        g = r["goldstein"]
        out[name] = RelationType(name, _text(r["label"]) or name, _text(r["cameo"]), float(g.value) if g is not None else 0.0)
    return out


def _shipped_ontology() -> Store:
    import pyoxigraph as ox

    class _Memory:  # just enough of the Store protocol for newskg.query.run
        def __init__(self) -> None:
            self.store = ox.Store()
            self.store.load(resources.text("ontology", "newskg.ttl").encode("utf-8"), format=ox.RdfFormat.TURTLE,
                            to_graph=ox.NamedNode("https://w3id.org/newskg/ns"))

        def query(self, q, *, bindings=None):
            return self.store.query(q, use_default_graph_as_union=True)

        def view(self, q):
            return None

    return _Memory()  # type: ignore[return-value]


# ---------------------------------------------------------------- filters given on the command line

def parse_types(text: str | Iterable[str] | None, known: Iterable[str]) -> frozenset[str] | None:
    """'Criticize,accuse' → {'Criticize', 'Accuse'}; an unknown name is an error naming close matches."""
    if text is None:
        return None
    names = [t.strip() for t in (text.split(",") if isinstance(text, str) else text) if t and t.strip()]
    if not names:
        return None
    by_fold = {k.casefold(): k for k in known}
    out = set()
    for n in names:
        k = by_fold.get(n.casefold())
        if k is None:
            close = difflib.get_close_matches(n.casefold(), list(by_fold), n=3, cutoff=0.5)
            did = f"did you mean {', '.join(by_fold[c] for c in close)}? " if close else ""
            raise VizError(f"unknown relation type {n!r}", f"{did}relation types: {', '.join(sorted(by_fold.values()))}")
        out.add(k)
    return frozenset(out)


def parse_day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise VizError(f"{option} {text!r} is not a date", f"write it as YYYY-MM-DD, e.g. {option} 2021-04-13") from None


def _in_range(when: date | None, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    if when is None:
        return False  # an undated article or relation is in no period
    return (since is None or when >= since) and (until is None or when <= until)


# ---------------------------------------------------------------- the network

def network(store: Store, *, types: Iterable[str] | None = None, since: date | None = None,
            until: date | None = None, min_weight: float = 1, isolates: bool = True) -> nx.MultiDiGraph:
    """The actor network of the store (see the module docstring for the attributes).

    types: keep only these relation types (names such as "Criticize"); since/until: keep the
    articles published (and the relations dated) in that period — undated ones are then left out;
    min_weight: keep edges asserted by at least that many articles; isolates: keep entities that
    take part in no (remaining) relation.
    """
    import networkx as nx

    if since and until and since > until:
        raise VizError(f"--since {since} is after --until {until}", "swap the dates")
    known = relation_types(store)
    wanted = frozenset(types) if types is not None else None

    # nodes: attributes from every article, counts from the articles in the period
    attrs: dict[str, dict] = {}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in _rows(store, "nodes.rq"):
        iri = r["entity"].value
        kind = local(_text(r["type"]))
        wd = _text(r["wikidata"])
        a = attrs.setdefault(iri, {"label": _text(r["label"]), "type": kind, "wikidata": ""})
        if wd and not a["wikidata"]:
            a["wikidata"] = local(wd) if wd.startswith(WIKIDATA) else wd
        if _in_range(_day(r["published"]), since, until):
            c = counts[iri]
            c[0] += int(r["mentions"].value)
            c[1] += 1

    # edges: one per (agent, target, type); weight = number of articles asserting it
    articles: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in _rows(store, "relations.rq"):
        kind = local(r["type"].value)
        if wanted is not None and kind not in wanted:
            continue
        if not _in_range(_day(r["when"]), since, until):
            continue
        agent, target = r["agent"].value, r["target"].value
        if agent == target or agent not in attrs or target not in attrs:
            continue  # a self-loop or an argument that is not an actor (never in a valid graph)
        articles[(agent, target, kind)].add(r["article"].value)

    g = nx.MultiDiGraph()
    for iri in sorted(counts):
        g.add_node(iri, **_node(attrs[iri], counts[iri]))
    for (agent, target, kind), arts in sorted(articles.items()):
        if len(arts) < min_weight:
            continue
        for iri in (agent, target):
            if iri not in g:  # dated relation in an article outside the period
                g.add_node(iri, **_node(attrs[iri], counts.get(iri, [0, 0])))
        t = known.get(kind) or RelationType(kind, kind, "", 0.0)
        key = edge_key(agent, kind, target)
        g.add_edge(agent, target, key=key, id=key, relation=kind, weight=float(len(arts)),
                   goldstein=float(t.goldstein), cameo=t.cameo)
    if not isolates:
        g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    return g


def _node(a: dict, c: list[int]) -> dict:
    return {"label": a["label"], "type": a["type"], "mentions": int(c[0]), "articles": int(c[1]),
            "wikidata": a["wikidata"]}


def aliases(store: Store) -> dict[str, set[str]]:
    """Other names of the entities (skos:altLabel), by entity IRI."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, "aliases.rq"):
        out[r["entity"].value].add(r["alias"].value)
    return out


def find_entity(graph: nx.MultiDiGraph, name: str, other_names: dict[str, set[str]] | None = None) -> str:
    """The node called `name`: its IRI or short key, its label, else one of its other names
    (case-insensitive). Unknown names raise a VizError listing close matches."""
    if name in graph:
        return name
    if ID + name in graph:
        return ID + name
    fold = name.casefold().strip()
    hits = sorted(n for n, d in graph.nodes(data=True) if d.get("label", "").casefold() == fold)
    if not hits and other_names:
        hits = sorted(n for n in graph if any(a.casefold() == fold for a in other_names.get(n, ())))
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise VizError(f"{name!r} names {len(hits)} entities: {', '.join(short(h) for h in hits)}",
                       "pass the entity's key or IRI to --focus instead")
    names: dict[str, tuple[str, str]] = {}  # folded name → (entity, how to show it)
    for n, d in graph.nodes(data=True):
        names.setdefault(d.get("label", "").casefold(), (n, d.get("label", "")))
        for a in sorted((other_names or {}).get(n, ())):
            names.setdefault(a.casefold(), (n, f"{a} (= {d.get('label', '')})"))
    close, seen = [], set()
    for c in difflib.get_close_matches(fold, list(names), n=10, cutoff=0.6):
        if names[c][0] not in seen:
            seen.add(names[c][0])
            close.append(names[c][1])
    if close:
        hint = "did you mean " + ", ".join(close[:5]) + "?"
    else:
        hint = "list the entities with `newskg query entities`"
    raise VizError(f"no entity named {name!r} in the network", hint)


def neighbourhood(graph: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entity and everyone within `depth` relations of it (either direction), with every
    relation among them."""
    import networkx as nx

    if depth < 0:
        raise VizError(f"--depth {depth} is negative", "use 1 for direct neighbours, 2 for theirs, …")
    keep = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=depth)
    return graph.subgraph(keep).copy()


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected projection: one edge per pair of actors, weight = sum of the edges' weights."""
    return collapse(graph, directed=False)


def collapse(graph: nx.MultiDiGraph, *, directed: bool) -> nx.Graph:
    """One edge per (ordered, if `directed`) pair of actors, weight = sum of the edges' weights."""
    import networkx as nx

    h = nx.DiGraph() if directed else nx.Graph()
    h.add_nodes_from(graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        w = d.get("weight", 1.0)
        if h.has_edge(u, v):
            h[u][v]["weight"] += w
        else:
            h.add_edge(u, v, weight=w)
    return h


# ---------------------------------------------------------------- GraphML / GEXF

def write_graph(graph: nx.MultiDiGraph, out: IO[bytes], fmt: str) -> None:
    """Write the network as GraphML or GEXF 1.2 (for Gephi, yEd, Cytoscape …)."""
    import networkx as nx

    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(graph, out, encoding="utf-8", prettyprint=True)
    else:
        raise VizError(f"unknown graph format {fmt!r}", f"choose one of {', '.join(GRAPH_FORMATS)}")
