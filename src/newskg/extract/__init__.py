"""Doc → facts: entities (through resolve/), posts, quotes, relations, in that order, since a
quote's speaker may be named only by a post ("the minister") and a relation's actor by either."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from newskg.extract.dates import sentence_date
from newskg.extract.posts import extract_posts
from newskg.extract.quotemarks import find_quotes
from newskg.extract.quotes import extract_quotes
from newskg.extract.relations import extract_relations
from newskg.model import Article, EntityType, Evidence, Extraction
from newskg.resolve.coref import Coref
from newskg.resolve.entities import resolve


def extract(doc: Doc, article: Article) -> Extraction:
    res = resolve(doc, article)
    quote_spans = find_quotes(doc.text)
    coref = Coref(res, [(q.start, q.end) for q in quote_spans])
    posts = tuple(extract_posts(doc, coref, article.published))
    coref.set_posts(posts)
    quotes = tuple(extract_quotes(doc, res, coref, quote_spans))
    coref.set_speakers(quotes)
    relations = tuple(extract_relations(doc, coref))
    entities = res.entities()
    actors = {e.key for e in entities if e.type is not EntityType.PLACE}
    persons = {e.key for e in entities if e.type is EntityType.PERSON}
    # the shapes' contract: speakers and post-holders are actors, whatever a parse suggested
    quotes = tuple(q if q.speaker is None or q.speaker in actors else replace(q, speaker=None, confidence=0.0)
                   for q in quotes)
    posts = tuple(replace(p, org=p.org if p.org in actors else None) for p in posts if p.holder in persons)
    if article.published:
        quotes = tuple(replace(q, date=_date(doc, q.sentence, article)) for q in quotes)
        relations = tuple(replace(r, date=_date(doc, r.sentence, article)) for r in relations)
    return Extraction(article=article, entities=entities, mentions=tuple(res.mentions),
                      posts=posts, quotes=quotes, relations=relations)


def _date(doc: Doc, sentence: Evidence, article: Article):
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    return sentence_date(span, article.published) if span is not None else None
