"""newskg's registered spaCy components.

Each declares what it assigns; they only add structure to the Doc (sentence starts, entity spans);
facts are read off the Doc later by extract/.
"""
from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newskg.ingest.text import DATELINE

DATE_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec""".split())


@Language.component("newskg_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence, and so does a dateline: headlines, datelines and paragraphs
    never run together into one parse."""
    para_start = True
    for tok in doc:
        if para_start and not tok.is_space:
            if tok.i:
                tok.is_sent_start = True
            m = DATELINE.match(doc.text, tok.idx)
            if m:
                nxt = next((t for t in doc[tok.i:] if t.idx >= m.end() and not t.is_space), None)
                if nxt is not None and nxt.i > tok.i:
                    nxt.is_sent_start = True
                    for t in doc[tok.i + 1:nxt.i]:
                        t.is_sent_start = False
            para_start = False
        if "\n" in tok.text or "\n" in tok.whitespace_:
            para_start = True
        elif tok.i + 1 < len(doc) and _abbreviation(tok, doc[tok.i + 1]):
            doc[tok.i + 1].is_sent_start = False
    return doc


_SUFFIXES = frozenset({"run", "made", "held", "born", "style", "era", "wide", "linked", "friendly", "free"})


def _modifier_suffix(word: str) -> bool:
    """The lower-case tail of "U.S.-run", "Iran-backed", "Kremlin-friendly" (not of "Kyung-wha")."""
    return word.islower() and (word in _SUFFIXES or (word.endswith("ed") and len(word) > 4))


def _initial(tok) -> bool:
    return len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "."


def _abbreviation(tok, nxt) -> bool:
    """"Lloyd J. Austin", "pulled the U.S. out": an initial or a dotted abbreviation does not end a
    sentence when a name or a lower-case word follows."""
    text = tok.text
    if not text.endswith(".") or nxt.is_space or nxt.is_punct:
        return False
    initial = _initial(tok)
    dotted = "." in text[:-1] and text.replace(".", "").isalpha()
    return (initial and nxt.is_title) or (dotted and nxt.is_lower)


@Language.factory("newskg_roles", assigns=["doc.spans"], default_config={"spans_key": "newskg_roles"})
def make_roles(nlp: Language, name: str, spans_key: str) -> "RoleMarker":
    return RoleMarker(nlp, spans_key)


class RoleMarker:
    """Marks titles of posts ("Foreign Minister", "secretary-general") from the role lexicon,
    as spans labelled with the role id; entity spans inside a title ("of State") are dropped."""

    def __init__(self, nlp: Language, spans_key: str) -> None:
        from newskg.lexicon import roles

        self.key = spans_key
        self.roles = roles()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for words, role in self.roles.items():
            self.matcher.add(role.id, [Doc(nlp.vocab, words=list(words))])

    def __call__(self, doc: Doc) -> Doc:
        spans = filter_spans(Span(doc, s, e, label=mid) for mid, s, e in self.matcher(doc))
        doc.spans[self.key] = spans
        if spans:
            inside = {i for sp in spans for i in range(sp.start, sp.end)}
            doc.ents = [e for e in doc.ents if not all(i in inside for i in range(e.start, e.end))]
        return doc


