"""``klimaorg knowledge check``: validate a knowledge folder, e.g. before a change is reviewed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from klimaorg.cli.common import fail, handle_errors
from klimaorg.knowledge import DEFAULT_DIR, load_knowledge
from klimaorg.knowledge.practice import FILE as PRACTICE_FILE
from klimaorg.knowledge.practice import load_practice
from klimaorg.knowledge.seed import check_against_seed, read_seed

knowledge_app = typer.Typer(help="Die Wissensbasis prüfen.", no_args_is_help=True)


@knowledge_app.command("check")
@handle_errors
def check(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Ordner der Wissensbasis (ohne Angabe: die mitgelieferte)."),
    ] = None,
    seed: Annotated[
        Path | None,
        typer.Option(help="Quelltabelle (TSV), gegen die alle Zitate wörtlich geprüft werden."),
    ] = None,
) -> None:
    """Alle Dateien streng prüfen (auch die Praxisfälle); mit --seed zusätzlich jedes Zitat gegen
    die Quelltabelle."""
    base = load_knowledge(directory or DEFAULT_DIR)
    statements = len(list(base.statements()))
    ratings = sum(len(m.ratings) for m in base.models)
    typer.echo(
        f"OK: {len(base.models)} Modelle, {statements} Aussagen, {len(base.criteria)} Kriterien, "
        f"{ratings} Bewertungen, {len(base.sources)} Quellen"
    )
    practice = (directory or DEFAULT_DIR) / PRACTICE_FILE
    if practice.exists():  # the documented practice cases, checked against this folder's models
        cases = load_practice(practice, base).cases
        typer.echo(f"OK: {len(cases)} Praxisfälle")
    if seed is not None:
        problems = check_against_seed(base, read_seed(seed))
        if problems:
            for problem in problems:
                typer.echo(f"Abweichung: {problem}", err=True)
            fail(f"{len(problems)} Abweichungen von der Quelltabelle {seed.name}")
        typer.echo(f"OK: alle Zitate stimmen wörtlich mit {seed.name} überein")
