"""Errors of the decision engine.

Every error names the field as the user spells it in the JSON problem (``matrix[2][1]``,
``weights.pairwise[0][3]``, ``method.normalisation``, ``robustness.samples``), so the
interfaces can show one clear line (CLI) or a 422 entry (API) instead of a traceback.
"""

from __future__ import annotations

from typing import Final, Literal

from klimaorg.errors import UserInputError

LimitKind = Literal["alternatives", "criteria", "samples", "cost"]

_GERMAN: Final[dict[str, str]] = {
    "alternatives": "{value} Alternativen sind zu viele (höchstens {limit})",
    "criteria": "{value} Kriterien sind zu viele (höchstens {limit})",
    "samples": "{value} übersteigt die Obergrenze von {limit} Stichproben",
    "cost": "Rechenaufwand {value} übersteigt das Budget von {limit} (Stichproben × "
    "Alternativen × (Alternativen + Kriterien), dazu die Stabilitätsprüfung): weniger "
    "Stichproben, weniger Alternativen oder die Stabilitätsprüfung abschalten",
}


class ProblemError(UserInputError):
    """A decision problem (or a parameter of a method) that cannot be used as given."""


class LimitError(ProblemError):
    """A problem larger than the configured limits (:mod:`klimaorg.engine.limits`).

    Carries ``kind``, ``value`` and ``limit`` so an interface can word it in the reader's
    language; the message itself is German like every engine message.
    """

    def __init__(self, field: str, kind: LimitKind, value: int, limit: int) -> None:
        text = _GERMAN[kind].format(value=_de(value), limit=_de(limit))
        super().__init__(field, text)
        self.kind: LimitKind = kind
        self.value = value
        self.limit = limit


def _de(value: int) -> str:
    """An integer with German thousands separators (1.000.000)."""
    return f"{value:,}".replace(",", ".")
