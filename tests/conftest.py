"""Shared fixtures: the spaCy pipeline (loaded once), the seed article built into a store (once),
its extraction and graph, and a helper that runs the installed `newskg` console script."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"
SEED_FILE = SEEDS / "000_a427199928c5f6c1.txt"
SEED_SOURCE = SEED_FILE.name
QUERIES = REPO / "queries"
NEWSKG = Path(sys.executable).parent / "newskg"


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    # a wide, plain console: rich must not fold table cells or error lines in the middle of a word
    env.update({"COLUMNS": "250", "NO_COLOR": "1", "TERM": "dumb", "PYTHONIOENCODING": "utf-8"})
    env.pop("NEWSKG_STORE", None)
    return env


def run_cli(*args: object, timeout: float = 300, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script as a user would; text output, never raising on failure."""
    assert NEWSKG.exists(), f"the console script {NEWSKG} is missing: install newskg into this venv"
    return subprocess.run([str(NEWSKG), *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          env=cli_env(), timeout=timeout, cwd=cwd or REPO)


def nonempty_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class SeedBuild:
    store: Path
    proc: subprocess.CompletedProcess


@pytest.fixture(scope="session")
def nlp():
    from newskg.nlp.pipeline import load
    return load(None)  # the same cache entry as build(model=None) uses


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> SeedBuild:
    """`newskg build seeds/ --store S`, run once for the session; the store is then only read."""
    store = tmp_path_factory.mktemp("seed") / "store"
    proc = run_cli("build", SEEDS, "--store", store)
    assert proc.returncode == 0, f"building the seed failed:\n{proc.stdout}\n{proc.stderr}"
    return SeedBuild(store, proc)


@pytest.fixture(scope="session")
def seed_store(seed_build):
    """The seed store opened read-only (subprocesses may open it read-only at the same time)."""
    from newskg.store import open_store
    st = open_store(seed_build.store, read_only=True)
    yield st
    st.close()


@pytest.fixture(scope="session")
def seed_article():
    from newskg.errors import InputError
    from newskg.ingest import read
    items = list(read([SEED_FILE]))
    assert len(items) == 1 and not isinstance(items[0], InputError), items
    return items[0]


@pytest.fixture(scope="session")
def seed_extraction(nlp, seed_article):
    """The extraction of the seed article, done as `newskg build` does it."""
    from newskg.extract import extract
    return extract(nlp(seed_article.analysis_text()), seed_article)


@pytest.fixture(scope="session")
def seed_graph(nlp, seed_extraction):
    """The seed article's graph (rdflib). Tests that mutate it must copy it first (see copy_graph)."""
    from newskg.build import pipeline_name
    from newskg.rdf.graph import to_graph
    return to_graph(seed_extraction, pipeline=pipeline_name(nlp))


@pytest.fixture(scope="session")
def seed_article_iri(seed_article) -> str:
    from newskg.rdf.mint import article
    return str(article(seed_article.key))


def copy_graph(graph):
    from rdflib import Graph
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=True)
    for t in graph:
        g.add(t)
    return g


def pytest_configure(config):
    # rdflib's own parsers use its deprecated ConjunctiveGraph internally; that is not ours to fix
    config.addinivalue_line("filterwarnings",
                            r"ignore:.*(ConjunctiveGraph|default_context|Dataset\.contexts).*:DeprecationWarning")
    # pytest probes module globals for mock attributes; rdflib's closed namespaces warn about that
    config.addinivalue_line("filterwarnings", r"ignore:Code. _mock_name is not defined:UserWarning")
