"""German hyphenation for the PDF: soft hyphens at syllable boundaries, and nowhere else.

WeasyPrint hyphenates with pyphen, whose German dictionary (``hyph_de_DE``) is written for the
two-level compound patterns of LibreOffice's hyphenator; read as one level, it puts breaks after
single consonants ("zusammena-rbeiten", "Stelle-nanteile", "Stab-sstelle"). So the report does
not let WeasyPrint hyphenate (``hyphens: manual`` in print): :func:`hyphenate_html` inserts soft
hyphens (U+00AD) itself, at pyphen's points cleaned by :func:`syllables` (every part keeps a
vowel: "zu-sam-men-ar-bei-ten", "Stel-len-an-tei-le", "Stabs-stel-le"). Table headers, headings,
charts, code and the model names get none, so they never break inside a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from klimaorg.i18n import Lang

SOFT_HYPHEN = "\u00ad"
LONG_WORD = 12
"""Words shorter than this are never broken (each soft hyphen costs WeasyPrint layout time, and
shorter words rarely need a break)."""
EDGE = 3
"""Letters that stay together at the start and at the end of a word."""
_VOWELS = frozenset("aeiouyäöüéèêàâAEIOUYÄÖÜÉ")
_WORD = re.compile(rf"[^\W\d_]{{{LONG_WORD},}}")
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_DICTIONARIES = {"de": "de_DE", "en": "en_GB"}
# Elements whose text is never hyphenated: table headers, headings, charts, code, the head.
_SKIP = frozenset(
    {"thead", "h1", "h2", "h3", "h4", "svg", "style", "title", "pre", "code", "head", "script"}
)
_VOID = frozenset({"br", "meta", "img", "hr", "input", "link", "col", "wbr", "area", "source"})


@lru_cache(maxsize=2)
def _dictionary(lang: Lang) -> object:
    import pyphen  # late: only the PDF needs it

    return pyphen.Pyphen(lang=_DICTIONARIES[lang], left=EDGE, right=EDGE)


def syllables(word: str, lang: Lang) -> list[str]:
    """``word`` split at its hyphenation points; a part without a vowel joins the part before
    it (or, at the start, the one after it), so no break strands a lone consonant."""
    positions = _dictionary(lang).positions(word)  # type: ignore[attr-defined]
    parts: list[str] = []
    last = 0
    for position in [*positions, len(word)]:
        part = word[last:position]
        last = position
        if not part:
            continue
        if parts and not (_VOWELS.intersection(part) and _VOWELS.intersection(parts[-1])):
            parts[-1] += part
        else:
            parts.append(part)
    return parts or [word]


@lru_cache(maxsize=8192)
def hyphenate_word(word: str, lang: Lang) -> str:
    """``word`` with soft hyphens between its syllables (short words unchanged)."""
    if len(word) < LONG_WORD:
        return word
    return SOFT_HYPHEN.join(syllables(word, lang))


def hyphenate_text(value: str, lang: Lang, keep: frozenset[str] = frozenset()) -> str:
    """Soft hyphens in every long word of ``value`` except the words in ``keep``."""

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word in keep else hyphenate_word(word, lang)

    return _WORD.sub(one, value)


def hyphenate_html(document: str, lang: Lang, keep: Iterable[str] = ()) -> str:
    """The HTML ``document`` (the report's own, well-formed markup) with soft hyphens in the
    text of its body, except inside :data:`_SKIP` elements, elements of class ``nohyph`` and
    the words in ``keep`` (the model names)."""
    kept = frozenset(keep)
    out: list[str] = []
    stack: list[bool] = []  # per open element: whether text inside it is left alone
    for piece in _TAG.split(document):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            _track(piece, stack)
        elif stack and stack[-1]:
            out.append(piece)
        else:
            out.append(hyphenate_text(piece, lang, kept))
    return "".join(out)


def _track(tag: str, stack: list[bool]) -> None:
    """Open or close an element on ``stack`` (comments, doctype and void elements do neither)."""
    match = _TAG_NAME.match(tag)
    if match is None:
        return
    closing, name = match.group(1), match.group(2).lower()
    if closing:
        if stack:
            stack.pop()
        return
    if name in _VOID or tag.endswith("/>"):
        return
    inherited = bool(stack) and stack[-1]
    stack.append(inherited or name in _SKIP or "nohyph" in tag)
