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

# pydantic's messages for the common cases, in the user's words: never a regular expression, never
# pydantic's own phrasing ("Input should be …"). Both languages, because the English default would
# leak library text into English output too.
MESSAGES = {
    "de": {
        "missing": "Pflichtfeld fehlt",
        "extra_forbidden": "unbekanntes Feld",
        "string_type": "muss ein Text sein",
        "string_too_short": "darf nicht leer sein",
        "string_too_long": "ist zu lang (höchstens {max_length} Zeichen)",
        "string_pattern_mismatch": "hat nicht die erwartete Form",
        "int_type": "muss eine ganze Zahl sein",
        "int_from_float": "muss eine ganze Zahl sein",
        "float_type": "muss eine Zahl sein",
        "finite_number": "muss eine endliche Zahl sein",
        "multiple_of": "muss ein Vielfaches von {multiple_of} sein",
        "float_parsing": "muss eine Zahl sein",
        "int_parsing": "muss eine ganze Zahl sein",
        "bool_type": "muss ja (true) oder nein (false) sein",
        "bool_parsing": "muss ja (true) oder nein (false) sein",
        "less_than_equal": "darf höchstens {le} sein",
        "less_than": "muss kleiner als {lt} sein",
        "greater_than_equal": "muss mindestens {ge} sein",
        "greater_than": "muss größer als {gt} sein",
        "literal_error": "ist nicht zulässig (erlaubt: {expected})",
        "enum": "ist nicht zulässig (erlaubt: {expected})",
        "too_short": "darf nicht leer sein",
        "too_long": "hat zu viele Einträge (höchstens {max_length})",
        "list_type": "muss eine Liste sein",
        "dict_type": "muss ein Abschnitt mit Schlüsseln sein",
        "model_type": "muss ein Abschnitt mit Schlüsseln sein",
        "model_attributes_type": "muss ein Abschnitt mit Schlüsseln sein",
        "invalid": "ungültiger Wert",
    },
    "en": {
        "missing": "required field missing",
        "extra_forbidden": "unknown field",
        "string_type": "must be text",
        "string_too_short": "must not be empty",
        "string_too_long": "is too long (at most {max_length} characters)",
        "string_pattern_mismatch": "does not have the expected form",
        "int_type": "must be a whole number",
        "int_from_float": "must be a whole number",
        "float_type": "must be a number",
        "finite_number": "must be a finite number",
        "multiple_of": "must be a multiple of {multiple_of}",
        "float_parsing": "must be a number",
        "int_parsing": "must be a whole number",
        "bool_type": "must be yes (true) or no (false)",
        "bool_parsing": "must be yes (true) or no (false)",
        "less_than_equal": "must be at most {le}",
        "less_than": "must be less than {lt}",
        "greater_than_equal": "must be at least {ge}",
        "greater_than": "must be greater than {gt}",
        "literal_error": "is not allowed (allowed: {expected})",
        "enum": "is not allowed (allowed: {expected})",
        "too_short": "must not be empty",
        "too_long": "has too many entries (at most {max_length})",
        "list_type": "must be a list",
        "dict_type": "must be a section of keys",
        "model_type": "must be a section of keys",
        "model_attributes_type": "must be a section of keys",
        "invalid": "invalid value",
    },
}
MESSAGES_DE = MESSAGES["de"]
_OR = {"de": " oder ", "en": " or "}
_YAML_PROBLEMS = {
    "mapping values are not allowed here": (
        "Doppelpunkt an unerwarteter Stelle",
        "colon in an unexpected place",
    ),
    "could not find expected ':'": ("Doppelpunkt fehlt", "a colon is missing"),
    "found character '\\t' that cannot start any token": (
        "Tabulatorzeichen statt Leerzeichen",
        "a tab instead of spaces",
    ),
    "found undefined alias": ("unbekannter Verweis (*)", "unknown alias (*)"),
}
"""PyYAML's most frequent problems in words; others are reported by their line only."""


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
        problem = yaml_problem(exc, "de")
        detail = f" ({problem})" if problem else ""
        raise DataFileError(name, "", f"{where}kein gültiges YAML{detail}") from None


def yaml_problem(exc: yaml.YAMLError, lang: str) -> str:
    """PyYAML's problem in the reader's words, or "" when we have none for it (PyYAML's own
    text is English and technical: "did not find expected ',' or ']'")."""
    problem = str(getattr(exc, "problem", None) or "")
    for known, (de, en) in _YAML_PROBLEMS.items():
        if problem.startswith(known):
            return de if lang == "de" else en
    return ""


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
    """One error's message in the reader's language: our own words for pydantic's cases, the
    validator's own message (already ours) for a ``value_error``."""
    messages = MESSAGES["en" if lang == "en" else "de"]
    kind = error["type"]
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    template = messages.get(kind, messages["invalid"])
    context = {k: _plain(v, lang) for k, v in (error.get("ctx") or {}).items()}
    if "expected" in context:  # pydantic lists the choices as "'a', 'b' or 'c'"
        context["expected"] = context["expected"].replace(" or ", ", ").replace("'", "")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split(" (")[0]


def _plain(value: Any, lang: str = "de") -> str:
    """A context value as shown in a message (German decimal comma and thousands dot)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{value:,}"
        return text.translate(str.maketrans(",.", ".,")) if lang == "de" else text
    return str(value)


def validate(model: type[ModelT], data: Any, name: str) -> ModelT:
    """Validate parsed data against a schema model; the first error becomes a DataFileError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        others = len(errors) - 1
        more = f" (und {others} weitere{'r' if others == 1 else ''} Fehler)" if others else ""
        raise DataFileError(name, location(first["loc"]), describe(first) + more) from None
