"""The one reader of YAML and JSON that a user (or anyone on the network) supplies.

Profiles uploaded in the wizard or sent to the API, assessment exports, problem files: all of
them are parsed here, never with ``yaml.load``/``json.loads`` directly. The knowledge base's own
files keep their strict loader (:mod:`klimaorg.knowledge.yamlfile`): they are reviewed data.

What this reader refuses, and why:

* more than ``max_bytes`` (each caller's cap) - checked before parsing;
* YAML anchors and aliases (``&a``/``*a``): a 460-byte document of nested aliases expands to
  gigabytes once anything walks it (the "billion laughs"); profiles never need them;
* YAML merge keys (``<<``) and explicit tags (``!!python/object``, ``!!binary``, ``!!set``, ...):
  only the JSON types come out, and dates stay text;
* nesting deeper than ``max_depth`` - checked while a YAML document is composed; JSON is
  parsed by orjson (which stops at 1,024 levels without recursing in Python) and checked after,
  or, for the precise message of a text orjson refuses, scanned linearly before the standard
  parser runs - so depth 5,000 never reaches Python's recursion limit;
* keys that are not text, duplicate keys (YAML), numbers that are not finite or do not fit
  64 bits (also ones with thousands of digits, which Python refuses to convert), invalid UTF-8,
  control characters (YAML) and lone surrogates.

YAML is read with LibYAML's parser where PyYAML has it (about eight times faster than the pure
Python one; 256 KB in well under two seconds), but only its events: the composer that does the
checks is ours. Callers that can receive large documents call this in a worker thread.

Every failure, including a ``RecursionError`` or ``MemoryError`` the parser might still raise,
becomes an :class:`UntrustedInputError` (a :class:`~klimaorg.errors.UserInputError`) whose
message names the line or the field, in German or English. Nothing else escapes.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Literal, cast

import orjson
import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from klimaorg.errors import UserInputError
from klimaorg.i18n import Lang
from klimaorg.knowledge.yamlfile import yaml_problem

Format = Literal["yaml", "json"]

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists (a profile needs 4, an assessment export about 10)."""
MAX_NUMBER_CHARS = 100
"""Longest number literal (YAML): longer ones are no quantity anyone types."""
MAX_INT = 2**63 - 1
"""Largest integer (both databases' JSON columns and the engine use 64-bit numbers)."""

_TEXT: dict[str, dict[str, str]] = {
    "de": {
        "too_large": "die Datei ist zu groß (höchstens {size})",
        "not_utf8": "Zeile {line}: kein gültiger UTF-8-Text (Byte {offset})",
        "not_yaml": "Zeile {line}, Spalte {column}: kein gültiges YAML",
        "not_json": "Zeile {line}, Spalte {column}: kein gültiges JSON",
        "empty": "die Datei ist leer",
        "alias": "Zeile {line}: Anker und Aliase (&, *) sind nicht erlaubt",
        "merge": "Zeile {line}: Zusammenführungsschlüssel (<<) sind nicht erlaubt",
        "tag": "Zeile {line}: YAML-Tags wie {tag} sind nicht erlaubt",
        "too_deep": "{where}zu tief verschachtelt (höchstens {depth} Ebenen)",
        "key_type": "{where}Schlüssel müssen Texte sein",
        "duplicate": "Zeile {line}: doppelter Schlüssel '{key}'",
        "number": "{where}Zahl zu groß oder ungültig (höchstens {max} dem Betrag nach)",
        "not_finite": "{where}Zahl muss endlich sein",
        "odd_type": "{where}unzulässiger Wert (nur Text, Zahl, true/false, null, Liste, Abschnitt)",
        "too_complex": "die Datei ist zu groß oder zu tief verschachtelt, um sie zu lesen",
        "line": "Zeile {line}: ",
        "surrogate": "Text mit ungültigem Zeichen (einzelnes Surrogat)",
        "control": "Zeile {line}: unzulässiges Steuerzeichen ({code})",
    },
    "en": {
        "too_large": "the file is too large (at most {size})",
        "not_utf8": "line {line}: not valid UTF-8 text (byte {offset})",
        "not_yaml": "line {line}, column {column}: not valid YAML",
        "not_json": "line {line}, column {column}: not valid JSON",
        "empty": "the file is empty",
        "alias": "line {line}: anchors and aliases (&, *) are not allowed",
        "merge": "line {line}: merge keys (<<) are not allowed",
        "tag": "line {line}: YAML tags such as {tag} are not allowed",
        "too_deep": "{where}nested too deeply (at most {depth} levels)",
        "key_type": "{where}keys must be text",
        "duplicate": "line {line}: duplicate key '{key}'",
        "number": "{where}number too large or invalid (at most {max} in magnitude)",
        "not_finite": "{where}number must be finite",
        "odd_type": "{where}value not allowed (only text, number, true/false, null, list, mapping)",
        "too_complex": "the file is too large or nested too deeply to be read",
        "line": "line {line}: ",
        "surrogate": "text with an invalid character (lone surrogate)",
        "control": "line {line}: control character not allowed ({code})",
    },
}

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null")}
_ALLOWED_EXPLICIT_TAGS = {"!", *_SCALAR_TAGS, _CORE + "seq", _CORE + "map"}


