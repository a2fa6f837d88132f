"""Generate a benchmark corpus: N articles recombined from real news sentences.

Sentences come from seeds/ and the shared dev gold texts; the names of people, states, capitals
and organisations in them are swapped for others drawn from newskg's gazetteers (and invented
people from its given-name list), so the graph keeps growing with distinct entities as N grows.
Deterministic for a given --seed.

    python benchmarks/corpus.py 10000 /tmp/corpus [--seed 7] [--sentences 8-14]
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from newskg import resources

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def source_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for f in sorted((SHARED / "gold" / "dev").glob("*.json")):
        texts.append(json.loads(f.read_text(encoding="utf-8"))["text"])
    if len(texts) < 2:
        raise SystemExit(f"no source texts: expected seeds/ and {SHARED}/gold/dev")
    return texts


def sentences(texts: list[str]) -> tuple[list[str], list[str]]:
    """(headlines, body sentences): paragraphs split at sentence ends, short fragments dropped."""
    heads, body = [], []
    for t in texts:
        paras = [p.strip() for p in t.split("\n") if p.strip()]
        if paras:
            heads.append(paras[0])
        for p in paras[1:]:
            for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"A-Z])", p):
                if len(s.split()) >= 6:
                    body.append(s)
    return heads, body


class Swapper:
    """Replaces names from one pool with random names of the same kind."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        countries = [r for r in resources.jsonl("countries.jsonl") if not r.get("historical")]
        self.countries = [r["name"] for r in countries]
        self.capitals = [c for r in countries for c in r.get("capitals", [])[:1]]
        self.orgs = [r["name"] for r in resources.jsonl("organizations.jsonl")]
        firsts = [n for n in resources.lines("first_names.txt")] if _has("first_names.txt") else ["Anna", "Ivan", "Maria"]
        people = [r["name"] for r in resources.jsonl("people.jsonl")] if _has("people.jsonl") else []
        surnames = sorted({p.split()[-1] for p in people} | {"Novak", "Garcia", "Okafor", "Tanaka", "Haddad", "Lindqvist"})
        self.firsts, self.surnames = firsts, surnames
        self.patterns = [(re.compile(rf"\b{re.escape(n)}\b"), kind) for kind, names in
                         (("country", self.countries), ("capital", self.capitals), ("org", self.orgs))
                         for n in sorted(names, key=len, reverse=True) if len(n) > 3]
        self.person = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")

    def article(self, headline: str, body: list[str]) -> str:
        mapping: dict[str, str] = {}
        text = "\n\n".join([headline, *body])
        for rx, kind in self.patterns:
            for m in set(rx.findall(text)):
                if m not in mapping:
                    mapping[m] = self.rng.choice({"country": self.countries, "capital": self.capitals,
                                                  "org": self.orgs}[kind])
        for first, last in set(self.person.findall(text)):
            if first in self.firsts and f"{first} {last}" not in mapping:
                new_last = self.rng.choice(self.surnames)
                mapping[f"{first} {last}"] = f"{self.rng.choice(self.firsts)} {new_last}"
                mapping.setdefault(last, new_last)
        if not mapping:
            return text + "\n"
        rx = re.compile("|".join(rf"\b{re.escape(k)}\b" for k in sorted(mapping, key=len, reverse=True)))
        return rx.sub(lambda m: mapping[m.group(0)], text) + "\n"


def _has(name: str) -> bool:
    try:
        resources.path("data", name)
        return True
    except FileNotFoundError:
        return False


def generate(n: int, out: Path, *, seed: int = 7, lo: int = 8, hi: int = 14) -> int:
    rng = random.Random(seed)
    heads, body = sentences(source_texts())
    swap = Swapper(rng)
    out.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(n):
        text = swap.article(rng.choice(heads), rng.sample(body, rng.randint(lo, hi)))
        words += len(text.split())
        (out / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sentences", default="8-14", help="sentences per article, e.g. 8-14")
    a = ap.parse_args()
    lo, hi = map(int, a.sentences.split("-"))
    words = generate(a.n, a.out, seed=a.seed, lo=lo, hi=hi)
    print(f"{a.n} articles, {words} words ({words / a.n:.0f} per article) in {a.out}")


if __name__ == "__main__":
    main()
