"""The root command lists every command from declared help lines and imports a command's
module only when it runs: the declared lines must be the commands' own, and the start must stay
light (no web app, database layer, report renderer or numerical stack for ``--help``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from klimaorg.cli.main import COMMANDS

HEAVY = ("sqlalchemy", "fastapi", "typst", "numpy", "klimaorg.storage", "klimaorg.advisor")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_declared_help_is_the_commands_own(name: str) -> None:
    entry = COMMANDS[name]
    command = entry.load(name)
    assert command.name == name
    assert entry.short_help(10_000) == command.get_short_help_str(10_000)


def test_the_root_command_imports_nothing_heavy() -> None:
    probe = (
        "import sys, klimaorg.cli.main as m; "
        "from typer.testing import CliRunner; "
        "assert CliRunner().invoke(m.app, ['--help']).exit_code == 0; "
        f"print([n for n in {HEAVY!r} if n in sys.modules])"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert loaded == "[]"
