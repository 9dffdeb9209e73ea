"""The ``klimaorg`` command.

Every command lives in its own module and is imported only when it runs: ``klimaorg --help``
and ``klimaorg models list`` must not pay for the web app, the database layer or the report
renderer (together about a second of imports). The root group therefore knows each command by
name, module and the one-line help its listing shows (:data:`COMMANDS`); a test checks that this
line is the command's own, so the listing cannot drift from the commands.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
import typer.core
import typer.main
from typer import _click as click  # Typer's own copy of click, which its groups are made of

from klimaorg import __version__

HELP = "KlimaOrg – Entscheidungshilfe für die Organisation des kommunalen Klimaschutzmanagements."


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """A command of the root group: where it lives and the help its listing shows."""

    module: str
    attribute: str
    help: str

    def short_help(self, limit: int) -> str:
        """The listing's line, shortened to ``limit`` exactly as click shortens a command's."""
        return typer.core.TyperCommand(name=None, help=self.help).get_short_help_str(limit)

    def load(self, name: str) -> click.Command:
        """Import the command's module and build its click command (a group for sub-apps)."""
        target: Any = getattr(importlib.import_module(self.module), self.attribute)
        if isinstance(target, typer.Typer):
            target.rich_markup_mode = None  # plain click help, as the root's (the docs quote it)
            command: click.Command = typer.main.get_group(target)
        else:
            holder = typer.Typer(add_completion=False, rich_markup_mode=None)
            holder.command(name)(target)
            command = typer.main.get_command(holder)
        command.name = name
        return command


COMMANDS: dict[str, LazyCommand] = {
    "criteria": LazyCommand(
        "klimaorg.cli.models",
        "list_criteria",
        "Die Kriterien, nach denen die Modelle verglichen werden, und woraus sie abgeleitet sind.",
    ),
    "advise": LazyCommand(
        "klimaorg.cli.advise",
        "advise_command",
        "Empfehlung für eine Kommune: Rangfolge, Begründung, Robustheit, Risiken, Was-wäre-wenn.",
    ),
    "batch": LazyCommand(
        "klimaorg.cli.batch",
        "batch_command",
        "Empfehlungen für viele Kommunen: eine Zeile je Kommune, Übersicht nach Größenklasse.",
    ),
    "report": LazyCommand(
        "klimaorg.cli.report",
        "report_command",
        "Bericht zur Empfehlung: Zusammenfassung, Rangfolge, Begründung mit Quellen, Organigramm, "
        "Textbausteine (Beschlussvorlage, Förderantrag) und Methodenanhang.",
    ),
    "serve": LazyCommand(
        "klimaorg.cli.serve",
        "serve",
        "Die Web-Anwendung starten (Seiten und JSON-API unter /api/v1/).",
    ),
    "solve": LazyCommand(
        "klimaorg.cli.solve",
        "solve",
        "Ein Entscheidungsproblem lösen (Gewichtung, Aggregation, Robustheit).",
    ),
    "models": LazyCommand(
        "klimaorg.cli.models",
        "models_app",
        "Die sechs Organisationsmodelle ansehen und vergleichen.",
    ),
    "knowledge": LazyCommand("klimaorg.cli.knowledge", "knowledge_app", "Die Wissensbasis prüfen."),
    "directory": LazyCommand(
        "klimaorg.cli.directory",
        "directory_app",
        "Amtliches Gemeindeverzeichnis (Destatis GV100AD): importieren, anzeigen, suchen.",
    ),
    "db": LazyCommand(
        "klimaorg.cli.db", "db_app", "Datenbank: Migrationen, Gemeindeverzeichnis, Sicherung."
    ),
    "orgs": LazyCommand("klimaorg.cli.db", "orgs_app", "Organisationen (Mandanten) anlegen."),
    "users": LazyCommand(
        "klimaorg.cli.db", "users_app", "Benutzerkonten anlegen, Passwörter zurücksetzen."
    ),
    "tokens": LazyCommand(
        "klimaorg.cli.db", "tokens_app", "API-Tokens für Skripte und Fachverfahren."
    ),
    "assessments": LazyCommand(
        "klimaorg.cli.db",
        "assessments_app",
        "Bewertungen mit ihrer Versionsgeschichte exportieren und importieren.",
    ),
}
"""The commands in the order ``klimaorg --help`` lists them."""


class LazyGroup(typer.core.TyperGroup):
    """The root group: lists :data:`COMMANDS` from their declared help and imports a command's
    module only when that command is asked for."""

    # The context arguments are click's API; the commands do not depend on them.
    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002
        return list(COMMANDS)

    def get_command(
        self,
        ctx: click.Context,  # noqa: ARG002
        cmd_name: str,
    ) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = COMMANDS[cmd_name].load(cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(
        self,
        ctx: click.Context,  # noqa: ARG002
        formatter: click.HelpFormatter,
    ) -> None:
        """Click's listing, from the declared help lines (no command is imported for it)."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, entry.short_help(limit)) for name, entry in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="klimaorg",
    cls=LazyGroup,
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


def main() -> None:
    """Entry point of the console script."""
    app()
