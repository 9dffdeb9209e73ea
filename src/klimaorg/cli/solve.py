"""``klimaorg solve PROBLEM.json``: run the decision engine on a JSON problem file."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from klimaorg.engine import solve as engine_solve
from klimaorg.errors import UserInputError
from klimaorg.settings import get_settings
from klimaorg.untrusted import load

MAX_PROBLEM_BYTES = 64 * 1024 * 1024
"""Largest problem file (a matrix of thousands of alternatives fits easily)."""


class OutputFormat(StrEnum):
    """Output formats of ``klimaorg solve``."""

    json = "json"
    table = "table"


def _fail(field: str, message: str) -> typer.Exit:
    sys.stderr.write(f"Fehler: {field}: {message}\n" if field else f"Fehler: {message}\n")
    return typer.Exit(code=2)


def _load(path: Path) -> Any:
    """The problem file, through the untrusted-input reader (at most 64 MB, 32 levels)."""
    try:
        content = path.read_bytes()
    except OSError as err:
        raise _fail(str(path), f"Datei nicht lesbar ({err.__class__.__name__})") from None
    try:
        return load(content, "json", max_bytes=MAX_PROBLEM_BYTES, field=str(path))
    except UserInputError as err:
        raise _fail(err.field, err.message) from None


def _fmt(x: float | None, digits: int = 4) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _table(result: dict[str, Any]) -> None:
    console = Console()
    method = result["method"]
    params = ", ".join(f"{k}={v}" for k, v in method.items() if k not in ("name", "preference"))
    title = f"Ergebnis: {method['name']} ({params})"
    table = Table(title=title)
    table.add_column("Rang", justify="right")
    table.add_column("Alternative")
    table.add_column("Wert", justify="right")
    robust = result.get("robustness")
    if robust:
        table.add_column("Rang-1-Akzeptanz", justify="right")
    alts = result["alternatives"]
    order = sorted(range(len(alts)), key=lambda i: (result["ranking"][i], i))
    for i in order:
        row = [str(result["ranking"][i]), alts[i], _fmt(result["scores"][i])]
        if robust:
            row.append(_fmt(robust["rank_acceptability"][i][0], 3))
        table.add_row(*row)
    console.print(table)
    weights = ", ".join(
        f"{c['id']}={w:.3f}" for c, w in zip(result["criteria"], result["weights"], strict=True)
    )
    console.print(f"Gewichte ({result['weighting']['method']}): {weights}")
    if result["weights_normalised"]:
        console.print("Die angegebenen Gewichte wurden auf Summe 1 normiert.")
    if result["consistency_ratio"] is not None:
        flag = "" if result["consistency_ratio"] <= 0.1 else " – über 0,1: Urteile prüfen"
        console.print(f"Konsistenzverhältnis (größtes): {result['consistency_ratio']:.3f}{flag}")
    if robust and robust.get("stability"):
        st = robust["stability"]
        console.print(f"Erste: {st['winner_id']}, Zweite: {st['runner_up_id']}")
        if st["swap"]:
            sw = st["swap"]
            console.print(
                f"Kleinste Verschiebung, bei der {st['runner_up_id']} gleichzieht: "
                f"{sw['shift']:.3f} von {sw['decrease_id']} zu {sw['increase_id']}"
            )
    if result.get("agreement"):
        ag = result["agreement"]
        console.print(
            f"Übereinstimmung der Methoden: kleinstes Kendall-τ = {_fmt(ag['min_kendall_tau'], 2)}"
        )
    seed = "" if result["seed"] is None else f", Seed {result['seed']}"
    console.print(f"KlimaOrg {result['version']}{seed}")


def solve(
    path: Annotated[
        Path, typer.Argument(help="Problem als JSON-Datei (siehe docs/de/methoden.md).")
    ],
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Ausgabe als JSON oder Tabelle.")
    ] = OutputFormat.json,
) -> None:
    """Ein Entscheidungsproblem lösen (Gewichtung, Aggregation, Robustheit).

    Es gelten dieselben Grenzen wie im Web (KLIMAORG_MAX_ALTERNATIVES, …_CRITERIA, …_SAMPLES,
    …_SOLVE_COST); darüber: Meldung mit dem Feld und Exit-Code 2.
    """
    data = _load(path)
    try:
        result = engine_solve(data, limits=get_settings().engine_limits()).to_dict()
    except UserInputError as err:
        raise _fail(err.field, err.message) from None
    if format is OutputFormat.table:
        _table(result)
    else:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
