"""Fixtures of the directory tests: the real GV100AD file (parsed once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from klimaorg.directory import Directory, parse_lines, save
from tests.directory.lines import small_file

REPO = Path(__file__).resolve().parents[2]
REAL_FILE = REPO.parent / "shared" / "data" / "GV100AD_301123.txt"


@pytest.fixture(scope="session")
def real_file() -> Path:
    """The official Destatis file beside the project; the test is skipped if it is absent."""
    if not REAL_FILE.exists():
        pytest.skip(
            f"GV100AD file not found: {REAL_FILE} (the ../shared folder beside the project)"
        )
    return REAL_FILE


@pytest.fixture(scope="session")
def real_directory(real_file: Path) -> Directory:
    """The whole country, parsed once (about 0.2 s)."""
    return Directory.from_file(real_file)


@pytest.fixture(scope="session")
def real_cache(real_directory: Directory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache file of the whole country, for CLI tests that read it."""
    return save(real_directory, tmp_path_factory.mktemp("directory") / "gv100ad.json.gz")


@pytest.fixture
def small_directory() -> Directory:
    """The hand-made directory of :func:`small_file`."""
    return Directory(parse_lines(small_file()), source="small.txt")


@pytest.fixture
def small_path(tmp_path: Path) -> Path:
    """The hand-made directory written to a file."""
    path = tmp_path / "GV100AD_small.txt"
    path.write_text("".join(f"{line}\n" for line in small_file()), encoding="utf-8")
    return path
