"""The report's own words (headings, labels, sentences) in German and English.

They live in ``data/texts.yaml``, not in the gettext catalogue: the report is a document of its
own, reviewed as a whole. The file is read strictly; a missing language is an error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from klimaorg.i18n import Lang
from klimaorg.knowledge.schema import LocalText, Strict
from klimaorg.knowledge.yamlfile import read_yaml, validate

TEXTS_FILE = Path(__file__).parent / "data" / "texts.yaml"


class TextsFile(Strict):
    """``texts.yaml``: every report text by key, in both languages."""

    texts: dict[str, LocalText]


@lru_cache(maxsize=1)
def load_texts() -> TextsFile:
    """The packaged report texts (read once)."""
    return validate(TextsFile, read_yaml(TEXTS_FILE, TEXTS_FILE.name), TEXTS_FILE.name)


def text(key: str, lang: Lang, **values: Any) -> str:
    """The text ``key`` in ``lang``, filled with ``values`` (``str.format`` fields)."""
    template = load_texts().texts[key].get(lang)
    return template.format(**values) if values else template


def texts(lang: Lang) -> dict[str, str]:
    """Every text in ``lang`` (for templates: ``t.key``)."""
    return {key: value.get(lang) for key, value in load_texts().texts.items()}
