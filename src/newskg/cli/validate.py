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
) -> None:
    """Check graphs against the shipped SHACL shapes (ontology/shapes.ttl) with pySHACL.
    Each article graph is checked on its own; exit status 6 when anything does not conform."""
    from newskg.cli.ui import out, rich_table
    from newskg.errors import ShapeViolation
    from newskg.validate import validate_file, validate_store

    results = validate_file(file) if file else validate_store(store)
    bad = [(name, r) for name, r in results if not r.conforms]
    rows = []
    for name, r in bad:
        for v in r.violations:
            rows.append([name, v.focus.rsplit("/", 1)[-1], v.path.rsplit("#", 1)[-1].rsplit("/", 1)[-1], v.message])
    if rows:
        out.print(rich_table(["graph", "focus", "path", "problem"], rows[:max_shown], title="SHACL violations"))
    out.print(f"{len(results)} graph(s) checked, {len(results) - len(bad)} conform, {len(bad)} do not")
    if bad:
        raise ShapeViolation(f"{len(bad)} graph(s) do not conform to the shapes ({len(rows)} violation(s))",
                             "see the table above; rebuild the articles with `newskg build --force`")
