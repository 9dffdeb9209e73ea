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
_DIGRAPHS = re.compile(r"(ae|oe|ue)")
_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i"})


def fold(text: str) -> str:
    """Lower-case ASCII form: no diacritics, ae/oe/ue → a/o/u, ß → ss, punctuation → space."""
    lowered = text.casefold().translate(_EXTRA)  # casefold turns ß into ss
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = _NON_ALNUM.sub(" ", ascii_only).strip()
    return _DIGRAPHS.sub(lambda match: match.group(1)[0], spaced)
