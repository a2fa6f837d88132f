"""HTML pages: main text and metadata through trafilatura (imported only when HTML is read)."""
from __future__ import annotations

from datetime import date

from newskg.errors import InputError
from newskg.model import Article
from newskg.ingest.text import parse_text


def parse_html(html: str, source: str, *, published: date | None = None) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise InputError(f"{source}: no article text found in the HTML page",
                         "check that the page holds the article itself, not a script-rendered shell")
    title = getattr(doc, "title", None)
    text = f"{title}\n\n{body}\n" if title and not body.startswith(title) else body + "\n"
    when = published or _date(getattr(doc, "date", None))
    return parse_text(text, source, published=when, title=title, url=getattr(doc, "url", None))


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