class UntrustedInputError(UserInputError):
    """A user-supplied document that cannot be read; the message names line or field."""


def size_text(limit: int) -> str:
    """A byte limit as users read it (``256 KB``, ``1 MB``)."""
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit // 1024} KB"


def load(
    content: str | bytes,
    fmt: Format,
    *,
    max_bytes: int,
    field: str = "",
    lang: Lang = "de",
    max_depth: int = MAX_DEPTH,
) -> Any:
    """Parse a user-supplied YAML or JSON document into plain JSON data (module docstring).

    ``field`` names the input in the error (form field, file name); the message says where in
    the document the problem is. Raises only :class:`UntrustedInputError`.
    """
    texts = _TEXT[lang]
    if len(content) > max_bytes:  # before encoding: a str has at most as many characters
        raise UntrustedInputError(field, texts["too_large"].format(size=size_text(max_bytes)))
    raw, text = _encode(content, field, lang)
    if len(raw) > max_bytes:
        raise UntrustedInputError(field, texts["too_large"].format(size=size_text(max_bytes)))
    try:
        data = (
            _load_yaml(text, max_depth, lang)
            if fmt == "yaml"
            else _load_json(text, max_depth, lang)
        )
        check_tree(data, lang, max_depth=max_depth)
    except UntrustedInputError as exc:
        raise UntrustedInputError(exc.field or field, exc.message) from None
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError):
        # Last line of defence: the checks above should refuse first.
        raise UntrustedInputError(field, texts["too_complex"]) from None
    return data


def load_yaml(content: str | bytes, **options: Any) -> Any:
    """:func:`load` for YAML (JSON documents are YAML too, so both are accepted)."""
    return load(content, "yaml", **options)


def load_json(content: str | bytes, **options: Any) -> Any:
    """:func:`load` for JSON."""
    return load(content, "json", **options)


def _encode(content: str | bytes, field: str, lang: Lang) -> tuple[bytes, str]:
    """The document as bytes (for the size) and as text; invalid UTF-8 (or a lone surrogate
    in a ``str``) is refused with its line."""
    try:
        if isinstance(content, str):
            return content.encode("utf-8"), content.removeprefix("\ufeff")
        return content, content.decode("utf-8").removeprefix("\ufeff")
    except UnicodeError as exc:
        start = getattr(exc, "start", 0)
        before = content[:start]
        line = (before.count("\n") if isinstance(before, str) else before.count(b"\n")) + 1
        message = _TEXT[lang]["not_utf8"].format(line=line, offset=start + 1)
        raise UntrustedInputError(field, message) from None


# ----------------------------------------------------------------------------- JSON


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
"""Strings (skipped) and brackets: enough to measure a JSON document's depth before parsing.
The closing quote is optional so that an unterminated string is consumed in one match (a
required one would make every later quote start a new scan to the end: quadratic)."""
_CONVERTIBLE_DIGITS = 400
_LONG_DIGITS = re.compile(r"\d{19}")
"""19 digits in a row: possibly an integer beyond 64 bits, which orjson would silently turn into
an approximate float. Such texts take the standard parser, whose integers are exact and checked."""


class _BigNumberError(ValueError):
    """A JSON integer literal too long to be a 64-bit number."""

    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _parse_int(literal: str) -> int:
    """Exact integers up to a few hundred digits (cheap to convert), so that :func:`check_tree`
    can name the field of one beyond 64 bits; longer literals are refused here, by line."""
    if len(literal.lstrip("-")) > _CONVERTIBLE_DIGITS:
        raise _BigNumberError(literal)
    return int(literal)


