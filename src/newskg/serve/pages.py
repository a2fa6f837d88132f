"""The web page's parts: static files (only those shipped in the package), the ready queries as JSON,
and the page shown at /graph when there is no graph to show."""
from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
                ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\.[a-z]{2,4}")
# the page's own policy: its script and style come from /static, requests go back to this server only
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# the graph page inlines its script and style (it is the same file `newskg viz -o x.html` writes)
GRAPH_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
             "font-src data:; frame-ancestors 'none'; base-uri 'none'")


def escape(text: str) -> str:
    return html.escape(text, quote=True)


@cache
def static_files() -> dict[str, Path]:
    """Name → path of every file shipped in the static folder (nothing else is ever served)."""
    out = {}
    for p in STATIC.iterdir():
        if p.is_file() and _NAME.fullmatch(p.name) and p.suffix in STATIC_TYPES:
            out[p.name] = p
    return out


def static_file(name: str) -> tuple[bytes, str] | None:
    """(content, content type) of a shipped static file, or None: the name is looked up in the list of
    shipped files, never joined to a path, so no request can reach a file outside the folder."""
    p = static_files().get(name)
    if p is None:
        return None
    return p.read_bytes(), STATIC_TYPES[p.suffix]


@cache
def ready_queries_json() -> bytes:
    from newskg.query import describe, load_query, ready_queries
    from newskg.store.oxigraph import QUERY_PREFIXES

    items = []
    for name in ready_queries():
        text = load_query(name)
        description, params = describe(text)
        items.append({"name": name, "description": description, "params": params, "query": text})
    return json.dumps({"queries": items, "prefixes": QUERY_PREFIXES}, ensure_ascii=False).encode("utf-8")


def no_graph_page(message_html: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newskg — graph view</title>
<link rel="stylesheet" href="/static/app.css"></head>
<body><header><h1><a href="/">newskg</a> — graph view</h1></header>
<main><p id="graph-missing">{message_html}</p>
<p>Write the interactive network to a file with <code>newskg viz --store STORE -o network.html</code>,
or go back to the <a href="/">query page</a>.</p></main></body></html>
"""
