"""Parser of the Destatis GV100AD file (fixed-width records, UTF-8).

Streams line by line so a whole-country file never sits in memory as text; only the parent
records (16 Länder, 400 Kreise, ~4,600 Verbände) are remembered so each Gemeinde carries the
names of its Land, Kreis and Gemeindeverband.

Strict on purpose: the directory decides which kind of user someone is and how many
inhabitants they have, so a shifted column must stop the import with the line and field,
never produce a plausible-looking wrong number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

from klimaorg.directory.records import (
    GEMEINDE_TYPES,
    KREIS_TYPES,
    VERBAND_TYPES,
    Gemeindeverband,
    Kreis,
    Land,
    Municipality,
    Record,
    Regierungsbezirk,
    Region,
)
from klimaorg.errors import UserInputError

_U = TypeVar("_U", Regierungsbezirk, Region)

#: Length of every record in the official file. Shorter lines are accepted as long as they
#: hold the fields their record type needs (editors strip trailing blanks).
RECORD_LENGTH = 220

#: Minimum line length per record type: up to the end of the last field that type needs.
_MIN_LENGTH = {"10": 23, "20": 23, "30": 23, "40": 124, "50": 124, "60": 161}

_BOM = "\ufeff"


class DirectoryFormatError(UserInputError):
    """A line of the GV100AD file that cannot be read, with file, line number and field.

    ``str(error)`` is ``"GV100AD.txt:1234: population: 'abc' ist keine Zahl"``; ``field`` is
    ``"GV100AD.txt:1234: population"`` like other file-located user errors of the product.
    """

    def __init__(self, source: str, line_no: int, field: str, message: str) -> None:
        super().__init__(f"{source}:{line_no}: {field}", message)
        self.source = source
        self.line_no = line_no
        self.record_field = field


class _Line:
    """One line being parsed: slices fields and raises errors that point at them."""

    __slots__ = ("line_no", "source", "text")

    def __init__(self, text: str, line_no: int, source: str) -> None:
        self.text = text.ljust(RECORD_LENGTH)
        self.line_no = line_no
        self.source = source

    def error(self, field: str, message: str) -> DirectoryFormatError:
        return DirectoryFormatError(self.source, self.line_no, field, message)

    def text_field(self, field: str, start: int, end: int, *, required: bool = True) -> str:
        value = self.text[start:end].strip()
        if required and not value:
            raise self.error(field, "fehlt (Feld ist leer)")
        return value

    def digits(self, field: str, start: int, end: int) -> str:
        """A key part: exactly ``end - start`` ASCII digits."""
        value = self.text[start:end]
        if not (value.isascii() and value.isdigit()):
            raise self.error(field, f"{value!r} ist keine {end - start}-stellige Ziffernfolge")
        return value

    def number(self, field: str, start: int, end: int) -> int:
        """A zero-padded count (area, population)."""
        value = self.text[start:end]
        stripped = value.strip()
        if not (stripped.isascii() and stripped.isdigit()):
            raise self.error(field, f"{stripped or value!r} ist keine Zahl")
        return int(stripped)

    def kreis_key(self) -> str:
        """The five-digit Kreis key (Land, Regierungsbezirk, Kreis) that every record from the
        Kreis down starts with."""
        key = self.digits("land", 10, 12) + self.digits("rb", 12, 13)
        return key + self.digits("kreis", 13, 15)

    def blank(self, field: str, start: int, end: int) -> None:
        """A column that must stay empty for this record type (else the layout is shifted)."""
        value = self.text[start:end]
        if value.strip():
            raise self.error(field, f"{value.strip()!r} an einer Stelle, die leer sein muss")

    def code(self, field: str, allowed: Iterable[str]) -> str:
        value = self.text[122:124]
        codes = sorted(allowed)
        if value not in codes:
            raise self.error(field, f"{value.strip()!r} ist keiner von {', '.join(codes)}")
        return value


class _Parser:
    """Stateful part of the stream: reference date, parents seen so far, duplicate keys."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.reference_date: date | None = None
        self.lands: dict[str, Land] = {}
        self.kreise: dict[str, Kreis] = {}
        self.verbaende: dict[str, Gemeindeverband] = {}
        self.seen: dict[tuple[str, str], int] = {}

    def parse(self, raw: str, line_no: int) -> Record | None:
        text = raw.rstrip("\r\n")
        if line_no == 1:
            text = text.removeprefix(_BOM)
        if not text.strip():
            return None
        line = _Line(text, line_no, self.source)
        record_type = text[:2]
        if record_type not in _MIN_LENGTH:
            raise line.error(
                "record_type",
                f"unbekannte Satzart {record_type!r} (erwartet 10, 20, 30, 40, 50, 60)",
            )
        if len(text) < _MIN_LENGTH[record_type]:
            raise line.error(
                "line",
                f"zu kurz: {len(text)} Zeichen, Satzart {record_type} braucht mindestens "
                f"{_MIN_LENGTH[record_type]}",
            )
        if len(text) > RECORD_LENGTH:
            raise line.error(
                "line", f"zu lang: {len(text)} Zeichen, ein Satz hat höchstens {RECORD_LENGTH}"
            )
        reference_date = self._date(line)
        record = _BUILDERS[record_type](self, line, reference_date)
        self._check_unique(line, record_type, record)
        return record

    def _date(self, line: _Line) -> date:
        raw = line.digits("date", 2, 10)
        try:
            value = date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
        except ValueError:
            raise line.error("date", f"{raw!r} ist kein gültiges Datum (JJJJMMTT)") from None
        if self.reference_date is None:
            self.reference_date = value
        elif value != self.reference_date:
            raise line.error(
                "date",
                f"Stichtag {value.isoformat()} weicht vom Stichtag der Datei "
                f"{self.reference_date.isoformat()} ab",
            )
        return value

    def _check_unique(self, line: _Line, record_type: str, record: Record) -> None:
        key = (record_type, record.ars if isinstance(record, Municipality) else record.key)
        first = self.seen.setdefault(key, line.line_no)
        if first != line.line_no:
            raise line.error("key", f"Schlüssel {key[1]} doppelt (zuerst in Zeile {first})")
        if isinstance(record, Municipality):
            ags_key = ("ags", record.ags)
            first = self.seen.setdefault(ags_key, line.line_no)
            if first != line.line_no:
                raise line.error("ags", f"AGS {record.ags} doppelt (zuerst in Zeile {first})")

    def _land(self, line: _Line, key: str) -> Land:
        land = self.lands.get(key)
        if land is None:
            raise line.error("land", f"Land {key} ohne vorausgehenden Satz 10")
        return land

    def _kreis(self, line: _Line, key: str) -> Kreis | None:
        """The Kreis a Verband or Gemeinde belongs to, which the file lists before it; None where
        the key names no Kreis (``…000``)."""
        kreis = self.kreise.get(key)
        if kreis is None and key[2:] != "000":
            raise line.error("kreis", f"Kreis {key} ohne vorausgehenden Satz 40")
        return kreis

    def land(self, line: _Line, reference_date: date) -> Land:
        line.blank("rb", 12, 22)
        land = Land(
            key=line.digits("land", 10, 12),
            name=line.text_field("name", 22, 72),
            seat=line.text_field("seat", 72, 122, required=False),
            reference_date=reference_date,
        )
        line.blank("type_code", 122, RECORD_LENGTH)
        self.lands[land.key] = land
        return land

    def regierungsbezirk(self, line: _Line, reference_date: date) -> Regierungsbezirk:
        key = line.digits("land", 10, 12) + line.digits("rb", 12, 13)
        line.blank("kreis", 13, 22)
        return self._named_unit(Regierungsbezirk, line, key, reference_date)

    def region(self, line: _Line, reference_date: date) -> Region:
        key = line.digits("land", 10, 12) + line.digits("rb", 12, 13)
        key += line.digits("region", 13, 14)
        line.blank("kreis", 14, 22)
        return self._named_unit(Region, line, key, reference_date)

    def _named_unit(self, cls: type[_U], line: _Line, key: str, reference_date: date) -> _U:
        """A Regierungsbezirk or Region: name and seat after the key, no type code."""
        self._land(line, key[:2])
        record = cls(
            key=key,
            name=line.text_field("name", 22, 72),
            seat=line.text_field("seat", 72, 122, required=False),
            reference_date=reference_date,
        )
        line.blank("type_code", 122, RECORD_LENGTH)
        return record

    def kreis(self, line: _Line, reference_date: date) -> Kreis:
        key = line.kreis_key()
        line.blank("gemeinde", 15, 22)
        land = self._land(line, key[:2])
        type_code = line.code("type_code", KREIS_TYPES)
        label, kind = KREIS_TYPES[type_code]
        kreis = Kreis(
            key=key,
            name=line.text_field("name", 22, 72),
            seat=line.text_field("seat", 72, 122, required=False),
            type_code=type_code,
            type_label=label,
            kind=kind,
            land_key=land.key,
            land_name=land.name,
            reference_date=reference_date,
        )
        line.blank("area_ha", 124, RECORD_LENGTH)
        self.kreise[key] = kreis
        return kreis

    def verband(self, line: _Line, reference_date: date) -> Gemeindeverband:
        kreis_key = line.kreis_key()
        line.blank("gemeinde", 15, 18)
        key = kreis_key + line.digits("verband", 18, 22)
        land = self._land(line, key[:2])
        kreis = self._kreis(line, kreis_key)
        type_code = line.code("type_code", VERBAND_TYPES)
        verband = Gemeindeverband(
            key=key,
            name=line.text_field("name", 22, 72),
            seat=line.text_field("seat", 72, 122, required=False),
            type_code=type_code,
            type_label=VERBAND_TYPES[type_code],
            land_key=land.key,
            land_name=land.name,
            kreis_key=kreis_key,
            kreis_name=kreis.name if kreis else None,
            reference_date=reference_date,
        )
        line.blank("area_ha", 124, RECORD_LENGTH)
        self.verbaende[key] = verband
        return verband

    def municipality(self, line: _Line, reference_date: date) -> Municipality:
        kreis_key = line.kreis_key()
        gemeinde = line.digits("gemeinde", 15, 18)
        verband_part = line.digits("verband", 18, 22)
        land = self._land(line, kreis_key[:2])
        kreis = self._kreis(line, kreis_key)
        verband = self.verbaende.get(kreis_key + verband_part)
        if verband is None:
            raise line.error(
                "verband", f"Gemeindeverband {kreis_key}{verband_part} ohne vorausgehenden Satz 50"
            )
        line.blank("seat", 72, 122)
        type_code = line.code("type_code", GEMEINDE_TYPES)
        label, kind = GEMEINDE_TYPES[type_code]
        line.blank("type_code", 124, 128)
        population = line.number("population", 139, 150)
        population_male = line.number("population_male", 150, 161)
        if population_male > population:
            raise line.error(
                "population_male", f"{population_male} männlich ist mehr als {population} gesamt"
            )
        return Municipality(
            ags=kreis_key + gemeinde,
            ars=kreis_key + verband_part + gemeinde,
            name=line.text_field("name", 22, 72),
            type_code=type_code,
            type_label=label,
            kind=kind,
            area_ha=line.number("area_ha", 128, 139),
            population=population,
            population_male=population_male,
            postcode=self._postcode(line),
            land_key=land.key,
            land_name=land.name,
            kreis_key=kreis_key,
            kreis_name=kreis.name if kreis else None,
            verband_key=verband.key,
            verband_name=verband.name,
            verband_type_code=verband.type_code,
            verband_type_label=verband.type_label,
            reference_date=reference_date,
        )

    @staticmethod
    def _postcode(line: _Line) -> str | None:
        line.blank("postcode", 161, 165)
        if not line.text[165:170].strip():
            return None
        return line.digits("postcode", 165, 170)


