"""Extraction → the RDF triples of one article's named graph.

The article is both a schema:NewsArticle and the nif:Context holding its text, so every piece of
evidence reaches its article in one step (nif:referenceContext). Entities keep global IRIs (one
node across articles); their label, type and Wikidata link are repeated in each article graph
that mentions them, which keeps every article graph self-contained for validation and deletion.
"""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, ORG

from newskg.gazetteer import gazetteer, slug
from newskg.lexicon import roles_by_id
from newskg.model import EntityType, Evidence, Extraction
from newskg.rdf import mint
from newskg.rdf.namespace import ITSRDF, NIF, NKG, SDO, WD, PREFIXES

TYPES = {EntityType.PERSON: (SDO.Person,), EntityType.ORGANIZATION: (SDO.Organization,),
         EntityType.COUNTRY: (SDO.Country, NKG.Country), EntityType.PLACE: (SDO.Place,)}


def bind(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def to_graph(x: Extraction, *, pipeline: str = "") -> Graph:
    g = bind(Graph())
    a = x.article
    art = mint.article(a.key)
    text = a.text
    add = g.add
    add((art, RDF.type, SDO.NewsArticle))
    add((art, RDF.type, NIF.Context))
    add((art, NIF.isString, Literal(text)))
    add((art, NIF.beginIndex, Literal(0, datatype=XSD.integer)))
    add((art, NIF.endIndex, Literal(len(text), datatype=XSD.integer)))
    add((art, NKG.sourceFile, Literal(a.source)))
    if a.title:
        add((art, SDO.headline, Literal(a.title)))
    if a.published:
        add((art, SDO.datePublished, Literal(a.published.isoformat(), datatype=XSD.date)))
    if a.url:
        add((art, SDO.url, Literal(a.url, datatype=XSD.anyURI)))
    if pipeline:
        add((art, NKG.pipeline, Literal(pipeline)))

    def string(span: Evidence, cls: URIRef) -> URIRef:
        node = mint.span(a.key, span.start, span.end)
        add((node, RDF.type, cls))
        add((node, NIF.referenceContext, art))
        add((node, NIF.beginIndex, Literal(span.start, datatype=XSD.integer)))
        add((node, NIF.endIndex, Literal(span.end, datatype=XSD.integer)))
        add((node, NIF.anchorOf, Literal(text[span.start:span.end])))
        return node

    gaz = gazetteer()
    for e in x.entities:
        node = mint.entity(e.key)
        for cls in TYPES[e.type]:
            add((node, RDF.type, cls))
        add((node, RDFS.label, Literal(e.name)))
        for alias in sorted(e.aliases):
            add((node, SKOS.altLabel, Literal(alias)))
        if e.wikidata:
            add((node, OWL.sameAs, WD[e.wikidata]))
        known = gaz.by_key.get(e.key)
        country = known.country if known else None
        if country and country != e.key:
            add((node, SDO.containedInPlace if e.type is EntityType.PLACE else SDO.location, mint.entity(country)))
        add((art, SDO.mentions, node))
    for m in x.mentions:
        node = string(m.span, NKG.Mention)
        add((node, ITSRDF.taIdentRef, mint.entity(m.entity)))
    if a.dateline_place:
        s = gaz.lookup(a.dateline_place)
        key = s.known.key if s is not None and s.how == "name" else f"place/{slug(a.dateline_place)}"
        if s is not None and s.how == "capital":
            key = f"place/{slug(a.dateline_place)}"
        if any(e.key == key for e in x.entities):
            add((art, SDO.locationCreated, mint.entity(key)))
    if a.agency:
        s = gaz.lookup(a.agency)
        if s is not None and s.known.type is EntityType.ORGANIZATION and any(e.key == s.known.key for e in x.entities):
            add((art, SDO.publisher, mint.entity(s.known.key)))

    by_id = roles_by_id()
    for p in x.posts:
        node = mint.post(p.holder, p.role, p.org)
        role = mint.role(p.role)
        add((node, RDF.type, ORG.Post))
        add((node, ORG.heldBy, mint.entity(p.holder)))
        add((node, ORG.role, role))
        if p.org:
            add((node, ORG.postIn, mint.entity(p.org)))
        add((node, RDFS.label, Literal(p.role_label)))
        add((node, NKG.confidence, Literal(p.confidence, datatype=XSD.double)))
        add((node, NKG.evidence, string(p.span, NIF.Phrase)))
        add((node, NKG.evidenceSentence, string(p.sentence, NIF.Sentence)))
        add((role, RDF.type, NKG.Role))
        add((role, SKOS.prefLabel, Literal(p.role_label, lang="en")))
        add((role, SKOS.inScheme, NKG.Roles))
        broader = by_id.get(p.role).broader if p.role in by_id else None
        if broader:
            add((role, SKOS.broader, mint.role(broader)))

    for q in x.quotes:
        node = mint.quote(a.key, q.span.start, q.span.end)
        add((node, RDF.type, SDO.Quotation))
        add((node, SDO.text, Literal(q.text)))
        add((node, SDO.isPartOf, art))
        if q.speaker:
            add((node, SDO.spokenByCharacter, mint.entity(q.speaker)))
        else:
            add((node, NKG.speakerUnknown, Literal(True)))
        add((node, NKG.confidence, Literal(q.confidence, datatype=XSD.double)))
        add((node, NKG.evidence, string(q.span, NIF.Phrase)))
        add((node, NKG.evidenceSentence, string(q.sentence, NIF.Sentence)))
        if q.date:
            add((node, NKG.date, Literal(q.date.isoformat(), datatype=XSD.date)))

    for r in x.relations:
        node = mint.relation(a.key, r.type.value, r.agent, r.target, r.negated, r.trigger.start)
        add((node, RDF.type, NKG.RelationAssertion))
        add((node, NKG.relationType, NKG[r.type.value]))
        add((node, NKG.agent, mint.entity(r.agent)))
        add((node, NKG.target, mint.entity(r.target)))
        add((node, NKG.negated, Literal(r.negated)))
        add((node, NKG.hypothetical, Literal(r.hypothetical)))
        add((node, NKG.confidence, Literal(r.confidence, datatype=XSD.double)))
        add((node, NKG.trigger, string(r.trigger, NIF.Phrase)))
        add((node, NKG.evidenceSentence, string(r.sentence, NIF.Sentence)))
        add((node, PROV.wasDerivedFrom, art))
        if r.date:
            add((node, NKG.date, Literal(r.date.isoformat(), datatype=XSD.date)))
    return g
