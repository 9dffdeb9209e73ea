"""Errors of the decision engine.

Every error names the field as the user spells it in the JSON problem (``matrix[2][1]``,
``weights.pairwise[0][3]``, ``method.normalisation``, ``robustness.samples``), so the
interfaces can show one clear line (CLI) or a 422 entry (API) instead of a traceback.
"""

from __future__ import annotations

from klimaorg.errors import UserInputError


class ProblemError(UserInputError):
    """A decision problem (or a parameter of a method) that cannot be used as given."""
