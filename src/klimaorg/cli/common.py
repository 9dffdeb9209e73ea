"""Options and error handling shared by every command.

Commands stay thin: parse options, call one service function that returns a data dict, render it
as a table, Markdown or JSON. Errors a user can fix become one line on stderr and exit code 2.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console

from klimaorg.errors import KlimaOrgError
from klimaorg.i18n import Lang

P = ParamSpec("P")
R = TypeVar("R")

EXIT_USAGE = 2


class LangChoice(StrEnum):
    """Languages of the output."""

    de = "de"
    en = "en"


class Format(StrEnum):
    """Output formats: ``json`` is the stable machine interface."""

    table = "table"
    json = "json"
    markdown = "markdown"


LangOpt = Annotated[
    LangChoice,
    typer.Option("--lang", "-l", help="Sprache der Ausgabe (de, en).", case_sensitive=False),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Ausgabeformat (table, json, markdown).")
]

stdout = Console(soft_wrap=False)
stderr = Console(stderr=True)


def lang_of(choice: LangChoice) -> Lang:
    """The i18n language for an option value."""
    return "en" if choice is LangChoice.en else "de"


def fail(message: str, lang: Lang = "de") -> NoReturn:
    """Print one error line and exit with the usage error code."""
    prefix = "Fehler" if lang == "de" else "Error"
    sys.stderr.write(f"{prefix}: {message}\n")
    raise typer.Exit(EXIT_USAGE)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the errors KlimaOrg raises on purpose into one line and exit code 2 (the prefix in
    the language the command was asked to speak)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except KlimaOrgError as exc:
            fail(str(exc), "en" if kwargs.get("lang") is LangChoice.en else "de")

    return wrapper


def print_json(data: Any) -> None:
    """Write data as pretty, UTF-8 JSON (umlauts unescaped) to stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_markdown(text: str) -> None:
    """Write Markdown source to stdout (unrendered, for pasting into documents)."""
    sys.stdout.write(text.rstrip() + "\n")


def emit(
    data: Any, fmt: Format, to_markdown: Callable[[Any], str], print_table: Callable[[Any], None]
) -> None:
    """Write a command's result in the chosen format: the same data as JSON, as Markdown
    source, or as a table for the terminal."""
    if fmt is Format.json:
        print_json(data)
    elif fmt is Format.markdown:
        print_markdown(to_markdown(data))
    else:
        print_table(data)
