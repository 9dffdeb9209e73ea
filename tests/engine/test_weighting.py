"""Weighting methods, AHP consistency, group aggregation and agreement between methods."""

from __future__ import annotations

import numpy as np
import pytest

from klimaorg.engine import (
    ProblemError,
    aggregate_weights,
    ahp_weights,
    direct_weights,
    kendall_tau_b,
    kendall_w,
    rank_order_weights,
    rating_weights,
    solve,
    swing_weights,
)
from tests.engine.conftest import problem


def test_direct_weights_normalised_flag() -> None:
    w = direct_weights([2, 1, 1])
    np.testing.assert_allclose(w.values, [0.5, 0.25, 0.25])
    assert w.normalised
    assert not direct_weights([0.5, 0.25, 0.25]).normalised


def test_ratings_and_swing() -> None:
    np.testing.assert_allclose(rating_weights([5, 3, 2]).values, [0.5, 0.3, 0.2])
    np.testing.assert_allclose(swing_weights([100, 60, 40]).values, [0.5, 0.3, 0.2])


def test_rank_order_with_ties() -> None:
    """Tied criteria share the mean ROC weight of the positions they occupy."""
    w = rank_order_weights([[2], [0, 1], [3]], 4, "roc").values
    roc = [0.5208333, 0.2708333, 0.1458333, 0.0625]
    np.testing.assert_allclose(w, [(roc[1] + roc[2]) / 2] * 2 + [roc[0], roc[3]], atol=1e-6)
    assert w.sum() == pytest.approx(1.0)


def test_ahp_consistent_matrix() -> None:
    w = np.array([0.5, 0.3, 0.2])
    a = ahp_weights(w[:, None] / w[None, :])
    np.testing.assert_allclose(a.weights, w)
    assert a.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert a.revisit == ()


def test_ahp_names_the_judgement_to_revisit() -> None:
    """Perturb one judgement of a consistent matrix: it is named first."""
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = w[:, None] / w[None, :]
    a[0, 3], a[3, 0] = 1 / 4, 4  # should be 4
    res = ahp_weights(a)
    top = res.revisit[0]
    assert {top.row, top.column} == {0, 3}
    assert top.consistent_value > top.value  # it points back towards the original 4
    assert res.consistency_ratio > 0.1 and not res.acceptable
    d = res.to_dict(["a", "b", "c", "d"])
    assert d["revisit"][0]["items"] == ["a", "d"]
    assert d["random_index"] == "saaty1980"


def test_ahp_flag_in_result() -> None:
    bad = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]
    out = solve(problem([[1, 2, 3], [3, 2, 1]], {"method": "ahp", "pairwise": bad},
                        ["max"] * 3)).to_dict()  # fmt: skip
    assert out["consistency_ratio"] > 0.1
    assert out["consistency"][0]["acceptable"] is False


def test_group_mean_aip_aij_and_consensus() -> None:
    m1 = [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]]
    m2 = [[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]]
    m3 = [[1, "1/5", "1/3"], [5, 1, 3], [3, "1/3", 1]]  # the dissenter
    parts = [
        {"id": p, "weights": {"method": "ahp", "pairwise": m}}
        for p, m in (("P1", m1), ("P2", m2), ("P3", m3))
    ]
    matrix = [[9, 1, 5], [1, 9, 5], [5, 5, 1]]
    for rule in ("mean", "aip", "aij"):
        data = problem(matrix, {"method": "group", "participants": parts, "aggregation": rule},
                       ["max"] * 3)  # fmt: skip
        out = solve(data).to_dict()
        assert out["weighting"]["method"] == "group"
        g = out["group"]
        assert g["aggregation"] == rule
        assert g["consensus"]["most_divergent_id"] == "P3"
        assert 0 <= g["consensus"]["kendall_w"] <= 1
        assert sum(out["weights"]) == pytest.approx(1.0)
    gm = aggregate_weights(np.array([[0.5, 0.5], [0.9, 0.1]]), "aip")
    np.testing.assert_allclose(gm, np.sqrt([0.45, 0.05]) / np.sqrt([0.45, 0.05]).sum())
    with pytest.raises(ProblemError):
        aggregate_weights(np.array([[1.0, 0.0], [0.5, 0.5]]), "aip")


def test_group_aij_needs_ahp() -> None:
    parts = [{"weights": [1, 2, 3]}, {"weights": [3, 2, 1]}]
    data = problem([[1, 2, 3], [3, 2, 1]], {"method": "group", "participants": parts,
                   "aggregation": "aij"}, ["max"] * 3)  # fmt: skip
    with pytest.raises(ProblemError) as err:
        solve(data)
    assert err.value.field == "weights.participants[0].weights"


def test_kendall_tau_and_agreement() -> None:
    assert kendall_tau_b([1, 2, 3], [1, 2, 3]) == pytest.approx(1.0)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert kendall_tau_b([1, 1, 1], [1, 2, 3]) is None
    assert kendall_w([[1, 2, 3], [1, 2, 3]]) == pytest.approx(1.0)
    data = problem([[2, 1500, 5.5], [2.5, 2700, 6.5], [1.8, 2000, 4.5]], [0.4, 0.3, 0.3],
                   ["max", "max", "min"], agreement=True)  # fmt: skip
    ag = solve(data).to_dict()["agreement"]
    assert [m["name"] for m in ag["methods"]] == ["wsm", "topsis", "promethee2"]
    tau = np.array(ag["kendall_tau"], dtype=float)
    np.testing.assert_allclose(np.diag(tau), 1.0)
    np.testing.assert_allclose(tau, tau.T)
    assert isinstance(ag["same_winner"], bool)


def test_result_reports_everything() -> None:
    out = solve(problem([[1, 2], [2, 1]], [2, 2], ["max", "min"],
                        robustness={"samples": 100, "seed": None})).to_dict()  # fmt: skip
    assert out["weights_normalised"] is True
    assert out["method"] == {"name": "wsm", "normalisation": "max", "tie_rule": "competition",
                             "tie_tolerance": 1e-9}  # fmt: skip
    assert isinstance(out["seed"], int) and out["robustness"]["seed_given"] is False
    assert out["version"]
    again = solve(problem([[1, 2], [2, 1]], [2, 2], ["max", "min"],
                          robustness={"samples": 100, "seed": out["seed"]})).to_dict()  # fmt: skip
    assert again["robustness"]["rank_acceptability"] == out["robustness"]["rank_acceptability"]
