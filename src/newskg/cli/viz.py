"""`newskg viz`: the actor network as an interactive HTML page (offline) or a PNG/SVG/PDF picture.

Only typer is imported here; networkx and matplotlib are imported when the command runs.
"""
from __future__ import annotations

from pathlib import Path

import typer

from newskg.cli.options import STORE

PICTURES = (".png", ".svg", ".pdf")
LAYOUTS = ("kamada-kawai", "spring")  # as newskg.viz.image.LAYOUTS, without importing matplotlib
PAGES = (".html", ".htm")

# options shared with `newskg stats`
TYPES = typer.Option(None, "--types", "-t", help="Keep only these relation types, comma-separated "
                                                  "(e.g. Criticize,Accuse,Threaten; see `newskg query relations`).")
SINCE = typer.Option(None, "--since", help="Keep articles published (and relations dated) on or after YYYY-MM-DD; "
                                           "undated ones are then left out.")
UNTIL = typer.Option(None, "--until", help="Keep articles published (and relations dated) on or before YYYY-MM-DD.")
MIN_WEIGHT = typer.Option(1, "--min-weight", "-w", min=1, help="Keep relations asserted by at least N articles.")


def register(app: typer.Typer) -> None:
    app.command("viz")(viz_cli)


def viz_cli(
    store: Path = STORE,
    output: Path = typer.Option(Path("network.html"), "--output", "-o",
                                help="File to write: .html (interactive, one self-contained file that works offline), "
                                     ".png, .svg or .pdf (static picture for reports)."),
    focus: str = typer.Option(None, "--focus", "-f", help="Show only this entity's neighbourhood (its name, another "
                                                          "name such as Moscow, or its key such as country/russia)."),
    depth: int = typer.Option(1, "--depth", "-d", min=1, help="With --focus: how many relations away to go "
                                                              "(1 = direct neighbours)."),
    types: str = TYPES,
    since: str = SINCE,
    until: str = UNTIL,
    min_weight: int = MIN_WEIGHT,
    isolates: bool = typer.Option(False, "--isolates/--no-isolates", help="Also show entities that take part in no "
                                                                          "relation (mentioned only)."),
    evidence: bool = typer.Option(True, "--evidence/--no-evidence", help="HTML: include posts, quotes and evidence "
                                                                         "sentences in the tooltips."),
    layout: str = typer.Option("kamada-kawai", "--layout", help="PNG/SVG/PDF: kamada-kawai or spring."),
    title: str = typer.Option("newskg actor network", "--title", help="Title shown on the page or picture."),
) -> None:
    """Draw the actor network as an interactive HTML page or a PNG/SVG/PDF picture.

    Entities are nodes (size: mentions; colour: type); asserted relations are arrows from agent to
    target (colour: hostile red … cooperative green by the relation type's Goldstein-like score;
    width: how many articles assert it). Negated and hypothetical relations are left out. In the
    HTML page, hover shows posts, quotes and evidence sentences, click focuses an actor.
    """
    from newskg.cli.ui import err
    from newskg.store import open_store
    from newskg.viz import VizError

    suffix = output.suffix.lower()
    if suffix not in PAGES + PICTURES:
        raise VizError(f"cannot tell what to draw from {output.name!r}",
                       f"end the file name in one of {', '.join(PAGES + PICTURES)}")
    if layout not in LAYOUTS:
        raise VizError(f"unknown layout {layout!r}", f"choose one of {', '.join(LAYOUTS)}")
    st = open_store(store, read_only=True)
    try:
        graph, described, day_range = build_network(st, focus=focus, depth=depth, types=types, since=since,
                                                    until=until, min_weight=min_weight, isolates=isolates)
        subtitle = f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} relations" + \
            (f" · {described}" if described else "")
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(output.name + ".part")
        if suffix in PAGES:
            from newskg.viz.details import Details, details
            from newskg.viz.html import write_html
            from newskg.viz.network import relation_types

            det = details(st, graph, since=day_range[0], until=day_range[1]) if evidence else Details()
            labels = {k: t.label for k, t in relation_types(st).items()}
            write_html(graph, tmp, det, title=title, filters=described, labels=labels)
        else:
            from newskg.viz.image import render_image
            render_image(graph, tmp, fmt=suffix.lstrip("."), title=title, subtitle=subtitle, kind=layout)
        tmp.replace(output)
    finally:
        st.close()
    err.print(f"wrote {output} — {subtitle} ({output.stat().st_size / 1024:,.0f} kB)")


def build_network(st, *, focus: str | None = None, depth: int = 1, types: str | None = None, since: str | None = None,
                  until: str | None = None, min_weight: int = 1, isolates: bool = False):
    """The filtered (and focused) network, a description of the filters, and the date range."""
    from newskg.viz import VizError
    from newskg.viz.network import aliases, find_entity, neighbourhood, network, parse_day, parse_types, relation_types

    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    wanted = parse_types(types, relation_types(st))
    graph = network(st, types=wanted, since=first, until=last, min_weight=min_weight, isolates=True)
    said = []
    if wanted:
        said.append("types " + ", ".join(sorted(wanted)))
    if first or last:
        said.append(f"{first or '…'} to {last or '…'}")
    if min_weight > 1:
        said.append(f"asserted by ≥ {min_weight} articles")
    if focus:
        center = find_entity(graph, focus, aliases(st))
        graph = neighbourhood(graph, center, depth)
        said.insert(0, f"around {graph.nodes[center]['label']} (depth {depth})")
    elif not isolates:
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    if graph.number_of_nodes() == 0:
        if first or last:
            hint = "no article or relation is dated in that period (articles without a publication date are " \
                   "left out; give them one with `newskg build --date`)"
        elif wanted or min_weight > 1:
            hint = "no relation passes the filters; loosen --types or --min-weight"
        else:
            hint = "no relation between actors was found; build articles first, or use --isolates to show the entities"
        raise VizError("the network is empty", hint)
    return graph, " · ".join(said), (first, last)
