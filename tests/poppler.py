"""poppler-utils (pdftotext, pdfdetach) on PDF bytes: what a reader's PDF viewer extracts."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

import pytest


def poppler(tool: str, pdf: bytes, *args: str) -> str:
    """The standard output of ``tool`` for these PDF bytes (``pdftotext`` writes to it); the
    test is skipped where poppler-utils is not installed (``make system-deps`` installs it)."""
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} not installed (poppler-utils)")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = [file.name, "-"] if tool == "pdftotext" else [file.name]
        return subprocess.run(
            [found, *args, *out], check=True, capture_output=True, timeout=120
        ).stdout.decode("utf-8")
