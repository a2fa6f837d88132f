"""Crash safety: a build killed with SIGKILL leaves a store that opens and holds only whole
articles; building again completes the rest with no duplicates. Two builds on one store: the
second refuses with a clear message."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

NEWSKG = Path(sys.executable).parent / "newskg"
REPO = Path(__file__).resolve().parents[1]
DIGEST = ox.NamedNode("https://w3id.org/newskg/ns#contentDigest")
ONTOLOGY = "https://w3id.org/newskg/ns"


def corpus(d: Path, n: int) -> None:
    seed = next((REPO / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n\n") if p.strip()]
    for i in range(n):
        # distinct texts of the seed's paragraphs, rotated
        k = i % len(paragraphs)
        (d / f"a{i:03d}.txt").write_text(f"Article {i}\n\n" + "\n\n".join(paragraphs[k:] + paragraphs[:k]), encoding="utf-8")


def graphs(store: Path) -> dict[str, int]:
    """Named graph → triple count, in a store opened read-only (as a query process would)."""
    st = ox.Store.read_only(str(store))
    out = {g.value: sum(1 for _ in st.quads_for_pattern(None, None, None, g)) for g in st.named_graphs()}
    whole = {g.value for g in st.named_graphs() if any(True for _ in st.quads_for_pattern(g, DIGEST, None, g))}
    del st
    assert set(out) == whole, "a named graph without its digest is a half-written article"
    return out


@pytest.mark.slow
def test_sigkill_leaves_whole_articles_and_a_rebuild_completes(tmp_path):
    src, store, clean = tmp_path / "in", tmp_path / "store", tmp_path / "clean"
    src.mkdir()
    corpus(src, 60)
    proc = subprocess.Popen([str(NEWSKG), "build", str(src), "--store", str(store), "--batch-size", "4"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill it mid-way: once some articles are in
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.3)
        if (store / "CURRENT").exists():
            try:
                n = len(graphs(store))
            except OSError:
                continue
            if n >= 5:
                break
    assert proc.poll() is None, "the build finished before it could be killed; use more articles"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = graphs(store)
    assert 0 < len(partial) < 60
    r = subprocess.run([str(NEWSKG), "build", str(src), "--store", str(store)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    done = graphs(store)
    r = subprocess.run([str(NEWSKG), "build", str(src), "--store", str(clean)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert done == graphs(clean), "after the rebuild the store equals a clean build: nothing lost, nothing doubled"
    assert len([g for g in done if g != ONTOLOGY]) == 60


def test_a_second_build_on_the_same_store_refuses(tmp_path):
    src, store = tmp_path / "in", tmp_path / "store"
    src.mkdir()
    corpus(src, 2)
    holder = ox.Store(str(store))       # another build holds the store
    try:
        r = subprocess.run([str(NEWSKG), "build", str(src), "--store", str(store)], capture_output=True, text=True)
    finally:
        del holder
    assert r.returncode != 0
    assert "in use by another newskg build" in r.stderr and "Traceback" not in r.stderr
    # queries still work meanwhile and later
    shutil.rmtree(src)
