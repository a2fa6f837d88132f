"""Quotations and their speakers.

A speaker is found, in this order: the subject of the nearest reporting verb outside the quote
("…,” Ryabkov said"; "he added"), the source of "according to", the subject of the clause that
embeds a quoted fragment ("Stoltenberg condemned … as “unjustified”"), and for a quote standing
alone as a paragraph, the speaker of the quote before it. Plural speakers ("the foreign ministers
of Canada, France… said in a joint statement") are credited to the body they met as.
"""
from __future__ import annotations

from collections.abc import Iterator
from bisect import bisect_right
from functools import cache

from spacy.tokens import Doc, Token

from newskg import resources
from newskg.extract import syntax
from newskg.extract.quotemarks import QuoteSpan
from newskg.model import EntityType, Evidence, Quote
from newskg.resolve.coref import Coref
from newskg.resolve.entities import Resolution



@cache
def reporting_lemmas() -> frozenset[str]:
    return frozenset(resources.lines("reporting_verbs.txt"))


def sentence_span(doc: Doc, start: int, end: int) -> Evidence:
    """The sentences covering [start, end), trimmed of surrounding whitespace."""
    bounds = _sentence_bounds(doc)
    i = max(bisect_right(bounds, (start, float("inf"))) - 1, 0)
    j = max(bisect_right(bounds, (max(start, end - 1), float("inf"))) - 1, 0)
    s, e = bounds[i][0], bounds[j][1]
    text = doc.text
    while e > s and text[e - 1].isspace():
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return Evidence(s, e)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of the sentences, computed once per Doc (Token.sent walks the Doc each time)."""
    cached = doc.user_data.get("newskg_sentences")
    if cached is None:
        cached = doc.user_data["newskg_sentences"] = [(s.start_char, s.end_char) for s in doc.sents] or [(0, len(doc.text))]
    return cached


def extract_quotes(doc: Doc, res: Resolution, coref: Coref, spans: list[QuoteSpan]) -> Iterator[Quote]:
    quoted = [(q.start, q.end) for q in spans]

    def outside(tok: Token) -> bool:
        return not any(a - 1 <= tok.idx <= b for a, b in quoted)

    # who reported speech where, quoted or not ("He says China's deployment…"): a quote paragraph
    # that follows with no attribution of its own continues the last of them
    lemmas = reporting_lemmas()
    reporters: list[tuple[int, str]] = []
    for t in doc:
        if t.lemma_.lower() in lemmas and t.pos_ == "VERB" and outside(t):
            subj = syntax.subject(t)
            key = speaker_of(subj, res, coref) if subj is not None and outside(subj) else None
            if key:
                reporters.append((t.idx, key))
    for q in spans:
        sent = sentence_span(doc, q.start, q.end)
        region = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        tokens = [t for t in region if outside(t) and not t.is_space] if region is not None else []
        speaker, confidence = _attribute(q, tokens, doc, res, coref)
        if speaker is None and _stands_alone(tokens):
            earlier = [(i, k) for i, k in reporters if i < q.start and q.start - i < 1200]
            if earlier:
                speaker, confidence = earlier[-1][1], 0.6
        if speaker is not None:
            reporters.append((q.start, speaker))
            reporters.sort()
        yield Quote(text=doc.text[q.start:q.end], span=Evidence(q.start, q.end), sentence=sent,
                    speaker=speaker, confidence=confidence)


def _stands_alone(tokens: list[Token]) -> bool:
    return not any(t.is_alpha for t in tokens)


def _attribute(q: QuoteSpan, tokens: list[Token], doc: Doc, res: Resolution, coref: Coref) -> tuple[str | None, float]:
    lemmas = reporting_lemmas()

    def reporting(t: Token) -> bool:
        """A verb of saying, not "called on", "continue to", "pledged to"."""
        return (t.lemma_.lower() in lemmas and t.pos_ in ("VERB", "AUX") and not q.start <= t.idx < q.end
                and not any(c.dep_ == "xcomp" or (t.lemma_ == "call" and c.dep_ == "prep" and c.i > t.i
                                                          and c.lower_ in ("on", "upon", "for"))
                            for c in t.children))

    def from_verb(verb: Token) -> str | None:
        if verb.lemma_ == "say" and verb.head.lower_ == "as" and verb.head.head.lemma_ in ("quote", "cite"):
            # "the agency quoted him as saying, “…”": the one quoted speaks
            obj = next((c for c in verb.head.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return speaker_of(obj, res, coref)
        subj = syntax.subject(verb)
        return speaker_of(subj, res, coref) if subj is not None and not q.start <= subj.idx < q.end else None

    inner = doc.char_span(q.start, q.end, alignment_mode="expand")
    outer = next((t for t in inner if not q.start - 1 <= t.head.idx <= q.end), None) if inner is not None else None
    # 1. the reporting verb the quote hangs from ("Kuleba said Ukraine would “…”", "“…,” he said")
    t = outer.head if outer is not None else None
    for _ in range(8):
        if t is None:
            break
        if reporting(t):
            key = from_verb(t)
            if key:
                return key, 0.9
        if t.head is t:
            break
        t = t.head
    # 2. the nearest reporting verb of the sentence
    verbs = sorted((t for t in tokens if reporting(t)), key=lambda t: min(abs(t.idx - q.start), abs(t.idx - q.end)))
    for verb in verbs:
        key = from_verb(verb)
        if key:
            return key, 0.8
    # 3. "according to X"
    for tok in tokens:
        if tok.lower_ == "according":
            for obj in syntax.preps(tok, "to"):
                key = _first_entity(obj.subtree, res, prefer=EntityType.PERSON) or speaker_of(obj, res, coref)
                if key:
                    return key, 0.85
    # 4. "Kerry: ‘Productive’ talks" — a name and a colon before the quote
    before = [t for t in tokens if t.idx < q.start]
    colon = next((i for i, t in enumerate(before) if t.text == ":"), None)
    if colon is not None and colon > 0:
        key = _first_entity(before[:colon], res, prefer=EntityType.PERSON)
        if key:
            return key, 0.75
    # 5. a quoted fragment inside a clause: the clause's subject speaks ("X condemned … as “…”")
    if outer is not None and tokens:
        subj = syntax.clause_subject(outer)
        if subj is not None and not q.start <= subj.idx < q.end:
            key = speaker_of(subj, res, coref)
            if key:
                return key, 0.7
    return None, 0.0


def speaker_of(tok: Token, res: Resolution, coref: Coref) -> str | None:
    """The entity a subject stands for; a plural group is credited to the body it speaks as."""
    key = coref.refer(tok, groups=True)
    if key and res.type_of(key) is not EntityType.PLACE:
        return key
    return _first_entity(tok.subtree, res, prefer=EntityType.PERSON)


def _first_entity(tokens, res: Resolution, *, prefer: EntityType) -> str | None:
    found = [k for t in tokens if (k := res.at(t)) and res.type_of(k) is not EntityType.PLACE]
    for k in found:
        if res.type_of(k) is prefer:
            return k
    return found[0] if found else None
