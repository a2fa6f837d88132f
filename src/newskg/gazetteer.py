"""Known actors and places from the shipped gazetteers, indexed by every surface form.

One lookup table serves the spaCy patterns (nlp/), entity resolution (resolve/) and the Wikidata
links (rdf/), so a name added to a data file is recognised, typed and linked everywhere at once.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from newskg import resources
from newskg.model import EntityType


@dataclass(frozen=True, slots=True)
class Known:
    key: str                 # stable entity key, e.g. "country/russia"
    name: str                # canonical label
    type: EntityType
    wikidata: str | None
    kind: str                # gazetteer kind: country, city, sea, alliance, news_agency, …
    country: str | None = None   # key of the state a national body or place belongs to


@dataclass(frozen=True, slots=True)
class Surface:
    """How a surface form refers: by `name`, as a `demonym`, a `capital` or a government `seat`,
    or as a `generic` description ("the alliance")."""

    known: Known
    how: str


def slug(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "x"


def fold(surface: str) -> str:
    """The lookup form of a surface: accents, curly apostrophes, dots, a leading 'the' and a trailing 's dropped."""
    s = unicodedata.normalize("NFKD", surface).encode("ascii", "ignore").decode().replace("’", "'")
    s = re.sub(r"^(the|The|THE)\s+", "", s.strip())
    s = re.sub(r"'s?$", "", s)
    return re.sub(r"\s+", " ", s.replace(".", "")).strip()


class Gazetteer:
    def __init__(self) -> None:
        self.by_surface: dict[str, Surface] = {}
        self.by_key: dict[str, Known] = {}
        self.iso2: dict[str, Known] = {}
        self.generic: dict[str, Known] = {}
        self.raw: dict[str, Surface] = {}     # surfaces as written, for the spaCy patterns
        for row in resources.jsonl("countries.jsonl"):
            k = self._add(Known(f"country/{slug(row['name'])}", row["name"], EntityType.COUNTRY,
                                row.get("qid"), "country"))
            if row.get("iso2"):
                self.iso2[row["iso2"]] = k
            self._index(k, row.get("aliases", ()), "name")
            self._index(k, row.get("demonyms", ()), "demonym")
            self._index(k, row.get("capitals", ()), "capital")
            self._index(k, row.get("seats", ()), "seat")
        for row in resources.jsonl("places.jsonl"):
            k = self._add(Known(f"place/{slug(row['name'])}", row["name"], EntityType.PLACE, row.get("qid"),
                                row.get("kind", "place"), self._country(row.get("country"))))
            self._index(k, row.get("aliases", ()), "name")
        for row in resources.jsonl("organizations.jsonl"):
            k = self._add(Known(f"org/{slug(row['name'])}", row["name"], EntityType.ORGANIZATION, row.get("qid"),
                                row.get("kind", "organization"), self._country(row.get("country"))))
            self._index(k, row.get("aliases", ()), "name")
            for g in row.get("generic", ()):
                g = fold(g).lower()
                self.generic.setdefault(g, k)
                self.generic.setdefault(g.split()[-1], k)

    def _country(self, iso2: str | None) -> str | None:
        k = self.iso2.get(iso2 or "")
        return k.key if k else None

    def _add(self, known: Known) -> Known:
        self.by_key.setdefault(known.key, known)
        self._index(known, [known.name], "name")
        return self.by_key[known.key]

    def _index(self, known: Known, surfaces, how: str) -> None:
        for s in surfaces:
            if s:
                self.by_surface.setdefault(fold(s), Surface(known, how))
                self.raw.setdefault(s, Surface(known, how))

    def lookup(self, surface: str) -> Surface | None:
        return self.by_surface.get(fold(surface))

    def capital_place(self, surface: str) -> Known | None:
        """A capital as a location: a Place entity of its own, linked to its country."""
        s = self.lookup(surface)
        if s is None or s.how != "capital":
            return None
        name = fold(surface)
        return Known(f"place/{slug(name)}", name, EntityType.PLACE, None, "city", s.known.key)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
