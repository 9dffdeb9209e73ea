"""Generate the CLI reference (docs/cli.md) from the commands' own ``--help``.

The reference is never written by hand: ``make docs-cli`` regenerates it and a test fails when it
differs from what the commands say, so the documentation cannot go stale.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import click
import typer.main

from klimaorg.cli.main import app

WIDTH = 100


def _commands(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    """Every command below ``command``, depth first (typer groups quack like click groups)."""
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = click.Context(command)
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _commands(sub, [*path, name])


def _help(command: Any, path: list[str]) -> str:
    parent = None
    for name in path[:-1]:
        parent = click.Context(click.Command(name), info_name=name, parent=parent)
    ctx = click.Context(
        command, info_name=path[-1], parent=parent, terminal_width=WIDTH, max_content_width=WIDTH
    )
    return str(command.get_help(ctx)).rstrip()


def reference() -> str:
    """The whole CLI reference as Markdown."""
    os.environ["COLUMNS"] = str(WIDTH)
    os.environ["TERMINAL_WIDTH"] = str(WIDTH)
    root = typer.main.get_command(app)
    parts = [
        "# Befehlsreferenz / Command reference",
        "",
        "Erzeugt aus `--help` mit `make docs-cli`; ein Test hält sie aktuell. "
        "Generated from `--help` by `make docs-cli`; a test keeps it current.",
        "",
    ]
    for path, command in _commands(root, ["klimaorg"]):
        parts += [f"## `{' '.join(path)}`", "", "```text", _help(command, path), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference())