def _load_json(text: str, max_depth: int, lang: Lang) -> Any:
    """orjson first (fast; its own depth limit of 1,024 keeps it from recursing far, and
    :func:`check_tree` applies ours). A text orjson refuses is read again by the standard
    library's parser after a linear depth scan: that one names a NaN/Infinity cell by its
    field and a too long number by its line, where orjson would only say "invalid"."""
    if not _LONG_DIGITS.search(text):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > max_depth:
                where = _line(lang, text.count("\n", 0, token.start()) + 1)
                raise UntrustedInputError("", _too_deep(lang, where, max_depth))
        elif char in "]}":
            depth -= 1
    try:
        return json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        message = _TEXT[lang]["not_json"].format(line=exc.lineno, column=exc.colno)
        if lang == "en":
            message += f" ({exc.msg})"
        raise UntrustedInputError("", message) from None
    except _BigNumberError as exc:
        where = _line(lang, text.count("\n", 0, max(text.find(exc.literal), 0)) + 1)
        message = _TEXT[lang]["number"].format(where=where, max=MAX_INT)
        raise UntrustedInputError("", message) from None


def _line(lang: Lang, line: int) -> str:
    return _TEXT[lang]["line"].format(line=line)


def _too_deep(lang: Lang, where: str, depth: int) -> str:
    return _TEXT[lang]["too_deep"].format(where=where, depth=depth)


# ----------------------------------------------------------------------------- YAML


class _RefusedError(Exception):
    """A refusal found while composing or constructing, with its message."""


