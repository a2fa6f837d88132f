"""Benchmarks of newskg, as ratios measured within one run on this machine.

    python benchmarks/run.py [--articles 10000] [--jobs 2] [--sample 400] [--out benchmarks/README.md]

1. Build words/s against bare spaCy `nlp.pipe` words/s, same model, same texts, one process.
2. SHACL validation's share of build time (the same sample built with and without validation),
   and validation cost per article at two sample sizes (it should not grow with the store).
3. The full corpus built with `newskg build --jobs N`: wall time and peak RSS of the whole
   process tree (sampled from /proc).
4. Each ready query on that store: median of 5 runs, answered as `newskg query` answers it (from the
   view the build kept, for the parameterless ones) and evaluated on the store; `about.rq` for a
   typical and for the most named entity; `newskg query` start-up in a fresh process, and whether
   it imported spaCy.
The table is written between the markers in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
NEWSKG = Path(sys.executable).parent / "newskg"
START, END = "<!-- results:start -->", "<!-- results:end -->"
ABOUT_SAMPLE = 25


def words_of(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def bare_pipe(texts: list[str], model: str) -> float:
    import spacy
    nlp = spacy.load(model)
    list(nlp.pipe(texts[:20]))                     # warm up
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return words_of(texts) / (time.perf_counter() - t)


def build_sample(folder: Path, store: Path, *, validate: bool) -> float:
    from newskg.build import build
    from newskg.store import open_store
    shutil.rmtree(store, ignore_errors=True)
    st = open_store(store)
    t = time.perf_counter()
    report = build([folder], st, validate_graphs=validate)
    elapsed = time.perf_counter() - t
    st.close()
    assert not report.failed, report.failed[:3]
    return elapsed


def validation_per_article(folder: Path, n: int) -> float:
    """Mean ms to validate one article graph, over the first n articles."""
    from newskg.extract import extract
    from newskg.ingest import read
    from newskg.nlp.pipeline import load
    from newskg.rdf.graph import to_graph
    from newskg.validate import validate
    nlp = load()
    arts = [a for a, _ in zip(read([folder]), range(n))]
    graphs = [to_graph(extract(doc, a)) for a, doc in zip(arts, nlp.pipe(a.analysis_text() for a in arts))]
    validate(graphs[0], engine="turbo")
    t = time.perf_counter()
    for g in graphs:
        validate(g, engine="turbo")
    return (time.perf_counter() - t) / len(graphs) * 1000


class TreeRSS(threading.Thread):
    """Peak resident memory of a process and all its descendants, sampled from /proc: the sum of
    their RSS (which counts pages the forked workers share with the parent once per process) and
    the sum of their PSS (which splits shared pages between the processes sharing them)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.peak_pss, self.done = pid, 0, 0, False

    def run(self) -> None:
        while not self.done:
            rss, pss = self.sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            time.sleep(0.25)

    def sample(self) -> tuple[int, int]:
        kids: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
                    kids.setdefault(ppid, []).append(int(d))
                except (OSError, IndexError, ValueError):
                    pass
        rss = pss = 0
        todo = [self.pid]
        while todo:
            p = todo.pop()
            todo.extend(kids.get(p, []))
            try:
                for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            except OSError:
                pass
        return rss, pss


