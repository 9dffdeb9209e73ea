"""Folding names for tolerant matching: case, umlauts, their ASCII spellings, punctuation.

Users type "Muenchen", "Munchen" or "münchen" for "München", and "Neustadt Weinstrasse" for
"Neustadt an der Weinstraße". Query and names go through the same :func:`fold`, so
"ü", "ue" and "u" all meet as "u" (a few false friends like "Kues"/"Kus" are harmless in an
autocomplete that ranks by relevance and population).
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
#: Letters of German names done by table (fast path); anything else goes through NFKD.
_LETTERS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ł": "l", "ø": "o", "đ": "d", "ı": "i"})


def fold(text: str) -> str:
    """Lower-case ASCII form: no diacritics, ae/oe/ue → a/o/u, ß → ss, punctuation → space."""
    folded = text.casefold().translate(_LETTERS)  # casefold turns ß into ss
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = _NON_ALNUM.sub(" ", folded).strip()
    return spaced.replace("ae", "a").replace("oe", "o").replace("ue", "u")
