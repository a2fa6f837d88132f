"""`newskg stats`: what the store holds and who matters in the actor network, as tables."""
from __future__ import annotations

from pathlib import Path

import typer

from newskg.cli.options import STORE
from newskg.cli.viz import MIN_WEIGHT, SINCE, TYPES, UNTIL


def register(app: typer.Typer) -> None:
    app.command("stats")(stats_cli)


def stats_cli(
    store: Path = STORE,
    top: int = typer.Option(10, "--top", "-n", min=1, help="How many actors and pairs to list per table."),
    types: str = TYPES,
    since: str = SINCE,
    until: str = UNTIL,
    min_weight: int = MIN_WEIGHT,
) -> None:
    """Print counts, central actors, communities and the most hostile and cooperative pairs.

    Counts by class; the most mentioned actors; the most central ones (degree, PageRank);
    communities (greedy modularity on the undirected network); the most hostile and most
    cooperative pairs (sum of their relations' Goldstein-like scores times the articles asserting them).
    """
    from newskg.cli.ui import out, rich_table
    from newskg.store import open_store
    from newskg.viz.network import network, parse_day, parse_types, relation_types
    from newskg.viz.stats import compute

    st = open_store(store, read_only=True)
    try:
        wanted = parse_types(types, relation_types(st))
        graph = network(st, types=wanted, since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                        min_weight=min_weight, isolates=True)
        s = compute(st, graph, top=top)
    finally:
        st.close()

    rows = [[name, f"{n:,}"] for name, n in s.counts]
    rows += [["actors in the network", f"{s.nodes:,}"], ["relations in the network (agent, type, target)", f"{s.edges:,}"]]
    out.print(rich_table(["", "count"], rows, title="Counts by class"))
    out.print(rich_table(["actor", "type", "mentions", "articles"],
                         [[a.label, a.type, str(a.mentions), str(a.articles)] for a in s.mentioned],
                         title="Most mentioned actors"))
    out.print(rich_table(["actor", "type", "degree", "out", "in", "PageRank"],
                         [[a.label, a.type, str(a.degree), str(a.out_relations), str(a.in_relations), f"{a.pagerank:.3f}"]
                          for a in s.central],
                         title="Most central actors (degree: actors related to; out/in: relations as agent/target)"))
    out.print(rich_table(["#", "size", "members"],
                         [[str(i), str(len(c)), ", ".join(c)] for i, c in enumerate(s.communities[:top], 1)],
                         title=f"Communities ({len(s.communities)}, greedy modularity)"))
    for name, pairs in (("Most hostile pairs", s.hostile), ("Most cooperative pairs", s.cooperative)):
        out.print(rich_table(["pair", "score", "relations"],
                             [[f"{p.a} — {p.b}", f"{p.score:+g}", p.relations] for p in pairs],
                             title=f"{name} (Σ Goldstein × articles)"))
