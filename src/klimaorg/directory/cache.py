"""Local cache of the imported directory: one gzip-compressed JSON file.

Parsing the 3.5 MB fixed-width file on every start is needless work; the cache stores the
parsed records column-wise (field names once, then rows of values) so loading is one
``json.loads`` plus object construction. A later issue moves this into the SQL database;
until then :func:`save`/:func:`load` are the only persistence.

Writes go to a temporary file in the same folder and are renamed into place, so a failed or
interrupted import never leaves a half-written cache or destroys the previous one.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from klimaorg.directory.directory import Directory
from klimaorg.directory.records import TABLES, Kind, Record
from klimaorg.errors import UserInputError

FORMAT = "klimaorg-gv100ad"
VERSION = 1
CACHE_FILE_NAME = "gv100ad.json.gz"


class DirectoryCacheError(UserInputError):
    """The cache file is missing, unreadable or from another version: import again."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(
            str(path), f"{message}; bitte `klimaorg directory import GV100AD-DATEI` ausführen"
        )
        self.path = path


def default_cache_path(data_dir: Path) -> Path:
    """Where the imported directory is kept in the data folder ``data_dir`` (the setting
    ``KLIMAORG_DATA_DIR``, read by :mod:`klimaorg.settings` only)."""
    return Path(data_dir) / CACHE_FILE_NAME


def _columns(cls: type[Record]) -> list[str]:
    return [f.name for f in fields(cls) if f.name != "reference_date"]


def _table(records: tuple[Record, ...], cls: type[Record]) -> dict[str, Any]:
    columns = _columns(cls)
    return {"fields": columns, "rows": [[getattr(r, c) for c in columns] for r in records]}


def save(directory: Directory, path: str | Path) -> Path:
    """Write ``directory`` to ``path`` atomically (temp file + rename); returns the path."""
    target = Path(path)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "source": directory.source,
        "reference_date": directory.reference_date.isoformat()
        if directory.reference_date
        else None,
        "tables": {name: _table(getattr(directory, name), cls) for name, cls in TABLES.items()},
    }
    payload = gzip.compress(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        compresslevel=6,
        mtime=0,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as handle:
            temporary = Path(handle.name)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except BaseException:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
    return target


def load(path: str | Path) -> Directory:
    """Read a cache written by :func:`save`; :class:`DirectoryCacheError` if it is unusable."""
    source = Path(path)
    try:
        document = json.loads(gzip.decompress(source.read_bytes()))
    except FileNotFoundError:
        raise DirectoryCacheError(source, "kein Gemeindeverzeichnis importiert") from None
    except (OSError, EOFError, ValueError) as exc:
        raise DirectoryCacheError(source, f"Cache nicht lesbar ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DirectoryCacheError(source, "keine KlimaOrg-Verzeichnisdatei")
    if document.get("version") != VERSION:
        raise DirectoryCacheError(source, f"Cache-Version {document.get('version')} veraltet")
    try:
        reference_date = date.fromisoformat(document["reference_date"])
        tables = document["tables"]
        records: list[Record] = []
        for name, cls in TABLES.items():
            records.extend(_rows(tables[name], cls, reference_date))
    except (KeyError, TypeError, ValueError) as exc:
        raise DirectoryCacheError(source, f"Cache beschädigt ({exc!r})") from None
    return Directory(records, source=document.get("source"))


def _rows(table: dict[str, Any], cls: type[Record], reference_date: date) -> list[Record]:
    columns = table["fields"]
    if columns != _columns(cls):
        raise ValueError(f"{cls.__name__}: Spalten {columns} passen nicht")
    date_at = [f.name for f in fields(cls)].index("reference_date")
    kind_at = columns.index("kind") if "kind" in columns else None
    result: list[Record] = []
    for row in table["rows"]:
        if kind_at is not None:
            row[kind_at] = Kind(row[kind_at])
        row.insert(date_at, reference_date)
        result.append(cls(*row))
    return result
