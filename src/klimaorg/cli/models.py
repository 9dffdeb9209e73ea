"""``klimaorg models …`` and ``klimaorg criteria``: read the knowledge base."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from klimaorg.cli.common import (
    Format,
    FormatOpt,
    LangChoice,
    LangOpt,
    emit,
    handle_errors,
    lang_of,
    stdout,
)
from klimaorg.context import current_knowledge
from klimaorg.i18n import Lang, gettext_for
from klimaorg.jsondata import Data
from klimaorg.knowledge import catalogue
from klimaorg.reports import markdown
from klimaorg.reports.markdown import basis_text, rated, signed

models_app = typer.Typer(
    help="Die sechs Organisationsmodelle ansehen und vergleichen.", no_args_is_help=True
)


@models_app.command("list")
@handle_errors
def list_models(lang: LangOpt = LangChoice.de, fmt: FormatOpt = Format.table) -> None:
    """Alle Organisationsmodelle mit Kurzbeschreibung auflisten."""
    data = catalogue.list_models(current_knowledge(), lang_of(lang))
    emit(data, fmt, markdown.models_list, _print_models)


def _print_models(data: Data) -> None:
    _ = gettext_for(data["lang"])
    table = Table(title=_("Organisational models"), show_lines=True)
    for column in ("ID", _("Model"), _("Description")):
        table.add_column(column)
    for model in data["models"]:
        table.add_row(model["id"], model["name"]["text"], model["description"]["text"])
    stdout.print(table)


@models_app.command("show")
@handle_errors
def show_model(
    model_id: Annotated[str, typer.Argument(help="ID des Modells, z. B. stabsstelle.")],
    lang: LangOpt = LangChoice.de,
    fmt: FormatOpt = Format.table,
) -> None:
    """Ein Modell mit allen Vor- und Nachteilen, ihren Wirkungen auf die Kriterien und Quellen."""
    data = catalogue.show_model(current_knowledge(), model_id, lang_of(lang))
    emit(data, fmt, markdown.model_show, lambda d: _print_model(d["model"], d["lang"]))


@models_app.command("compare")
@handle_errors
def compare_models(
    model_ids: Annotated[
        list[str] | None, typer.Argument(help="IDs der Modelle (ohne Angabe: alle).")
    ] = None,
    lang: LangOpt = LangChoice.de,
    fmt: FormatOpt = Format.table,
) -> None:
    """Modelle nebeneinander: Bewertung 1–5 je Kriterium mit Intervall (Verfahren: index.yaml)."""
    data = catalogue.compare_models(current_knowledge(), model_ids or [], lang_of(lang))
    emit(data, fmt, markdown.comparison, _print_comparison)


@handle_errors
def list_criteria(lang: LangOpt = LangChoice.de, fmt: FormatOpt = Format.table) -> None:
    """Die Kriterien, nach denen die Modelle verglichen werden, und woraus sie abgeleitet sind."""
    data = catalogue.list_criteria(current_knowledge(), lang_of(lang))
    emit(data, fmt, markdown.criteria_list, _print_criteria)


def _print_criteria(data: Data) -> None:
    _ = gettext_for(data["lang"])
    table = Table(title=_("Criteria"), show_lines=True)
    for column in ("ID", _("Criterion"), _("Definition"), _("Derived from")):
        table.add_column(column)
    for criterion in data["criteria"]:
        derived = "\n".join(d["id"] for d in criterion["derived_from"])
        table.add_row(criterion["id"], criterion["name"], criterion["definition"], derived)
    stdout.print(table)


def _print_model(model: Data, lang: Lang) -> None:
    _ = gettext_for(lang)
    stdout.print(f"[bold]{model['name']['text']}[/bold] ({model['id']})")
    stdout.print(model["description"]["text"])
    if note := model["description"].get("note"):
        stdout.print(f"[italic]{note}[/italic]")
    for key, title in (("advantages", _("Advantages")), ("disadvantages", _("Disadvantages"))):
        table = Table(title=title, show_lines=True, title_justify="left")
        for column in (_("Statement"), _("Criteria"), _("Source")):
            table.add_column(column)
        for statement in model[key]:
            effects = "\n".join(
                f"{e['criterion_name']} {signed(e['value'])}" for e in statement["effects"]
            )
            table.add_row(statement["text"], effects, statement["source"]["id"])
        stdout.print(table)
    table = Table(title=_("Rating"), show_lines=True, title_justify="left")
    for column in (_("Criterion"), _("Rating"), _("Basis"), _("Rationale")):
        table.add_column(column)
    for cell in model["profile"]:
        basis = "\n".join(f"• {basis_text(item, lang)}" for item in cell["basis"])
        table.add_row(cell["criterion_name"], rated(cell, lang), basis, cell["rationale"])
    stdout.print(table)


def _print_comparison(data: Data) -> None:
    _ = gettext_for(data["lang"])
    table = Table(title=_("Criteria profile"), caption=data["method"])
    table.add_column(_("Criterion"))
    for model in data["models"]:
        table.add_column(model["short_name"], justify="right")
    for position, criterion in enumerate(data["criteria"]):
        values = [rated(m["profile"][position], data["lang"]) for m in data["models"]]
        table.add_row(criterion["name"], *values)
    stdout.print(table)
