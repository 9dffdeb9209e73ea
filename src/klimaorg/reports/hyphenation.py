"""German hyphenation at syllable boundaries, and nowhere else, for the report's title on a
narrow screen and the words in the org charts' boxes (the PDF is hyphenated by Typst).

pyphen's German dictionary (``hyph_de_DE``) is written for the two-level compound patterns of
LibreOffice's hyphenator; read as one level, it puts breaks after single consonants
("zusammena-rbeiten", "Stelle-nanteile", "Stab-sstelle"). :func:`install` puts a corrected
reading of the same dictionary into pyphen's cache of dictionaries: every part between two
breaks keeps a vowel ("zu-sam-men-ar-bei-ten", "Stel-len-an-tei-le", "Stabs-stel-le"), and the
words given to it (the model names) are never broken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import Any

from klimaorg.i18n import Lang

SOFT_HYPHEN = "\u00ad"
LONG_WORD = 8
"""Words shorter than this are never broken."""
EDGE = 3
"""Letters that stay together at the start and at the end of a word."""
_VOWELS = frozenset("aeiouyäöüéèêàâAEIOUYÄÖÜÉ")
_WORD = re.compile(rf"[^\W\d_]{{{LONG_WORD},}}")
_DICTIONARIES = {"de": "de_DE", "en": "en_GB"}
_GERMAN = ("de_DE",)


def clean(word: str, positions: Iterable[int]) -> list[int]:
    """The break ``positions`` of ``word`` that leave a vowel on both sides of every break: a
    part without a vowel joins the part before it (at the start, the one after it)."""
    kept: list[int] = []
    last = 0
    for position in [*positions, len(word)]:
        part = word[last:position]
        previous = word[kept[-1] if kept else 0 : last] if last else ""
        if last and previous and _VOWELS.intersection(part) and _VOWELS.intersection(previous):
            kept.append(last)
        last = position
    return [p for p in kept if 0 < p < len(word)]


def install(keep: Iterable[str] = ()) -> None:
    """Make pyphen's German dictionaries break at syllables only and never inside the words in
    ``keep`` (the model names). Idempotent; the words of later calls are added."""
    import pyphen  # late: only reports and long headings need it

    for name in _GERMAN:
        path = pyphen.LANGUAGES.get(name)
        if path is None:
            continue
        current = pyphen.hdcache.get(path)
        if not isinstance(current, _dictionary_class()):
            current = pyphen.hdcache[path] = _dictionary_class()(path)
        current.keep |= {word.lower() for word in keep}


@lru_cache(maxsize=1)
def _dictionary_class() -> type:
    """The corrected dictionary class, made on first use (pyphen is imported late)."""
    import pyphen

    class SyllableDictionary(pyphen.HyphDict):  # type: ignore[misc]  # pyphen has no hints
        """pyphen's reading of a German dictionary, cleaned by :func:`clean`."""

        def __init__(self, path: Any) -> None:
            super().__init__(path)
            self.keep: set[str] = set()

        def positions(self, word: str) -> list[int]:
            if word.lower() in self.keep:
                return []
            found = super().positions(word)
            allowed = set(clean(word, found))
            return [p for p in found if p in allowed]

    return SyllableDictionary


@lru_cache(maxsize=2)
def _dictionary(lang: Lang) -> Any:
    import pyphen

    install()
    return pyphen.Pyphen(lang=_DICTIONARIES[lang], left=EDGE, right=EDGE)


def syllables(word: str, lang: Lang) -> list[str]:
    """``word`` split where it may be broken at a line end."""
    positions = _dictionary(lang).positions(word)
    bounds = [0, *positions, len(word)]
    return [word[a:b] for a, b in pairwise(bounds) if word[a:b]]


@lru_cache(maxsize=8192)
def hyphenate_word(word: str, lang: Lang) -> str:
    """``word`` with soft hyphens between its syllables (short words unchanged)."""
    if len(word) < LONG_WORD:
        return word
    return SOFT_HYPHEN.join(syllables(word, lang))


def hyphenate_text(value: str, lang: Lang) -> str:
    """Soft hyphens in every long word of ``value`` (for a title on a narrow screen)."""
    return _WORD.sub(lambda match: hyphenate_word(match.group(0), lang), value)
