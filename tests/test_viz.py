"""The actor network (`newskg viz`, `newskg stats`, `newskg export --format graphml|gexf`) on the seed.

The seed is built once (conftest's `seed_build`, a real `newskg build` subprocess); the HTML page is
opened in headless Debian chromium, which must be installed (`apt-get install -y chromium`): without
it the browser tests fail, they do not skip. NEWSKG_CHROMIUM may name another binary.
Set NEWSKG_UPDATE_DOCS=1 to also copy the seed screenshot to docs/seed-network.png.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from conftest import REPO, SEEDS, SHARED, cli_env, run_cli

GOLD_SEED = SHARED / "gold" / "seed" / "seed-nato-troops.json"
VIZ_EXIT = 8  # newskg.viz.VizError
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--hide-scrollbars", "--mute-audio"]


# ---------------------------------------------------------------- helpers

def gold_events() -> list[dict]:
    assert GOLD_SEED.is_file(), f"the seed's gold annotation {GOLD_SEED} is missing (../shared beside the checkout)"
    return [e for e in json.loads(GOLD_SEED.read_text(encoding="utf-8"))["events"] if not e.get("optional")]


def labels(graph) -> set[str]:
    return {d["label"] for _, d in graph.nodes(data=True)}


def node(graph, label: str) -> str:
    hits = [n for n, d in graph.nodes(data=True) if d["label"] == label]
    assert len(hits) == 1, f"{label!r} is {len(hits)} nodes of the network: {sorted(labels(graph))}"
    return hits[0]


def page_data(page: Path) -> dict:
    m = re.search(r'<script type="application/json" id="newskg-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert m, "the page carries no graph data"
    return json.loads(m.group(1))


def chromium() -> str:
    for name in (os.environ.get("NEWSKG_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (path := shutil.which(name)):
            return path
    pytest.fail("headless chromium is needed to test the HTML page but none is installed: "
                "`apt-get update && apt-get install -y chromium` (or set NEWSKG_CHROMIUM)", pytrace=False)


def browse(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Open the page from disk in headless chromium; virtual time lets the layout finish first."""
    cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000", *args, page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


