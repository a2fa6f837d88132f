"""Relations of the closed set from dependency patterns over the cue lexicon (data/relation_cues.jsonl).

A cue word names the relation type and its frame; the frame says where agent and target sit in
the parse: subject and object of a verb (or the by-phrase in the passive), the possessor and a
preposition of a noun ("Russia's annexation of Crimea"), the troops and destination of a
build-up, the copula of membership. Negation and conditionals are read off the cue's clause.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from newskg import resources
from newskg.extract import syntax
from newskg.model import EntityType, Evidence, Relation, RelationType
from newskg.resolve.coref import Coref

ACTORS = frozenset({EntityType.PERSON, EntityType.ORGANIZATION, EntityType.COUNTRY})
PLACES = frozenset({EntityType.PLACE, EntityType.COUNTRY})
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
# heads of "the presidents of Serbia and Kosovo", "leaders of China and Japan": the states are meant
GROUPISH = frozenset({"president", "presidents", "leader", "leaders", "government", "governments", "minister",
                      "ministers", "officials", "delegations", "representatives", "heads", "head"})


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    pos: str
    type: RelationType
    frame: str
    preps: tuple[str, ...]
    object: str = "entity"
    needs: tuple[str, ...] = ()
    agent: str = "governor"
    deep_preps: tuple[str, ...] = ()
    place_preps: tuple[str, ...] = ()


@cache
def cues() -> dict[tuple[str, str], Cue]:
    out = {}
    for row in resources.jsonl("relation_cues.jsonl"):
        cue = Cue(row["lemma"], row["pos"], RelationType(row["type"]), row["frame"], tuple(row.get("preps", ())),
                  row.get("object", "entity"), tuple(row.get("needs", ())), row.get("agent", "governor"),
                  tuple(row.get("deep_preps", ())), tuple(row.get("place_preps", ())))
        out[(cue.lemma, cue.pos)] = cue
    return out


@cache
def forces() -> frozenset[str]:
    return frozenset(resources.lines("forces.txt"))


def _cue_of(tok: Token) -> tuple[Cue, Token] | None:
    """The cue a word starts, and the token its arguments hang from ("up" in "build-up")."""
    pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    doc = tok.doc
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not doc[tok.i + 1].whitespace_:
        hyphened = cues().get((f"{tok.lower_}-{doc[tok.i + 2].lower_}", "NOUN"))
        if hyphened:
            return hyphened, doc[tok.i + 2]
    if tok.i and doc[tok.i - 1].text == "-" and not doc[tok.i - 2].whitespace_:
        return None   # the tail of a hyphenated word
    cue = cues().get((tok.lemma_.lower(), pos)) or cues().get((tok.lower_, pos))
    return (cue, tok) if cue else None


class _Args:
    """Token → entity keys, through coreference and modifiers ("Russian troops" → Russia)."""

    def __init__(self, coref: Coref) -> None:
        self.coref = coref
        self.res = coref.res

    def of(self, tok: Token | None, types=ACTORS, *, modifiers: bool = True, deep: bool = False) -> list[str]:
        if tok is None:
            return []
        out: list[str] = []
        for t in syntax.conjuncts(tok):
            keys = self._one(t, types, modifiers=modifiers, deep=deep)
            out.extend(k for k in keys if k not in out)
        return out

    def _one(self, t: Token, types, *, modifiers: bool, deep: bool) -> list[str]:
        key = self.coref.refer(t, groups=True)
        if key and self.res.type_of(key) in types:
            return [key]
        for child in t.children:
            if child.dep_ == "appos":         # "her French counterpart, Francois Hollande"
                k = self.coref.refer(child, groups=True)
                if k and self.res.type_of(k) in types:
                    return [k]
        if modifiers:
            for child in t.children:
                if child.dep_ in MODIFIER_DEPS and child.pos_ != "PRON":
                    k = self.coref.refer(child, groups=True)
                    if k and self.res.type_of(k) in types:
                        return [k]
            # "the presidents of Serbia and Kosovo"
            keys = [k for o in syntax.preps(t, "of") for c in syntax.conjuncts(o)
                    if (k := self.res.at(c)) and self.res.type_of(k) in types]
            if keys and t.lower_ in GROUPISH:
                return keys
        if deep:
            for d in t.subtree:
                k = self.res.at(d)
                if k and self.res.type_of(k) in types:
                    return [k]
        return []


def extract_relations(doc: Doc, coref: Coref) -> Iterator[Relation]:
    args = _Args(coref)
    seen: set[tuple] = set()
    for word in doc:
        found = _cue_of(word)
        if found is None:
            continue
        cue, tok = found
        for agent, target, conf in FRAMES[cue.frame](tok, cue, args):
            if agent == target:
                continue
            neg = syntax.negated(tok) or (cue.frame in ("member", "partner") and _copula_negated(tok))
            rel = Relation(type=cue.type, agent=agent, target=target,
                           sentence=_sentence(tok), trigger=Evidence(word.idx, tok.idx + len(tok.text)),
                           negated=neg, hypothetical=syntax.hypothetical(tok), confidence=conf)
            k = (rel.type, rel.agent, rel.target, rel.negated, rel.sentence)
            if k not in seen:
                seen.add(k)
                yield rel


def _sentence(tok: Token) -> Evidence:
    s = tok.sent
    text = s.text
    start = s.start_char + (len(text) - len(text.lstrip()))
    return Evidence(start, s.start_char + len(text.rstrip()))


def _among(agents: list[str], cue: Cue) -> list[str]:
    """"China and Russia met": a meeting of the coordinated subjects with each other."""
    return agents[1:2] if cue.type is RelationType.MEET and len(agents) >= 2 else []


def _pairs(agents: list[str], targets: list[str], conf: float):
    for a in agents[:3]:
        for t in targets[:4]:
            yield a, t, conf


def _governing_agents(tok: Token, args: _Args, *, possessor_only: bool = False) -> list[str]:
    """The actor doing what a noun names: its possessor or demonym, else the subject of its verb
    ("their support" in "the ministers reaffirmed their support" is the ministers')."""
    pronoun = None
    for child in tok.children:
        if child.dep_ in ("poss", "amod", "compound"):
            if child.pos_ == "PRON":
                pronoun = child
                continue
            keys = args.of(child)
            if keys:
                return keys
    if possessor_only:
        return args.of(pronoun) if pronoun is not None else []
    return args.of(syntax.clause_subject(tok)) or (args.of(pronoun) if pronoun is not None else [])


def _objects(tok: Token, cue: Cue) -> list[Token]:
    if cue.object == "prep-only":
        return syntax.preps(tok, *cue.preps)
    objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
    return objs + syntax.preps(tok, *cue.preps)


def _verb_frame(tok: Token, cue: Cue, args: _Args):
    if cue.needs and not any(c.lower_ in cue.needs for c in tok.subtree):
        return
    types = PLACES | ACTORS if cue.object in ("any", "place") else ACTORS
    deep = cue.object in ("any", "deep")
    if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
        # "rebels supported by Moscow": the noun undergoes it
        agents = args.of(syntax.passive_agent(tok))
        targets = args.of(tok.head, types)
    elif syntax.is_passive(tok):
        agents = args.of(syntax.passive_agent(tok))
        subj = syntax.subject(tok)
        targets = args.of(subj, types, deep=deep)
    else:
        agents = args.of(syntax.subject(tok) or syntax.clause_subject(tok))   # "after meeting with …"
        targets = []
        for obj in _objects(tok, cue):
            in_deep = obj.head.lower_ in cue.deep_preps
            targets.extend(k for k in args.of(obj, types, deep=deep or in_deep) if k not in targets)
        if not targets and cue.place_preps:
            targets = [k for w in syntax.preps(tok, *cue.place_preps) for k in args.of(w, PLACES | ACTORS)]
    if not targets and not any(c.dep_ in ("dobj", "obj", "prep") for c in tok.children):
        targets = _among(agents, cue)     # "China and Russia met"
    yield from _pairs(agents, targets, 0.75)


def _noun_frame(tok: Token, cue: Cue, args: _Args):
    if cue.needs and tok.head.lemma_.lower() not in cue.needs:
        return
    types = PLACES | ACTORS if cue.object in ("any", "place") else ACTORS
    deep = cue.object in ("any", "deep")
    objs = syntax.preps(tok, *cue.preps)
    if tok.dep_ in ("dobj", "obj") and tok.head.pos_ == "VERB":
        objs += syntax.preps(tok.head, *cue.preps)   # "offers support … to X"
    targets: list[str] = []
    for obj in objs:
        targets.extend(k for k in args.of(obj, types, deep=deep) if k not in targets)
    agents = _governing_agents(tok, args, possessor_only=cue.agent == "possessor")
    yield from _pairs(agents, targets, 0.6)


def _force_frame(tok: Token, cue: Cue, args: _Args):
    if tok.pos_ in ("VERB", "AUX"):
        if tok.dep_ in ("acl", "amod") and tok.head.lower_ in forces():
            troops = tok.head            # "troops amassed near Ukraine"
            agents = args.of(troops)
        else:
            troops = next((c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass") and c.lower_ in forces()), None)
            if troops is None:
                # "Thousands of Russian troops amassed near Finland": the forces are the subject
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                troops = next((t for t in subj.subtree if t.lower_ in forces()), None) if subj is not None else None
                if troops is None:
                    return
                agents = args.of(troops)
                where = syntax.preps(tok, *cue.preps)
                targets = [k for w in where for k in args.of(w, PLACES | ACTORS)]
                yield from _pairs(agents, targets, 0.7)
                return
            agents = args.of(syntax.subject(tok)) if not syntax.is_passive(tok) else args.of(troops)
            agents = agents or args.of(troops)
    else:
        of = syntax.preps(tok, "of")
        troops = next((t for o in of for t in o.subtree if t.lower_ in forces()), None)
        if troops is None:
            return
        agents = args.of(troops) or _governing_agents(tok, args)
    where = syntax.preps(tok, *cue.preps) + syntax.preps(troops, *cue.preps)
    targets: list[str] = []
    for w in where:
        targets.extend(k for k in args.of(w, PLACES | ACTORS) if k not in targets)
    yield from _pairs(agents, targets, 0.7)


def _copula(tok: Token) -> Token | None:
    """The 'be' whose complement the noun is ('Ukraine is not one of NATO's members')."""
    t = tok
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.lower_ in ("one", "part"):
        t = t.head.head
    if t.dep_ in ("attr", "acomp", "oprd") and t.head.lemma_ in ("be", "remain", "become"):
        return t.head
    return None


def _copula_negated(tok: Token) -> bool:
    cop = _copula(tok)
    return cop is not None and syntax.negated(cop)


def _membership_frame(tok: Token, cue: Cue, args: _Args):
    cop = _copula(tok)
    if cop is not None:
        agents = args.of(syntax.subject(cop))
        targets = [k for o in syntax.preps(tok, *cue.preps) for k in args.of(o)]
        for c in tok.children:
            if c.dep_ in ("poss", "compound"):
                targets += args.of(c, {EntityType.ORGANIZATION})
        if not targets and cue.frame == "partner":
            # "X is not a member of NATO but is a close partner": the organisation of the sentence
            subj_keys = set(agents)
            targets = [k for span, k in args.res.spans
                       if span.sent == tok.sent and k not in subj_keys
                       and args.res.type_of(k) is EntityType.ORGANIZATION][:1]
        yield from _pairs(agents, targets, 0.8)
    elif tok.dep_ == "compound" or tok.dep_ == "appos":
        # "NATO member Turkey"
        bodies = [k for c in tok.children if c.dep_ in ("compound", "poss") for k in args.of(c, {EntityType.ORGANIZATION})]
        members = args.of(tok.head, {EntityType.COUNTRY, EntityType.ORGANIZATION}, modifiers=False)
        yield from _pairs(members, bodies, 0.7)


FRAMES = {"verb": _verb_frame, "noun": _noun_frame, "force": _force_frame,
          "member": _membership_frame, "partner": _membership_frame}
