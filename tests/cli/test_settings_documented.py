"""Every setting is documented in the operations guide, in German and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from klimaorg.settings import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_documented(name: str) -> None:
    variable = f"KLIMAORG_{name.upper()}"
    assert variable in (DOCS / "de" / "betrieb.md").read_text(encoding="utf-8")
    assert variable in (DOCS / "en" / "operations.md").read_text(encoding="utf-8")