class _Status(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "newskg-status":
            self.attrs = {k: v or "" for k, v in a.items()}


def rendered_status(page: Path, profile: Path) -> dict[str, str]:
    proc = browse(page, profile, "--dump-dom")
    assert proc.returncode == 0, f"chromium failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    p = _Status()
    p.feed(proc.stdout)
    assert p.attrs is not None, f"no #newskg-status in the rendered page:\n{proc.stdout[:2000]}"
    assert p.attrs.get("data-ready") == "true", f"the network never reported ready: {p.attrs}\n{proc.stderr[-2000:]}"
    return p.attrs


def viz(store: Path, out: Path, *args: object) -> subprocess.CompletedProcess:
    proc = run_cli("viz", "--store", store, "-o", out, *args)
    assert proc.returncode == 0, f"newskg viz failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert out.is_file() and not out.with_name(out.name + ".part").exists()
    return proc


def assert_same_graph(a: nx.MultiDiGraph, b) -> None:
    """Same nodes, edges (with keys), attributes and attribute types."""
    assert isinstance(b, nx.MultiDiGraph) and b.is_directed()

    def typed(d: dict) -> dict:
        return {k: (type(v).__name__, v) for k, v in d.items()}

    assert {n: typed(d) for n, d in a.nodes(data=True)} == {n: typed(d) for n, d in b.nodes(data=True)}
    assert sorted((u, v, k, sorted(typed(d).items())) for u, v, k, d in a.edges(keys=True, data=True)) == \
        sorted((u, v, k, sorted(typed(d).items())) for u, v, k, d in b.edges(keys=True, data=True))


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def store(seed_build) -> Path:
    return seed_build.store


@pytest.fixture(scope="module")
def full(seed_store):
    """The whole network of the seed (entities mentioned only included), as exported for Gephi."""
    from newskg.viz.network import network
    return network(seed_store)


@pytest.fixture(scope="module")
def drawn(seed_store):
    """The network `newskg viz` draws by default (actors in at least one relation)."""
    from newskg.viz.network import network
    return network(seed_store, isolates=False)


@pytest.fixture(scope="module")
def seed_page(store, tmp_path_factory) -> Path:
    page = tmp_path_factory.mktemp("viz") / "seed.html"
    viz(store, page)
    return page


# ---------------------------------------------------------------- the network

def test_network_has_every_gold_relation_actor(drawn):
    names = labels(drawn)
    missing = [f"{e['type']} {side}: {' / '.join(e[side])}" for e in gold_events() for side in ("agent", "target")
               if not set(e[side]) & names]
    assert not missing, f"gold relation actors absent from the network {sorted(names)}:\n" + "\n".join(missing)


def test_network_attributes_are_plain_and_consistent(full, drawn, seed_store):
    from newskg.viz.network import edge_key, relation_types
    kinds = relation_types(seed_store)
    assert full.number_of_edges() == drawn.number_of_edges() > 0
    assert set(drawn) <= set(full)
    for n, d in full.nodes(data=True):
        assert n.startswith("https://w3id.org/newskg/id/")
        assert set(d) == {"label", "type", "mentions", "articles", "wikidata"}
        assert d["type"] in ("Person", "Organization", "Country", "Place")
        assert isinstance(d["mentions"], int) and d["mentions"] >= 1 and d["articles"] == 1
        assert d["wikidata"] == "" or re.fullmatch(r"Q\d+", d["wikidata"])
    for u, v, k, d in full.edges(keys=True, data=True):
        assert set(d) == {"id", "relation", "weight", "goldstein", "cameo"}
        assert k == d["id"] == edge_key(u, d["relation"], v) and d["relation"] in kinds and u != v
        assert d["weight"] == 1.0  # one article
        kind = kinds[d["relation"]]
        assert d["goldstein"] == kind.goldstein and d["cameo"] == kind.cameo
    assert full.nodes[node(full, "Russia")]["wikidata"] == "Q159"
    crimea = [d for u, v, d in full.edges(data=True) if full.nodes[v]["label"] == "Crimea" and d["relation"] == "Annex"]
    assert crimea and crimea[0]["goldstein"] < -9  # annexation: about as hostile as it gets


def test_negated_and_hypothetical_relations_are_left_out(full, seed_store):
    from newskg.query import run
    rows = list(run(seed_store, """PREFIX nkg: <https://w3id.org/newskg/ns#>
        SELECT ?a ?t ?b WHERE { ?r nkg:agent ?a ; nkg:relationType ?t ; nkg:target ?b .
                                 { ?r nkg:negated true } UNION { ?r nkg:hypothetical true } }"""))
    assert rows, "the seed states 'Ukraine is not one of NATO's members': expected a negated relation"
    asserted = {(u, v, d["relation"]) for u, v, d in full.edges(data=True)}
    for r in rows:
        assert (r["a"].value, r["b"].value, r["t"].value.rsplit("#", 1)[-1]) not in asserted


def test_types_and_min_weight_filters(seed_store, store, tmp_path):
    from newskg.viz.network import network
    g = network(seed_store, types={"Accuse", "Criticize"}, isolates=False)
    assert g.number_of_edges() > 0 and {d["relation"] for *_, d in g.edges(data=True)} <= {"Accuse", "Criticize"}
    assert network(seed_store, min_weight=2).number_of_edges() == 0  # every relation is in one article

    page = tmp_path / "accusations.html"
    viz(store, page, "--types", "accuse,CRITICIZE")
    assert {e["relation"] for e in page_data(page)["edges"]} <= {"Accuse", "Criticize"}
    bad = run_cli("viz", "--store", store, "-o", tmp_path / "x.html", "--types", "Acuse")
    assert bad.returncode == VIZ_EXIT and "Accuse" in bad.stderr and "hint" in bad.stderr
    empty = run_cli("viz", "--store", store, "-o", tmp_path / "y.html", "--min-weight", "2")
    assert empty.returncode == VIZ_EXIT and "empty" in empty.stderr and not (tmp_path / "y.html").exists()


def test_focus_russia_depth_1_is_russia_and_its_neighbours(full, drawn, seed_store, store, tmp_path):
    from newskg.viz.network import aliases, find_entity, neighbourhood
    russia = node(full, "Russia")
    expected = {russia} | set(full.predecessors(russia)) | set(full.successors(russia))
    assert len(expected) > 3
    near = neighbourhood(full, russia, 1)
    assert set(near) == expected
    # every relation among them, none leading out
    assert {(u, v, k) for u, v, k in near.edges(keys=True)} == \
        {(u, v, k) for u, v, k in full.edges(keys=True) if u in expected and v in expected}
    assert find_entity(full, "moscow", aliases(seed_store)) == russia  # another name of Russia
    assert set(neighbourhood(full, russia, 2)) >= expected

    page = tmp_path / "russia.html"
    viz(store, page, "--focus", "Russia", "--depth", "1")
    data = page_data(page)
    assert {n["id"] for n in data["nodes"]} == expected
    assert len(data["edges"]) == near.number_of_edges()
    assert "around Russia (depth 1)" in data["filters"]


def test_focus_on_an_unknown_entity_names_close_matches(store, tmp_path):
    proc = run_cli("viz", "--store", store, "-o", tmp_path / "x.html", "--focus", "Rusia")
    assert proc.returncode == VIZ_EXIT
    assert "no entity named 'Rusia'" in proc.stderr and "did you mean Russia" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_dates_select_articles_and_relations(tmp_path):
    """The seed carries no date: built with --date, the relations get dates (Monday = 2021-04-12);
    periods that partition time partition the relations."""
    from newskg.store import open_store
    from newskg.viz.network import network
    from datetime import date

    st_path = tmp_path / "dated"
    proc = run_cli("build", SEEDS, "--store", st_path, "--date", "2021-04-13")
    assert proc.returncode == 0, proc.stderr
    st = open_store(st_path, read_only=True)
    try:
        whole = {(u, v, k) for u, v, k in network(st).edges(keys=True)}
        day = date(2021, 4, 13)
        parts = [network(st, until=date(2021, 4, 12)), network(st, since=day, until=day),
                 network(st, since=date(2021, 4, 14))]
        keys = [{(u, v, k) for u, v, k in p.edges(keys=True)} for p in parts]
        assert set().union(*keys) == whole and sum(map(len, keys)) == len(whole)
        assert network(st, until=date(2020, 1, 1)).number_of_nodes() == 0
    finally:
        st.close()


def test_missing_store_is_a_store_error(tmp_path):
    proc = run_cli("viz", "--store", tmp_path / "no-such-store", "-o", tmp_path / "z.html")
    assert proc.returncode == 4 and "no newskg store" in proc.stderr and not (tmp_path / "z.html").exists()


def test_undated_articles_are_outside_any_period(store, tmp_path):
    proc = run_cli("viz", "--store", store, "-o", tmp_path / "x.html", "--since", "2000-01-01")
    assert proc.returncode == VIZ_EXIT and "publication date" in proc.stderr
    bad = run_cli("viz", "--store", store, "-o", tmp_path / "x.html", "--until", "13/04/2021")
    assert bad.returncode == VIZ_EXIT and "YYYY-MM-DD" in bad.stderr


# ---------------------------------------------------------------- GraphML / GEXF

@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_round_trips_through_networkx(fmt, read, full, store, tmp_path):
    out = tmp_path / f"seed.{fmt}"
    proc = run_cli("export", "--store", store, "--format", fmt, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert_same_graph(full, read(out))
    by_extension = tmp_path / f"again.{fmt}"
    assert run_cli("export", "--store", store, "-o", by_extension).returncode == 0
    assert_same_graph(full, read(by_extension))
    # Gephi (and graphstream, …) drop or refuse edges whose ids repeat: every edge id is unique
    ids = [e.get("id") for e in ET.parse(out).getroot().iter() if e.tag.endswith("}edge")]
    assert len(ids) == full.number_of_edges() and None not in ids and len(set(ids)) == len(ids)


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_write_graph_round_trips_awkward_text(fmt, read, tmp_path):
    from newskg.viz.network import edge_key, write_graph
    g = nx.MultiDiGraph()
    g.add_node("https://w3id.org/newskg/id/person/a", label='Ana "the <boss>" & Co — Łódź', type="Person",
               mentions=3, articles=2, wikidata="")
    g.add_node("https://w3id.org/newskg/id/country/b", label="B", type="Country", mentions=1, articles=1, wikidata="Q1")
    a, b = "https://w3id.org/newskg/id/person/a", "https://w3id.org/newskg/id/country/b"
    for u, v, kind, score, cameo in ((a, b, "Criticize", -2.0, "111"), (a, b, "Meet", 1.0, "04"),
                                     (a, b, "MemberOf", 3.0, ""), (b, a, "Meet", 1.0, "04")):
        key = edge_key(u, kind, v)
        g.add_edge(u, v, key=key, id=key, relation=kind, weight=2.0, goldstein=score, cameo=cameo)
    path = tmp_path / f"g.{fmt}"
    with path.open("wb") as f:
        write_graph(g, f, fmt)
    assert_same_graph(g, read(path))


# ---------------------------------------------------------------- pictures

def test_png_and_svg_are_written(store, drawn, tmp_path):
    from PIL import Image
    png, svg = tmp_path / "seed.png", tmp_path / "seed.svg"
    viz(store, png)
    viz(store, svg, "--layout", "spring")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 40_000
    with Image.open(png) as im:
        assert im.width >= 1200 and im.height >= 700
    assert svg.stat().st_size > 20_000
    root = ET.parse(svg).getroot()
    texts = {"".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert labels(drawn) <= texts, f"labels missing from the SVG: {labels(drawn) - texts}"
    assert {"Person", "Country", "Organization"} <= texts  # the legend


def test_unknown_picture_format_is_an_error(store, tmp_path):
    proc = run_cli("viz", "--store", store, "-o", tmp_path / "seed.gif")
    assert proc.returncode == VIZ_EXIT and ".png" in proc.stderr


# ---------------------------------------------------------------- the HTML page in chromium

def test_html_is_one_self_contained_file(seed_page):
    text = seed_page.read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=""", text, re.I), "the page loads a file"
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert "vis-network" in text and text.count("<script") == 3


def test_html_renders_the_seed_network_in_chromium(seed_page, drawn, tmp_path):
    status = rendered_status(seed_page, tmp_path / "profile")
    assert int(status["data-nodes"]) == drawn.number_of_nodes()
    assert int(status["data-edges"]) == drawn.number_of_edges()
    rendered = set(json.loads(status["data-labels"]))
    assert rendered == labels(drawn)
    missing = [e for e in gold_events() if not (set(e["agent"]) & rendered and set(e["target"]) & rendered)]
    assert not missing, f"gold relation actors not on the page: {missing}"

    shot = tmp_path / "seed-network.png"
    proc = browse(seed_page, tmp_path / "profile2", f"--screenshot={shot}", "--window-size=1400,900")
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-2000:]
    assert shot.stat().st_size > 20_000
    from PIL import Image

    from newskg.viz.style import TYPE_COLOURS
    with Image.open(shot) as im:
        assert im.size == (1400, 900)
        rgb = im.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20)
    counts = {c: n for n, c in colours}
    for kind in ("Person", "Country", "Organization"):
        h = TYPE_COLOURS[kind].lstrip("#")
        want = tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))
        assert counts.get(want, 0) > 150, f"no {kind} node painted in the screenshot"
    if os.environ.get("NEWSKG_UPDATE_DOCS"):
        shutil.copyfile(shot, REPO / "docs" / "seed-network.png")


def test_article_text_cannot_break_out_of_the_page(tmp_path):
    from newskg.viz.details import Details
    from newskg.viz.html import write_html
    evil = "</script><script>document.title='pwned'</script><!--"
    g = nx.MultiDiGraph()
    g.add_node("urn:a", label=evil, type="Person", mentions=2, articles=1, wikidata="")
    g.add_node("urn:b", label="B & <i>C</i>", type="Country", mentions=1, articles=1, wikidata="")
    g.add_edge("urn:a", "urn:b", key="urn:a--Warn->urn:b", id="urn:a--Warn->urn:b", relation="Warn", weight=1.0,
               goldstein=-3.0, cameo="13")
    det = Details()
    det.quotes["urn:a"].append({"text": evil, "source": "x.txt"})
    det.evidence[("urn:a", "urn:b", "urn:a--Warn->urn:b")].append({"source": "x.txt", "sentence": evil})
    page = tmp_path / "evil.html"
    write_html(g, page, det, title="<b>title</b>")
    text = page.read_text(encoding="utf-8")
    assert "pwned'</script>" not in text and "<b>title</b>" not in text
    data = page_data(page)
    assert {n["label"] for n in data["nodes"]} == {evil, "B & <i>C</i>"}
    status = rendered_status(page, tmp_path / "profile")
    assert status["data-nodes"] == "2" and status["data-edges"] == "1"
    assert evil in json.loads(status["data-labels"])


# ---------------------------------------------------------------- stats, and staying light

def test_stats_prints_every_section(store):
    proc = run_cli("stats", "--store", store)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for section in ("Counts by class", "Most mentioned actors", "Most central actors", "PageRank",
                    "Communities", "Most hostile pairs", "Most cooperative pairs"):
        assert section in out, f"no {section!r} in newskg stats:\n{out}"
    assert re.search(r"articles\s*│\s*1\b", out)
    assert "Russia" in out and "Crimea — Russia" in out


def test_stats_numbers(seed_store, full):
    from newskg.viz.stats import compute
    s = compute(seed_store, full, top=5)
    assert dict(s.counts)["articles"] == 1 and dict(s.counts)["relation assertions"] > 0
    assert s.central[0].label == "Russia"  # the seed is about Russia
    assert s.hostile and all(p.score < 0 for p in s.hostile) and s.hostile == sorted(s.hostile, key=lambda p: p.score)
    assert s.cooperative and all(p.score > 0 for p in s.cooperative)
    assert s.communities and sum(map(len, s.communities)) == sum(1 for n in full if full.degree(n))


def test_query_command_does_not_import_networkx_or_matplotlib(store):
    code = ("import sys\nfrom newskg.cli.app import main\n"
            f"sys.argv = ['newskg', 'query', 'entities', '--store', {str(store)!r}, '--format', 'csv']\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print('HEAVY', sorted(m for m in ('networkx', 'matplotlib', 'scipy') if m in sys.modules), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Russia" in proc.stdout
    assert "HEAVY []" in proc.stderr, proc.stderr[-500:]


def test_relation_scores_fall_back_to_the_shipped_ontology(tmp_path):
    """A store without the ontology graph (built through the library, not the CLI) still gets scores."""
    from newskg.store import open_store
    from newskg.viz.network import network, relation_types
    st = open_store(tmp_path / "empty")
    try:
        kinds = relation_types(st)
        assert len(kinds) == 13 and kinds["Annex"].goldstein == -9.5 and kinds["Meet"].cameo == "04"
        assert network(st).number_of_nodes() == 0
    finally:
        st.close()
