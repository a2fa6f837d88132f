"""Finding quotations in text: pairs of quote marks, nested quotes, multi-paragraph quotes.

Works on characters, not tokens, so that an odd mark only loses that quote. Apostrophes
("Russia's", "allies'") are told apart from single quote marks by what stands around them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark → closing marks accepted for it
PAIRS = {"“": "”\"", "„": "“”", "«": "»", "»": "«", "‹": "›", "「": "」", "『": "』",
         '"': '"”', "‘": "’", "'": "'", "‚": "‘’"}
SINGLE = frozenset("‘'‚")
MAX_CHARS = 3000
# quoted words that label votes or answers, not someone's words ("128 “yes” votes")
LABELS = frozenset({"yes", "no", "aye", "nay", "abstain", "for", "against", "yea"})


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    start: int     # first character inside the marks
    end: int       # the closing mark's offset (exclusive end of the quoted text)
    open_mark: str
    continued: bool = False   # opened again in the next paragraph without closing


SPACED = frozenset("«»‹›")   # French typography puts a (no-break) space inside « … »


def _is_open(text: str, i: int) -> bool:
    c = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() and c not in SPACED:
        return False
    if c in SINGLE or c == '"':
        return not before.isalnum() and before not in "'’"
    return True


def _is_close(text: str, i: int, mark: str) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() and mark not in SPACED:
        return False
    if mark in SINGLE or mark in "’":
        # an apostrophe inside a word ("Russia’s", "don't") closes nothing
        return not after.isalnum()
    return True


def find_quotes(text: str) -> list[QuoteSpan]:
    """All outermost quotations; inner quotes belong to their outer one."""
    out: list[QuoteSpan] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for p_start, p_end in paragraphs:
        i = p_start
        while i < p_end:
            c = text[i]
            if c in PAIRS and _is_open(text, i):
                closers = PAIRS[c]
                j = _find_close(text, i + 1, p_end, c, closers)
                if j is not None:
                    inner = text[i + 1:j].strip()
                    if j > i + 1 and (j - i) < MAX_CHARS and inner and inner.lower().strip(".,") not in LABELS:
                        a, b = i + 1, j
                        while c in SPACED and a < b and text[a].isspace():
                            a += 1
                        while c in SPACED and b > a and text[b - 1].isspace():
                            b -= 1
                        out.append(QuoteSpan(a, b, c))
                    i = j + 1
                    continue
                if c not in SINGLE and c != "'":
                    # an unclosed opening mark: a quote running to the paragraph's end, continued
                    # in the next paragraph when that one opens with a quote mark again
                    nxt = _next_paragraph_start(text, p_end)
                    if nxt is not None and text[nxt] in PAIRS and text[nxt] not in SINGLE:
                        end = len(text[:p_end].rstrip())
                        if end > i + 1:
                            out.append(QuoteSpan(i + 1, end, c, continued=True))
                        break
            i += 1
    return out


def _find_close(text: str, start: int, stop: int, opener: str, closers: str) -> int | None:
    depth = 0
    i = start
    while i < stop:
        c = text[i]
        if c in closers and _is_close(text, i, c):
            if depth == 0:
                return i
            depth -= 1
        elif c == opener and opener not in closers and _is_open(text, i):
            depth += 1
        i += 1
    return None


def _next_paragraph_start(text: str, p_end: int) -> int | None:
    m = re.compile(r"\s*").match(text, p_end)
    k = m.end() if m else p_end
    return k if k < len(text) else None
