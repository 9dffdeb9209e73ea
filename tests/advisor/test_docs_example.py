"""The annotated profile in the user guide is a real, valid profile."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from klimaorg.advisor import advise

DOC = Path(__file__).resolve().parents[2] / "docs" / "de" / "beratung.md"


def test_guide_example_profile_runs() -> None:
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    result = advise(yaml.safe_load(block.group(1)))
    assert result["inputs"]["weighting"]["method"] == "swing"
    assert result["ranking"][0]["rank"] == 1
