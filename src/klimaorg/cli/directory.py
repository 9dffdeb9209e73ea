"""``klimaorg directory …``: import the Destatis municipality directory, look up, search."""

from __future__ import annotations

import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from klimaorg.cli.common import EXIT_USAGE, fail, handle_errors, print_json
from klimaorg.context import directory_cache_path
from klimaorg.directory import (
    AmbiguousNameError,
    Directory,
    Entity,
    Gemeindeverband,
    Kind,
    Kreis,
    Municipality,
    load,
    save,
)
from klimaorg.errors import UserInputError

directory_app = typer.Typer(
    help="Amtliches Gemeindeverzeichnis (Destatis GV100AD): importieren, anzeigen, suchen.",
    no_args_is_help=True,
)

RECORD_TYPE_LABELS = {
    "10": "Länder",
    "20": "Regierungsbezirke",
    "30": "Regionen",
    "40": "Kreise",
    "50": "Gemeindeverbände",
    "60": "Gemeinden",
}

KIND_LABELS = {
    Kind.GEMEINDE: "Gemeinde",
    Kind.STADT: "Stadt",
    Kind.KREISFREIE_STADT: "kreisfreie Stadt",
    Kind.LANDKREIS: "Landkreis",
    Kind.GEMEINDEVERBAND: "Gemeindeverband",
    Kind.GEMEINDEFREI: "gemeindefreies Gebiet",
}


class OutputFormat(StrEnum):
    """How results are printed."""

    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Ausgabe als Tabelle (table) oder JSON (json)."),
]
CacheOption = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        help="Cache-Datei des importierten Verzeichnisses (Standard: "
        "$KLIMAORG_DATA_DIR/gv100ad.json.gz oder ~/.local/share/klimaorg/gv100ad.json.gz).",
        dir_okay=False,
    ),
]


def _number(value: int | None) -> str:
    """German thousands separator: 10.981."""
    return "–" if value is None else f"{value:,}".replace(",", ".")


def _fail_with(message: str, details: list[str]) -> NoReturn:
    """Like :func:`fail`, followed by further lines (the candidates of an ambiguous name)."""
    sys.stderr.write(f"Fehler: {message}\n" + "".join(f"{line}\n" for line in details))
    raise typer.Exit(EXIT_USAGE)


def _load(cache: Path | None) -> Directory:
    return load(cache or directory_cache_path())


def _entity_dict(entity: Entity) -> dict[str, Any]:
    data = {"key": entity.key, "short_name": entity.short_name, **asdict(entity)}
    data["reference_date"] = entity.reference_date.isoformat()
    data["kind"] = entity.kind.value
    data["entity"] = _entity_type(entity)
    return data


def _entity_type(entity: Entity) -> str:
    match entity:
        case Municipality():
            return "gemeinde"
        case Kreis():
            return "kreis"
        case Gemeindeverband():
            return "gemeindeverband"


@directory_app.command("import")
@handle_errors
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="GV100AD-Datei von Destatis (Festbreitenformat, UTF-8), z. B. GV100AD_301123.txt."
        ),
    ],
    cache: CacheOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Datei einlesen, prüfen und für alles laden, was das Verzeichnis braucht: Beratung,
    Stapel, Berichte und Bewertungen (Datenbank); zeigt Anzahlen je Satzart und Größenklasse.

    Bei einem Fehler in der Datei bleibt der alte Stand unverändert.
    """
    target = cache or directory_cache_path()
    directory, stored = import_directory_everywhere(file, target)
    counts = directory.record_counts()
    classes = directory.size_class_counts()
    gemeindefrei = sum(1 for m in directory.municipalities if m.is_gemeindefrei)
    date = directory.reference_date.isoformat() if directory.reference_date else None
    if output is OutputFormat.JSON:
        print_json(
            {
                "file": str(file),
                "cache": str(target),
                "database": stored,
                "reference_date": date,
                "records": counts,
                "gemeindefrei": gemeindefrei,
                "size_classes": [
                    {"label": band.label, "lower": band.lower, "upper": band.upper, "count": n}
                    for band, n in classes
                ],
            }
        )
        return
    console = Console(highlight=False)
    shown = directory.reference_date.strftime("%d.%m.%Y") if directory.reference_date else "–"
    console.print(f"Gemeindeverzeichnis, Stichtag {shown}, gespeichert in {target}", markup=False)
    console.print(f"Auch in der Datenbank: {stored}", markup=False)
    records = Table(title="Sätze je Satzart")
    records.add_column("Satzart")
    records.add_column("Bedeutung")
    records.add_column("Anzahl", justify="right")
    for record_type, n in counts.items():
        records.add_row(record_type, RECORD_TYPE_LABELS[record_type], _number(n))
    console.print(records)
    sizes = Table(title="Gemeinden nach Einwohnerzahl")
    sizes.add_column("Einwohner")
    sizes.add_column("Gemeinden", justify="right")
    for band, n in classes:
        sizes.add_row(band.label, _number(n))
    sizes.add_row("zusammen", _number(counts["60"]))
    console.print(sizes)
    console.print(
        f"Darin {_number(gemeindefrei)} gemeindefreie Gebiete (wie in der amtlichen Zählung).",
        markup=False,
    )


def import_directory_everywhere(file: Path, cache: Path) -> tuple[Directory, str]:
    """Read a GV100AD file once and load it into both stores that read it: the cache file
    (advice, batch, reports) and the database (assessments, the Kreis pages). One command, so
    that no page can say the directory is missing after an import. The database is brought to
    the newest migration first, as ``make run`` does; returns the directory and where the
    database lies (its address without password)."""
    from sqlalchemy.exc import SQLAlchemyError

    from klimaorg.settings import get_settings
    from klimaorg.storage import Database, service, upgrade

    directory = Directory.from_file(file)
    if not directory.municipalities:
        raise UserInputError(str(file), "enthält keine Gemeinden (Satzart 60)")
    db = Database.from_settings(get_settings())
    try:
        upgrade(db.engine)
        with db.transaction() as session:
            service.import_directory(session, directory)
        stored = db.engine.url.render_as_string(hide_password=True)
    except (SQLAlchemyError, OSError) as exc:  # the operator's database set-up
        detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        fail(f"Datenbank nicht erreichbar oder gesperrt: {detail}")
    finally:
        db.dispose()
    try:
        save(directory, cache)
    except OSError as exc:
        fail(f"{cache}: Cache nicht schreibbar ({exc.strerror})")
    return directory, stored


@directory_app.command("show")
@handle_errors
def show_command(
    query: Annotated[
        str,
        typer.Argument(
            metavar="AGS_ODER_NAME",
            help="Gemeindeschlüssel (AGS, 8 Ziffern), ARS (12), Kreisschlüssel (5) oder Name.",
        ),
    ],
    cache: CacheOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Eine Gemeinde, einen Kreis oder Gemeindeverband anzeigen.

    Passt ein Name auf mehrere Einträge, werden alle mit Schlüssel aufgelistet (Exit-Code 2).
    """
    try:
        entity = _load(cache).resolve(query, kinds=frozenset(Kind), field="AGS_ODER_NAME")
    except AmbiguousNameError as exc:
        _fail_with(
            f"{exc.query!r} ist mehrdeutig ({len(exc.candidates)} Treffer), "
            "bitte mit Schlüssel aufrufen:",
            [f"  {c.key:<12} {c.name} ({_describe(c)})" for c in exc.candidates],
        )
    if output is OutputFormat.JSON:
        print_json(_entity_dict(entity))
        return
    table = Table(title=entity.name, show_header=False)
    table.add_column("Feld", style="bold")
    table.add_column("Wert")
    for label, value in _show_rows(entity):
        table.add_row(label, value)
    Console(highlight=False).print(table)


