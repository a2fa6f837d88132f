"""Lexicons read from data files, parsed once: roles (titles of posts)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from newskg import resources


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    label: str
    broader: str | None = None


@cache
def roles() -> dict[tuple[str, ...], Role]:
    """Lower-cased token sequence of every title variant → its role (courtesy titles excluded)."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    out: dict[tuple[str, ...], Role] = {}
    for row in resources.jsonl("roles.jsonl"):
        if row.get("person_title"):
            continue
        role = Role(row["id"], row["label"], row.get("broader"))
        for v in (*row.get("variants", ()), row["label"]):
            out.setdefault(tuple(t.lower_ for t in tokenizer(v)), role)
    return out


@cache
def roles_by_id() -> dict[str, Role]:
    return {r.id: r for r in roles().values()}


PREFIXES = {"deputy": "Deputy", "vice": "Vice", "acting": "Acting", "first": "First"}


def compose(prefix: str, role: Role) -> Role:
    """"Deputy" + "Press Secretary" → Deputy Press Secretary, narrower than Press Secretary."""
    word = PREFIXES[prefix.lower()]
    rid = f"{word.lower()}-{role.id}"
    known = roles_by_id().get(rid)
    return known or Role(rid, f"{word} {role.label}", role.id)


@cache
def role_countries() -> dict[str, str]:
    """Title variant → ISO code of the one state whose office it names ("secretary of state" → US)."""
    return {row["variant"]: row["country"] for row in resources.jsonl("role_countries.jsonl")}