_BUILDERS: dict[str, Callable[[_Parser, _Line, date], Record]] = {
    "10": _Parser.land,
    "20": _Parser.regierungsbezirk,
    "30": _Parser.region,
    "40": _Parser.kreis,
    "50": _Parser.verband,
    "60": _Parser.municipality,
}


def parse_lines(lines: Iterable[str | bytes], source: str = "GV100AD.txt") -> Iterator[Record]:
    """Parse GV100AD lines (text or UTF-8 bytes) into records, in file order.

    ``source`` is the file name errors point at. Blank lines are skipped; everything else
    must be a valid record or a :class:`DirectoryFormatError` is raised.
    """
    parser = _Parser(source)
    for line_no, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DirectoryFormatError(
                    source,
                    line_no,
                    "encoding",
                    f"Byte {raw[exc.start : exc.start + 1]!r} an Stelle {exc.start + 1} ist kein "
                    "UTF-8 (Datei muss UTF-8-kodiert sein)",
                ) from None
        else:
            text = raw
        record = parser.parse(text, line_no)
        if record is not None:
            yield record


def parse_file(path: str | Path) -> Iterator[Record]:
    """Stream the records of a GV100AD file; errors name the file as the user gave it.

    Opens in binary and decodes per line so an encoding error reports its line number.
    """
    file_path = Path(path)
    try:
        handle = file_path.open("rb")
    except OSError as exc:
        raise UserInputError(str(path), f"Datei nicht lesbar ({exc.strerror})") from None
    with handle:
        yield from parse_lines(handle, source=str(path))
