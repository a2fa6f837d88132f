"""Static pictures of the network for reports: PNG, SVG or PDF with matplotlib.

Each connected group of actors is laid out on its own (Kamada-Kawai or spring) and the groups are
packed in rows, so small groups do not fly off to the corners. Labels sit under their nodes on a
white backing; the legends live in their own strip under the drawing, so they never cover a node.
"""
from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from newskg.viz import VizError, style

if TYPE_CHECKING:
    import networkx as nx

IMAGE_FORMATS = ("png", "svg", "pdf")
LAYOUTS = ("kamada-kawai", "spring")
INCH_PER_UNIT = 1.05


def layout(graph: nx.MultiDiGraph, kind: str = "kamada-kawai", seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions: each connected component laid out alone, scaled by its size, packed in rows."""
    import networkx as nx

    from newskg.viz.network import undirected

    if kind not in LAYOUTS:
        raise VizError(f"unknown layout {kind!r}", f"choose one of {', '.join(LAYOUTS)}")
    h = undirected(graph)
    comps = sorted(nx.connected_components(h), key=lambda c: (-len(c), sorted(c)))
    blocks = []
    for comp in comps:
        sub = h.subgraph(sorted(comp))
        if len(comp) == 1:
            pos = {next(iter(comp)): (0.0, 0.0)}
        elif len(comp) == 2:
            a, b = sorted(comp)
            pos = {a: (-1.0, 0.0), b: (1.0, 0.0)}
        elif kind == "spring":
            pos = nx.spring_layout(sub, seed=seed, k=1.6 / math.sqrt(len(comp)), iterations=200)
        else:
            pos = nx.kamada_kawai_layout(sub, weight=None)
        scale = _unit_scale(sub, pos)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        blocks.append(({n: ((x - cx) * scale, (y - cy) * scale) for n, (x, y) in pos.items()},
                       (max(xs) - min(xs)) * scale, (max(ys) - min(ys)) * scale))
    # shelf packing: rows no wider than the biggest block or the square root of the total area
    gap = 1.4
    row_width = max([b[1] for b in blocks] + [math.sqrt(sum((b[1] + gap) * (b[2] + gap) for b in blocks)) * 1.3])
    out: dict[str, tuple[float, float]] = {}
    x = y = 0.0
    row_height = 0.0
    for pos, w, hgt in blocks:
        if x > 0 and x + w > row_width:
            x, y = 0.0, y - row_height - gap
            row_height = 0.0
        for n, (px, py) in pos.items():
            out[n] = (x + w / 2 + px, y - hgt / 2 + py)
        x += w + gap
        row_height = max(row_height, hgt)
    return out


def _unit_scale(sub, pos) -> float:
    """Scale making related actors ~1.7 units apart and (nearly) no two actors closer than ~0.9,
    whatever the layout's own units; a component never grows beyond ~28 units."""
    import numpy as np

    names = list(pos)
    if len(names) < 2:
        return 1.0
    xy = np.array([pos[n] for n in names], dtype=float)
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    nearest = d.min(axis=1)
    where = {n: i for i, n in enumerate(names)}
    edges = [d[where[u], where[v]] for u, v in sub.edges()]
    want = [1.7 / max(float(np.median(edges)), 1e-9)] if edges else []
    want.append(0.9 / max(float(np.percentile(nearest, 10)), 1e-9))
    span = float(max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]))) or 1.0
    return min(max(want), 28.0 / span)


