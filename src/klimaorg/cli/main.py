"""The ``klimaorg`` command."""

from __future__ import annotations

import typer

from klimaorg import __version__
from klimaorg.cli import solve
from klimaorg.cli.advise import advise_command
from klimaorg.cli.batch import batch_command
from klimaorg.cli.db import register_storage_commands
from klimaorg.cli.directory import directory_app
from klimaorg.cli.knowledge import knowledge_app
from klimaorg.cli.models import list_criteria, models_app
from klimaorg.cli.report import report_command
from klimaorg.cli.serve import serve

HELP = "KlimaOrg – Entscheidungshilfe für die Organisation des kommunalen Klimaschutzmanagements."

app = typer.Typer(
    name="klimaorg",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"klimaorg {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Version anzeigen und beenden."
    ),
) -> None:
    """KlimaOrg – Entscheidungshilfe für die Organisation des kommunalen Klimaschutzmanagements."""


app.add_typer(models_app, name="models")
app.command("criteria")(list_criteria)
app.add_typer(knowledge_app, name="knowledge")
app.command("advise")(advise_command)
app.command("batch")(batch_command)
app.command("report")(report_command)
app.command("serve")(serve)
app.command("solve")(solve.solve)
app.add_typer(
    directory_app,
    name="directory",
    help="Amtliches Gemeindeverzeichnis (Destatis GV100AD): importieren, anzeigen, suchen.",
)
register_storage_commands(app)


def main() -> None:
    """Entry point of the console script."""
    app()
