"""`newskg serve`: the store as a read-only SPARQL 1.1 Protocol endpoint, with a small query page.

- :mod:`newskg.serve.server` — HTTP (standard library), routes, limits, the page and static files;
- :mod:`newskg.serve.worker` — queries run in worker processes, killed and replaced on timeout;
- :mod:`newskg.serve.sparql` — query form, update and SERVICE detection, content negotiation;
- :mod:`newskg.serve.results` — results in JSON, XML, CSV, TSV, Turtle, N-Triples, JSON-LD, capped;
- :mod:`newskg.serve.pages` — the ready queries as JSON, the shipped static files, the graph page.

Nothing heavy is imported here, so `newskg --help` stays fast.
"""
from __future__ import annotations

from newskg.errors import ServeError  # noqa: F401  (raised here and re-exported)

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULTS = 10_000
DEFAULT_MAX_BODY = 1024 * 1024


