"""The `newskg` command end to end, through the installed console script."""
from __future__ import annotations

import json
import re

import pytest

from conftest import SEED_FILE, SEED_SOURCE, SEEDS, nonempty_lines, run_cli

COMMANDS = ["build", "query", "validate", "export", "evaluate"]


def summary_count(stdout: str, label: str) -> int:
    m = re.search(rf"{re.escape(label)}\s*[│|]\s*(\d+)", stdout)
    assert m, f"no '{label}' in the build summary:\n{stdout}"
    return int(m.group(1))


def entity_rows(store) -> list[dict]:
    proc = run_cli("query", "entities", "--store", store, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(proc.stdout)["results"]["bindings"]]


# ---------------------------------------------------------------- build


def test_build_seed_exits_0_and_prints_a_summary(seed_build):
    proc = seed_build.proc
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    assert summary_count(proc.stdout, "articles built") == 1
    assert summary_count(proc.stdout, "failed") == 0
    for label in ("entities", "posts", "quotes", "relations", "triples"):
        assert summary_count(proc.stdout, label) > 0


def test_built_seed_answers_the_ready_queries(seed_build):
    rows = entity_rows(seed_build.store)
    assert rows and {r["source"] for r in rows} == {SEED_SOURCE}


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory):
    """The seed plus an empty file and a binary file, built in one go."""
    root = tmp_path_factory.mktemp("mixed")
    folder = root / "articles"
    folder.mkdir()
    (folder / SEED_SOURCE).write_bytes(SEED_FILE.read_bytes())
    (folder / "empty_story.txt").write_bytes(b"")
    (folder / "scanned_story.txt").write_bytes(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n\x00\x00\x01 obj <<>> stream\x00\xff")
    store = root / "store"
    return folder, store, run_cli("build", folder, "--store", store)


@pytest.mark.slow
def test_build_with_bad_files_exits_2(mixed_build):
    _, _, proc = mixed_build
    assert proc.returncode == 2, f"exit status {proc.returncode}; stderr:\n{proc.stderr}"


@pytest.mark.slow
def test_build_with_bad_files_names_them_without_a_traceback(mixed_build):
    _, _, proc = mixed_build
    assert "empty_story.txt" in proc.stderr
    assert "scanned_story.txt" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert summary_count(proc.stdout, "failed") == 2


@pytest.mark.slow
def test_build_with_bad_files_still_builds_the_good_one(mixed_build):
    _, store, proc = mixed_build
    assert summary_count(proc.stdout, "articles built") == 1
    rows = entity_rows(store)
    assert rows and {r["source"] for r in rows} == {SEED_SOURCE}


@pytest.mark.slow
def test_rebuild_of_an_unchanged_article_is_skipped(mixed_build):
    _, store, _ = mixed_build
    proc = run_cli("build", SEEDS, "--store", store)
    assert proc.returncode == 0, proc.stderr
    assert summary_count(proc.stdout, "unchanged (skipped)") == 1
    assert summary_count(proc.stdout, "articles built") == 0


def test_build_with_unknown_model_is_a_one_line_error(tmp_path):
    proc = run_cli("build", SEED_FILE, "--store", tmp_path / "store", "--model", "no_such_model")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = nonempty_lines(proc.stderr)
    assert lines and lines[0].startswith("error") and "no_such_model" in lines[0], proc.stderr
    assert len(lines) <= 2, f"one error line and one hint expected:\n{proc.stderr}"
    assert "pip install" in proc.stderr, "the error must say how to install a model"


@pytest.mark.parametrize("bad", ["notadate", "2021-13-45", "13/04/2021"])
def test_build_with_a_bad_date_is_a_clear_error(tmp_path, bad):
    proc = run_cli("build", SEED_FILE, "--store", tmp_path / "store", "--date", bad)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = nonempty_lines(proc.stderr)
    assert lines and bad in lines[0] and "date" in lines[0]
    assert "YYYY-MM-DD" in proc.stderr
    assert not (tmp_path / "store").exists(), "nothing is built when an option is wrong"


@pytest.mark.slow
def test_build_of_a_missing_path_names_it(tmp_path):
    proc = run_cli("build", tmp_path / "no_such_folder", "--store", tmp_path / "store")
    assert proc.returncode != 0
    assert "no_such_folder" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_build_with_date_export_and_answers(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    (src / "oslo.txt").write_text("Ministers meet in Oslo\n\nOslo (AFP) – Norwegian Foreign Minister Ola Hansen "
                                  "said on Monday that the talks were “useful”.\n", encoding="utf-8")
    out = tmp_path / "graph.ttl"
    proc = run_cli("build", src, "--store", tmp_path / "store", "--date", "2021-04-13", "--export", out, "--answers")
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()
    from rdflib import Graph, Literal
    from rdflib.namespace import XSD
    g = Graph().parse(out, format="turtle")
    assert (None, None, Literal("2021-04-13", datatype=XSD.date)) in g
    for name in ("entities.rq", "posts.rq", "quotes.rq", "relations.rq"):
        assert name in proc.stdout
    assert "useful" in proc.stdout


# ---------------------------------------------------------------- help and usage


def test_top_level_help():
    proc = run_cli("--help")
    assert proc.returncode == 0, proc.stderr
    for cmd in COMMANDS:
        assert cmd in proc.stdout


@pytest.mark.parametrize("cmd", COMMANDS)
def test_command_help(cmd):
    proc = run_cli(cmd, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout and cmd in proc.stdout
    assert "Traceback" not in proc.stderr


def test_unknown_option_is_a_usage_error():
    proc = run_cli("build", "--no-such-option")
    assert proc.returncode not in (0, 70)
    assert "Traceback" not in proc.stderr
    assert "no-such-option" in proc.stderr
    assert "newskg bug" not in proc.stderr, "a user's typo is not an internal error"


def test_unknown_command_is_a_usage_error():
    proc = run_cli("frobnicate")
    assert proc.returncode not in (0, 70)
    assert "Traceback" not in proc.stderr
    assert "frobnicate" in proc.stderr
    assert "newskg bug" not in proc.stderr, "a user's typo is not an internal error"
