"""Colours shared by the HTML page and the static pictures (plain Python, no matplotlib needed).

Node colour says what an actor is; edge colour says how hostile (red) or cooperative (green) a
relation is, from its type's Goldstein-like score (−10 … +10, nkg:goldstein in the ontology).
"""
from __future__ import annotations

TYPE_COLOURS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Country": "#76b7b2", "Place": "#b5a28a"}
OTHER_COLOUR = "#bab0ac"
HOSTILE = "#d62728"
NEUTRAL = "#9a9a9a"
COOPERATIVE = "#2ca02c"
GOLDSTEIN_MAX = 10.0


def type_colour(kind: str) -> str:
    return TYPE_COLOURS.get(kind, OTHER_COLOUR)


def _rgb(hex_: str) -> tuple[int, int, int]:
    h = hex_.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ra, rb))


def tone(goldstein: float) -> str:
    """Edge colour for a Goldstein-like score: red (−10) … grey (0) … green (+10).

    The scale is stretched (square root) so that mild scores such as −2 (criticise) are already
    visibly reddish, not grey."""
    g = max(-GOLDSTEIN_MAX, min(GOLDSTEIN_MAX, goldstein)) / GOLDSTEIN_MAX
    t = abs(g) ** 0.5
    return _mix(NEUTRAL, HOSTILE if g < 0 else COOPERATIVE, t) if g else NEUTRAL


def tone_name(goldstein: float) -> str:
    return "hostile" if goldstein < 0 else "cooperative" if goldstein > 0 else "neutral"


def darker(hex_: str, by: float = 0.35) -> str:
    return _mix(hex_, "#000000", by)


def edge_width(weight: float) -> float:
    """Width (screen pixels / points) for an edge asserted by `weight` articles."""
    import math
    return 1.5 + 2.0 * math.log2(max(weight, 1.0))
