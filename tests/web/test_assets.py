"""Without ``make assets`` the pages still render (app.css only) and the log says why."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from klimaorg.settings import Settings
from klimaorg.web import app as app_module
from klimaorg.web.rendering import Assets, find_assets


def test_missing_vendor_assets_fall_back_to_app_css(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "find_assets", lambda: find_assets(tmp_path))
    with caplog.at_level(logging.WARNING, logger="klimaorg.web.rendering"):
        app = app_module.create_app(Settings())
    assert app.state.assets == Assets(kern=False, swagger=False)
    assert "make assets" in caplog.text
    with TestClient(app) as client:
        for path in ("/", "/modelle/team", "/api/docs"):
            response = client.get(path)
            assert response.status_code == 200
            assert "/static/css/app.css" in response.text
            assert "vendor/" not in response.text
        assert client.get("/static/css/app.css").status_code == 200
