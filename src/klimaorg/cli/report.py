"""``klimaorg report``: the report of a recommendation as PDF, HTML, Markdown or Word file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from klimaorg.advisor import read_profile_text
from klimaorg.advisor.profile import ProfileError
from klimaorg.advisor.scenarios import Scenario, is_scenario
from klimaorg.cli.common import LangChoice, LangOpt, fail, handle_errors, lang_of
from klimaorg.context import current_directory
from klimaorg.knowledge.yamlfile import validate
from klimaorg.reports.build import report_for_profile
from klimaorg.reports.render import filename, render


class ReportFormat(StrEnum):
    """File formats of the report."""

    pdf = "pdf"
    html = "html"
    md = "md"
    docx = "docx"


class BlockChoice(StrEnum):
    """Text building blocks that can be produced alone."""

    beschlussvorlage = "beschlussvorlage"
    foerderantrag = "foerderantrag"


@handle_errors
def report_command(
    profile: Annotated[
        Path,
        typer.Argument(help="Profil der Kommune als YAML- oder JSON-Datei (wie bei „advise“)."),
    ],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Dateiformat: pdf, html, md, docx.")
    ] = ReportFormat.pdf,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Zieldatei (ohne Angabe: ein sicherer Name im aktuellen Ordner)."
        ),
    ] = None,
    only: Annotated[
        BlockChoice | None,
        typer.Option("--only", help="Nur einen Textbaustein: beschlussvorlage oder foerderantrag."),
    ] = None,
    lang: LangOpt = LangChoice.de,
) -> None:
    """Bericht zur Empfehlung: Zusammenfassung, Rangfolge, Begründung mit Quellen, Organigramm,
    Textbausteine (Beschlussvorlage, Förderantrag) und Methodenanhang."""
    language = lang_of(lang)
    try:
        content = profile.read_bytes()
    except OSError as exc:
        unreadable = "nicht lesbar" if language == "de" else "cannot be read"
        raise ProfileError(str(profile), f"{unreadable} ({exc.strerror})") from None
    data = read_profile_text(content, language, json_only=profile.suffix.lower() == ".json")
    if is_scenario(data):
        data = validate(Scenario, data, profile.name).profile
    report = report_for_profile(data, language, directory=current_directory())
    block = only.value if only else None
    payload = render(report, fmt.value, only=block)
    target = output or Path(filename(report, fmt.value, only=block))
    if str(target) == "-":
        sys.stdout.buffer.write(payload)
        return
    try:
        target.write_bytes(payload)
    except OSError as exc:
        unwritable = "nicht schreibbar" if language == "de" else "cannot be written"
        fail(f"{target}: {unwritable} ({exc.strerror})", language)
    typer.echo(
        f"{'Bericht geschrieben' if language == 'de' else 'Report written'}: {target}", err=True
    )
