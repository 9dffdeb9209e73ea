"""Browser tests: the real app under uvicorn on a free port, headless Debian Chromium.

One server and one browser per pytest process (per xdist worker); the tests share them. Without
``/usr/bin/chromium`` the tests are skipped with a reason on a laptop, and fail in CI (``CI`` set)
so they are never silently skipped there.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from klimaorg.settings import Settings
from klimaorg.storage.db import Database
from tests.accounts import cheap_hashing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path("/tmp/klimaorg-shots")
AXE = Axe()


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Chromium not found at {CHROMIUM} (install it with `make system-deps`)"
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _chromium_present() -> None:
    _require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    _require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """``klimaorg serve``'s app (same factory) on 127.0.0.1 in a background thread."""
    port = _free_port()
    config = uvicorn.Config(
        "klimaorg.web.app:create_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="klimaorg-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("test server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@contextmanager
def live_database() -> Iterator[Database]:
    """The live server's database (the default settings), for fixtures that put accounts and
    assessments into it; fast password hashing, as in the other suites."""
    cheap_hashing()
    db = Database.from_settings(Settings())
    try:
        yield db
    finally:
        db.dispose()


def check_axe(page: Page, where: str) -> None:
    """No axe-core violation on the page (``where`` names it in the report)."""
    results = AXE.run(page)
    assert results.violations_count == 0, f"{where}: {results.generate_report()}"


def screenshot(page: Page, path: Path) -> None:
    """A full-page screenshot to look at what a test saw (its folder made when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def unique(name: str) -> str:
    """``name`` with a random suffix: module fixtures share one database and never collide."""
    return f"{name} {uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """Relative ``page.goto("/...")`` calls go to the live server."""
    return live_server