def _describe(entity: Entity) -> str:
    population = _number(entity.population)
    return f"{entity.type_label}, {population} Einwohner"


def _show_rows(entity: Entity) -> list[tuple[str, str]]:
    rows = [
        ("Name", entity.name),
        ("Art (KlimaOrg)", KIND_LABELS[entity.kind]),
        ("Amtlicher Typ", f"{entity.type_label} ({entity.type_code})"),
    ]
    match entity:
        case Municipality():
            rows += [
                ("AGS", entity.ags),
                ("ARS", entity.ars),
                ("Land", f"{entity.land_name} ({entity.land_key})"),
                ("Kreis", f"{entity.kreis_name or '–'} ({entity.kreis_key})"),
                (
                    "Gemeindeverband",
                    f"{entity.verband_name} ({entity.verband_key}, {entity.verband_type_label})",
                ),
                ("Postleitzahl", entity.postcode or "–"),
            ]
        case Kreis():
            rows += [
                ("Kreisschlüssel", entity.key),
                ("Land", f"{entity.land_name} ({entity.land_key})"),
                ("Sitz", entity.seat or "–"),
            ]
        case Gemeindeverband():
            rows += [
                ("Verbandsschlüssel", entity.key),
                ("Land", f"{entity.land_name} ({entity.land_key})"),
                ("Kreis", f"{entity.kreis_name or '–'} ({entity.kreis_key})"),
                ("Sitz", entity.seat or "–"),
            ]
    area = entity.area_ha
    rows += [
        ("Einwohner", _number(entity.population)),
        ("Fläche", "–" if area is None else f"{_number(area)} ha"),
        ("Stichtag", entity.reference_date.strftime("%d.%m.%Y")),
    ]
    return rows


@directory_app.command("search")
@handle_errors
def search_command(
    text: Annotated[
        str, typer.Argument(help="Namensteil; Groß-/Kleinschreibung und Umlaute egal (ue = ü).")
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=1000, help="Höchstens so viele Treffer.")
    ] = 10,
    cache: CacheOption = None,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Gemeinden, Landkreise und Gemeindeverbände nach Namen suchen (für die Auswahl).

    Reihenfolge: exakter Name, Namensanfang, Wortanfang, irgendwo im Namen; bei Gleichstand
    die größere Einwohnerzahl zuerst.
    """
    hits = _load(cache).search(text, limit)
    if output is OutputFormat.JSON:
        print_json([_entity_dict(hit) for hit in hits])
        return
    console = Console(highlight=False)
    if not hits:
        console.print(f"Keine Treffer für {text!r}.", markup=False)
        return
    table = Table(title=f"Treffer für {text!r}")
    table.add_column("Schlüssel")
    table.add_column("Name")
    table.add_column("Art")
    table.add_column("Einwohner", justify="right")
    table.add_column("Land")
    for hit in hits:
        table.add_row(
            hit.key, hit.name, KIND_LABELS[hit.kind], _number(hit.population), hit.land_name
        )
    console.print(table)
