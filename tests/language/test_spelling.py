"""Spelling of everything a user reads, checked with Hunspell (Debian's ``hunspell-de-de``,
and ``hunspell-en-gb`` because the English texts are British) against a small reviewed word
list of domain terms and names (``words.de.txt``, ``words.en.txt``).

Rendered, not read from the source: the pages of a crawl, the CLI's Markdown output and the
reports for four municipalities, in German and in English. Verbatim quotations of the source
table („…“) are left out on purpose: they keep the source's wording, typos included, and another
test checks them letter by letter against the seed. In English output a word may also be German
(source titles, quotations of documents and domain terms such as Stabsstelle stay German there);
untranslated interface text is caught by the catalogue test instead. Code, file names,
addresses and numbers are not words. A failure names each unknown word and where it first
appeared.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from klimaorg.cli.main import app as cli
from klimaorg.i18n import Lang
from klimaorg.reports import markdown
from klimaorg.reports.build import report_for_profile
from klimaorg.settings import Settings
from klimaorg.web.app import create_app

HERE = Path(__file__).parent
DICTIONARIES = {"de": "de_DE", "en": "en_GB"}  # the English texts are written in British English
PAGES = [
    "/",
    "/modelle",
    *(f"/modelle/{m}" for m in ("fachamt", "stabsstelle", "team", "klimaschutzamt")),
    *(f"/modelle/{m}" for m in ("energieagentur", "stellenteilung")),
    "/vergleich",
    "/kriterien",
    "/quellen",
    "/praxis",
    "/regeln",
    "/beratung",
    *(f"/beratung/schritt/{n}" for n in range(1, 6)),
    "/barrierefreiheit",
    "/sicherheit",
]
PROFILES: dict[str, dict[str, Any]] = {
    "Gemeinde ohne Umweltamt": {
        "municipality": {"name": "Kleinhausen", "kind": "gemeinde", "population": 3000},
        "resources": {"staff_fte": 1, "funding": "erstvorhaben"},
        "structures": {"environment_office": False},
    },
    "Landkreis": {
        "municipality": {"name": "Musterkreis", "kind": "landkreis", "population": 150_000},
        "resources": {"staff_fte": 3},
    },
    "Großstadt": {
        "municipality": {"name": "Großstadt", "kind": "kreisfreie_stadt", "population": 300_000},
        "resources": {"staff_fte": 12, "funding": "anschlussvorhaben"},
        "structures": {"environment_office": True, "climate_concept": True},
    },
    "Stadt mit Prioritäten": {
        "municipality": {"name": "Mittelstadt", "kind": "stadt", "population": 30_000},
        "resources": {"staff_fte": 2},
        "priorities": {"coordination": 4, "financing": 0},
    },
}
CLI = [
    ["models", "list", "-f", "markdown"],
    ["models", "show", "team", "-f", "markdown"],
    ["models", "compare", "-f", "markdown"],
    ["criteria", "-f", "markdown"],
]
NOT_WORDS = [
    re.compile(r"```.*?```", re.S),  # code blocks (the user's own profile file)
    re.compile(r"`[^`\n]*`"),  # inline code: ids a command takes
    re.compile(r"„[^“]*“"),  # verbatim quotations of the source (checked against the seed)
    re.compile(r"https?://\S+|\S+@\S+|www\.\S+"),
    re.compile(r"\S*[\w-]+\.(?:yaml|json|md|csv|xlsx|svg|pdf|docx|txt|de|org|eu)\b\S*"),
    re.compile(r"(?<!\S)--?[a-z][\w-]*|\bklimaorg [a-z]+"),  # options and commands
    re.compile(r"\S*\d\S*"),  # numbers, keys, dates, versions
    re.compile(r"\b[a-z]+(?:[._][a-z]+)+\b"),  # identifiers a command takes (``a.b_c``)
    re.compile(r"\b[A-Z]+(?:_[A-Z]+)+\b"),  # settings (``KLIMAORG_CONTACT_EMAIL``)
    re.compile(r"(?:^|(?<=\s))[-–.|*#>:]+(?=\s|$)", re.M),  # Markdown marks, dashes
    re.compile(r"\bjson\b"),  # the format name in "--format json"
]


def hunspell() -> str:
    """The Hunspell program, or skip (fail under CI: the set-up installs it)."""
    found = shutil.which("hunspell")
    if found is None:
        message = "hunspell missing: run scripts/setup-system.sh (hunspell-de-de, hunspell-en-gb)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def page_text(markup: str, lang: Lang) -> str:
    """The visible text of a page in ``lang`` (scripts, styles, tags and passages marked as
    another language, such as the language switch "Continue in English", removed)."""
    markup = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", markup, flags=re.S)
    other = "en" if lang == "de" else "de"
    markup = re.sub(rf'<(\w+)[^>]*\blang="{other}"[^>]*>.*?</\1>', " ", markup, flags=re.S)
    markup = re.sub(r"<[^>]+>", " ", markup)
    return html.unescape(markup).replace("\u00ad", "")


def corpus(lang: Lang) -> Iterator[tuple[str, str]]:
    """(where, text) for every rendered output in ``lang``."""
    with TestClient(create_app(Settings())) as client:
        for path in PAGES:
            page = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
            assert page.status_code == 200, path
            yield path, page_text(page.text, lang)
    for args in CLI:
        result = CliRunner().invoke(cli, [*args, "--lang", lang])
        assert result.exit_code == 0, (args, result.output)
        yield "klimaorg " + " ".join(args), result.output
    for name, profile in PROFILES.items():
        yield f"Bericht {name}", markdown.report(report_for_profile(profile, lang))


def unknown_words(lang: Lang) -> dict[str, str]:
    """Every word Hunspell and the word list do not know, with where it first appeared."""
    program = hunspell()
    known = HERE / f"words.{lang}.txt"
    where: dict[str, str] = {}
    for place, raw in corpus(lang):
        text = raw
        for pattern in NOT_WORDS:
            text = pattern.sub(" ", text)
        found = hunspell_unknown(program, DICTIONARIES[lang], known, text)
        if lang == "en" and found:  # German titles, quotations and domain terms are German
            found = hunspell_unknown(
                program, DICTIONARIES["de"], HERE / "words.de.txt", "\n".join(found)
            )
        for word in found:
            if any(c.isalpha() for c in word):  # Hunspell reports stray marks such as ".-"
                where.setdefault(word, place)
    return where


def hunspell_unknown(program: str, dictionary: str, known: Path, text: str) -> list[str]:
    """The words of ``text`` that neither the dictionary nor the word list ``known`` know."""
    return subprocess.run(
        [program, "-d", dictionary, "-p", str(known), "-l", "-i", "utf-8"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_word_a_user_reads_is_spelt_right(lang: Lang) -> None:
    unknown = unknown_words(lang)
    listing = "\n".join(f"  {word}  ({place})" for word, place in sorted(unknown.items()))
    assert not unknown, (
        f"unknown words ({lang}), fix them or add them to words.{lang}.txt:\n{listing}"
    )
