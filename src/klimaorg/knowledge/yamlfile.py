"""Strict YAML reading shared by every data folder (knowledge base, rules, scenarios, profiles).

PyYAML silently keeps the last of two equal keys; a reviewer would never notice that a statement
lost its first translation. This loader refuses duplicate keys and reports the line, and every
validation error becomes one line ``file: field: message`` (in German, the reviewers' language).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from klimaorg.errors import UserInputError

ModelT = TypeVar("ModelT", bound=BaseModel)

# pydantic's English messages for the common cases, in the reviewers' language.
MESSAGES_DE = {
    "missing": "Pflichtfeld fehlt",
    "extra_forbidden": "unbekanntes Feld",
    "string_type": "muss ein Text sein",
    "string_too_short": "darf nicht leer sein",
    "string_too_long": "ist zu lang (höchstens {max_length} Zeichen)",
    "string_pattern_mismatch": "ungültig (erwartet: {pattern})",
    "int_type": "muss eine ganze Zahl sein",
    "int_from_float": "muss eine ganze Zahl sein",
    "float_type": "muss eine Zahl sein",
    "finite_number": "muss eine endliche Zahl sein",
    "multiple_of": "muss ein Vielfaches von {multiple_of} sein",
    "float_parsing": "muss eine Zahl sein",
    "int_parsing": "muss eine ganze Zahl sein",
    "bool_type": "muss true oder false sein",
    "less_than_equal": "ist zu groß (höchstens {le})",
    "less_than": "ist zu groß (kleiner als {lt})",
    "greater_than_equal": "ist zu klein (mindestens {ge})",
    "greater_than": "ist zu klein (größer als {gt})",
    "literal_error": "unzulässiger Wert (erlaubt: {expected})",
    "too_short": "darf nicht leer sein",
    "too_long": "hat zu viele Einträge (höchstens {max_length})",
    "list_type": "muss eine Liste sein",
    "dict_type": "muss ein Abschnitt mit Schlüsseln sein",
    "model_type": "muss ein Abschnitt mit Schlüsseln sein",
    "model_attributes_type": "muss ein Abschnitt mit Schlüsseln sein",
}


class DataFileError(UserInputError):
    """A data file that cannot be used; ``field`` is ``file: path.to[0].field``."""

    def __init__(self, file: str, field: str, message: str) -> None:
        super().__init__(f"{file}: {field}" if field else file, message)
        self.file = file
        self.location = field


_SAFE_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (the wheels are): it parses the
knowledge and advisor files about ten times faster, which is most of a CLI command's start."""


class _StrictLoader(_SAFE_BASE):  # type: ignore[misc,valid-type]
    """Safe loader that rejects duplicate keys."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"Zeile {line}: doppelter Schlüssel '{key}'", key_node.start_mark
            )
        seen.add(key)
    loader.flatten_mapping(node)
    return dict(loader.construct_pairs(node))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, name: str) -> Any:
    """Parse YAML text strictly; ``name`` is how the file is named in error messages."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.constructor.ConstructorError as exc:
        raise DataFileError(name, "", str(exc.problem)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"Zeile {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "kein gültiges YAML"
        raise DataFileError(name, "", f"{where}kein gültiges YAML ({problem})") from None


def read_yaml(path: Path, name: str) -> Any:
    """Read and parse one YAML file strictly."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(name, "", f"nicht lesbar ({exc})") from None
    return parse_yaml(text, name)


def location(loc: Sequence[int | str]) -> str:
    """Render a pydantic location as the user spells it: ``advantages[0].effects[1].strength``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def describe(error: ErrorDetails, lang: str = "de") -> str:
    """One error's message, German where we know the case."""
    if lang == "de" and error["type"] in MESSAGES_DE:
        context = {k: _plain(v) for k, v in (error.get("ctx") or {}).items()}
        if "expected" in context:  # pydantic lists the choices as "'a', 'b' or 'c'"
            context["expected"] = context["expected"].replace(" or ", " oder ")
        try:
            return MESSAGES_DE[error["type"]].format(**context)
        except (KeyError, IndexError):
            return MESSAGES_DE[error["type"]].split(" (")[0]
    return str(error["msg"]).removeprefix("Value error, ")


def _plain(value: Any) -> str:
    """A context value as shown in a message (German decimal comma for numbers)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def validate(model: type[ModelT], data: Any, name: str) -> ModelT:
    """Validate parsed data against a schema model; the first error becomes a DataFileError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        more = f" (und {len(errors) - 1} weitere Fehler)" if len(errors) > 1 else ""
        raise DataFileError(name, location(first["loc"]), describe(first) + more) from None
