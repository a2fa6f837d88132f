"""Person names: cleaning and the identity key that makes "Dmitry Kuleba" and "Dmytro Kuleba" one person."""
from __future__ import annotations

import re
from functools import cache

from newskg import resources
from newskg.gazetteer import fold, slug

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "van", "von", "de", "da", "di", "du", "der", "la", "le"})


@cache
def _given_groups() -> dict[str, str]:
    """Lower-cased given-name variant → the group's first spelling."""
    out: dict[str, str] = {}
    for row in resources.jsonl("given_names.jsonl"):
        variants = row["variants"]
        for v in variants:
            out.setdefault(v.lower(), variants[0].lower())
    return out


@cache
def courtesy_titles() -> frozenset[str]:
    titles = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "madam", "prof"}
    for row in resources.jsonl("roles.jsonl"):
        for v in (row.get("label", ""), *row.get("variants", ())):
            if v and " " not in v.strip():
                titles.add(v.lower().rstrip("."))
    return frozenset(titles)


def clean(name: str) -> str:
    """'Mr. Karzai's' → 'Karzai'; 'President Vladimir Putin' → 'Vladimir Putin'."""
    name = re.sub(r"[’']s?$", "", name.strip().strip("\"“”‘’«»,;:()[]")).strip()
    parts = name.split()
    titles = courtesy_titles()
    while len(parts) > 1 and parts[0].lower().rstrip(".") in titles:
        parts = parts[1:]
    return " ".join(parts)


def tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s]+", fold(name)) if t]


def core(name: str) -> tuple[str, str]:
    """(given, surname) for identity, middle initials and suffixes dropped; given may be ''."""
    parts = [p for p in tokens(name) if p.lower().rstrip(".") not in SUFFIXES]
    parts = [p for p in parts if not (len(p.rstrip(".")) == 1 and p[0].isupper())] or parts
    if not parts:
        return "", ""
    if len(parts) == 1:
        return "", parts[0].lower()
    given = _given_groups().get(parts[0].lower(), parts[0].lower())
    return given, parts[-1].lower()


def person_key(name: str) -> str:
    given, surname = core(name)
    return "person/" + slug(f"{given} {surname}".strip())


def surname_forms(name: str) -> set[str]:
    """Short forms a full name is referred to by: the surname, and for East Asian order the family name."""
    parts = [p for p in tokens(name) if p.lower().rstrip(".") not in SUFFIXES]
    if len(parts) < 2:
        return set()
    forms = {parts[-1]}
    if len(parts) >= 2 and parts[-2].lower() in _PARTICLES:
        forms.add(" ".join(parts[-2:]))
    bare = re.sub(r"^(al|el|Al|El|ad|ash|as|at|az)-", "", parts[-1])
    if bare != parts[-1]:
        forms.add(bare)              # "Bashir" for Omar al-Bashir
    forms.add(parts[0])  # "Kim" for Kim Jong Un, "Liu" for Liu He; only used when no surname matches
    return forms