def render_image(graph: nx.MultiDiGraph, path: Path, *, fmt: str | None = None, title: str = "newskg actor network",
                 subtitle: str = "", kind: str = "kamada-kawai", edge_labels: bool | None = None, dpi: int = 150) -> int:
    """Draw the network to `path` (format from `fmt` or the extension); returns the file's size."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in IMAGE_FORMATS:
        raise VizError(f"cannot draw a {fmt!r} picture", f"use one of {', '.join('.' + f for f in IMAGE_FORMATS)} or .html")
    n = graph.number_of_nodes()
    if edge_labels is None:
        edge_labels = graph.number_of_edges() <= 150
    pos = layout(graph, kind)
    # about an inch per layout unit (neighbours sit ~1.6 units apart), so crowded graphs get a bigger canvas
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    width = min(40.0, max(10.0, (max(xs) - min(xs)) * INCH_PER_UNIT + 2.0))
    height = min(40.0, max(7.0, (max(ys) - min(ys)) * INCH_PER_UNIT + 2.0))
    label_size = 11 if n <= 40 else 9 if n <= 120 else 7
    mentions = [graph.nodes[v].get("mentions", 1) or 1 for v in graph]
    top = max(mentions + [1])
    biggest = 1900 if n <= 25 else 1300 if n <= 80 else 900
    sizes = {v: 220 + biggest * math.sqrt((graph.nodes[v].get("mentions", 1) or 1) / top) for v in graph}

    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": ["DejaVu Sans", "Liberation Sans", "sans-serif"]}):
        fig = plt.figure(figsize=(width + 3.2, height), dpi=dpi)
        grid = fig.add_gridspec(1, 2, width_ratios=[width, 3.2], wspace=0.01)
        ax = fig.add_subplot(grid[0])
        leg_ax = fig.add_subplot(grid[1])
        leg_ax.axis("off")
        ax.axis("off")
        nodelist = list(graph)
        node_sizes = [sizes[v] for v in nodelist]

        # edges: parallel ones bend apart (u→v and v→u bend to opposite sides), lone ones are straight
        between: dict[frozenset, int] = defaultdict(int)
        for u, v in graph.edges():
            between[frozenset((u, v))] += 1
        index: dict[tuple[str, str], int] = defaultdict(int)
        for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
            i = index[(u, v)]
            index[(u, v)] += 1
            rad = 0.0 if between[frozenset((u, v))] == 1 else 0.12 + 0.16 * i
            colour = style.tone(float(d.get("goldstein", 0.0)))
            cs = f"arc3,rad={rad:.2f}"
            nx.draw_networkx_edges(graph, pos, edgelist=[(u, v, k)], ax=ax, nodelist=nodelist, node_size=node_sizes,
                                   width=style.edge_width(float(d.get("weight", 1))), edge_color=colour, alpha=0.9,
                                   arrows=True, arrowstyle="-|>", arrowsize=16, connectionstyle=cs)
            if edge_labels:
                nx.draw_networkx_edge_labels(graph, pos, edge_labels={(u, v, k): d.get("relation", k)}, ax=ax,
                                             nodelist=nodelist, node_size=node_sizes, connectionstyle=cs,
                                             font_size=max(label_size - 3, 6), font_color=style.darker(colour, 0.45),
                                             bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.8})
        nx.draw_networkx_nodes(graph, pos, nodelist=nodelist, ax=ax, node_size=node_sizes,
                               node_color=[style.type_colour(graph.nodes[v].get("type", "")) for v in nodelist],
                               edgecolors=[style.darker(style.type_colour(graph.nodes[v].get("type", ""))) for v in nodelist],
                               linewidths=1.2)
        for v in nodelist:
            x, y = pos[v]
            ax.annotate(graph.nodes[v].get("label") or v, xy=(x, y), xytext=(0, -(math.sqrt(sizes[v]) / 2 + 3)),
                        textcoords="offset points", ha="center", va="top", fontsize=label_size, color="#111",
                        annotation_clip=False, zorder=5,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
        ax.margins(0.07, 0.09)
        heading = title + (f"\n{subtitle}" if subtitle else "")
        ax.set_title(heading, fontsize=14, loc="left")

        # legends in their own column right of the drawing: actor types above, relation types (by score) below
        present = [t for t in style.TYPE_COLOURS if any(d.get("type") == t for _, d in graph.nodes(data=True))]
        kinds = [Line2D([], [], marker="o", linestyle="", markersize=11, markerfacecolor=style.type_colour(t),
                        markeredgecolor=style.darker(style.type_colour(t)), label=t) for t in present]
        first = leg_ax.legend(handles=kinds, loc="upper left", bbox_to_anchor=(0.0, 1.0), frameon=False,
                              title="Actors\n(size: mentions)", alignment="left", fontsize=10, title_fontsize=11)
        leg_ax.add_artist(first)
        used = sorted({(float(d.get("goldstein", 0.0)), d.get("relation", k)) for _, _, k, d in graph.edges(keys=True, data=True)})
        rels = [Line2D([], [], color=style.tone(g), linewidth=3, label=f"{r}  {g:+g}") for g, r in used]
        if rels:
            leg_ax.legend(handles=rels, loc="upper left", bbox_to_anchor=(0.0, 0.97 - 0.045 * (len(kinds) + 3)),
                          frameon=False, alignment="left", fontsize=10, title_fontsize=11,
                          title="Relations\n(colour: Goldstein-like score,\nred hostile … green cooperative;\nwidth: articles)")
        fig.savefig(path, format=fmt, bbox_inches="tight", pad_inches=0.25, facecolor="white")
        plt.close(fig)
    return path.stat().st_size
