"""Fuzzing the parser: any input either parses or raises DirectoryFormatError, nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from klimaorg.directory import DirectoryFormatError, parse_lines
from tests.directory.lines import gemeinde, kreis, land, verband

VALID = [land(), kreis(), verband(), gemeinde()]
FIELD_ALPHABET = st.sampled_from(list("0123456789 aZäß*,.-\t\x00\u2028"))


def parses_or_fails_cleanly(lines: list[str] | list[bytes]) -> None:
    try:
        records = list(parse_lines(lines))
    except DirectoryFormatError as error:
        assert error.line_no >= 1
        assert str(error).startswith(f"GV100AD.txt:{error.line_no}: ")
    else:
        assert len(records) <= len(lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=240), max_size=5))
def test_random_text(lines: list[str]) -> None:
    parses_or_fails_cleanly(lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=240), max_size=5))
def test_random_bytes(lines: list[bytes]) -> None:
    parses_or_fails_cleanly(lines)


@settings(max_examples=300, deadline=None)
@given(
    line_index=st.integers(0, len(VALID) - 1),
    position=st.integers(0, 230),
    replacement=st.text(FIELD_ALPHABET, min_size=0, max_size=3),
    delete=st.integers(0, 2),
)
def test_mutated_valid_lines(line_index: int, position: int, replacement: str, delete: int) -> None:
    lines = list(VALID)
    line = lines[line_index]
    lines[line_index] = line[:position] + replacement + line[position + delete :]
    parses_or_fails_cleanly(lines)
