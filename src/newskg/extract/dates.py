"""When a quoted statement or a relation happened: dates in its sentence resolved against the
publication date ("on Tuesday" → the Tuesday on or before it, "yesterday", "last week", "April 13")."""
from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Span

WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
MONTHS = {m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                          "september", "october", "november", "december"))}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_DAY = re.compile(r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b")
_DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})(?:\s+(?P<year>\d{4}))?\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
RELATIVE = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def resolve(expression: str, published: date | None) -> date | None:
    """A calendar date for a date expression, or None when it names no single day."""
    text = expression.lower().strip()
    if m := _ISO.search(text):
        return _safe(int(m["year"]), int(m["month"]), int(m["day"]))
    for rx in (_MONTH_DAY, _DAY_MONTH):
        if (m := rx.search(expression)) and m["month"].lower() in MONTHS:
            year = int(m["year"]) if m["year"] else (published.year if published else None)
            if year is None:
                return None
            d = _safe(year, MONTHS[m["month"].lower()], int(m["day"]))
            if d and published and not m["year"] and d > published + timedelta(days=7):
                d = _safe(year - 1, d.month, d.day)   # "December 30" read in January
            return d
    if published is None:
        return None
    for word, delta in RELATIVE.items():
        if re.search(rf"\b{word}\b", text):
            return published + timedelta(days=delta)
    for word, wd in WEEKDAYS.items():
        if re.search(rf"\b{word}\b", text):
            back = (published.weekday() - wd) % 7
            if "next" in text:
                return published + timedelta(days=(wd - published.weekday()) % 7 or 7)
            if "last" in text and back == 0:
                back = 7
            return published - timedelta(days=back)
    return None


def sentence_date(sent: Span, published: date | None) -> date | None:
    """The first date in a sentence that names a single day."""
    for ent in sent.ents:
        if ent.label_ == "DATE":
            d = resolve(ent.text, published)
            if d:
                return d
    return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None
