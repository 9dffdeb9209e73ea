"""The official directory (GV100AD) in the database: import, autocomplete, Kreis listing."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from klimaorg.directory import Directory, Kreis, Municipality, parse_file
from klimaorg.directory.text import fold
from klimaorg.errors import NotFoundError
from klimaorg.storage.core import audit
from klimaorg.storage.models import Kreis as KreisRow
from klimaorg.storage.models import MunicipalityRow

BATCH = 2_000


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote, and how long it took."""

    municipalities: int
    kreise: int
    seconds: float
    source: str


@dataclass(frozen=True, slots=True)
class MunicipalityInfo:
    """A Gemeinde as the service returns it."""

    ags: str
    ars: str
    name: str
    kind: str
    type_code: str
    type_label: str
    population: int
    area_ha: int
    postcode: str | None
    kreis_key: str
    kreis_name: str | None
    verband_key: str
    verband_name: str
    land_key: str
    land_name: str

    @classmethod
    def of(cls, row: MunicipalityRow) -> MunicipalityInfo:
        """From a row."""
        return cls(
            row.ags,
            row.ars,
            row.name,
            row.kind,
            row.type_code,
            row.type_label,
            row.population,
            row.area_ha,
            row.postcode,
            row.kreis_key,
            row.kreis_name,
            row.verband_key,
            row.verband_name,
            row.land_key,
            row.land_name,
        )


def _municipality_row(m: Municipality) -> dict[str, Any]:
    return {
        "ags": m.ags,
        "ars": m.ars,
        "name": m.name,
        "name_folded": fold(m.name),
        "kind": m.kind.value,
        "type_code": m.type_code,
        "type_label": m.type_label,
        "population": m.population,
        "area_ha": m.area_ha,
        "postcode": m.postcode,
        "kreis_key": m.kreis_key,
        "kreis_name": m.kreis_name,
        "verband_key": m.verband_key,
        "verband_name": m.verband_name,
        "land_key": m.land_key,
        "land_name": m.land_name,
        "reference_date": m.reference_date,
    }


def _kreis_row(k: Kreis) -> dict[str, Any]:
    return {
        "key": k.key,
        "name": k.name,
        "name_folded": fold(k.name),
        "kind": k.kind.value,
        "type_code": k.type_code,
        "type_label": k.type_label,
        "land_key": k.land_key,
        "land_name": k.land_name,
        "population": k.population,
        "area_ha": k.area_ha,
    }


def import_directory(session: Session, source: Path | Directory) -> ImportResult:
    """Replace the directory tables with a GV100AD file's contents (or an already parsed
    :class:`~klimaorg.directory.Directory`), in the caller's transaction.

    Idempotent: importing the same file twice leaves the same rows. Assessments keep their
    AGS and a copy of the name, so a new edition that drops a municipality (merger) breaks
    nothing. Parse errors (:class:`~klimaorg.directory.DirectoryFormatError`) leave the old
    data in place.
    """
    started = time.perf_counter()
    if isinstance(source, Directory):
        directory, name = source, source.source or "directory"
    else:
        directory, name = Directory(parse_file(source), source=source.name), source.name
    municipalities = [_municipality_row(m) for m in directory.municipalities_in()]
    kreise = [_kreis_row(k) for k in directory.kreise_in()]
    session.execute(sa.delete(MunicipalityRow))
    session.execute(sa.delete(KreisRow))
    for rows, table in ((kreise, KreisRow), (municipalities, MunicipalityRow)):
        for start in range(0, len(rows), BATCH):
            session.execute(sa.insert(table), rows[start : start + BATCH])
    seconds = time.perf_counter() - started
    audit(
        session,
        action="directory.import",
        object_type="directory",
        object_id=None,
        details={"source": name, "municipalities": len(municipalities), "kreise": len(kreise)},
    )
    return ImportResult(len(municipalities), len(kreise), seconds, name)


def directory_counts(session: Session) -> dict[str, int]:
    """How many municipalities and Kreise are imported."""
    return {
        "municipalities": session.scalar(sa.select(sa.func.count()).select_from(MunicipalityRow))
        or 0,
        "kreise": session.scalar(sa.select(sa.func.count()).select_from(KreisRow)) or 0,
    }


def get_municipality(session: Session, ags: str) -> MunicipalityInfo:
    """A municipality by AGS (8 digits) or ARS (12 digits)."""
    column = MunicipalityRow.ars if len(ags) == 12 else MunicipalityRow.ags
    row = session.scalar(sa.select(MunicipalityRow).where(column == ags))
    if row is None:
        raise NotFoundError("Gemeinde", ags)
    return MunicipalityInfo.of(row)


def search_municipalities(
    session: Session, query: str, *, limit: int = 10, kreis_key: str | None = None
) -> list[MunicipalityInfo]:
    """Autocomplete: names containing the query, case- and umlaut-insensitive
    ("denzl", "Dénzlingen", "muenchen"); names starting with it first, then larger places.
    An 8-digit query finds the AGS. Gemeindefreie Gebiete are left out."""
    limit = max(1, min(limit, 100))
    text = fold(query)
    if not text:
        return []
    base = sa.select(MunicipalityRow).where(MunicipalityRow.kind != "gemeindefrei")
    if kreis_key is not None:
        base = base.where(MunicipalityRow.kreis_key == kreis_key)
    if text.isdigit():
        rows = session.scalars(
            base.where(MunicipalityRow.ags.startswith(text, autoescape=True))
            .order_by(MunicipalityRow.ags)
            .limit(limit)
        )
        return [MunicipalityInfo.of(r) for r in rows]
    prefix = MunicipalityRow.name_folded.startswith(text, autoescape=True)
    word = MunicipalityRow.name_folded.contains(" " + text, autoescape=True)
    rank = sa.case((prefix, 0), (word, 1), else_=2)
    rows = session.scalars(
        base.where(MunicipalityRow.name_folded.contains(text, autoescape=True))
        .order_by(rank, MunicipalityRow.population.desc(), MunicipalityRow.ags)
        .limit(limit)
    )
    return [MunicipalityInfo.of(r) for r in rows]


def kreis_label(session: Session, kreis_key: str) -> str | None:
    """The Kreis as it is called ("Landkreis Emmendingen"), None when not imported."""
    row = session.get(KreisRow, kreis_key)
    return None if row is None else f"{row.type_label} {row.name}"


def municipalities_in_kreis(session: Session, kreis_key: str) -> list[MunicipalityInfo]:
    """All Gemeinden of a Kreis, by name (for an organisation advising a Landkreis)."""
    if session.get(KreisRow, kreis_key) is None:
        raise NotFoundError("Kreis", kreis_key)
    rows = session.scalars(
        sa.select(MunicipalityRow)
        .where(MunicipalityRow.kreis_key == kreis_key)
        .order_by(MunicipalityRow.name_folded, MunicipalityRow.ags)
    )
    return [MunicipalityInfo.of(r) for r in rows]