@Language.component("newskg_entity_repair", assigns=["doc.ents"])
def entity_repair(doc: Doc) -> Doc:
    """Mend the entity spans a small model and a gazetteer leave broken.

    - "Ukraine Defense Contact Group", "Chinese Foreign Ministry": a country or demonym glued to
      capitalised words ending in an organisation head is one ORG.
    - Entities never cross a line break and never start with "the".
    """
    ents = list(doc.ents)
    out: list[Span] = []
    for ent in ents:
        start, end, label = ent.start, ent.end, ent.label_
        while start < end and (doc[start].lower_ == "the" or doc[start].is_space or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_space or doc[end - 1].text in {"’s", "'s", "'", "’", "-", "–"}):
            end -= 1
        for i in range(start, end):
            if "\n" in doc[i].text:
                end = i
                break
        if label == "PERSON" and start > 0 and _initial(doc[start]) and doc[start - 1].is_title \
                and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].is_sent_start:
            start -= 1          # "Lloyd J. Austin III": a name never starts with its middle initial
        for k in range(start + 1, end - 1):
            if doc[k].text == "-" and not doc[k - 1].whitespace_ and _modifier_suffix(doc[k + 1].text):
                end = k           # "U.S.-run", "Russian-backed": the name ends before the hyphen
                break
        if label in {"DATE", "TIME"}:
            while start < end and doc[start].pos_ == "PROPN" and doc[start].lower_ not in DATE_WORDS:
                start += 1      # "Kyiv Tuesday" is a place, then a day
        if end <= start:
            continue
        if label in {"GPE", "NORP"}:
            j = end
            while j < len(doc) and doc[j].is_title and not doc[j].is_sent_start and j - end < 5:
                j += 1
                if doc[j - 1].text in _org_heads():   # "Ukraine Defense Contact Group"
                    end, label = j, "ORG"
        out.append(Span(doc, start, end, label=label,
                        span_id=ent.id_ if (label, start, end) == (ent.label_, ent.start, ent.end) else ""))
    doc.ents = _head_nouns(doc, _named_orgs(doc, _named_people(doc, filter_spans(out))))
    return doc


# lower-case nouns that make a name before them something else: "the Trump administration" is an
# organisation, "Hwanghae province" a place
ORG_TAILS = frozenset({"administration", "government", "family", "campaign", "regime", "cabinet", "camp"})
PLACE_TAILS = frozenset({"province", "region", "county", "district", "prefecture", "oblast", "governorate",
                         "state", "city", "town", "village", "island", "islands", "peninsula", "valley", "river"})


def _head_nouns(doc: Doc, ents: list[Span]) -> list[Span]:
    out = []
    for e in ents:
        nxt = doc[e.end] if e.end < len(doc) else None
        if nxt is not None and nxt.is_lower and e.label_ in ("PERSON", "ORG", "NORP", "GPE") and not e.id_:
            if nxt.lower_ in ORG_TAILS and e.label_ != "GPE":
                e = Span(doc, e.start, e.end + 1, label="ORG")
            elif nxt.lower_ in PLACE_TAILS and e.label_ in ("PERSON", "ORG"):
                e = Span(doc, e.start, e.end, label="GPE")
        out.append(e)
    return filter_spans(out)


_PARTICLES = frozenset({"al", "el", "bin", "ibn", "van", "von", "de", "da", "di", "du", "der", "la", "le", "abu", "ben"})


def _named_people(doc: Doc, ents: list[Span]) -> list[Span]:
    """A known given name followed by capitalised words is a person, whatever the model made of
    it ("Dmitry Kuleba" tagged as a nationality, "Asadullah Khalid" swallowed by an organisation)."""
    given = first_names()
    if not given:
        return ents
    owner = {i: e for e in ents for i in range(e.start, e.end)}
    found = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        e = owner.get(i)
        if tok.text not in given or (e is not None and (e.id_ or e.label_ == "PERSON")):
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= 4 and "\n" not in doc[j - 1].whitespace_ and (
                (doc[j].is_title and doc[j].pos_ == "PROPN") or _initial(doc[j]) or
                (doc[j].lower_ in _PARTICLES and j + 1 < n and doc[j + 1].is_title) or
                (doc[j].text == "-" and not doc[j - 1].whitespace_ and j + 1 < n and doc[j + 1].is_alpha)):
            if owner.get(j) is not None and owner[j].id_:
                break
            j += 1
        while j > i + 1 and (doc[j - 1].text == "-" or doc[j - 1].lower_ in _PARTICLES):
            j -= 1
        if j > i + 1:
            found.append(Span(doc, i, j, label="PERSON"))
        i = j
    if not found:
        return ents
    taken = {k for f in found for k in range(f.start, f.end)}
    # an entity that only partly overlaps a found name keeps its own tokens outside it
    kept = []
    for e in ents:
        if not any(k in taken for k in range(e.start, e.end)):
            kept.append(e)
        elif e.start < min(f.start for f in found if f.start < e.end and e.start < f.end):
            f0 = min(f.start for f in found if f.start < e.end and e.start < f.end)
            kept.append(Span(doc, e.start, f0, label=e.label_))
    return filter_spans(kept + found)


