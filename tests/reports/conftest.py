"""A realistic report (scenario 03, a large city) built once and rendered once per format."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from klimaorg.reports.build import report_for_profile
from klimaorg.reports.render import render

SCENARIO = (
    Path(__file__).parents[1] / "advisor" / "scenarios" / "03_city_coordination_stabsstelle.yaml"
)
DAY = date(2026, 11, 24)


@pytest.fixture(scope="session")
def profile() -> dict[str, Any]:
    data = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    return dict(data["profile"])


@pytest.fixture(scope="session")
def report(profile: dict[str, Any]) -> dict[str, Any]:
    return report_for_profile(profile, "de", created=DAY)


@pytest.fixture(scope="session")
def report_en(profile: dict[str, Any]) -> dict[str, Any]:
    return report_for_profile(profile, "en", created=DAY)


@pytest.fixture(scope="session")
def pdf_file(report: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "bericht.pdf"
    path.write_bytes(render(report, "pdf"))
    return path


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed (poppler-utils)")
    return found


@pytest.fixture(scope="session")
def pdf_pages(pdf_file: Path) -> list[str]:
    """The text of every page (``pdftotext -layout``), split at form feeds."""
    out = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf_file), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@pytest.fixture(scope="session")
def pdf_images(pdf_file: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every page as PNG at 60 dpi (``pdftoppm -png -r 60``)."""
    folder = tmp_path_factory.mktemp("png")
    subprocess.run(
        [_tool("pdftoppm"), "-png", "-r", "60", str(pdf_file), str(folder / "page")],
        check=True,
        timeout=120,
    )
    return sorted(folder.glob("page-*.png"))
