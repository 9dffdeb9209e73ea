"""The ``klimaorg`` command."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="klimaorg",
    help="KlimaOrg – Entscheidungshilfe für die Organisation des kommunalen Klimaschutzmanagements.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def main() -> None:
    """Entry point of the console script."""
    app()
