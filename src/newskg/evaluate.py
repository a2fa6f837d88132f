"""Scoring extraction against gold annotations (shared/gold format), by the matching rules of
shared/gold/README.md: predictions come from a real build and the four ready queries, exactly as
shared/gold/predict.py obtains them, so both give the same numbers."""
from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from newskg.errors import GoldError

ROLE_SYNONYMS = {
    "secretary-general": "secretary general", "secretarygeneral": "secretary general",
    "minister of foreign affairs": "foreign minister", "foreign affairs minister": "foreign minister",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "deputy minister of foreign affairs": "deputy foreign minister",
    "minister of defence": "defence minister", "minister of defense": "defence minister",
    "defense minister": "defence minister", "defense secretary": "defence secretary",
    "secretary of defense": "defence secretary", "us secretary of state": "secretary of state",
}
CATEGORIES = ("entities", "entity_canonical", "posts", "quotes", "quote_speaker", "relations")


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").replace("’", "'").lower().strip()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def norm_role(s: str) -> str:
    r = norm(s).replace("-", " ")
    r = re.sub(r"^(u s|us|nato|un|eu|ukrainian|russian|american|british|chinese|french|german) ", "", r)
    return ROLE_SYNONYMS.get(r, r)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True, slots=True)
class Miss:
    article: str
    category: str
    kind: str          # "missed" or "false hit"
    detail: str
    sentence: str = ""


@dataclass
class Result:
    totals: dict[str, list[int]]
    per_article: dict[str, dict[str, tuple[int, int, int]]]
    errors: list[Miss] = field(default_factory=list)


class Names:
    def __init__(self, entities: list[dict]) -> None:
        self.canon: dict[str, str] = {}
        for e in entities:
            for n in [e["name"], *e.get("aliases", [])]:
                self.canon.setdefault(norm(n), e["name"])

    def __call__(self, name: str) -> str | None:
        return self.canon.get(norm(name))

    def accepts(self, name: str, acceptable: list[str]) -> bool:
        c = self(name)
        return c is not None and c in acceptable


def score_article(gold: dict, pred: dict, errors: list[Miss] | None = None) -> dict[str, tuple[int, int, int]]:
    aid = gold["id"]
    text = gold["text"]
    names = Names(gold["entities"])
    log = errors.append if errors is not None else (lambda m: None)
    out: dict[str, tuple[int, int, int]] = {}

    req = {e["name"] for e in gold["entities"] if not e.get("optional")}
    opt = {e["name"] for e in gold["entities"] if e.get("optional")}
    types = {e["name"]: e["type"] for e in gold["entities"]}
    hit: set[str] = set()
    fp = canon_ok = 0
    seen = set()
    for e in pred.get("entities", []):
        key = (norm(e["name"]), e.get("type"))
        if key in seen:
            continue
        seen.add(key)
        c = names(e["name"])
        if c and types[c] == e.get("type"):
            if c in req and c not in hit:
                hit.add(c)
                canon_ok += norm(e["name"]) == norm(c)
            elif c in hit:
                fp += 1
                log(Miss(aid, "entities", "false hit", f"second node {e['name']!r} for {c!r} (aliases not merged)"))
        elif c in opt:
            pass
        else:
            fp += 1
            why = f"typed {e.get('type')}, gold says {types[c]}" if c else "not a gold entity"
            log(Miss(aid, "entities", "false hit", f"{e['name']!r} ({why})", _sentence_with(text, e["name"])))
    for name in sorted(req - hit):
        log(Miss(aid, "entities", "missed", f"{name} ({types[name]})", _sentence_with(text, name)))
    out["entities"] = (len(hit), len(hit) + fp, len(req))
    out["entity_canonical"] = (canon_ok, len(hit), len(hit))

    gold_posts = gold.get("posts", [])
    used: set[int] = set()
    tp = n_pred = 0
    for p in pred.get("posts", []):
        matches = [i for i, g in enumerate(gold_posts)
                   if names(p["holder"]) == g["holder"] and norm_role(p["role"]) == norm_role(g["role"])
                   and names.accepts(p.get("in") or "", g["in"])]
        fresh = [i for i in matches if i not in used]
        if fresh:
            used.add(fresh[0]); tp += 1; n_pred += 1
        elif not matches:
            n_pred += 1
            log(Miss(aid, "posts", "false hit", f"{p['holder']} — {p['role']} — {p.get('in') or '?'}",
                     _sentence_with(text, p["holder"])))
    for i, g in enumerate(gold_posts):
        if i not in used:
            log(Miss(aid, "posts", "missed", f"{g['holder']} — {g['role']} — {' / '.join(g['in'])}",
                     _sentence_with(text, g["holder"].split()[-1])))
    out["posts"] = (tp, n_pred, len(gold_posts))

    gq = gold.get("quotes", [])
    used = set()
    det = att = n_pred = 0
    for q in pred.get("quotes", []):
        n_pred += 1
        for i, g in enumerate(gq):
            if i in used:
                continue
            a, b = set(norm(q["text"]).split()), set(norm(g["text"]).split())
            if a and b and len(a & b) / len(a | b) >= 0.8:
                used.add(i); det += 1
                if names.accepts(q.get("speaker") or "", g["speaker"]):
                    att += 1
                else:
                    log(Miss(aid, "quote_speaker", "false hit",
                             f"“{g['text'][:60]}” credited to {q.get('speaker') or 'nobody'}, gold: {' / '.join(g['speaker'])}",
                             _sentence_with(text, g["text"])))
                break
        else:
            log(Miss(aid, "quotes", "false hit", f"“{q['text'][:80]}”", _sentence_with(text, q["text"])))
    for i, g in enumerate(gq):
        if i not in used:
            log(Miss(aid, "quotes", "missed", f"“{g['text'][:80]}” ({' / '.join(g['speaker'])})", _sentence_with(text, g["text"])))
    out["quotes"] = (det, n_pred, len(gq))
    out["quote_speaker"] = (att, n_pred, len(gq))

    gr = gold.get("events", [])
    used = set()
    tp = fp = 0
    for r in pred.get("relations", []):
        matches = [i for i, g in enumerate(gr)
                   if r["type"] == g["type"] and names.accepts(r.get("agent") or "", g["agent"])
                   and names.accepts(r.get("target") or "", g["target"])
                   and bool(r.get("negated")) == bool(g.get("negated"))]
        fresh = [i for i in matches if i not in used and not gr[i].get("optional")]
        if fresh:
            used.add(fresh[0]); tp += 1
        elif not matches:
            fp += 1
            log(Miss(aid, "relations", "false hit",
                     f"{r['type']}({r['agent']} → {r['target']}){' negated' if r.get('negated') else ''}", r.get("sentence", "")))
    for i, g in enumerate(gr):
        if i not in used and not g.get("optional"):
            log(Miss(aid, "relations", "missed",
                     f"{g['type']}({' / '.join(g['agent'])} → {' / '.join(g['target'])}){' negated' if g.get('negated') else ''}",
                     _sentence_with(text, g["target"][0], g["agent"][0])))
    out["relations"] = (tp, tp + fp, sum(1 for g in gr if not g.get("optional")))
    return out


