"""Workshops in the advisor: a participant's answers checked, the group's joint weights with
consensus and disagreement, and the profile that adopts the joint weights.

Pure functions of what storage loaded (the answers and the assessment's current profile);
storage keeps the link, the answers and the versions (:mod:`klimaorg.storage.workshops`), the
interfaces put the two together (:mod:`klimaorg.assessing`).

Participants give either priorities 0-4 per criterion (the scale of the wizard) or an AHP
matrix over some criteria. The group weights are the arithmetic mean of the participants'
normalised weights (``mean``), or - when every participant gave an AHP matrix over the same
criteria - the AIJ: the element-wise geometric mean of the matrices, then its principal
eigenvector (``aij``, Forman & Peniwati 1998). Consensus is Kendall's W over the rankings of
the models each participant's weights produce on the assessment's current criteria profile
(:func:`klimaorg.engine.consensus`).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from klimaorg.advisor.analysis import WSM, adjusted_matrix, evaluate_rules
from klimaorg.advisor.data import load_advisor_data
from klimaorg.advisor.profile import complete, parse_profile
from klimaorg.engine import (
    aggregate_judgements,
    aggregate_weights,
    ahp_weights,
    consensus,
    make_scorer,
    rating_weights,
)
from klimaorg.engine.aggregation import as_benefit
from klimaorg.engine.errors import ProblemError
from klimaorg.errors import UserInputError

__all__ = ["Answers", "adopted_profile", "aggregate_group", "check_answers"]


class Answers(Protocol):
    """One participant's stored answers (storage's ``SubmissionInfo`` is one)."""

    @property
    def participant(self) -> str: ...

    @property
    def priorities(self) -> Mapping[str, int] | None: ...

    @property
    def ahp(self) -> Mapping[str, Any] | None: ...


# ----------------------------------------------------------------------------- answers


def check_answers(priorities: Any, ahp: Any) -> tuple[dict[str, int] | None, dict[str, Any] | None]:
    """Exactly one of ``priorities`` (every criterion 0-4, not all 0) or ``ahp``
    (``{"criteria": [...], "matrix": [[...]]}`` over at least two criteria, a matrix the AHP
    accepts), checked and normalised; raises :class:`UserInputError` (field + message)."""
    if (priorities is None) == (ahp is None):
        raise UserInputError("priorities", "entweder Prioritäten oder eine AHP-Matrix angeben")
    criteria = list(load_advisor_data().knowledge.criterion_ids)
    if priorities is not None:
        return _check_priorities(priorities, criteria), None
    return None, _check_ahp(ahp, criteria)


def _check_priorities(value: Any, criteria: list[str]) -> dict[str, int]:
    if not isinstance(value, dict):
        raise UserInputError("priorities", "muss ein Objekt Kriterium → 0–4 sein")
    unknown = [k for k in value if k not in criteria]
    if unknown:
        raise UserInputError(f"priorities.{unknown[0]}", "unbekanntes Kriterium")
    missing = [c for c in criteria if c not in value]
    if missing:
        raise UserInputError(f"priorities.{missing[0]}", "fehlt (alle Kriterien angeben)")
    for key, item in value.items():
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= 4:
            raise UserInputError(f"priorities.{key}", "ganze Zahl von 0 bis 4")
    if not any(value.values()):
        raise UserInputError("priorities", "mindestens eine Priorität muss größer als 0 sein")
    return {c: int(value[c]) for c in criteria}


def _check_ahp(value: Any, criteria: list[str]) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != {"criteria", "matrix"}:
        raise UserInputError("ahp", "erwartet {criteria: [...], matrix: [[...]]}")
    chosen, matrix = value["criteria"], value["matrix"]
    if (
        not isinstance(chosen, list)
        or len(chosen) < 2
        or len(set(chosen)) != len(chosen)
        or any(c not in criteria for c in chosen)
    ):
        raise UserInputError("ahp.criteria", "mindestens zwei verschiedene bekannte Kriterien")
    if not isinstance(matrix, list) or any(
        not isinstance(r, list)
        or len(r) != len(chosen)
        or any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in r)
        for r in matrix
    ):
        raise UserInputError("ahp.matrix", f"{len(chosen)}×{len(chosen)} Zahlen")
    if len(matrix) != len(chosen):
        raise UserInputError("ahp.matrix", f"{len(chosen)}×{len(chosen)} Zahlen")
    try:
        ahp_weights(matrix, field_name="ahp.matrix")
    except ProblemError as exc:
        raise UserInputError(exc.field, exc.message) from None
    return {"criteria": list(chosen), "matrix": [[float(x) for x in r] for r in matrix]}


# ----------------------------------------------------------------------------- group


def _participant_weights(answers: Answers, criteria: list[str]) -> np.ndarray[Any, Any]:
    if answers.priorities is not None:
        return rating_weights([answers.priorities[c] for c in criteria]).values
    assert answers.ahp is not None
    w = ahp_weights(answers.ahp["matrix"]).weights
    full = np.zeros(len(criteria))
    for value, criterion in zip(w, answers.ahp["criteria"], strict=True):
        full[criteria.index(criterion)] = value
    return full


def _weights_matrix(given: Sequence[Answers], criteria: list[str]) -> np.ndarray[Any, Any]:
    """Every participant's weights (rows): priorities divided by their sum in one step, the
    same as :func:`rating_weights` row by row; AHP matrices one by one."""
    out = np.zeros((len(given), len(criteria)))
    rated = [(i, a.priorities) for i, a in enumerate(given) if a.priorities is not None]
    if rated:
        prios = np.array([[p[c] for c in criteria] for _, p in rated], dtype=np.float64)
        out[[i for i, _ in rated]] = prios / prios.sum(axis=1, keepdims=True)
    for i, answers in enumerate(given):
        if answers.priorities is None:
            out[i] = _participant_weights(answers, criteria)
    return out


def aggregate_group(given: Sequence[Answers], profile: Mapping[str, Any]) -> dict[str, Any]:
    """The group view of a workshop's answers on the assessment's current ``profile``.

    Keys: ``rule`` (``mean`` | ``aij``), ``participants``, ``criteria``, ``group_weights``,
    ``participant_weights``, ``mean_priorities`` (0-4, when all gave priorities),
    ``group_matrix`` and ``consistency_ratio`` (AIJ), ``group_ranking`` and ``rankings``
    (model → rank), ``kendall_w`` (None with fewer than 2 participants), ``tau_to_group``,
    ``most_divergent`` (participant name), ``disagreement`` (criteria by spread, largest
    first: standard deviation of the priorities 0-4, or of the weights if anyone used AHP).
    No answers: :class:`UserInputError`.
    """
    if not given:
        raise UserInputError("workshop", "noch keine Beiträge")
    advisor = load_advisor_data()
    criteria = list(advisor.knowledge.criterion_ids)
    names = [a.participant for a in given]
    weights = _weights_matrix(given, criteria)
    all_ahp = all(a.ahp is not None for a in given)
    same = all_ahp and len({tuple(a.ahp["criteria"]) for a in given if a.ahp}) == 1
    out: dict[str, Any] = {"participants": names, "criteria": criteria}
    if same:
        chosen = given[0].ahp["criteria"] if given[0].ahp else []
        group = aggregate_judgements([np.asarray(a.ahp["matrix"]) for a in given if a.ahp])
        group_weights = np.zeros(len(criteria))
        for value, criterion in zip(group.weights, chosen, strict=True):
            group_weights[criteria.index(criterion)] = value
        out["rule"] = "aij"
        out["ahp_criteria"] = list(chosen)
        assert group.matrix is not None
        out["group_matrix"] = group.matrix.tolist()
        out["consistency_ratio"] = group.consistency_ratio
    else:
        group_weights = aggregate_weights(weights, "mean")
        out["rule"] = "mean"
    if all(a.priorities is not None for a in given):
        prios = np.array([[a.priorities[c] for c in criteria] for a in given if a.priorities])
        out["mean_priorities"] = dict(zip(criteria, prios.mean(axis=0).tolist(), strict=True))
        spread_values, spread_of = prios.astype(float), "priorities"
    else:
        spread_values, spread_of = weights, "weights"
    out["group_weights"] = dict(zip(criteria, group_weights.tolist(), strict=True))
    out["participant_weights"] = {
        n: dict(zip(criteria, w.tolist(), strict=True)) for n, w in zip(names, weights, strict=True)
    }
    # Rankings on the assessment's current criteria profile (rules of its profile applied).
    completed = complete(parse_profile(dict(profile), advisor), advisor)
    models, _excluded, _base, matrix, _changes = adjusted_matrix(
        advisor, evaluate_rules(advisor, completed)
    )
    scorer = make_scorer(WSM, matrix, as_benefit(["max"] * len(criteria)))
    result = consensus(scorer, weights, group_weights)
    out["models"] = models
    out["group_ranking"] = dict(zip(models, result.group_ranking.tolist(), strict=True))
    out["rankings"] = {
        n: dict(zip(models, r.tolist(), strict=True))
        for n, r in zip(names, result.rankings, strict=True)
    }
    out["kendall_w"] = result.kendall_w
    out["tau_to_group"] = dict(zip(names, result.tau_to_group, strict=True))
    out["most_divergent"] = names[result.most_divergent] if len(names) > 1 else None
    sd = spread_values.std(axis=0)
    order = sorted(range(len(criteria)), key=lambda j: (-sd[j], j))
    out["spread_of"] = spread_of
    out["disagreement"] = [
        {
            "criterion": criteria[j],
            "sd": float(sd[j]),
            "min": float(spread_values[:, j].min()),
            "max": float(spread_values[:, j].max()),
            "mean": float(spread_values[:, j].mean()),
        }
        for j in order
    ]
    return out


def adopted_profile(profile: Mapping[str, Any], group: Mapping[str, Any]) -> dict[str, Any]:
    """The assessment's ``profile`` with the group's weights (of :func:`aggregate_group`).

    ``mean``: SWING points proportional to the group weights (they reproduce them exactly)
    plus the rounded mean priorities 0-4 when everyone gave priorities; ``aij``: the AHP
    weighting with the group matrix.
    """
    adopted = copy.deepcopy(dict(profile))
    if group["rule"] == "aij":
        adopted["weighting"] = {
            "method": "ahp",
            "criteria": group["ahp_criteria"],
            "pairwise": group["group_matrix"],
        }
        return adopted
    weights = group["group_weights"]
    top = max(weights.values())
    adopted["weighting"] = {
        "method": "swing",
        "points": {c: 100.0 * w / top for c, w in weights.items()},
    }
    if "mean_priorities" in group:
        adopted["priorities"] = {
            c: min(4, max(0, int(v + 0.5))) for c, v in group["mean_priorities"].items()
        }
    return adopted
