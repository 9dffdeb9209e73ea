"""Limits of the work one problem may ask of the engine.

The engine stays generic and reads no environment: the limits are parameters with safe
defaults (:data:`DEFAULT_LIMITS`); the interfaces (web, CLI) pass the operator's settings.

Why these four: parsing is linear in the input, but the robustness step is not. Measured on
one core (``bench``-style timing of :func:`klimaorg.engine.solve`, NumPy 2): SMAA costs about
5-13 ns per unit of ``samples * m * (m + n)`` (m alternatives, n criteria: scoring is
``m * n`` and the rank count ``m * m`` per sample), and the one-way stability and swap search
costs up to 60-200 µs per unit of ``n^2 * m`` for methods that are not linear in the weights
(TOPSIS: grid plus bisection for every ordered pair of criteria). :func:`robustness_cost`
adds both in SMAA units; the default budget (3 * 10^8) is about 2-4 s of one core.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from klimaorg.engine.errors import LimitError

DEFAULT_MAX_ALTERNATIVES: Final = 200
DEFAULT_MAX_CRITERIA: Final = 30
DEFAULT_MAX_SAMPLES: Final = 1_000_000
DEFAULT_MAX_COST: Final = 300_000_000
STABILITY_UNIT: Final = 10_000
"""SMAA units one ``n^2 * m`` step of the stability search is counted as (measured: ~100 µs
against ~10 ns per SMAA unit)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Largest problem one solve may ask for (a cheap check before any computation)."""

    max_alternatives: int = DEFAULT_MAX_ALTERNATIVES
    max_criteria: int = DEFAULT_MAX_CRITERIA
    max_samples: int = DEFAULT_MAX_SAMPLES
    max_cost: int = DEFAULT_MAX_COST

    def check_size(self, alternatives: int, criteria: int) -> None:
        """Raise :class:`LimitError` for too many alternatives or criteria."""
        if alternatives > self.max_alternatives:
            raise LimitError("alternatives", "alternatives", alternatives, self.max_alternatives)
        if criteria > self.max_criteria:
            raise LimitError("criteria", "criteria", criteria, self.max_criteria)

    def check_cost(self, alternatives: int, criteria: int, samples: int, stability: bool) -> None:
        """Raise :class:`LimitError` when the robustness step would exceed the budget."""
        cost = robustness_cost(alternatives, criteria, samples, stability)
        if cost > self.max_cost:
            raise LimitError("robustness.samples", "cost", cost, self.max_cost)


DEFAULT_LIMITS: Final = Limits()


def robustness_cost(alternatives: int, criteria: int, samples: int, stability: bool) -> int:
    """Work units of the robustness step: ``samples * m * (m + n)`` for SMAA plus
    ``STABILITY_UNIT * n^2 * m`` for the stability search (module docstring)."""
    m, n = alternatives, criteria
    cost = samples * m * (m + n)
    if stability:
        cost += STABILITY_UNIT * n * n * m
    return cost


def max_samples() -> int:
    """The default sample cap (kept for callers of the old function; no environment read)."""
    return DEFAULT_MAX_SAMPLES
