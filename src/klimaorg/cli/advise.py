"""``klimaorg advise``: the recommendation for a profile file (YAML or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from klimaorg.advisor import advise, read_profile_text
from klimaorg.advisor.profile import ProfileError
from klimaorg.advisor.scenarios import Scenario, is_scenario, unmet
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
from klimaorg.context import current_directory
from klimaorg.i18n import Lang, gettext_for, number, percent
from klimaorg.jsondata import Data
from klimaorg.knowledge.yamlfile import validate
from klimaorg.reports import markdown


@handle_errors
def advise_command(
    profile: Annotated[
        Path | None,
        typer.Argument(
            help="Profil der Kommune als YAML- oder JSON-Datei (siehe docs/de/profil.md); "
            "entfällt mit --kommune."
        ),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option(
            "--kommune",
            "-k",
            help="Schlüssel oder Name aus dem Gemeindeverzeichnis: Gemeinde (AGS, 8 Ziffern, "
            "oder ARS, 12), Landkreis (5) oder Gemeindeverband (9); ersetzt die Angaben zur "
            "Kommune im Profil.",
        ),
    ] = None,
    lang: LangOpt = LangChoice.de,
    fmt: FormatOpt = Format.table,
) -> None:
    """Empfehlung für eine Kommune: Rangfolge, Begründung, Robustheit, Risiken, Was-wäre-wenn."""
    language = lang_of(lang)
    data = _read(profile, language) if profile is not None else {}
    if key is not None:
        data = _with_key(data, key)
    elif profile is None:
        raise ProfileError(
            "--kommune",
            "bitte eine Profildatei oder --kommune mit Schlüssel oder Name angeben"
            if language == "de"
            else "please give a profile file or --kommune with a key or name",
        )
    scenario = (
        validate(Scenario, data, profile.name)
        if profile is not None and is_scenario(data)
        else None
    )
    try:
        result = advise(
            scenario.profile if scenario else data, lang=language, directory=current_directory()
        )
    except ProfileError as exc:
        if key is not None and exc.field.startswith("municipality."):
            raise ProfileError("--kommune", exc.message) from None  # the user's words
        raise
    emit(result, fmt, markdown.advice, _print)
    if scenario is not None:
        _check(scenario, result)


def _read(profile: Path, language: Lang) -> Any:
    try:
        content = profile.read_bytes()
    except OSError as exc:
        raise ProfileError(str(profile), f"nicht lesbar ({exc.strerror})") from None
    return read_profile_text(content, language, json_only=profile.suffix.lower() == ".json")


def _with_key(data: Any, key: str) -> Any:
    """The profile with its municipality replaced by the one ``key`` (digits) or name means."""
    if not isinstance(data, dict):
        return data  # parse_profile names the problem
    digits = key.replace(" ", "")
    place = {"ags": digits} if digits.isascii() and digits.isdigit() else {"name": key.strip()}
    return {**data, "municipality": place}


def _check(scenario: Scenario, result: Data) -> None:
    """Report whether a scenario's expectation holds; exit 1 when it does not."""
    problems = unmet(scenario.expect, result)
    for problem in problems:
        typer.echo(f"Szenario nicht erfüllt: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"Szenario erfüllt: {scenario.name}", err=True)


def _print(result: Data) -> None:
    lang = result["lang"]
    _ = gettext_for(lang)
    stdout.print(f"[bold]{result['explanation'][0]['text']}[/bold]")
    _print_level(result)
    table = Table(title=_("Ranking"), title_justify="left")
    for column in (_("Rank"), _("Model"), _("Score"), _("Ranks first in")):
        table.add_column(column)
    for row in result["ranking"]:
        if row["excluded"]:
            table.add_row("–", row["name"], "–", _("excluded") + f": {row['reason']}")
        else:
            table.add_row(
                str(row["rank"]),
                row["name"],
                number(row["score"], lang),
                percent(row["first_rank_share"], lang),
            )
    stdout.print(table)
    stdout.print(f"[bold]{_('Why')}[/bold]")
    for sentence in result["explanation"][1:]:
        stdout.print(f"• {sentence['text']}")
    stdout.print(f"[bold]{_('What would change the result')}[/bold]")
    for item in result["what_if"]:
        stdout.print(f"• {item['text']}")
    stdout.print(f"[bold]{_('Risks and mitigations')}[/bold]")
    for risk in result["risks"]:
        stdout.print(f"• {risk['text']}")
        for measure in risk["mitigations"]:
            stdout.print(f"    – {measure['name']}")
    complement = result["complement"]
    if complement["text"]:
        stdout.print(f"[bold]{_('Complement')}:[/bold] {complement['text']}")
    stdout.print(complement["working_group"]["text"])
    _print_funding(result)
    _print_practice(result)
    if result["assumptions"]:
        stdout.print(f"[bold]{_('Assumptions')}[/bold]")
        for item in result["assumptions"]:
            stdout.print(f"• {item['label']}: {item['rationale']}")


def _print_level(result: Data) -> None:
    """Which administration the advice is for, its members, and the notes of its kind."""
    lang = result["lang"]
    level = result.get("level")
    if level:
        stdout.print(level["text"], markup=False)
        members = ", ".join(
            f"{m['name']} ({number(m['population'], lang, 0)})" for m in level["members"]
        )
        stdout.print(members, markup=False)
    for note in result.get("level_notes") or []:
        source = f" ({note['source']})" if note.get("source") else ""
        stdout.print(f"{note['text']}{source}", markup=False)


def _print_funding(result: Data) -> None:
    """The funding conditions that apply: kind (a contradiction named as one), note, source.

    Cells are :class:`Text`, never console markup: a bracket in a note stays a bracket.
    """
    notes = result.get("funding") or []
    if not notes:
        return
    _ = gettext_for(result["lang"])
    table = Table(title=_("Funding conditions"), title_justify="left", show_lines=True)
    table.add_column(_("Kind"))
    table.add_column(_("Note"))
    table.add_column(_("Source"), overflow="fold")  # an address is shown whole, never cut
    for note in notes:
        style = {"contradiction": "bold red", "warning": "yellow"}.get(note["severity"], "")
        source = note["citation"] + (f" <{note['url']}>" if note.get("url") else "")
        table.add_row(Text(note["severity_label"], style=style), Text(note["text"]), Text(source))
    stdout.print(table)


def _print_practice(result: Data) -> None:
    """The documented cases most like the profile: what each chose, whether and why it changed,
    why it is similar, and its source (cells as :class:`Text`, never console markup)."""
    examples = result.get("practice_examples") or []
    if not examples:
        return
    _ = gettext_for(result["lang"])
    table = Table(title=_("Similar cases in practice"), title_justify="left", show_lines=True)
    for column in (_("Case"), _("Model"), _("Change of placement"), _("Why similar")):
        table.add_column(column, overflow="fold")
    table.add_column(_("Source"), overflow="fold")
    for case in examples:
        table.add_row(
            Text(case["name"]),
            Text(case["model_name"]),
            Text(case["change"]),
            Text(case["reason"]),
            Text(case["source"]),
        )
    stdout.print(table)
