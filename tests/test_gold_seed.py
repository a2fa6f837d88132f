"""Extraction quality on the annotated seed article, measured the way the project is judged:
shared/gold/predict.py runs `newskg build` and the four ready queries, shared/gold/score.py scores them.
`newskg evaluate` must report the same numbers."""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NEWSKG, REPO, SHARED, cli_env, run_cli

GOLD = SHARED / "gold"
SEED_GOLD = GOLD / "seed"
CATEGORIES = ("entities", "posts", "quotes", "quote_speaker", "relations")


@pytest.fixture(scope="module")
def gold_tools():
    missing = [p for p in (GOLD / "predict.py", GOLD / "score.py", SEED_GOLD) if not p.exists()]
    if missing:
        pytest.fail(f"the shared gold folder is missing ({', '.join(map(str, missing))}); these tests need "
                    f"../shared beside the repository ({SHARED}), as in CI", pytrace=False)
    spec = importlib.util.spec_from_file_location("newskg_gold_score", GOLD / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score


@pytest.fixture(scope="module")
def predictions(gold_tools, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("gold") / "pred.json"
    proc = subprocess.run([sys.executable, str(GOLD / "predict.py"), str(SEED_GOLD), str(out),
                           "--newskg", str(NEWSKG), "--repo", str(REPO)],
                          capture_output=True, text=True, env=cli_env(), timeout=600, cwd=REPO)
    assert proc.returncode == 0, f"predict.py failed:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def totals(gold_tools, predictions) -> dict[str, tuple[int, int, int]]:
    sums: dict[str, list[int]] = {}
    for gf in sorted(SEED_GOLD.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        for k, v in gold_tools.score_article(gold, predictions.get(gold["id"], {})).items():
            t = sums.setdefault(k, [0, 0, 0])
            for i in range(3):
                t[i] += v[i]
    return {k: tuple(v) for k, v in sums.items()}


def f1(gold_tools, totals, category: str) -> float:
    return gold_tools.prf(*totals[category])[2]


@pytest.mark.slow
def test_predictions_cover_the_seed_article(predictions):
    gold_ids = {json.loads(f.read_text(encoding="utf-8"))["id"] for f in SEED_GOLD.glob("*.json")}
    assert gold_ids <= set(predictions), f"no predictions for {gold_ids - set(predictions)}"


@pytest.mark.slow
def test_entities_f1(gold_tools, totals):
    assert f1(gold_tools, totals, "entities") >= 0.90, totals["entities"]


@pytest.mark.slow
def test_posts_f1(gold_tools, totals):
    assert f1(gold_tools, totals, "posts") >= 0.80, totals["posts"]


@pytest.mark.slow
def test_quotes_f1_is_perfect(gold_tools, totals):
    assert f1(gold_tools, totals, "quotes") == 1.0, totals["quotes"]


@pytest.mark.slow
def test_quote_speakers(totals):
    tp, _, n_gold = totals["quote_speaker"]
    assert n_gold == 16
    assert tp >= 15, f"speaker right for {tp} of {n_gold} quotes"


@pytest.mark.slow
def test_relations_f1(gold_tools, totals):
    assert f1(gold_tools, totals, "relations") >= 0.60, totals["relations"]


@pytest.mark.slow
def test_score_script_output_agrees(gold_tools, predictions, totals, tmp_path):
    """score.py run as a script prints the numbers computed above from its functions."""
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(predictions), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(GOLD / "score.py"), str(SEED_GOLD), str(pred)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    printed = dict(re.findall(r"^(\w+)\s+P=\S+ R=\S+ F1=(\d\.\d{3})", proc.stdout, re.M))
    for cat in CATEGORIES:
        assert printed[cat] == f"{f1(gold_tools, totals, cat):.3f}"


@pytest.mark.slow
def test_newskg_evaluate_prints_the_same_f1(gold_tools, totals):
    proc = run_cli("evaluate", "--gold", SEED_GOLD, timeout=600)
    assert proc.returncode == 0, proc.stderr
    printed = {}
    for line in proc.stdout.splitlines():
        cells = [c.strip() for c in re.split(r"[│|┃]", line) if c.strip()]
        if len(cells) >= 4 and cells[0] in CATEGORIES:
            printed[cells[0]] = cells[3]
    assert set(printed) == set(CATEGORIES), proc.stdout
    for cat in CATEGORIES:
        assert printed[cat] == f"{f1(gold_tools, totals, cat):.3f}", f"{cat}: evaluate says {printed[cat]}"
