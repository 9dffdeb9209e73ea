"""The doubt split of a recommendation: how sure it is with weights and ratings drawn within
their intervals, and how much of the doubt comes from the priorities and how much from the
knowledge base."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from klimaorg.advisor import advise, load_advisor_data
from klimaorg.advisor.analysis import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    adjusted_matrix,
    analyse,
    compute_doubt,
    prepare,
    rating_cube,
)
from klimaorg.advisor.data import Memo
from klimaorg.advisor.profile import complete, parse_profile
from klimaorg.advisor.recommend import Recommendation
from klimaorg.cli.main import app
from klimaorg.engine import DoubtSplit

SCENARIOS = Path(__file__).parent / "scenarios"
STABSSTELLE = "03_city_coordination_stabsstelle.yaml"
KEYS = {"leader", "acceptability", "share_priorities", "share_knowledge", "interaction"}
ENGLISH = re.compile(
    r"\b(the|and|of|from|doubt|ratings?|weights?|priorit(y|ies)|knowledge|share|interaction|"
    r"leader|acceptability|None|null)\b|_",
    re.IGNORECASE,
)


def profile(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))
    return dict(data["profile"])


def fresh() -> Any:
    """Advisor data with an empty memo, so nothing is reused from an earlier call."""
    return replace(load_advisor_data(), memo=Memo(64))


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return advise(profile(STABSSTELLE))


def test_doubt_section_has_the_documented_keys(result: dict[str, Any]) -> None:
    doubt = result["doubt"]
    assert set(doubt) >= KEYS | {"statement"}
    assert doubt["leader"] == result["recommendation"] == "stabsstelle"
    assert 0.0 < doubt["acceptability"] <= 1.0
    # Drawing only the weights is exactly the weight-only robustness of the result.
    first = result["robustness"]["first_rank"]["stabsstelle"]
    assert doubt["acceptability_priorities"] == pytest.approx(first, abs=1e-4)


def test_shares_add_up_to_one(result: dict[str, Any]) -> None:
    doubt = result["doubt"]
    assert doubt["share_priorities"] is not None
    assert doubt["share_priorities"] + doubt["share_knowledge"] == pytest.approx(1.0, abs=1e-4)
    assert 0.0 <= doubt["share_priorities"] <= 1.0


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.glob("*.yaml"))[:6])
def test_shares_add_up_to_one_or_are_absent(name: str) -> None:
    doubt = advise(profile(name))["doubt"]
    if doubt["share_priorities"] is None:
        assert doubt["share_knowledge"] is None
    else:
        total = doubt["share_priorities"] + doubt["share_knowledge"]
        assert total == pytest.approx(1.0, abs=1e-4)


def test_the_same_seed_gives_the_same_split_and_another_seed_may_not() -> None:
    first = advise(profile(STABSSTELLE), advisor=fresh(), seed=11)["doubt"]
    again = advise(profile(STABSSTELLE), advisor=fresh(), seed=11)["doubt"]
    other = advise(profile(STABSSTELLE), advisor=fresh(), seed=12)["doubt"]
    assert first == again
    assert other["seed"] == 12 and first["seed"] == 11
    assert other["acceptability"] != first["acceptability"]


def test_the_explanation_carries_the_sentence_after_the_summary(result: dict[str, Any]) -> None:
    kinds = [s["kind"] for s in result["explanation"]]
    assert "doubt" in kinds and kinds.index("doubt") <= 2
    sentence = result["explanation"][kinds.index("doubt")]["text"]
    assert sentence == result["doubt"]["statement"]
    assert "grobe Aufteilung" in sentence


def test_german_sentence_speaks_german_with_german_numbers(result: dict[str, Any]) -> None:
    sentence = result["doubt"]["statement"]
    assert not ENGLISH.search(sentence), sentence
    percents = re.findall(r"(\d+)\u00a0%", sentence)
    assert len(percents) == 3  # leader share, priorities, knowledge
    assert int(percents[1]) + int(percents[2]) == 100
    assert int(percents[0]) == round(100 * result["doubt"]["acceptability"])


def test_english_sentence() -> None:
    sentence = advise(profile(STABSSTELLE), lang="en")["doubt"]["statement"]
    assert sentence.startswith("Across all plausible weightings and ratings")
    assert "rough split" in sentence and "\u00a0%" not in sentence


def cube_and_weights() -> tuple[np.ndarray, np.ndarray, int]:
    advisor = load_advisor_data()
    completed = complete(parse_profile(profile(STABSSTELLE), advisor, "de"), advisor, "de", None)
    prepared = prepare(advisor, completed, "de")
    models, _excluded, _base, matrix, changes = adjusted_matrix(advisor, prepared.fired)
    cube = rating_cube(advisor, models, changes)
    assert np.array_equal(cube[:, :, 1], matrix)  # the middle is the adjusted profile
    assert (cube[:, :, 0] <= cube[:, :, 1]).all() and (cube[:, :, 1] <= cube[:, :, 2]).all()
    assert cube.min() >= 1.0 and cube.max() <= 5.0
    leader = analyse(advisor, completed, "de", prepared=prepared).order[0]
    return cube, np.asarray(prepared.weights.values), leader


def test_zero_width_intervals_leave_no_doubt_to_the_knowledge_base() -> None:
    cube, weights, leader = cube_and_weights()
    exact = np.repeat(cube[:, :, 1:2], 3, axis=2)
    split = compute_doubt(exact, weights, DEFAULT_SAMPLES, DEFAULT_SEED, leader)
    assert split.acceptability_values == 1.0
    assert split.share_values == 0.0 and split.share_weights == 1.0
    # With exact ratings, drawing both is drawing the weights alone.
    assert split.acceptability_both == split.acceptability_weights


def test_wider_intervals_than_exact_add_doubt_from_the_knowledge_base() -> None:
    cube, weights, leader = cube_and_weights()
    split = compute_doubt(cube, weights, DEFAULT_SAMPLES, DEFAULT_SEED, leader)
    assert split.acceptability_values < 1.0
    assert split.share_values is not None and split.share_values > 0.0


@pytest.mark.parametrize(
    ("accept", "kind", "words"),
    [((1.0, 1.0, 1.0), "doubt_none", "immer vorn"), ((1.0, 1.0, 0.9), "doubt_joint", "90\u00a0%")],
)
def test_no_split_when_neither_source_alone_raises_doubt(
    accept: tuple[float, float, float], kind: str, words: str
) -> None:
    advisor = load_advisor_data()
    completed = complete(parse_profile(profile(STABSSTELLE), advisor, "de"), advisor, "de", None)
    analysis = analyse(advisor, completed, "de")
    leader = analysis.order[0]
    certain = replace(analysis, doubt=DoubtSplit(leader, *accept, DEFAULT_SAMPLES))
    doubt = Recommendation(advisor, completed, certain, "de").doubt
    assert doubt["share_priorities"] is None and doubt["share_knowledge"] is None
    assert doubt["kind"] == kind and words in doubt["statement"]
    assert not ENGLISH.search(doubt["statement"]), doubt["statement"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_cli_shows_the_sentence(fmt: str, result: dict[str, Any]) -> None:
    path = SCENARIOS / STABSSTELLE
    shown = CliRunner().invoke(app, ["advise", str(path), "--format", fmt])
    assert shown.exit_code == 0, shown.output
    words = " ".join(shown.output.replace("•", " ").split())  # rich wraps the table output
    assert " ".join(result["doubt"]["statement"].split()) in words
