"""Small dependency-tree helpers shared by the extractors (label sets as named constants)."""
from __future__ import annotations

from spacy.tokens import Token

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECTS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
CLAUSE_LINKS = frozenset({"conj", "xcomp", "advcl", "relcl", "acl", "pcomp"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})


def subject(verb: Token) -> Token | None:
    """The subject of a verb, inherited through coordination and control ("X met Y and said…")."""
    seen = 0
    while seen < 6:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                    return verb.head       # "Kuleba, who met Stoltenberg"
                return child
        # a misparse: "If Peru attacks Chile" with "Peru" as a compound of the verb
        left = [c for c in verb.children if c.dep_ in ("compound", "npadvmod") and c.i < verb.i and c.pos_ == "PROPN"]
        if left:
            return left[-1]
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            verb = verb.head
            seen += 1
            continue
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head       # a misparse: "A ministry statement called on …" read as a reduced relative
        return None
    return None


def clause_subject(tok: Token) -> Token | None:
    """The subject of the nearest clause above a word that has one ("X condemned … following a
    meeting with Y" → X for "meeting")."""
    t = tok
    for _ in range(8):
        if t.head is t:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            subj = passive_agent(t) if is_passive(t) else subject(t)
            if subj is not None:
                return subj


def passive_agent(verb: Token) -> Token | None:
    """'controlled by rebels' → rebels."""
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"))


def negated(tok: Token) -> bool:
    """A 'not', 'never' or 'no' on the word or on the verb it depends on."""
    for t in (tok, tok.head) if tok.dep_ in ("xcomp", "attr", "acomp", "dobj", "pobj") else (tok,):
        for child in t.children:
            if child.dep_ == "neg" or (child.lower_ in NEGATIONS and child.dep_ in ("neg", "advmod", "det", "preconj")):
                return True
    return False


def hypothetical(tok: Token) -> bool:
    """Inside a conditional ('If Moscow makes…') or a modal/hedged clause."""
    t = tok
    for _ in range(8):
        for child in t.children:
            if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                return True
        if t.head is t:
            break
        t = t.head
    return False


def conjuncts(tok: Token) -> list[Token]:
    """A token and the words coordinated with it ('the United States and NATO')."""
    return [tok, *tok.conjuncts]


def preps(tok: Token, *words: str) -> list[Token]:
    """Objects of the named prepositions under `tok` ('called on Moscow' → Moscow)."""
    out = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in words:
            out.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
    return out
