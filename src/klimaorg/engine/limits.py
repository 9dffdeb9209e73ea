"""Configurable limits of the engine.

The sample cap protects a shared server from requests that would run for minutes: it is read
from the environment variable ``KLIMAORG_MAX_SAMPLES`` (default 1,000,000) every time it is
needed, so an operator can change it without touching code.
"""

from __future__ import annotations

import os

DEFAULT_MAX_SAMPLES = 1_000_000
ENV_MAX_SAMPLES = "KLIMAORG_MAX_SAMPLES"


def max_samples() -> int:
    """The largest number of SMAA weight samples one request may ask for.

    An unset, empty or unparsable variable falls back to :data:`DEFAULT_MAX_SAMPLES`;
    values below 1 are treated as 1 so the cap can never disable robustness by accident.
    """
    raw = os.environ.get(ENV_MAX_SAMPLES, "").strip().replace("_", "")
    if not raw:
        return DEFAULT_MAX_SAMPLES
    try:
        return max(1, int(raw))
    except ValueError:
        return DEFAULT_MAX_SAMPLES
