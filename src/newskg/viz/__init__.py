"""The actor network: read from the store with SPARQL, analysed and drawn with networkx.

- :mod:`newskg.viz.network` — the graph (entities as nodes, asserted relations as edges), filters,
  focus on a neighbourhood, GraphML/GEXF output;
- :mod:`newskg.viz.details` — posts, quotes and evidence sentences for the interactive page;
- :mod:`newskg.viz.html` — one self-contained HTML page (vis-network inlined, works offline);
- :mod:`newskg.viz.image` — PNG/SVG/PDF for reports (matplotlib);
- :mod:`newskg.viz.stats` — counts, central actors, communities, hostile and cooperative pairs.

networkx and matplotlib are imported inside functions, so importing this package is cheap.
"""
from __future__ import annotations

from newskg.errors import VizError  # noqa: F401  (re-exported for the viz modules)
