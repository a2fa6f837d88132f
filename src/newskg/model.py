"""The extraction model: small frozen records that flow from extract/ to rdf/.

Every fact carries an :class:`Evidence` (character offsets into the article text), so a user can
always go back to where the article says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class EntityType(str, Enum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    COUNTRY = "Country"
    PLACE = "Place"


class RelationType(str, Enum):
    """The closed set of relation types (ontology/newskg.ttl has their SKOS scheme)."""

    MEET = "Meet"
    CALL_ON = "CallOn"
    CRITICIZE = "Criticize"
    ACCUSE = "Accuse"
    WARN = "Warn"
    THREATEN = "Threaten"
    SUPPORT = "Support"
    MILITARY_BUILDUP = "MilitaryBuildup"
    ANNEX = "Annex"
    CONTROL = "Control"
    ATTACK = "Attack"
    MEMBER_OF = "MemberOf"
    PARTNER_OF = "PartnerOf"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A half-open character span [start, end) of the article text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from disk; `text` is exactly what offsets refer to."""

    source: str                      # file name the article came from (the query contract's `source`)
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    agency: str | None = None        # news agency from a dateline, e.g. "dpa"
    dateline_place: str | None = None
    masked: tuple[Evidence, ...] = ()  # boilerplate spans: kept in the text, ignored by extraction
    key: str = ""                    # stable id derived from `source` (see ingest.article_key)
    warnings: tuple[str, ...] = ()   # what reading it had to repair, e.g. a Latin-1 file

    def analysis_text(self) -> str:
        """The text with boilerplate blanked out, offsets unchanged."""
        if not self.masked:
            return self.text
        chars = list(self.text)
        for span in self.masked:
            for i in range(span.start, span.end):
                if not chars[i].isspace():
                    chars[i] = " "
        return "".join(chars)


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity within an article; `key` is stable across articles."""

    key: str
    name: str
    type: EntityType
    wikidata: str | None = None
    aliases: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Mention:
    entity: str                      # Entity.key
    span: Evidence
    text: str


@dataclass(frozen=True, slots=True)
class Post:
    holder: str                      # Entity.key of a person
    role: str                        # role id from data/roles.jsonl
    role_label: str
    org: str | None                  # Entity.key of the organisation or state
    span: Evidence
    sentence: Evidence
    confidence: float = 0.8


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    span: Evidence                   # the characters between the quote marks
    sentence: Evidence
    speaker: str | None              # Entity.key
    confidence: float = 0.8
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    type: RelationType
    agent: str                       # Entity.key
    target: str                      # Entity.key
    sentence: Evidence
    trigger: Evidence
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 0.6
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    posts: tuple[Post, ...]
    quotes: tuple[Quote, ...]
    relations: tuple[Relation, ...]
