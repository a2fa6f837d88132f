"""One node per real-world entity: mentions in a Doc → entities with stable keys.

Gazetteer matches carry their key; people are clustered by name (surname → full name,
transliterations), organisations by acronym; a capital is the country when it acts
("Moscow annexed") and a Place when it is where something happens ("in Brussels").
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newskg.gazetteer import Known, fold, gazetteer, slug
from newskg.model import Article, Entity, EntityType, Evidence, Mention
from newskg.resolve import names, people

LABEL_TYPES = {"PERSON": EntityType.PERSON, "ORG": EntityType.ORGANIZATION, "GPE": EntityType.PLACE,
               "LOC": EntityType.PLACE, "NORP": None, "FAC": None}
# a capital in these roles stands for its government
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent", "dobj", "dative"})
LOCATIVE_PREPS = frozenset({"in", "at", "to", "from", "near", "into", "outside", "inside", "across", "around",
                            "via", "through", "towards", "toward", "throughout", "within", "between"})
NATIONAL_KINDS = frozenset({"government_body", "legislature", "military", "court"})
_JUNK = re.compile(r"^[\W\d_]+$|^[a-z]")


@dataclass
class _Node:
    key: str
    name: str
    type: EntityType
    wikidata: str | None = None
    aliases: set[str] = field(default_factory=set)


@dataclass
class Resolution:
    """Entities of one article and which tokens refer to which entity."""

    doc: Doc
    nodes: dict[str, _Node] = field(default_factory=dict)
    token_entity: dict[int, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    spans: list[tuple[Span, str]] = field(default_factory=list)   # (entity span, key) in text order

    def entity(self, key: str) -> _Node:
        return self.nodes[key]

    def type_of(self, key: str) -> EntityType:
        return self.nodes[key].type

    def entities(self) -> tuple[Entity, ...]:
        return tuple(Entity(n.key, n.name, n.type, n.wikidata or _person_qid(n), frozenset(n.aliases - {n.name}))
                     for n in self.nodes.values())

    def at(self, token: Token) -> str | None:
        return self.token_entity.get(token.i)

    def add_known(self, known: Known) -> None:
        """An entity the article implies without naming it (the state of "Secretary of State")."""
        self.nodes.setdefault(known.key, _Node(known.key, known.name, known.type, known.wikidata))


Raw = list[tuple[Span, str, "Known | None", str]]   # entity span, spaCy label, gazetteer entry, how it refers


def resolve(doc: Doc, article: Article) -> Resolution:
    res = Resolution(doc)
    gaz = gazetteer()
    raw = _raw_mentions(doc)
    headline = _headline_end(doc, article)
    body_forms = {fold(ent.text) for ent, *_ in raw if ent.start_char >= headline}
    persons, short = _people(raw, headline, body_forms)
    person_names = {fold(p.name) for p in persons.values()}
    masked = [(m.start, m.end) for m in article.masked]
    lowercase_words = {t.text for t in doc if t.is_lower and t.is_alpha}
    named = {known.key for _, _, known, _ in raw if known is not None}
    body_forms |= set(short)

    def add(span: Span, key: str, name: str, type_: EntityType, wikidata: str | None = None) -> None:
        node = res.nodes.get(key)
        if node is None:
            node = res.nodes[key] = _Node(key, name, type_, wikidata)
        node.aliases.add(span.text)
        res.spans.append((span, key))
        for tok in span:
            res.token_entity[tok.i] = key
        res.mentions.append(Mention(key, Evidence(span.start_char, span.end_char), span.text))

    for ent, label, known, how in raw:
        if any(a <= ent.start_char < b for a, b in masked):
            continue
        if ent.end_char <= headline and known is None:
            # a Title Case headline fools the model ("Trump, Liu to Meet Amid Trade Deal"): keep
            # only the part of a headline entity that the body names too
            ent = _body_part(ent, body_forms)
            if ent is None:
                continue
        text = names.clean(ent.text)
        toks = names.tokens(text)
        if known is not None and known.type is not EntityType.COUNTRY and len(toks) == 1 and toks[0] in short:
            known = None      # "Austin" is Lloyd Austin here, not the city
        if known is not None:
            if how == "capital" and not _acts(ent):
                place = gaz.capital_place(ent.text)
                add(ent, place.key, place.name, EntityType.PLACE)
            else:
                name = known.name
                if known.country and known.type is EntityType.ORGANIZATION and known.kind in NATIONAL_KINDS:
                    name = _longest_form(raw, known.key) or name   # "State Department", as the article writes it
                add(ent, known.key, name, known.type, known.wikidata)
            continue
        if not toks or _JUNK.match(text) or any(c.isdigit() for c in text):
            continue       # "COVID-19", "Article 5": not actors
        if label != "PERSON" and len(ent) == 1 and ent[0].lower_ in lowercase_words:
            continue       # "Security forces…" at a sentence start: the word occurs in lower case too
        if label == "PERSON" or (len(toks) == 1 and toks[0] in short) or fold(text) in person_names:
            key = names.person_key(text)
            if key not in persons and len(toks) == 1:
                key = short.get(toks[-1]) or short.get(toks[0])
            if key is None or key not in persons:
                if label != "PERSON":
                    continue
                key = names.person_key(text)
                persons[key] = _Node(key, text, EntityType.PERSON)
            add(ent, key, persons[key].name, EntityType.PERSON)
            continue
        type_ = LABEL_TYPES[label]
        if type_ is None:
            continue
        generic = gaz.generic.get(fold(text).lower()) if label == "ORG" else None
        if generic is not None and generic.key in named:
            add(ent, generic.key, generic.name, generic.type, generic.wikidata)   # "the Council"
            continue
        prefix = "org" if type_ is EntityType.ORGANIZATION else "place"
        add(ent, f"{prefix}/{slug(text)}", text, type_)
    # a surname the model missed ("criticized Pelosi’s visit") still names its person
    for tok in doc:
        if tok.i not in res.token_entity and tok.pos_ == "PROPN" and tok.is_title and tok.idx >= headline:
            key = short.get(tok.text)
            if key in persons and not any(a <= tok.idx < b for a, b in masked):
                add(doc[tok.i:tok.i + 1], key, persons[key].name, EntityType.PERSON)
    res.spans.sort(key=lambda p: p[0].start)
    _merge_acronyms(res)
    return res


def _person_qid(node: _Node) -> str | None:
    if node.type is not EntityType.PERSON:
        return None
    known = people.lookup(node.key)
    return known.wikidata if known else None


def _raw_mentions(doc: Doc) -> Raw:
    """Entity spans with the gazetteer entry they name, if any."""
    gaz = gazetteer()
    raw: Raw = []
    for ent in doc.ents:
        if ent.label_ not in LABEL_TYPES:
            continue
        known, how = None, "name"
        if "#" in ent.id_:
            k, how = ent.id_.split("#", 1)
            known = gaz.by_key.get(k)
            s = gaz.lookup(ent.text)
            if known is not None and (s is None or s.known.key != known.key):
                known, how = None, "name"     # the span grew past the gazetteer match
        if known is None:
            s = gaz.lookup(ent.text)
            if s is not None and (ent.label_ != "PERSON" or s.known.type is not EntityType.PERSON):
                known, how = s.known, s.how
        raw.append((ent, ent.label_, known, how))
    return raw


def _people(raw: Raw, headline: int, body_forms: set[str]) -> tuple[dict[str, _Node], dict[str, str]]:
    """People of the article, longest names first, and the short forms ("Stoltenberg") that name them.
    Done before anything else, so that a surname the model took for an organisation or a city
    still finds its person."""
    persons: dict[str, _Node] = {}
    short: dict[str, str] = {}
    spans = [(ent, names.clean(ent.text)) for ent, label, known, _ in raw
             if label == "PERSON" and known is None and (ent.start_char >= headline or fold(ent.text) in body_forms)]
    for ent, name in sorted(spans, key=lambda p: -len(names.tokens(p[1]))):
        if not name or _JUNK.match(name):
            continue
        toks = names.tokens(name)
        if len(toks) == 1 and toks[0] in short:
            continue
        key = names.person_key(name)
        node = persons.get(key)
        if node is None:
            node = persons[key] = _Node(key, name, EntityType.PERSON)
        elif len(name) > len(node.name) and len(toks) >= len(names.tokens(node.name)):
            node.name = name
        for form in names.surname_forms(name):
            short.setdefault(form, key)
    return persons, short


def _headline_end(doc: Doc, article: Article) -> int:
    """End offset of a Title Case headline opening the text, else 0 (a sentence-case headline, or a
    first line that is really the first sentence, does not mislead the model)."""
    title = article.title
    if not title or title.rstrip().endswith((".", "!", "?", "\"", "”", ",")):
        return 0
    long_words = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    if not long_words or sum(w[0].isupper() for w in long_words) < 0.6 * len(long_words):
        return 0
    start = doc.text.find(article.title)
    return start + len(article.title) if 0 <= start < 200 else 0


def _longest_form(raw, key: str) -> str | None:
    forms = [names.clean(ent.text) for ent, _, known, _ in raw if known is not None and known.key == key]
    return max(forms, key=len) if forms else None


def _body_part(ent: Span, forms: set[str]) -> Span | None:
    n = len(ent)
    for size in range(n, 0, -1):
        for i in range(0, n - size + 1):
            part = ent[i:i + size]
            if fold(names.clean(part.text)) in forms:
                return Span(ent.doc, part.start, part.end, label=ent.label_)
    return None


def _acts(span: Span) -> bool:
    """Does a capital stand for its government here ("Moscow annexed", "Kiev's minister")?"""
    root = span.root
    dep = root.dep_
    while dep == "conj" and root.head is not root:
        root = root.head
        dep = root.dep_
    if dep in ACTOR_DEPS:
        return True
    if dep == "pobj" and root.head.lower_ in {"by", "with", "on", "against", "between"}:
        return True
    return False


def _merge_acronyms(res: Resolution) -> None:
    """'National Directorate of Security (NDS)' and a later 'NDS' are one organisation."""
    orgs = [n for n in res.nodes.values() if n.type is EntityType.ORGANIZATION]
    by_initials = {}
    for n in orgs:
        words = [w for w in re.findall(r"[A-Za-z]+", n.name) if w[0].isupper()]
        if len(words) >= 2:
            by_initials.setdefault("".join(w[0] for w in words), n)
    for n in orgs:
        if n.name.isupper() and 2 <= len(n.name) <= 6 and n.name in by_initials and by_initials[n.name] is not n:
            _redirect(res, n.key, by_initials[n.name].key)


def _redirect(res: Resolution, old: str, new: str) -> None:
    node = res.nodes.pop(old)
    res.nodes[new].aliases |= node.aliases
    for i, k in list(res.token_entity.items()):
        if k == old:
            res.token_entity[i] = new
    res.spans = [(s, new if k == old else k) for s, k in res.spans]
    res.mentions = [Mention(new, m.span, m.text) if m.entity == old else m for m in res.mentions]


def keys_in(res: Resolution, spans: Iterable[Span]) -> list[str]:
    out = []
    for span in spans:
        for tok in span:
            k = res.at(tok)
            if k and k not in out:
                out.append(k)
    return out