def full_build(folder: Path, store: Path, jobs: int) -> tuple[float, int, int]:
    shutil.rmtree(store, ignore_errors=True)
    t = time.perf_counter()
    proc = subprocess.Popen([str(NEWSKG), "build", str(folder), "--store", str(store), "--jobs", str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mon = TreeRSS(proc.pid)
    mon.start()
    out, err = proc.communicate()
    mon.done = True
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{err[-2000:]}")
    return elapsed, mon.peak, mon.peak_pss


def _median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _written(result) -> bytes:
    """The result written out as SPARQL JSON (Turtle for graphs), as `newskg query --format json` does."""
    import pyoxigraph as ox
    if isinstance(result, ox.QuerySolutions):
        return result.serialize(format=ox.QueryResultsFormat.JSON)
    return ox.serialize(result, format=ox.RdfFormat.TURTLE)


def query_medians(store: Path) -> tuple[dict[str, tuple[float, float | None, int]], dict[str, tuple[float, int, int]]]:
    """Per ready query: (evaluated ms, answered ms — from the build's view when it kept one —, rows);
    and about.rq (it takes a parameter) per sampled entity: (ms, rows, articles naming it)."""
    import pyoxigraph as ox

    from newskg.query import load_query, parameterless, run
    from newskg.store import open_store
    st = open_store(store, read_only=True)
    out: dict[str, tuple[float, float | None, int]] = {}
    for name, sparql in parameterless().items():
        rows = sum(1 for _ in run(st, sparql, use_views=False))
        evaluated = _median_ms(lambda: _written(run(st, sparql, use_views=False)))
        answered = _median_ms(lambda: _written(run(st, sparql))) if st.view(sparql) is not None else None
        out[name] = (evaluated, answered, rows)
    # about.rq for entities spread over the ranking by the number of articles naming them: users ask
    # about the rare and the famous alike; report the median over them and the slowest
    ranked = [(s["n"].value, int(s["c"].value)) for s in st.query(
        "SELECT ?n (COUNT(?a) AS ?c) WHERE { VALUES ?t { schema:Person schema:Organization schema:Country } "
        "GRAPH ?a { ?e a ?t ; rdfs:label ?n } } GROUP BY ?n ORDER BY DESC(?c) ?n")]
    about = load_query("about")
    # ranks spaced geometrically (1, 2, 3, 5, 8, …, the last): the famous few and the long tail
    ranks = sorted({round(len(ranked) ** (i / (ABOUT_SAMPLE - 1))) - 1 for i in range(ABOUT_SAMPLE)})
    picks = [ranked[r] for r in ranks]
    params = {}
    for name, articles in picks:
        binding = {"name": ox.Literal(name)}
        rows = sum(1 for _ in run(st, about, binding))
        params[name] = (_median_ms(lambda: _written(run(st, about, binding)), runs=3), rows, articles)
    st.close()
    return out, params


def about_row(about: dict[str, tuple[float, int, int]]) -> tuple[str, str, str]:
    slow_name, (slow_ms, slow_rows, slow_articles) = max(about.items(), key=lambda kv: kv[1][0])
    counts = [a for _, _, a in about.values()]
    return (f"`about.rq --param name=…` for {len(about)} entities ranked 1st to last by articles naming them, geometrically spaced "
            f"({min(counts):,} to {max(counts):,} articles), median of 3 each: median over the entities; slowest",
            f"**{statistics.median(ms for ms, _, _ in about.values()):.0f} ms**; {slow_ms:.0f} ms "
            f"({slow_name}: {slow_articles:,} articles, {slow_rows:,} rows)", "≤ 200 ms")


def query_startup(store: Path) -> tuple[float, bool]:
    times = []
    for _ in range(5):
        t = time.perf_counter()
        r = subprocess.run([str(NEWSKG), "query", "ASK { ?s ?p ?o }", "--store", str(store)],
                           capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-c", "import sys; from newskg.cli.app import main; "
                        "sys.argv=['newskg','query','ASK { ?s ?p ?o }','--store',sys.argv[1]];\n"
                        "try:\n    main()\nexcept SystemExit:\n    pass\nprint('spacy' in sys.modules)", str(store)],
                       capture_output=True, text=True)
    return statistics.median(times), r.stdout.strip().endswith("True")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=400)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newskg-bench")
    ap.add_argument("--out", type=Path, default=HERE / "README.md")
    ap.add_argument("--queries-only", action="store_true", help="only time the queries on the store already built")
    a = ap.parse_args()
    if a.queries_only:
        medians, about = query_medians(a.work / "store")
        for name, (evaluated, answered, rows) in medians.items():
            print(f"{name:14} {rows:>8,} rows  answered {answered or 0:7.0f} ms  evaluated {evaluated:7.0f} ms")
        for name, (ms, rows, articles) in about.items():
            print(f"about {name} ({articles:,} articles): {rows:,} rows, {ms:.0f} ms")
        return
    from corpus import generate
    from newskg.nlp.pipeline import default_model

    corpus, sample = a.work / f"corpus-{a.articles}", a.work / f"sample-{a.sample}"
    if not corpus.exists():
        words = generate(a.articles, corpus)
        print(f"generated {a.articles} articles, {words} words")
    if not sample.exists():
        sample.mkdir(parents=True)
        for p in sorted(corpus.glob("*.txt"))[:a.sample]:
            shutil.copy(p, sample / p.name)
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample.glob("*.txt"))]
    words = words_of(texts)
    model = default_model()

    bare = bare_pipe(texts, model)
    with_val = build_sample(sample, a.work / "s1", validate=True)
    without = build_sample(sample, a.work / "s2", validate=False)
    build_wps = words / with_val
    val_share = (with_val - without) / with_val
    per_small = validation_per_article(sample, max(a.sample // 4, 20))
    per_large = validation_per_article(sample, a.sample)
    print(f"bare {bare:.0f} w/s, build {build_wps:.0f} w/s, validation {val_share:.1%}")

    elapsed, peak, peak_pss = full_build(corpus, a.work / "store", a.jobs)
    print(f"full build {elapsed:.0f} s, peak RSS {peak / 2**20:.0f} MiB, PSS {peak_pss / 2**20:.0f} MiB")
    medians, about = query_medians(a.work / "store")
    startup, spacy_loaded = query_startup(a.work / "store")
    total_words = words_of([p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")])

    rows = [
        ("build words/s ÷ bare `nlp.pipe` words/s (one process, same texts)",
         f"{build_wps:,.0f} ÷ {bare:,.0f} = **{build_wps / bare:.2f}**", "≥ 0.5"),
        ("SHACL validation share of build time", f"**{val_share:.1%}**", "≤ 20 %"),
        ("validation per article, first " + str(max(a.sample // 4, 20)) + " vs " + str(a.sample) + " articles",
         f"{per_small:.1f} ms vs {per_large:.1f} ms", "linear"),
        (f"{a.articles:,} articles ({total_words:,} words), `newskg build --jobs {a.jobs}`",
         f"**{elapsed / 60:.1f} min** ({total_words / elapsed:,.0f} words/s)", "≤ 10 min"),
        ("peak memory of the build, all processes: sum of RSS (shared pages counted per process) / sum of PSS",
         f"**{peak / 2**20:,.0f} MiB** / {peak_pss / 2**20:,.0f} MiB", "≤ 2 GB"),
        *((f"`{name}.rq` ({rows:,} rows), median of 5: answered (from the build's view) / evaluated",
           (f"**{answered:.0f} ms** / {evaluated:.0f} ms" if answered is not None else f"**{evaluated:.0f} ms**"),
           "≤ 200 ms") for name, (evaluated, answered, rows) in medians.items()),
        about_row(about),
        ("`newskg query` start-up, median of 5", f"**{startup:.2f} s**", "≤ 1.5 s"),
        ("spaCy imported by `newskg query`", "yes" if spacy_loaded else "**no**", "no"),
    ]
    table = "\n".join(["| measure | result | target |", "|---|---|---|",
                       *(f"| {m} | {r} | {t} |" for m, r, t in rows)])
    stamp = (f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores with `python benchmarks/run.py "
             f"--articles {a.articles} --jobs {a.jobs} --sample {a.sample}` (model {model}).")
    text = a.out.read_text(encoding="utf-8") if a.out.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    text = f"{head}{START}\n{stamp}\n\n{table}\n{END}{rest.split(END, 1)[1]}"
    a.out.write_text(text, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
