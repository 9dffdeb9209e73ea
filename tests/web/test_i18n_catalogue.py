"""The German catalogue translates every UI string of the code and the templates, and no more."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "src" / "klimaorg" / "locale" / "de" / "LC_MESSAGES" / "messages.po"
SKIP_DIRS = {"node_modules", "vendor", "static", "__pycache__", "tests", "bench", "docs"}


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """Method map and options from babel.cfg (Jinja via ``jinja2.ext.babel_extract``)."""
    config = configparser.RawConfigParser()
    config.read(REPO / "babel.cfg", encoding="utf-8")
    method_map: list[tuple[str, str]] = []
    options_map: dict[str, dict[str, str]] = {}
    for section in config.sections():
        method, pattern = (part.strip() for part in section.split(":", 1))
        if method == "jinja2":
            method = "jinja2.ext:babel_extract"
        method_map.append((pattern, method))
        options_map[pattern] = dict(config.items(section))
    return method_map, options_map


def extracted_msgids() -> set[str]:
    method_map, options_map = _mapping()
    ids: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(REPO),
        method_map,
        options_map,
        directory_filter=lambda path: (
            Path(path).name not in SKIP_DIRS and not Path(path).name.startswith(".")
        ),
    ):
        ids.update([message] if isinstance(message, str) else [m for m in message if m])
    return ids


def used_literally(msgid: str) -> bool:
    """Whether ``_("msgid")`` occurs in the Python code (Babel cannot see into f-strings)."""
    pattern = re.compile(r"""_\(\s*(["'])""" + re.escape(msgid) + r"\1\s*\)")
    return any(
        pattern.search(path.read_text(encoding="utf-8"))
        for path in (REPO / "src" / "klimaorg").rglob("*.py")
    )


def test_extraction_finds_code_and_template_strings() -> None:
    ids = extracted_msgids()
    assert "Organisational models" in ids  # Python (CLI)
    assert "Skip to main content" in ids  # Jinja (layout)
    assert "Accessibility statement" in ids  # Jinja (page)


def test_every_message_has_a_german_translation_and_none_is_obsolete() -> None:
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    translated = {str(m.id): str(m.string) for m in catalog if m.id}
    ids = extracted_msgids()
    missing = sorted(i for i in ids if not translated.get(i))
    obsolete = sorted(i for i in set(translated) - ids if not used_literally(i))
    assert not missing, f"untranslated msgids (add them to {CATALOGUE.name}): {missing}"
    assert not obsolete, f"obsolete msgids in {CATALOGUE.name}: {obsolete}"
    assert not any(m.fuzzy for m in catalog if m.id), "fuzzy entries are not used at runtime"


def test_every_literal_message_in_code_is_translated() -> None:
    """``_("…")`` inside an f-string is invisible to Babel's extraction; this scan finds it,
    so a German CLI table can never show an English heading ("Risks and mitigations")."""
    with CATALOGUE.open("rb") as handle:
        translated = {m.id for m in read_po(handle) if m.id and m.string}
    pattern = re.compile(r"""\b_\(\s*(['"])((?:(?!\1).)+)\1\s*\)""")
    missing = sorted(
        (str(path.relative_to(REPO)), match.group(2))
        for path in (REPO / "src" / "klimaorg").rglob("*.py")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
        if match.group(2) not in translated
    )
    assert missing == []
