"""Plain-text articles: headline, dateline, boilerplate."""
from __future__ import annotations

import re
from datetime import date
from functools import cache

from newskg import resources
from newskg.errors import InputError
from newskg.model import Article, Evidence

# A dateline opening the first paragraph: "Brussels (dpa) –", "KYIV, Ukraine (AP) —", "WASHINGTON —",
# "Kyiv, Ukraine —". A title-case place alone before a dash ("Ukraine – a country…") is not one.
DATELINE = re.compile(
    r"(?:(?P<place>[A-Z][\w.'\- ]{1,40}?)(?:,\s*[A-Z][\w.' ]{1,30})?\s*\((?P<agency>[A-Za-z][\w .&\-]{0,30})\)"
    r"|(?P<caps>[A-Z][A-Z.'\- ]{2,40})(?:,\s*[A-Z][\w.' ]{1,30})?"
    r"|(?P<city>[A-Z][\w.'\-]+(?: [A-Z][\w.'\-]+)?),\s*[A-Z][\w.' ]{1,30}?)\s*[–—-]\s")


@cache
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in resources.lines("boilerplate.txt")), re.IGNORECASE)


MAX_CHARS = 1_000_000   # spaCy's own limit for one text; no news article comes near it


def parse_text(text: str, source: str, *, published: date | None = None, title: str | None = None,
               url: str | None = None) -> Article:
    """Build an Article from plain text; when `title` is None the first non-empty line is the headline."""
    if len(text) > MAX_CHARS:
        raise InputError(f"{source}: {len(text):,} characters is too long for one article (the limit is {MAX_CHARS:,})",
                         "if the file holds many articles, put one per file or one per line of a .jsonl file")
    masked: list[Evidence] = []
    pos = 0
    first_body: tuple[int, str] | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        start = pos + (len(line) - len(line.lstrip()))
        pos += len(line)
        if not stripped:
            continue
        if _boilerplate().fullmatch(stripped):
            masked.append(Evidence(start, start + len(stripped)))
        elif title is None:
            title = stripped
        elif first_body is None:
            first_body = (start, stripped)
    place = agency = None
    if first_body is not None:
        m = DATELINE.match(first_body[1])
        if m:
            place = (m.group("place") or m.group("city") or m.group("caps").title()).strip()
            agency = m.group("agency")
    return Article(source=source, text=text, title=title, published=published, url=url,
                   agency=agency, dateline_place=place, masked=tuple(masked))
