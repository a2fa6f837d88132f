"""`newskg evaluate`: precision, recall and F1 of extraction on gold articles."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate_cli)


def evaluate_cli(
    gold: Path = typer.Option(..., "--gold", "-g", help="Folder of gold JSON files (format of shared/gold/GUIDELINES.md).",
                              show_default=False),
    errors: bool = typer.Option(False, "--errors", "-e", help="List every miss and false hit with its sentence."),
    per_article: bool = typer.Option(False, "--per-article", help="One line of F1 scores per article."),
    model: str = typer.Option(None, "--model", "-m", help="spaCy pipeline to use."),
) -> None:
    """Run extraction on the gold articles as `newskg build` + the ready queries would, and score it
    with the matching rules of shared/gold/README.md (names normalised, aliases accepted,
    quotes matched at ≥ 80 % word overlap, optional relations neither gain nor cost)."""
    from newskg.cli.ui import out, rich_table
    from newskg.evaluate import evaluate, prf

    result = evaluate(gold, model=model)
    if per_article:
        rows = [[aid, *(f"{prf(*v)[2]:.2f}" for k, v in scores.items() if k != "entity_canonical")]
                for aid, scores in result.per_article.items()]
        cats = [k for k in result.totals if k != "entity_canonical"]
        out.print(rich_table(["article", *cats], rows, title="F1 per article"))
    rows = []
    for k, (tp, n_pred, n_gold) in result.totals.items():
        if k == "entity_canonical":
            continue
        p, r, f = prf(tp, n_pred, n_gold)
        rows.append([k, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(tp), str(n_pred), str(n_gold)])
    tp, n, _ = result.totals["entity_canonical"]
    rows.append(["entity_canonical", "", "", f"{tp / n if n else 0:.3f}", str(tp), str(n), ""])
    out.print(rich_table(["category", "P", "R", "F1", "tp", "predicted", "gold"], rows,
                         title=f"newskg evaluate — {len(result.per_article)} article(s) in {gold}"))
    if errors:
        for e in result.errors:
            out.print(f"[bold]{e.article}[/] [red]{e.kind}[/] {e.category}: {e.detail}")
            if e.sentence:
                out.print(f"    [dim]{e.sentence}[/]")
