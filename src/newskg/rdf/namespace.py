"""The closed vocabulary of ontology/newskg.ttl: a misspelt term raises instead of minting a new IRI."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/newskg/"
ID = Namespace(BASE + "id/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SDO = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")


class NKG(DefinedNamespace):
    _NS = Namespace(BASE + "ns#")
    _fail = True

    Country: URIRef
    Mention: URIRef
    RelationAssertion: URIRef
    RelationType: URIRef
    RelationTypes: URIRef
    Role: URIRef
    Roles: URIRef
    sourceFile: URIRef
    evidence: URIRef
    evidenceSentence: URIRef
    trigger: URIRef
    confidence: URIRef
    relationType: URIRef
    agent: URIRef
    target: URIRef
    negated: URIRef
    hypothetical: URIRef
    date: URIRef
    speakerUnknown: URIRef
    cameoCode: URIRef
    goldstein: URIRef
    pipeline: URIRef
    contentDigest: URIRef
    Meet: URIRef
    CallOn: URIRef
    Criticize: URIRef
    Accuse: URIRef
    Warn: URIRef
    Threaten: URIRef
    Support: URIRef
    MilitaryBuildup: URIRef
    Annex: URIRef
    Control: URIRef
    Attack: URIRef
    MemberOf: URIRef
    PartnerOf: URIRef


PREFIXES = {"nkg": NKG._NS, "nif": NIF, "itsrdf": ITSRDF, "schema": SDO, "wd": WD,
            "org": Namespace("http://www.w3.org/ns/org#"), "prov": Namespace("http://www.w3.org/ns/prov#"),
            "skos": Namespace("http://www.w3.org/2004/02/skos/core#"), "owl": Namespace("http://www.w3.org/2002/07/owl#"),
            "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"), "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
            "id": ID}
