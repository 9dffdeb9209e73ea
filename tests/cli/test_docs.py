"""The CLI reference in docs/ is what the commands say about themselves."""

from __future__ import annotations

from pathlib import Path

from klimaorg.cli.docgen import reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_cli_reference_is_current() -> None:
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current.rstrip() == reference().rstrip(), "docs/cli.md is stale: run `make docs-cli`"


def test_user_guide_exists_in_both_languages() -> None:
    assert "Organisationsmodelle" in (DOCS / "de" / "handbuch.md").read_text(encoding="utf-8")
    assert "organisational models" in (DOCS / "en" / "guide.md").read_text(encoding="utf-8")
