"""`newskg validate`: SHACL validation of the store's article graphs or of an RDF file."""
from __future__ import annotations

from pathlib import Path

import typer

from newskg.cli.options import STORE


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_cli)


def validate_cli(
    file: Path = typer.Argument(None, help="An RDF file (.ttl, .trig, .nt, .nq, .jsonld) to validate instead of the store.",
                                show_default=False),
    store: Path = STORE,
    max_shown: int = typer.Option(20, "--show", help="Violations to print."),
    engine: str = typer.Option("pyshacl", "--engine", help="pyshacl (the reference) or turbo (pyshacl-turbo, "
                                                            "the faster engine `newskg build` uses)."),
) -> None:
    """Check graphs against the shipped SHACL shapes (ontology/shapes.ttl) with pySHACL.
    Each article graph is checked on its own; exit status 6 when anything does not conform."""
    from newskg.cli.ui import out, rich_table
    from newskg.errors import ShapeViolation
    from newskg.validate import validate_file, validate_store

    from newskg.validate import ENGINES
    if engine not in ENGINES:
        raise ShapeViolation(f"unknown SHACL engine {engine!r}", f"choose one of {', '.join(ENGINES)}")
    results = validate_file(file, engine=engine) if file else validate_store(store, engine=engine)
    from collections import defaultdict

    bad = [(name, r) for name, r in results if not r.conforms]
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name, r in bad:
        for v in r.violations:
            groups[(_short(name), _short(v.path), v.message)].append(_short(v.focus))
    rows = [[g, p, msg, str(len(foci)), foci[0]] for (g, p, msg), foci in groups.items()]
    if rows:
        out.print(rich_table(["graph", "property", "problem", "count", "e.g. node"], rows[:max_shown],
                             title="SHACL violations"))
    out.print(f"{len(results)} graph(s) checked, {len(results) - len(bad)} conform, {len(bad)} do not")
    if bad:
        n = sum(len(f) for f in groups.values())
        raise ShapeViolation(f"{len(bad)} graph(s) do not conform to the shapes ({n} violation(s))",
                             "see the table above; rebuild the articles with `newskg build --force`")


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if "://" in iri else iri