def _without_timestamps() -> dict[Any, Any]:
    """SafeLoader's implicit resolvers minus timestamps: ``2024-05-01`` stays text (JSON)."""
    return {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _CORE + "timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class _UntrustedLoader(Composer, SafeConstructor, Resolver):
    """PyYAML's composer, safe constructor and resolver with the refusals of the module
    docstring; the parser (the events) comes from a subclass.

    Depth, anchors, aliases and tags are checked in :meth:`compose_node` - before a node is
    built - so neither an alias bomb nor a deep document ever gets expanded.
    """

    yaml_implicit_resolvers = _without_timestamps()

    def __init__(self, stream: str, max_depth: int, lang: Lang) -> None:
        self.init_parser(stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.max_depth = max_depth
        self.lang = lang
        self.depth = 0

    def init_parser(self, stream: str) -> None:
        """Set up the event source (LibYAML's parser, or PyYAML's own)."""
        raise NotImplementedError

    def _refuse(self, message: str, node_or_event: Any, **values: Any) -> _RefusedError:
        line = node_or_event.start_mark.line + 1
        return _RefusedError(_TEXT[self.lang][message].format(line=line, **values))

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = cast(Any, self).peek_event()  # from the parser class mixed in
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise self._refuse("alias", event)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_EXPLICIT_TAGS:
            raise self._refuse("tag", event, tag=tag.replace(_CORE, "!!")[:40])
        nested = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        if nested:
            self.depth += 1
            if self.depth > self.max_depth:
                line = _line(self.lang, event.start_mark.line + 1)
                raise _RefusedError(_too_deep(self.lang, line, self.max_depth))
        try:
            return super().compose_node(parent, index)  # type: ignore[return-value]
        finally:
            if nested:
                self.depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[str, Any]:  # type: ignore[override]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                raise self._refuse("merge", key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag != _CORE + "str":
                line = _line(self.lang, key_node.start_mark.line + 1)
                raise _RefusedError(_TEXT[self.lang]["key_type"].format(where=line))
            key = str(key_node.value)
            if key in mapping:
                raise self._refuse("duplicate", key_node, key=key[:60])
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_number(self, node: ScalarNode) -> int | float:
        """An int or float scalar within the limits (length, 64 bits, finite)."""
        where = _line(self.lang, node.start_mark.line + 1)
        refused = _RefusedError(_TEXT[self.lang]["number"].format(where=where, max=MAX_INT))
        if len(str(node.value)) > MAX_NUMBER_CHARS:
            raise refused
        try:
            if node.tag == _CORE + "int":
                value: int | float = self.construct_yaml_int(node)
            else:
                value = self.construct_yaml_float(node)
        except ValueError:
            raise _RefusedError(
                _TEXT[self.lang]["number"].format(where=where, max=MAX_INT)
            ) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise _RefusedError(_TEXT[self.lang]["not_finite"].format(where=where))
        return value


_UntrustedLoader.add_constructor(_CORE + "int", _UntrustedLoader.construct_number)  # type: ignore[type-var]
_UntrustedLoader.add_constructor(_CORE + "float", _UntrustedLoader.construct_number)  # type: ignore[type-var]
for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    # Reachable only through an explicit tag, which compose_node refuses; belt and braces.
    _UntrustedLoader.yaml_constructors.pop(_CORE + _tag, None)


class _PureLoader(_UntrustedLoader, Reader, Scanner, Parser):
    """The checks over PyYAML's own (pure Python) reader, scanner and parser."""

    def init_parser(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


def _loader_class() -> type[_UntrustedLoader]:
    """Over LibYAML's parser when PyYAML has it: it reads a 256 KB profile about eight times
    faster than the pure-Python one (0.7 s instead of 6 s), and only its events are used - the
    composer with the checks above stays ours."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without LibYAML
        return _PureLoader

    class _FastLoader(_UntrustedLoader, CParser):
        def init_parser(self, stream: str) -> None:
            CParser.__init__(self, stream)

        def dispose(self) -> None:
            CParser.dispose(self)

    return _FastLoader


_LOADER = _loader_class()


def _load_yaml(text: str, max_depth: int, lang: Lang) -> Any:
    loader: Any = None  # the parser's methods (dispose) come from the mixed-in class
    try:
        loader = _LOADER(text, max_depth, lang)  # the reader checks characters here
        return loader.get_single_data()
    except _RefusedError as exc:
        raise UntrustedInputError("", str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if "nesting depth" in str(exc.problem):  # LibYAML's own limit (1,000), met first
            raise UntrustedInputError("", _too_deep(lang, _line(lang, line), max_depth)) from None
        message = _TEXT[lang]["not_yaml"].format(line=line, column=column)
        problem = yaml_problem(exc, lang)  # in words, never PyYAML's English text
        raise UntrustedInputError("", f"{message} ({problem})" if problem else message) from None
    except yaml.reader.ReaderError as exc:  # a control character: no mark, a position
        position = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, position) + 1
        code = f"{exc.character:#06x}" if isinstance(exc.character, int) else "?"
        raise UntrustedInputError("", _TEXT[lang]["control"].format(line=line, code=code)) from None
    except yaml.YAMLError:
        raise UntrustedInputError("", _TEXT[lang]["not_yaml"].format(line=1, column=1)) from None
    finally:
        if loader is not None:
            loader.dispose()


# ----------------------------------------------------------------------------- the tree


def check_tree(data: Any, lang: Lang = "de", *, max_depth: int = MAX_DEPTH) -> None:
    """Refuse anything but JSON data within the limits, naming the field (``a.b[2]``).

    Iterative, so it is safe on any depth; only containers go on the stack and paths are only
    spelled out for an error (a 256 KB document is checked in a few milliseconds).
    """
    texts = _TEXT[lang]
    if type(data) is not dict and type(data) is not list:
        _check_scalar(data, None, texts, lang)
        return
    stack: list[tuple[Any, int, _Where]] = [(data, 1, None)]
    while stack:
        value, depth, where = stack.pop()
        if depth > max_depth:
            raise UntrustedInputError(_path(where), _too_deep(lang, "", max_depth))
        is_dict = type(value) is dict
        for key, item in value.items() if is_dict else enumerate(value):
            if is_dict:
                if type(key) is not str:
                    raise UntrustedInputError(_path(where), texts["key_type"].format(where=""))
                if not key.isascii():
                    _check_text(key, where, lang)
            kind = type(item)
            if kind is dict or kind is list:
                stack.append((item, depth + 1, (where, key)))
            elif kind is str:
                if not item.isascii():
                    _check_text(item, (where, key), lang)
            elif kind is not bool and item is not None:
                _check_scalar(item, (where, key), texts, lang)


def _check_scalar(value: Any, where: _Where, texts: dict[str, str], lang: Lang) -> None:
    kind = type(value)
    if kind is str:
        _check_text(value, where, lang)
    elif kind is int:
        if not -MAX_INT <= value <= MAX_INT:
            message = texts["number"].format(where="", max=MAX_INT)
            raise UntrustedInputError(_path(where), message)
    elif kind is float:
        if not math.isfinite(value):
            raise UntrustedInputError(_path(where), texts["not_finite"].format(where=""))
    elif kind is not bool and value is not None:
        raise UntrustedInputError(_path(where), texts["odd_type"].format(where=""))


_Where = tuple[Any, str | int] | None
"""Where a value sits: ``(where of the parent, key or index)``, ``None`` for the top."""


def _check_text(value: str, where: _Where, lang: Lang) -> None:
    """No lone surrogates (a JSON ``\\ud800`` escape): no database or encoder takes them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UntrustedInputError(_path(where), _TEXT[lang]["surrogate"]) from None


def _path(where: _Where) -> str:
    """The field path as the user spells it (``weighting.criteria[3]``), a runaway one cut."""
    keys: list[str | int] = []
    while where is not None:
        where, key = where
        keys.append(key)
    out = ""
    for key in reversed(keys):
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out if len(out) <= 80 else out[:80] + "…"
