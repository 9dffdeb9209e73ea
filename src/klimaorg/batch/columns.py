"""Input columns of a batch file: one column per profile field, named by its dotted path.

A cell is text; this module turns it into the value the profile expects (or ``None`` for an
empty cell = unknown) and raises a :class:`~klimaorg.advisor.ProfileError` naming the column
when it cannot. Everything else (ranges, allowed values, the directory look-up) is the
advisor's own validation, so a batch row and a profile file give the same messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from klimaorg.advisor.profile import ProfileError
from klimaorg.i18n import Lang

Converter = Callable[[str, str, Lang], Any]

_TEXT = {
    "de": {
        "integer": "muss eine ganze Zahl sein (gelesen: '{value}')",
        "number": "muss eine Zahl sein, z. B. 1,5 oder 20000 (gelesen: '{value}')",
        "ambiguous": "'{value}' ist mehrdeutig (Tausenderpunkt oder Dezimaltrennzeichen?): bitte "
        "ohne Tausendertrennzeichen schreiben, z. B. 20000 oder 1,5",
        "boolean": "muss ja, nein, true, false, 1 oder 0 sein, leer = unbekannt "
        "(gelesen: '{value}')",
        "ags_leading_zero": "hat 7 statt 8 Ziffern ('{value}') – wurde die führende Null "
        "entfernt (Excel)? Die Spalte als Text formatieren",
        "control": "enthält Steuerzeichen (gelesen: '{value}')",
        "points_without_method": "fehlt: 'swing' eintragen, damit die Spalten "
        "weighting.points.* gelten",
    },
    "en": {
        "integer": "must be a whole number (read: '{value}')",
        "number": "must be a number, e.g. 1.5 or 20000 (read: '{value}')",
        "ambiguous": "'{value}' is ambiguous (thousands separator or decimal point?): please "
        "write it without a thousands separator, e.g. 20000 or 1.5",
        "boolean": "must be ja, nein, true, false, 1 or 0, empty = unknown (read: '{value}')",
        "ags_leading_zero": "has 7 instead of 8 digits ('{value}') – was the leading zero "
        "dropped (Excel)? Format the column as text",
        "control": "contains control characters (read: '{value}')",
        "points_without_method": "missing: write 'swing' so that the weighting.points.* "
        "columns apply",
    },
}

TRUE = frozenset({"ja", "j", "yes", "y", "true", "wahr", "1"})
FALSE = frozenset({"nein", "n", "no", "false", "falsch", "0"})

_INTEGER = re.compile(r"-?[0-9]+")
_GROUPED_INTEGER = re.compile(r"[1-9][0-9]{0,2}(?:(?:\.[0-9]{3})+|(?: [0-9]{3})+)")
_ONE_SEPARATOR = re.compile(r"(-?)([0-9]+)[.,]([0-9]+)")
_GROUPED_DE = re.compile(r"(-?[0-9]{1,3}(?:\.[0-9]{3})+),([0-9]+)")
_GROUPED_EN = re.compile(r"(-?[0-9]{1,3}(?:,[0-9]{3})+)\.([0-9]+)")
_GROUPED_ONLY = re.compile(
    r"-?[1-9][0-9]{0,2}(?:(?:\.[0-9]{3}){2,}|(?:,[0-9]{3}){2,}|(?: [0-9]{3})+)"
)
_SEPARATORS = re.compile(r"[., ]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _message(lang: Lang, key: str, value: str) -> str:
    return _TEXT[lang][key].format(value=value[:40])


def text(value: str, field: str, lang: Lang) -> str:
    """A text cell as written (surrounding spaces removed); control characters are an error."""
    if _CONTROL.search(value):
        raise ProfileError(
            field, _message(lang, "control", value.encode("unicode_escape").decode())
        )
    return value


def lower(value: str, _field: str, _lang: Lang) -> str:
    """An identifier cell (kind, funding, method): case does not matter."""
    return value.lower()


def ags(value: str, field: str, lang: Lang) -> str:
    """A municipality key; 7 digits are almost always an AGS whose leading zero Excel dropped."""
    if len(value) == 7 and value.isascii() and value.isdigit():
        raise ProfileError(field, _message(lang, "ags_leading_zero", value))
    return value


def integer(value: str, field: str, lang: Lang) -> int:
    """A whole number; German thousands dots (``13.910``) or spaces are allowed."""
    if _INTEGER.fullmatch(value):
        return int(value)
    if _GROUPED_INTEGER.fullmatch(value):
        return int(_SEPARATORS.sub("", value))
    raise ProfileError(field, _message(lang, "integer", value))


def number(value: str, field: str, lang: Lang) -> float:
    """A decimal number with a comma or a point; grouping only where it is unambiguous.

    ``1,5`` and ``1.5`` are one and a half, ``0,125`` is an eighth, ``1.234.567`` and
    ``20.000,50`` are grouped. A single separator followed by exactly three digits after a
    non-zero part (``20.000``, ``1,500``) is German thousands in one reading and a decimal in the
    other: it is rejected rather than guessed.
    """
    if _INTEGER.fullmatch(value):
        return float(int(value))
    if match := _ONE_SEPARATOR.fullmatch(value):
        sign, whole, fraction = match.groups()
        if len(fraction) == 3 and len(whole) <= 3 and whole[0] != "0":
            raise ProfileError(field, _message(lang, "ambiguous", value))
        return float(f"{sign}{whole}.{fraction}")
    if match := _GROUPED_DE.fullmatch(value) or _GROUPED_EN.fullmatch(value):
        whole, fraction = match.groups()
        return float(f"{_SEPARATORS.sub('', whole)}.{fraction}")
    if _GROUPED_ONLY.fullmatch(value):
        return float(_SEPARATORS.sub("", value))
    raise ProfileError(field, _message(lang, "number", value))


def boolean(value: str, field: str, lang: Lang) -> bool:
    """ja/nein, true/false, 1/0 (also yes/no, wahr/falsch), any case."""
    folded = value.lower()
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise ProfileError(field, _message(lang, "boolean", value))


def id_list(value: str, _field: str, _lang: Lang) -> list[str]:
    """Identifiers separated by ``;`` (or ``,``); empty entries are ignored."""
    return [item.strip().lower() for item in re.split(r"[;,]", value) if item.strip()]


def input_columns(criteria: list[str]) -> dict[str, Converter]:
    """Every input column and how its cells are read, in documentation order."""
    columns: dict[str, Converter] = {
        "municipality.name": text,
        "municipality.ags": ags,
        "municipality.kind": lower,
        "municipality.population": integer,
        "goals": id_list,
        "structures.environment_office": boolean,
        "structures.energy_agency_in_region": boolean,
        "structures.eea": boolean,
        "structures.climate_concept": boolean,
        "structures.steering_group": boolean,
        "structures.neighbours_to_share_with": boolean,
        "resources.staff_fte": number,
        "resources.own_budget_eur": number,
        "resources.funding": lower,
        "resources.financially_weak": boolean,
        "backing.administration_head": integer,
        "backing.council": integer,
        "post.level": lower,
        "post.cosignature": boolean,
    }
    columns.update({f"priorities.{c}": integer for c in criteria})
    columns["weighting.method"] = lower
    columns.update({f"weighting.points.{c}": number for c in criteria})
    return columns


def to_profile(cells: Mapping[str, str], columns: Mapping[str, Converter], lang: Lang) -> Any:
    """The profile data of one row: non-empty cells converted and nested by their dotted name.

    Raises :class:`ProfileError` for the first cell (in column order) that cannot be read.
    """
    data: dict[str, Any] = {}
    for name, raw in cells.items():
        value = raw.strip()
        if not value:
            continue
        converted = columns[name](value, name, lang)
        *sections, key = name.split(".")
        target = data
        for section in sections:
            target = target.setdefault(section, {})
        target[key] = converted
    weighting = data.get("weighting", {})
    if "points" in weighting and "method" not in weighting:
        raise ProfileError("weighting.method", _message(lang, "points_without_method", ""))
    return data
