"""What a pronoun or a definite description refers to: "he said", "the alliance", "the nation".

Deliberately simple: the most recent fitting entity mentioned before, outside quotations,
preferring one that held the subject of its sentence. Good enough for news prose, where
a pronoun nearly always points to the last-named actor of its kind.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import cache

from spacy.tokens import Token

from newskg import resources
from newskg.gazetteer import gazetteer
from newskg.model import EntityType
from newskg.resolve.entities import Resolution

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours"})
VAGUE_ROLES = frozenset({"official", "leader", "head", "chief", "diplomat", "envoy", "representative", "minister"})
GROUP_NOUNS = frozenset({"ministers", "leaders", "officials", "countries", "nations", "governments", "members",
                         "states", "allies", "diplomats", "representatives", "delegates", "heads", "envoys",
                         "participants", "signatories", "parties", "partners"})
# what a body issues in its own name: "a ministry statement called on …" is the ministry speaking
ISSUED_NOUNS = frozenset({"statement", "communique", "communiqué", "declaration", "readout", "release"})
BODY_KINDS = ("intergovernmental", "alliance", "un_body", "eu_body", "government_body", "legislature")


@cache
def descriptions() -> dict[str, tuple[EntityType, tuple[str, ...]]]:
    return {row["head"]: (EntityType(row["refers"]), tuple(row.get("kinds", ())))
            for row in resources.jsonl("descriptions.jsonl")}


class Coref:
    def __init__(self, res: Resolution, quoted: list[tuple[int, int]]) -> None:
        self.res = res
        self.quoted = quoted
        self.starts = [span.start_char for span, _ in res.spans]
        self.speakers: list[tuple[int, int, str]] = []   # quotes with a known speaker
        self.posts: list = []
        self.role_at: dict[int, str] = {}

    def set_posts(self, posts) -> None:
        """Posts found in the article, so "Kiev's foreign minister" can name its holder."""
        self.posts = list(posts)
        self.role_at = {i: span.label_ for span in self.res.doc.spans.get("newskg_roles", ())
                        for i in range(span.start, span.end)}

    def holder(self, tok: Token, *, org_fallback: bool = False) -> str | None:
        """A title standing for the person who holds it ("the foreign minister of Ukraine",
        "Japan's prime minister"); with `org_fallback`, the state or body when no holder is named."""
        role = self.role_at.get(tok.i)
        if role is None or self.res.at(tok):
            return None
        orgs = []
        for c in (*tok.children, *(t for p in tok.children if p.dep_ == "prep" and p.lower_ in ("of", "for")
                                     for t in p.children)):
            if c.dep_ in ("poss", "amod", "compound", "pobj", "nmod") and self.role_at.get(c.i) is None:
                k = self.res.at(c) or (self.pronoun(c) if c.dep_ == "poss" else None)
                if k:
                    orgs.append(k)
        for p in self.posts:
            if (p.role == role or p.role.endswith("-" + role)) and (not orgs or p.org in orgs or p.holder in orgs):
                return p.holder
        if orgs and role in VAGUE_ROLES:   # "the Ukrainian official": whoever holds a post there
            for p in reversed([p for p in self.posts if p.span.start < tok.idx] or self.posts):
                if p.org in orgs:
                    return p.holder
        if org_fallback and orgs and self.res.type_of(orgs[0]) is not EntityType.PERSON:
            return orgs[0]
        return None

    def set_speakers(self, quotes) -> None:
        """'We call on Russia…' inside a quote: the first person is the quote's speaker."""
        self.speakers = [(q.span.start, q.span.end, q.speaker) for q in quotes if q.speaker]

    def in_quote(self, char: int) -> bool:
        return any(a <= char < b for a, b in self.quoted)

    def before(self, char: int, types: set[EntityType], *, kinds: tuple[str, ...] = (),
               exclude: frozenset[str] = frozenset()):
        """Entities mentioned before `char`, most recent first, of the given types."""
        i = bisect_left(self.starts, char)
        seen: list[str] = []
        for span, key in reversed(self.res.spans[:i]):
            if key in exclude or key in seen:
                continue
            node = self.res.entity(key)
            if node.type not in types:
                continue
            if kinds:
                known = gazetteer().by_key.get(key)
                if known is None or known.kind not in kinds:
                    continue
            if self.in_quote(span.start_char):
                continue
            seen.append(key)
            yield key, span

    def pronoun(self, tok: Token) -> str | None:
        low = tok.lower_
        if low in FIRST_PERSON:
            return next((k for a, b, k in self.speakers if a <= tok.idx < b), None)
        if low in PERSON_PRONOUNS:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                # "He said …": the person who was the subject of the last sentence that had one
                subject = self.last_subject(tok, {EntityType.PERSON})
                if subject:
                    return subject
            return self._pick(tok.idx, {EntityType.PERSON})
        if low in THING_PRONOUNS:
            return self._pick(tok.idx, {EntityType.COUNTRY, EntityType.ORGANIZATION})
        if low in GROUP_PRONOUNS:
            return self._pick(tok.idx, {EntityType.ORGANIZATION, EntityType.COUNTRY})
        return None

    def description(self, tok: Token, *, bare: bool = False) -> str | None:
        """'the alliance' → NATO when NATO was named; 'the minister' → the last person named.
        `bare`: no determiner needed (a modifier, as "ministry" in "a ministry statement")."""
        head = tok.lower_
        if head not in descriptions() or not (bare or any(c.lower_ in {"the", "this", "that"} or c.dep_ == "poss"
                                                          for c in tok.children)):
            return None
        type_, kinds = descriptions()[head]
        # a description naming a gazetteer generic ("the alliance" → NATO) wins
        mods = " ".join(c.lower_ for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i)
        for phrase in (f"{mods} {head}".strip(), head):
            generic = gazetteer().generic.get(phrase)
            if generic is not None and generic.key in self.res.nodes:
                return generic.key
        # "the ministry" → the last body whose name says ministry ("Foreign Ministry"), before any other body
        named = next((k for k, _ in self.before(tok.idx, {type_})
                      if head in self.res.entity(k).name.lower().split()), None)
        if named:
            return named
        if kinds:
            hit = self._pick(tok.idx, {type_}, kinds=kinds)
            if hit:
                return hit
        return self._pick(tok.idx, {type_})

    def last_subject(self, tok: Token, types: set[EntityType], *, nearest_only: bool = True) -> str | None:
        """The entity of `types` that was the subject of one of the two sentences before `tok`
        (outside quotes). With `nearest_only`, a sentence that names such an entity in another role
        ends the search: the nearest mention wins over an older subject."""
        doc = self.res.doc
        sent = tok.sent
        for _ in range(2):
            if sent.start == 0:
                return None
            sent = doc[sent.start - 1].sent
            for t in sent:
                if t.dep_ in ("nsubj", "nsubjpass") and not self.in_quote(t.idx):
                    k = self.res.at(t)
                    if k and self.res.type_of(k) in types:
                        return k
            if nearest_only and any(self.res.at(t) and self.res.type_of(self.res.at(t)) in types for t in sent):
                return None      # the last sentence naming a person had no such subject
        return None

    def _pick(self, char: int, types: set[EntityType], *, kinds: tuple[str, ...] = ()) -> str | None:
        return next((key for key, _ in self.before(char, types, kinds=kinds)), None)

    def group(self, tok: Token) -> str | None:
        """'the foreign ministers of … said in a joint statement' → the body they met as."""
        if tok.lower_ not in GROUP_NOUNS:
            return None
        known = next((k for k, _ in self.before(tok.idx, {EntityType.ORGANIZATION}, kinds=BODY_KINDS)), None)
        if known:
            return known
        # an organisation the gazetteer does not know, named just before ("The Nordic Council met…")
        return next((k for k, span in self.before(tok.idx, {EntityType.ORGANIZATION})
                     if tok.idx - span.start_char < 600 and self.res.entity(k).name[:1].isupper()), None)

    def issuer(self, tok: Token) -> str | None:
        """'a ministry statement', 'the Kremlin's statement', 'a statement from the ministry' → who issued it."""
        if tok.lower_ not in ISSUED_NOUNS:
            return None
        for c in tok.children:
            if c.dep_ in ("compound", "poss", "nmod") and c.i < tok.i:
                who = self.res.at(c)
                if who is None and c.dep_ == "poss":
                    who = self.pronoun(c) or self.description(c)
                elif who is None:
                    # a bare "ministry statement" refers to a body named just before, or to none
                    who = self.description(c, bare=True)
                    who = who if who and self._named_since(who, tok) else None
            elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
                who = next((self.res.at(o) or self.description(o) for o in c.children if o.dep_ == "pobj"), None)
            else:
                continue
            if who:
                return who
        return None

    def _named_since(self, key: str, tok: Token) -> bool:
        """Whether `key` is named in the sentence before `tok`'s or earlier in its own."""
        doc = tok.doc
        start = doc[tok.sent.start - 1].sent.start if tok.sent.start > 0 else tok.sent.start
        since = doc[start].idx
        return any(k == key and since <= span.start_char < tok.idx for span, k in self.res.spans)

    def refer(self, tok: Token, *, groups: bool = False) -> str | None:
        """The entity a token stands for, directly or through a pronoun, a description or (with
        `groups`) a plural group noun."""
        key = self.res.at(tok)
        if key:
            return key
        if groups and tok.tag_ in ("NNS", "NNPS"):
            key = self.group(tok)
            if key:
                return key
        return (self.pronoun(tok) or self.holder(tok, org_fallback=groups) or self.description(tok)
                or self.issuer(tok))
