"""Known office-holders (data/people.jsonl): Wikidata links for people, and the state or body of a
post the article leaves implicit ("President Donald Trump" → the United States)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from newskg import resources
from newskg.gazetteer import Known, gazetteer, slug
from newskg.resolve import names


@dataclass(frozen=True, slots=True)
class Tenure:
    role: str            # normalised role label, as in data/roles.jsonl
    org: Known | None    # the state or organisation
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    wikidata: str | None
    posts: tuple[Tenure, ...]

    def held(self, role: str, when: date | None) -> Known | None:
        """Where this person held `role` (by label), if that is unambiguous (at `when`, if known)."""
        places = {t.org.key: t.org for t in self.posts if t.org is not None and t.role.lower() == role.lower()
                  and (when is None or ((t.start or 0) <= when.year <= (t.end or 9999)))}
        return next(iter(places.values())) if len(places) == 1 else None


@cache
def people() -> dict[str, Person]:
    """Person key (given name group + surname) → the one office-holder it names; keys that two
    office-holders share ("George Bush") are left out rather than guessed."""
    gaz = gazetteer()
    by_name = {k.name: k for k in gaz.by_key.values()}
    out: dict[str, Person] = {}
    clash: set[str] = set()
    for row in resources.jsonl("people.jsonl"):
        posts = tuple(Tenure(p["role"], gaz.iso2.get(p["in"]) or by_name.get(p["in"]) or gaz.by_key.get(f"org/{slug(p['in'])}"),
                             p.get("from"), p.get("to")) for p in row.get("posts", ()))
        person = Person(row["name"], row.get("qid"), posts)
        for name in {row["name"], *row.get("aliases", ())}:
            key = names.person_key(name)
            if key in out and out[key].name != person.name:
                clash.add(key)
            out.setdefault(key, person)
    for key in clash:
        out.pop(key, None)
    return out


def lookup(person_key: str) -> Person | None:
    return people().get(person_key)
