"""Shared fixtures: paths to the real data beside the project, and an isolated data folder.

Every test session (every xdist worker) gets its own temporary ``KLIMAORG_DATA_DIR`` with a
migrated SQLite database, set here at import time, before any test imports the settings: an
app built with default settings never touches ``~/.local/share/klimaorg``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
#: The six organisational models in the catalogue's order, written out here (not read from
#: the knowledge base) so the tests that expect them check the data instead of echoing it.
SIX_MODELS = [
    "fachamt",
    "stabsstelle",
    "team",
    "klimaschutzamt",
    "energieagentur",
    "stellenteilung",
]


def _isolated_data_dir() -> Path:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    folder = Path(tempfile.mkdtemp(prefix=f"klimaorg-test-{worker}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


DATA_DIR = _isolated_data_dir()
os.environ["KLIMAORG_DATA_DIR"] = str(DATA_DIR)
os.environ.pop("KLIMAORG_DATABASE_URL", None)
os.environ.pop("KLIMAORG_SECRET_KEY", None)
os.environ.pop("KLIMAORG_TRUSTED_PROXIES", None)
# Every test client is one address: the suites run far more reports and solves than one
# visitor would. tests/security sets low quotas in its own Settings to test the 429.
for _quota in ("REPORT", "SOLVE", "ADVISE", "WIZARD"):
    os.environ[f"KLIMAORG_RATE_LIMIT_{_quota}"] = "1000000"


def _migrate() -> None:
    from klimaorg.settings import Settings, get_settings
    from klimaorg.storage import login_attempts  # registers its table in Base.metadata
    from klimaorg.storage.db import database_url, make_engine, upgrade

    get_settings.cache_clear()
    assert login_attempts.LoginAttempt.__tablename__ == "login_attempts"
    engine = make_engine(database_url(Settings()))
    upgrade(engine)
    engine.dispose()


_migrate()


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


@pytest.fixture(autouse=True)
def _settings_read_per_test() -> Iterator[None]:
    """Each test reads the settings afresh, as a new process would: a test that sets
    ``KLIMAORG_DATA_DIR`` or another variable (before it first needs the settings) is seen by
    every layer, and the next test does not inherit it."""
    from klimaorg.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
