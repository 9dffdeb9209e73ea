"""``klimaorg serve`` on a fresh installation names the commands for what is still missing."""

from __future__ import annotations

from klimaorg.cli.serve import first_steps


def test_a_fresh_installation_is_told_both_commands() -> None:
    lines = first_steps(users=0, municipalities=0)
    assert len(lines) == 2
    assert "klimaorg directory import" in lines[0]
    assert "klimaorg orgs create" in lines[1] and "klimaorg users create" in lines[1]


def test_nothing_is_said_once_both_exist() -> None:
    assert first_steps(users=1, municipalities=10_000) == []
    assert first_steps(users=0, municipalities=10_000) == [first_steps(0, 0)[1]]
    assert first_steps(users=3, municipalities=0) == [first_steps(0, 0)[0]]