@cache
def first_names() -> frozenset[str]:
    """Common given names (data/first_names.txt), for names the model misses."""
    from newskg import resources
    try:
        return frozenset(resources.lines("first_names.txt"))
    except FileNotFoundError:
        return frozenset()


@cache
def _title_words() -> frozenset[str]:
    """Single words of titles ("chief", "president"): a title is not part of an organisation's name."""
    from newskg.lexicon import roles
    return frozenset(w[0] for w in roles() if len(w) == 1) | {"the", "a", "an"}


@cache
def _org_heads() -> frozenset[str]:
    from newskg import resources
    return frozenset(resources.lines("org_heads.txt"))


_LINKS = frozenset({"of", "for", "and", "on", "the", "&"})


def _named_orgs(doc: Doc, ents: list[Span]) -> list[Span]:
    """Capitalised names ending in an organisation noun that the model missed or cut short
    ("The Northern Grid Authority (NGA)", "Ministry of Foreign Affairs"). Entities the gazetteer
    placed, and people, are kept as they are."""
    heads = _org_heads()
    given = first_names()
    titles = _title_words()
    fixed = {i for e in ents if e.id_ or e.label_ == "PERSON" for i in range(e.start, e.end)}
    found = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if not (tok.is_title or tok.is_upper) or tok.lower_ in titles or i in fixed:
            i += 1
            continue
        j = i
        last_head = None
        while j < n and j not in fixed and not ("\n" in doc[j].text) and not (j > i and doc[j].text in given) and (
                doc[j].is_title or doc[j].is_upper and len(doc[j]) > 1 or
                (doc[j].lower_ in _LINKS and j + 1 < n and doc[j + 1].is_title and j > i)):
            if doc[j].text in heads:
                last_head = j
            j += 1
        if last_head is not None and last_head > i or (last_head == i and j > i + 2 and doc[i + 1].lower_ == "of"):
            end = j if (last_head == i or doc[last_head + 1: j].text.startswith("of")) else last_head + 1
            while end > i and doc[end - 1].lower_ in _LINKS:
                end -= 1
            if end - i >= 2:
                found.append(Span(doc, i, end, label="ORG"))
        i = max(j, i + 1)
    if not found:
        return ents
    keep = [e for e in ents if e.id_ or e.label_ == "PERSON" or not any(f.start <= e.start and e.end <= f.end for f in found)]
    return filter_spans(keep + [f for f in found if not any(k.start < f.end and f.start < k.end for k in keep)])


@Language.factory("newskg_places", assigns=["doc.ents"], default_config={})
def make_places(nlp: Language, name: str) -> "PlaceMarker":
    return PlaceMarker(nlp)


class PlaceMarker:
    """Capitals, government seats and places from the gazetteer, matched after the model's NER:
    a match fills a gap or replaces shorter entities it covers ("Crimean" → "Crimean peninsula"),
    but never cuts into a longer one ("Lloyd J. Austin III" keeps "Austin")."""

    def __init__(self, nlp: Language) -> None:
        from newskg.nlp.pipeline import gazetteer_patterns

        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for p in gazetteer_patterns()[1]:
            key = f"{p['label']}|{p['id']}"
            self.matcher.add(key, [nlp.make_doc(p["pattern"])])

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        owner = {i: e for e in ents for i in range(e.start, e.end)}
        new = []
        for match_id, start, end in self.matcher(doc):
            label, ent_id = doc.vocab.strings[match_id].split("|", 1)
            covered = {owner[i] for i in range(start, end) if i in owner}
            if all(e.start >= start and e.end <= end and (e.end - e.start) < (end - start) or
                   (e.start, e.end) == (start, end) and not e.id_ for e in covered):
                new.append((Span(doc, start, end, label=label, span_id=ent_id), covered))
        if new:
            drop = {e for _, covered in new for e in covered}
            doc.ents = filter_spans([e for e in ents if e not in drop] + [s for s, _ in new])
        return doc
