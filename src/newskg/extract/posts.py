"""Posts: who holds which title where.

Constructions: a title before the name ("NATO Secretary General Jens Stoltenberg", "his
spokesperson Ned Price"), after it as an apposition ("Jens Stoltenberg, NATO's secretary
general,"), and before it with an apposition ("the foreign minister of Ukraine, Dmytro Kuleba").
The organisation is the possessor, demonym or name next to the title, or its "of"/"for"
phrase; failing those, the state that was the subject of the sentences just before.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from newskg.extract.quotes import sentence_span
from newskg.gazetteer import gazetteer
from newskg.lexicon import PREFIXES, Role, compose, role_countries, roles_by_id
from newskg.model import EntityType, Evidence, Post
from newskg.resolve import people
from newskg.resolve.coref import Coref

ORG_TYPES = frozenset({EntityType.ORGANIZATION, EntityType.COUNTRY})
# a title this vague names a post only when it stands right before a name
VAGUE = frozenset({"official", "head", "chief", "leader", "member", "representative"})


def role_spans(doc: Doc) -> list[tuple[Span, Role]]:
    """Titles with a "Deputy"/"Vice" written before them folded in."""
    by_id = roles_by_id()
    covered = _covered(doc)
    out = []
    for span in doc.spans.get("newskg_roles", ()):
        role = by_id[span.label_]
        if span.start > 0 and doc[span.start - 1].lower_ in PREFIXES and span.start - 1 not in covered:
            role = compose(doc[span.start - 1].lower_, role)
            span = doc[span.start - 1:span.end]
        out.append((span, role))
    return out


def _covered(doc: Doc) -> set[int]:
    return {i for sp in doc.spans.get("newskg_roles", ()) for i in range(sp.start, sp.end)}


def extract_posts(doc: Doc, coref: Coref, published: date | None = None) -> Iterator[Post]:
    """Posts in text order. "His spokesperson" is placed in the state or body its principal serves;
    a title written without its organisation takes it from the same title elsewhere in the article,
    from a title that names one state's office ("Secretary of State"), or, for ministers, from the
    state the sentences before were about."""
    found = list(_posts(doc, coref))
    served = {p.holder: p.org for p in found if p.org and coref.res.type_of(p.org) is not EntityType.PERSON}
    same = {(p.holder, p.role): p.org for p in found if p.org}
    seen = set()
    for p in found:
        if p.org and coref.res.type_of(p.org) is EntityType.PERSON:
            p = replace(p, org=served.get(p.org, p.org))
        if p.org is None:
            org = same.get((p.holder, p.role)) or _office_state(doc, p, coref) or _known_office(p, coref, published)
            if org is None and "minister" in p.role:
                org = _context_state(doc.char_span(p.span.start, p.span.end, alignment_mode="expand"), coref)
            p = replace(p, org=org, confidence=min(p.confidence, 0.6))
        key = (p.holder, p.role, p.org)
        if key not in seen:
            seen.add(key)
            yield p


def _known_office(post: Post, coref: Coref, published: date | None) -> str | None:
    """Where a known office-holder held this title (data/people.jsonl), at the publication date if known."""
    person = people.lookup(post.holder)
    org = person.held(post.role_label, published) if person else None
    if org is None:
        return None
    if org.key not in coref.res.nodes:
        coref.res.add_known(org)
    return org.key


def _office_state(doc: Doc, post: Post, coref: Coref) -> str | None:
    code = role_countries().get(doc.text[post.span.start:post.span.end].lower())
    known = gazetteer().iso2.get(code) if code else None
    if known is None:
        return None
    if known.key not in coref.res.nodes:
        coref.res.add_known(known)
    return known.key


def _posts(doc: Doc, coref: Coref) -> Iterator[Post]:
    res = coref.res
    for span, role in role_spans(doc):
        if coref.in_quote(span.start_char):
            continue
        holder, org, conf = _prenominal(span, doc, coref)
        if holder is None:
            holder, org, conf = _apposition_after(span, doc, coref)
        if holder is None:
            holder, org, conf = _apposition_before(span, doc, coref)
        if holder is None or res.type_of(holder) is not EntityType.PERSON:
            continue
        if role.id in VAGUE and conf < 0.85:
            continue
        if org == holder:
            org = None
        yield Post(holder=holder, role=role.id, role_label=role.label, org=org,
                   span=Evidence(span.start_char, span.end_char), sentence=sentence_span(doc, span.start_char, span.end_char),
                   confidence=conf)


def _person_at(tok: Token | None, coref: Coref) -> str | None:
    if tok is None:
        return None
    k = coref.res.at(tok)
    return k if k and coref.res.type_of(k) is EntityType.PERSON else None


def _org_left(span: Span, doc: Doc, coref: Coref) -> str | None:
    """The organisation or state written just before a title: "NATO", "Ukrainian", "Ukraine's", "his"."""
    i = span.start - 1
    while i >= 0 and doc[i].text in ("’s", "'s", "’", "'"):
        i -= 1
    if i < 0:
        return None
    tok = doc[i]
    if tok.lower_ in ("his", "her", "their", "its"):
        return coref.pronoun(tok)
    if tok.text == "," and i > 0 and doc[i - 1].lower_ in ("counterpart", "counterparts"):
        # "his Ukrainian counterpart, Defense Minister Oleksii Reznikov"
        for c in doc[i - 1].children:
            k = coref.res.at(c) if c.dep_ in ("amod", "compound", "poss") else None
            if k and coref.res.type_of(k) in ORG_TYPES:
                return k
        return None
    k = coref.res.at(tok)
    if k and coref.res.type_of(k) in ORG_TYPES | {EntityType.PERSON}:
        return k
    return None


def _org_right(span: Span, doc: Doc, coref: Coref) -> tuple[str | None, int]:
    """"… of Ukraine", "… for the State Department": the organisation after a title, and where it ends."""
    i = span.end
    if i < len(doc) and doc[i].lower_ in ("of", "for", "at", "to"):
        j = i + 1
        while j < len(doc) and doc[j].lower_ in ("the",):
            j += 1
        if j < len(doc):
            k = coref.res.at(doc[j])
            if k and coref.res.type_of(k) in ORG_TYPES:
                while j < len(doc) and coref.res.at(doc[j]) == k:
                    j += 1
                return k, j
    return None, span.end


def _prenominal(span: Span, doc: Doc, coref: Coref):
    org_right, after = _org_right(span, doc, coref)
    nxt = doc[after] if after < len(doc) else None
    holder = _person_at(nxt, coref)
    if holder is None:
        return None, None, 0.0
    return holder, _org_left(span, doc, coref) or org_right, 0.9


def _apposition_after(span: Span, doc: Doc, coref: Coref):
    """"Jens Stoltenberg, NATO's secretary general," / "Ned Price, a spokesman for the State Department"."""
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ in ("the", "a", "an", "’s", "'s", "then", "former", "current", "his", "her")
                      or (coref.res.at(doc[i]) and coref.res.type_of(coref.res.at(doc[i])) in ORG_TYPES)):
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None, None, 0.0
    holder = _person_at(doc[i - 1], coref)
    if holder is None:
        return None, None, 0.0
    org = _org_left(span, doc, coref)
    if org == holder:
        org = None
    return holder, org or _org_right(span, doc, coref)[0], 0.85


def _apposition_before(span: Span, doc: Doc, coref: Coref):
    """"the foreign minister of Ukraine, Dmytro Kuleba"."""
    org_right, after = _org_right(span, doc, coref)
    if after + 1 < len(doc) and doc[after].text == ",":
        holder = _person_at(doc[after + 1], coref)
        if holder:
            return holder, _org_left(span, doc, coref) or org_right, 0.8
    return None, None, 0.0


def _context_state(span: Span, coref: Coref) -> str | None:
    """The state or body that was the subject of one of the two sentences before."""
    return coref.last_subject(span[0], set(ORG_TYPES), nearest_only=False)
