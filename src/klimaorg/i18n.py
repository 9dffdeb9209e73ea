"""Languages of the product: German first, English beside it.

UI strings live in gettext catalogues (``locale/<lang>/LC_MESSAGES/messages.po``, managed with
Babel); message ids are English, so English needs no catalogue. The ``.po`` files are compiled in
memory at first use: no build step can be forgotten, and a test keeps the catalogue complete.
Knowledge texts (model descriptions, statements) come from the data files, not from here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

Lang = Literal["de", "en"]
LANGUAGES: tuple[Lang, ...] = ("de", "en")
DEFAULT_LANG: Lang = "de"
LOCALE_DIR = Path(__file__).parent / "locale"
_LOCALES = {"de": "de_DE", "en": "en_GB"}
_DE_DIGITS = str.maketrans({",": ".", ".": ","})


def parse_lang(value: str | None) -> Lang:
    """A supported language code from user input, the default for anything else."""
    code = (value or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANG


def is_lang(value: str) -> bool:
    """Whether ``value`` names a supported language exactly."""
    return value in LANGUAGES


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: Lang) -> NullTranslations:
    """The compiled catalogue of ``lang`` (identity for English)."""
    po_file = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po_file.exists():
        return NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=_LOCALES[lang])
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def gettext_for(lang: Lang) -> Callable[[str], str]:
    """A ``_`` function translating English message ids into ``lang``."""
    return translations(lang).gettext


def fixed(value: float, lang: Lang, digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals in the reader's format (0,04 / 0.04): for
    ratios where "0,00" (computed, tiny) must not read as "0"."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "de" else text


def number(value: float, lang: Lang, digits: int = 2) -> str:
    """A number in the reader's format (German: 1.234,5), trailing zeros dropped.

    Hand-written rather than Babel's ``format_decimal`` because explanations format dozens of
    numbers per request and Babel parses its pattern on every call (about 50 µs each).
    """
    text = f"{round(value, digits):,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if lang == "de":
        text = text.translate(_DE_DIGITS)
    return text


def percent(value: float, lang: Lang) -> str:
    """A share in [0, 1] as a whole percentage in the reader's format ("87 %" / "87%")."""
    whole = round(value * 100)
    return f"{whole}\u00a0%" if lang == "de" else f"{whole}%"


def day(value: date, lang: Lang) -> str:
    """A date in the reader's format (German: 24.11.2026)."""
    return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()


BERLIN = ZoneInfo("Europe/Berlin")
"""The users' time zone: German municipalities."""


def local_time(moment: datetime, lang: Lang) -> str:
    """A stored moment (UTC; naive values are UTC) in local German time, as the reader writes
    it: ``04.12.2026, 01:44`` in German, ``2026-12-04 01:44`` in English."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(BERLIN)
    return local.strftime("%d.%m.%Y, %H:%M") if lang == "de" else local.strftime("%Y-%m-%d %H:%M")


LONG_WORD = 12
"""Words from this length on get soft hyphens in headings (German compounds)."""
_DICTIONARIES = {"de": "de_DE", "en": "en_US"}


def hyphenate(text: str, lang: Lang) -> str:
    """``text`` with soft hyphens (U+00AD) in its long words, from the hyphenation patterns
    of ``lang`` (pyphen, LibreOffice's dictionaries): a phone breaks
    "Verwaltungs-übergreifendes" at a syllable, not after any letter. Short words and text
    without long words are returned as they are."""
    if len(text) < LONG_WORD:
        return text
    return " ".join(_hyphenated_word(word, lang) for word in text.split(" "))


@lru_cache(maxsize=4096)
def _hyphenated_word(word: str, lang: Lang) -> str:
    if len(word) < LONG_WORD:
        return word
    import pyphen  # late: only pages with long headings need it

    return str(pyphen.Pyphen(lang=_DICTIONARIES[lang]).inserted(word, hyphen="\u00ad"))


def join(items: list[str], lang: Lang) -> str:
    """``a, b und c`` (``a, b and c``): a list in a sentence."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'und' if lang == 'de' else 'and'} {items[-1]}"


def quote(text: str, lang: Lang) -> str:
    """``text`` in the quotation marks of ``lang`` („…“ in German, “…” in English)."""
    return f"„{text}“" if lang == "de" else f"“{text}”"
