"""The parts of a recommendation: every sentence traceable, risks with mitigations, what-if,
complement, assumptions, and the JSON keys the interfaces rely on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from klimaorg.advisor import advise, load_advisor_data
from klimaorg.advisor.data import DATA_DIR
from klimaorg.advisor.recommend import saaty
from klimaorg.knowledge import load_knowledge

SCENARIOS = Path(__file__).parent / "scenarios"


def profile(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))
    return dict(data["profile"])


@pytest.fixture(scope="module")
def stabsstelle() -> dict[str, Any]:
    return advise(profile("03_city_coordination_stabsstelle.yaml"))


def test_result_has_the_documented_keys(stabsstelle: dict[str, Any]) -> None:
    for key in ("ranking", "robustness", "explanation", "risks", "what_if", "complement"):
        assert stabsstelle[key]
    for key in ("assumptions", "inputs", "method", "agreement"):
        assert key in stabsstelle
    row = stabsstelle["ranking"][0]
    assert set(row) >= {"model", "rank", "score", "excluded", "reason"}
    assert row["rank"] == 1 and row["model"] == "stabsstelle"
    assert set(stabsstelle["robustness"]["first_rank"]) <= set(load_knowledge().model_ids)


def test_every_model_appears_once_ranked_or_excluded(stabsstelle: dict[str, Any]) -> None:
    assert sorted(r["model"] for r in stabsstelle["ranking"]) == sorted(load_knowledge().model_ids)


def test_first_rank_shares_sum_to_one(stabsstelle: dict[str, Any]) -> None:
    assert sum(stabsstelle["robustness"]["first_rank"].values()) == pytest.approx(1.0, abs=1e-9)


def test_explanation_quotes_the_source_verbatim(stabsstelle: dict[str, Any]) -> None:
    kb = load_knowledge()
    cited = [s for s in stabsstelle["explanation"] if s["refs"] and "." in s["refs"][0]]
    assert cited
    for sentence in cited:
        statement = kb.statement(sentence["refs"][0]).statement
        assert f"„{statement.quote}“" in sentence["text"]


def test_every_rule_reference_resolves(stabsstelle: dict[str, Any]) -> None:
    advisor = load_advisor_data()
    for sentence in stabsstelle["explanation"]:
        for ref in sentence["refs"]:
            if ref.startswith("rule:"):
                advisor.rule(ref.removeprefix("rule:"))
            else:
                load_knowledge().statement(ref)


def test_english_explanation_uses_the_translation() -> None:
    result = advise(profile("03_city_coordination_stabsstelle.yaml"), lang="en")
    texts = " ".join(s["text"] for s in result["explanation"])
    assert "Direct link to the head of the administration" in texts
    assert result["recommendation_name"] == "Staff unit"


def test_risks_are_the_winners_disadvantages_with_mitigations(stabsstelle: dict[str, Any]) -> None:
    statements = [r["statement"] for r in stabsstelle["risks"] if "statement" in r]
    assert set(statements) == {
        "stabsstelle.limited_authority",
        "stabsstelle.small_budget",
        "stabsstelle.extra_structures",
        "stabsstelle.no_office_link",
    }
    for risk in stabsstelle["risks"]:
        assert risk["mitigations"], risk
    budget = next(
        r for r in stabsstelle["risks"] if r.get("statement") == "stabsstelle.small_budget"
    )
    assert "budget_line" in {m["id"] for m in budget["mitigations"]}


def test_complement_covers_a_weak_criterion_and_names_the_working_group(
    stabsstelle: dict[str, Any],
) -> None:
    complement = stabsstelle["complement"]
    assert complement["model"] != "stabsstelle"
    winner = stabsstelle["criteria_profile"]["stabsstelle"]
    second = stabsstelle["criteria_profile"][complement["model"]]
    assert all(second[c] > winner[c] for c in complement["covers"])
    assert "Arbeitsgruppe" in complement["working_group"]["text"]


def test_what_if_names_a_change_that_really_changes_the_leader(
    stabsstelle: dict[str, Any],
) -> None:
    swaps = [w for w in stabsstelle["what_if"] if w["kind"] == "swap"]
    assert swaps
    weights = dict(stabsstelle["inputs"]["weights"])
    swap = swaps[0]
    shift = swap["shift"] + 1e-3
    weights[swap["increase"]] += shift
    weights[swap["decrease"]] -= shift
    matrix = stabsstelle["criteria_profile"]
    scores = {m: sum(weights[c] * v for c, v in row.items()) for m, row in matrix.items()}
    assert max(scores, key=lambda m: scores[m]) == swap["model"]


def test_assumptions_are_reported_for_unknown_fields() -> None:
    result = advise({"municipality": {"kind": "stadt", "population": 20000}})
    fields = {a["field"] for a in result["assumptions"]}
    assert "backing.administration_head" in fields
    assert "resources.staff_fte" in fields
    assert result["inputs"]["profile"]["backing.administration_head"] == 3


def test_user_priorities_override_goal_defaults() -> None:
    result = advise(
        {
            "municipality": {"kind": "stadt", "population": 20000},
            "goals": ["citizens_business"],
            "priorities": {"external_reach": 0},
        }
    )
    assert result["inputs"]["priorities"]["external_reach"] == 0
    assert result["inputs"]["priority_origin"]["external_reach"] == "user"
    assert result["inputs"]["priority_origin"]["focus"] == "goals"


def test_same_profile_same_result() -> None:
    data = profile("06_landkreis_energy_agency.yaml")
    assert advise(data) == advise(data)


def test_swing_and_ahp_weighting() -> None:
    base = {"municipality": {"kind": "stadt", "population": 80000}}
    swing = advise(
        {
            **base,
            "weighting": {"method": "swing", "points": {"financing": 100, "external_reach": 80}},
        }
    )
    assert swing["inputs"]["weighting"]["method"] == "swing"
    assert swing["recommendation"] == "energieagentur"
    ahp = advise(
        {
            **base,
            "weighting": {
                "method": "ahp",
                "criteria": ["coordination", "leadership_access", "financing"],
                "pairwise": [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]],
            },
        }
    )
    consistency = ahp["inputs"]["weighting"]["consistency"]
    assert consistency["consistency_ratio"] < 0.1
    assert ahp["recommendation"] == "stabsstelle"


def test_reused_analysis_equals_a_fresh_computation() -> None:
    data = profile("06_landkreis_energy_agency.yaml")
    first = advise(data)
    again = advise(data)
    fresh = advise(data, advisor=load_advisor_data(DATA_DIR, load_knowledge()))
    assert first == again == fresh


def test_situations_with_the_same_rules_and_weights_share_the_numbers() -> None:
    advisor = load_advisor_data(DATA_DIR, load_knowledge())
    a = advise({"municipality": {"kind": "stadt", "population": 250000}}, advisor=advisor)
    b = advise({"municipality": {"kind": "stadt", "population": 300000}}, advisor=advisor)
    # one prepared stage (priorities, weights), one set of numbers, one serialised advice
    assert len(advisor.memo) == 3
    assert a["ranking"] == b["ranking"]
    assert a["inputs"]["profile"]["municipality.population"] == 250000
    assert b["inputs"]["profile"]["municipality.population"] == 300000


AHP_CRITERIA = ["coordination", "financing", "authority"]
CONSISTENT: list[list[float]] = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
# a > b > c > a: no weights fit these judgements
CYCLIC: list[list[float]] = [[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]]


def ahp_profile(matrix: list[list[float]]) -> dict[str, Any]:
    return {
        "municipality": {"kind": "stadt", "population": 30000},
        "weighting": {"method": "ahp", "criteria": AHP_CRITERIA, "pairwise": matrix},
    }


def ahp_sentences(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in result["explanation"] if e["kind"].startswith("ahp_")]


def test_consistent_pairwise_comparisons_are_said_to_be_so() -> None:
    result = advise(ahp_profile(CONSISTENT))
    consistency = result["inputs"]["weighting"]["consistency"]
    assert consistency["acceptable"] and consistency["consistency_ratio"] < 0.01
    [sentence] = ahp_sentences(result)
    assert sentence["kind"] == "ahp_consistent"
    assert "Konsistenzquotient 0,00, Grenze 0,10" in sentence["text"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_contradicting_comparisons_name_the_judgements_to_reconsider(lang: str) -> None:
    result = advise(ahp_profile(CYCLIC), lang=lang)  # type: ignore[arg-type]
    consistency = result["inputs"]["weighting"]["consistency"]
    assert not consistency["acceptable"]
    [sentence] = ahp_sentences(result)
    assert sentence["kind"] == "ahp_inconsistent"
    ratio = f"{consistency['consistency_ratio']:.2f}"
    assert (ratio.replace(".", ",") if lang == "de" else ratio) in sentence["text"]
    names = {
        "de": ["„Finanzielle Ausstattung“ gegenüber „Befugnisse“", "Sie: 5"],
        "en": ["“Funding” against “Authority”", "you: 5"],
    }
    for part in names[lang]:
        assert part in sentence["text"]


def test_same_weights_from_other_judgements_do_not_share_the_consistency_text() -> None:
    advisor = load_advisor_data(DATA_DIR, load_knowledge())
    a = advise(ahp_profile(CONSISTENT), advisor=advisor)
    b = advise(ahp_profile(CYCLIC), advisor=advisor)
    assert ahp_sentences(a)[0]["kind"] != ahp_sentences(b)[0]["kind"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1.0, "1"), (0.96, "1"), (3.2, "3"), (12.0, "9"), (0.2, "1/5"), (0.45, "1/2")],
)
def test_judgements_are_shown_on_saatys_scale(value: float, shown: str) -> None:
    assert saaty(value) == shown
