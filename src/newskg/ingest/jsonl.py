"""JSON-lines files: one article per line with `text` and optional `title`, `date`, `url`."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from newskg.errors import InputError
from newskg.ingest.text import parse_text
from newskg.model import Article


def parse_jsonl(text: str, source: str) -> Iterator[Article | InputError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source} line {n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})",
                             "each line must be one JSON object such as {\"text\": \"…\", \"title\": \"…\"}")
            continue
        body = row.get("text") if isinstance(row, dict) else None
        if not isinstance(body, str) or not body.strip():
            yield InputError(f"{where}: no \"text\" field with the article text", "add the article body as \"text\"")
            continue
        try:
            published = date.fromisoformat(str(row["date"])[:10]) if row.get("date") else None
        except ValueError:
            yield InputError(f"{where}: \"date\" {row['date']!r} is not a YYYY-MM-DD date", "fix or drop the date")
            continue
        title = row.get("title") if isinstance(row.get("title"), str) else None
        text_ = f"{title}\n\n{body}" if title and not body.lstrip().startswith(title) else body
        try:
            yield parse_text(text_, f"{source}#{n}", published=published, title=title,
                             url=row.get("url") if isinstance(row.get("url"), str) else None)
        except InputError as exc:
            yield exc
