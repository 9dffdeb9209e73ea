"""Shared fixtures: paths to the real data beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_file(relative: str) -> Path:
    """A file of the shared real data (seed, directory, reference cases), or skip when absent.

    CI always has ``../shared`` beside the clone, so there the skip never happens; on a laptop
    without it, the tests that need real data say so instead of failing.
    """
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"real data not found: {path} (the ../shared folder beside the project)")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The source table of the six models."""
    return shared_file("seed/organisationsmodelle.tsv")