def _sentence_with(text: str, *needles: str) -> str:
    sentences = re.split(r"(?<=[.!?”\"])\s+|\n+", text)
    for s in sentences:
        if all(n.split()[-1].lower() in s.lower() for n in needles if n):
            return s.strip()[:300]
    for s in sentences:
        if needles and needles[0] and needles[0].split()[-1].lower() in s.lower():
            return s.strip()[:300]
    return ""


def load_gold(folder: Path) -> list[dict]:
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such folder", "pass the folder that holds the gold .json files")
    golds = []
    for f in sorted(folder.glob("*.json")):
        try:
            g = json.loads(f.read_text(encoding="utf-8"))
            g["id"], g["text"]  # noqa: B018  (required fields)
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{f}: not a gold annotation ({type(exc).__name__}: {exc})",
                            "see shared/gold/GUIDELINES.md for the format") from None
        golds.append(g)
    if not golds:
        raise GoldError(f"{folder}: holds no .json gold files", "pass the folder that holds them")
    return golds


def predictions(store) -> dict[str, dict]:
    """The four ready queries' answers, shaped as shared/gold/predict.py shapes them."""
    from newskg.query import load_query, run, table, term_text

    def rows(name: str):
        t = table(run(store, load_query(name)))
        return [{c: term_text(v) for c, v in zip(t.columns, row) if v is not None} for row in t.rows]

    local = lambda v: v.rsplit("#", 1)[-1].rsplit("/", 1)[-1]  # noqa: E731
    art = lambda r: Path(r["source"]).stem  # noqa: E731
    preds: dict[str, dict] = {}
    for r in rows("entities"):
        preds.setdefault(art(r), {}).setdefault("entities", []).append({"name": r["name"], "type": local(r["type"])})
    for r in rows("posts"):
        preds.setdefault(art(r), {}).setdefault("posts", []).append({"holder": r["holder"], "role": r["role"], "in": r.get("org", "")})
    for r in rows("quotes"):
        preds.setdefault(art(r), {}).setdefault("quotes", []).append({"text": r["text"], "speaker": r.get("speaker", "")})
    for r in rows("relations"):
        preds.setdefault(art(r), {}).setdefault("relations", []).append(
            {"type": local(r["type"]), "agent": r["agent"], "target": r["target"],
             "negated": r.get("negated", "false").lower() in ("true", "1")})
    return preds


def evaluate(folder: Path, *, model: str | None = None) -> Result:
    from newskg.build import build
    from newskg.store import open_store

    golds = load_gold(folder)
    with tempfile.TemporaryDirectory(prefix="newskg-eval-") as tmp:
        src = Path(tmp, "articles")
        src.mkdir()
        for g in golds:
            (src / f"{g['id']}.txt").write_text(g["text"], encoding="utf-8")
        store = open_store(Path(tmp, "store"))
        try:
            build([src], store, model=model)
            preds = predictions(store)
        finally:
            store.close()
    result = Result({k: [0, 0, 0] for k in CATEGORIES}, {})
    for g in golds:
        scores = score_article(g, preds.get(g["id"], {}), result.errors)
        result.per_article[g["id"]] = scores
        for k, v in scores.items():
            for i in range(3):
                result.totals[k][i] += v[i]
    return result
