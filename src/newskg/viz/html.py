"""The interactive network as one self-contained HTML file that works offline from disk.

vis-network (npm `vis-network`, standalone UMD build, Apache-2.0 OR MIT; see static/README.md) is
inlined with the page's own CSS and JS; the graph travels as JSON inside a
<script type="application/json"> element with every <, > and & escaped, so no article text can
close the element or inject markup. A Content-Security-Policy forbids any network access.
"""
from __future__ import annotations

import html as _html
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from newskg import __version__, resources
from newskg.viz import style
from newskg.viz.details import Details

if TYPE_CHECKING:
    import networkx as nx

VIS_VERSION = "10.1.5"


def _static(name: str) -> str:
    return resources.text("viz/static", name)


def script_json(obj) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' survives, nor U+2028/2029."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _inline_js(js: str) -> str:
    # "</script" can only occur inside a JS string, regex or comment, where "<\/" means the same.
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")


def page_data(graph: nx.MultiDiGraph, det: Details | None = None, *, title: str = "", filters: str = "",
              labels: dict[str, str] | None = None) -> dict:
    """What the page's script draws: nodes, edges (with their tooltip facts), legend entries."""
    det = det or Details()
    labels = labels or {}
    nodes = []
    for n, d in sorted(graph.nodes(data=True), key=lambda x: (x[1].get("label", ""), x[0])):
        colour = style.type_colour(d.get("type", ""))
        nodes.append({"id": n, "label": d.get("label") or n, "type": d.get("type", ""), "mentions": d.get("mentions", 0),
                      "articles": d.get("articles", 0), "wikidata": d.get("wikidata", ""), "color": colour,
                      "border": style.darker(colour), "posts": det.posts.get(n, []), "quotes": det.quotes.get(n, [])})
    # parallel edges between two actors bend apart; a lone edge is drawn straight
    between: dict[frozenset, int] = defaultdict(int)
    for u, v in graph.edges():
        between[frozenset((u, v))] += 1
    index: dict[tuple[str, str], int] = defaultdict(int)
    edges = []
    used: dict[str, float] = {}
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        relation = d.get("relation", k)
        g = float(d.get("goldstein", 0.0))
        used[relation] = g
        i = index[(u, v)]
        index[(u, v)] += 1
        edges.append({"id": str(k), "from": u, "to": v, "relation": relation,
                      "label": labels.get(relation, relation), "weight": int(d.get("weight", 1)), "goldstein": g,
                      "cameo": d.get("cameo", ""), "color": style.tone(g), "tone": style.tone_name(g),
                      "width": round(style.edge_width(float(d.get("weight", 1))), 2),
                      "roundness": 0.0 if between[frozenset((u, v))] == 1 else round(0.12 + 0.16 * i, 2),
                      "evidence": det.evidence.get((u, v, k), [])})
    present = {d.get("type", "") for _, d in graph.nodes(data=True)}
    types = {t: c for t, c in style.TYPE_COLOURS.items() if t in present or not present}
    relations = [{"name": r, "goldstein": g, "color": style.tone(g)} for r, g in sorted(used.items(), key=lambda x: (x[1], x[0]))]
    scale = [style.tone(x) for x in (-10, -6, -3, -1, 0, 1, 3, 6, 10)]
    return {"title": title, "filters": filters, "nodes": nodes, "edges": edges, "types": types,
            "relations": relations, "scale": scale}


def render(graph: nx.MultiDiGraph, det: Details | None = None, *, title: str = "newskg actor network",
           filters: str = "", labels: dict[str, str] | None = None) -> str:
    data = page_data(graph, det, title=title, filters=filters, labels=labels)
    page = _static("page.html")
    parts = {"{{TITLE}}": _html.escape(title), "{{VERSION}}": __version__, "{{VIS_VERSION}}": VIS_VERSION,
             "{{CSS}}": _static("page.css").replace("</", "<\\/"), "{{DATA}}": script_json(data),
             "{{VIS}}": _inline_js(_static("vis-network.min.js")), "{{APP}}": _inline_js(_static("page.js"))}
    # one pass, so a placeholder inside the data or the library is never substituted
    return re.sub("|".join(re.escape(k) for k in parts), lambda m: parts[m.group(0)], page)


def write_html(graph: nx.MultiDiGraph, path: Path, det: Details | None = None, **kw) -> int:
    text = render(graph, det, **kw)
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size
