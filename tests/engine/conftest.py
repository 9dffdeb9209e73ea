"""Shared helpers for the engine tests: the reference cases beside the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
REFERENCE = (REPO / "../shared/reference/mcda_cases.json").resolve()
PUBLISHED = Path(__file__).parent / "data" / "published_cases.json"


def reference_cases() -> dict[str, dict[str, Any]]:
    """The shared published cases by id; skip (with the path) when ../shared is absent."""
    if not REFERENCE.exists():
        pytest.skip(
            f"reference cases not found: {REFERENCE} (the ../shared folder beside the repo)"
        )
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return {c["id"]: c for c in data["cases"]}


def published_cases() -> dict[str, dict[str, Any]]:
    """The further published cases encoded in this repository."""
    data = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    return {c["id"]: c for c in data["cases"]}


def problem(
    matrix: Any,
    weights: Any,
    directions: list[str],
    method: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A problem mapping with generated ids A1.., c1.."""
    out: dict[str, Any] = {
        "alternatives": [f"A{i + 1}" for i in range(len(matrix))],
        "criteria": [{"id": f"c{j + 1}", "direction": d} for j, d in enumerate(directions)],
        "matrix": matrix,
        "weights": weights,
    }
    if method is not None:
        out["method"] = method
    out.update(extra)
    return out
