"""Workshops: link expiry and revocation, anonymous submissions, group aggregation (mean,
AIJ), consensus, adopting the group weights.

Storage keeps the answers, the advisor checks them and computes the group view
(:mod:`klimaorg.advisor.workshop`); :func:`_submit` checks and stores as the page and the API
do."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
import sqlalchemy as sa
from scipy.stats import kendalltau
from sqlalchemy.orm import Session

from klimaorg import assessing
from klimaorg.advisor import advise, load_advisor_data
from klimaorg.advisor.workshop import check_answers
from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang
from klimaorg.storage import service
from klimaorg.storage.errors import WorkshopClosedError
from klimaorg.storage.models import Workshop, utcnow
from tests.storage.conftest import PROFILE, Tenant

CRITERIA = load_advisor_data().knowledge.criterion_ids


def _workshop(session: Session, tenant: Tenant, **kwargs: object) -> tuple[int, int, str]:
    created = service.create_workshop(
        session,
        tenant.editor,
        assessing.create_assessment(session, tenant.editor, title="W", profile=PROFILE).id,
        **kwargs,  # type: ignore[arg-type]
    )
    return created[0].assessment_id, created[0].id, created[1]


def _submit(
    session: Session,
    token: str,
    *,
    participant: str,
    priorities: object = None,
    ahp: object = None,
) -> service.SubmissionInfo:
    """The advisor checks the answers, storage stores them (as the participant's page and
    the API do)."""
    checked_priorities, checked_ahp = check_answers(priorities, ahp)
    return service.submit_priorities(
        session, token, participant=participant, priorities=checked_priorities, ahp=checked_ahp
    )


def _prios(focus: int, rest: int = 2) -> dict[str, int]:
    return {c: (focus if c == "focus" else rest) for c in CRITERIA}


def test_token_stored_hashed_expires_and_can_be_revoked(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    _, workshop_id, token = _workshop(session, a, valid_for=timedelta(hours=1))
    assert token not in str(session.execute(sa.select(Workshop.__table__)).one())
    public = service.resolve_workshop(session, token)
    assert public.workshop_id == workshop_id and public.criteria == list(CRITERIA)
    later = utcnow() + timedelta(hours=2)
    with pytest.raises(WorkshopClosedError, match="abgelaufen") as expired:
        service.resolve_workshop(session, token, now=later)
    assert expired.value.reason == "expired"
    with pytest.raises(WorkshopClosedError):
        service.submit_priorities(session, token, participant="Z", priorities=_prios(1), now=later)
    service.revoke_workshop(session, a.editor, workshop_id)
    with pytest.raises(WorkshopClosedError, match="widerrufen"):
        service.submit_priorities(session, token, participant="Z", priorities=_prios(1))
    with pytest.raises(NotFoundError):
        service.resolve_workshop(session, "x" * 43)
    info = service.list_workshops(session, a.viewer, public_assessment(session, a, workshop_id))
    assert not info[0].open()
    with pytest.raises(UserInputError):
        _workshop(session, a, valid_for=timedelta(days=365))


def public_assessment(session: Session, tenant: Tenant, workshop_id: int) -> int:
    row = session.get(Workshop, workshop_id)
    assert row is not None
    return row.assessment_id


def test_submissions_are_validated_and_replaced_by_name(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    _, workshop_id, token = _workshop(session, a)
    for bad in ({"focus": 4}, {**_prios(2), "focus": 5}, {**_prios(2), "nope": 1}, _prios(0, 0)):
        with pytest.raises(UserInputError):
            _submit(session, token, participant="Anna", priorities=bad)
    with pytest.raises(UserInputError):
        service.submit_priorities(session, token, participant=" ", priorities=_prios(1))
    with pytest.raises(UserInputError):
        _submit(session, token, participant="Anna")
    service.submit_priorities(session, token, participant="Anna", priorities=_prios(1))
    service.submit_priorities(session, token, participant="Anna", priorities=_prios(3))
    subs = service.list_submissions(session, a.viewer, workshop_id)
    assert [(s.participant, s.priorities) for s in subs] == [("Anna", _prios(3))]


def test_worked_example_mean_consensus_disagreement_adopt(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    assessment_id, workshop_id, token = _workshop(session, a)
    given = {"Bürgermeisterin": _prios(4), "Kämmerer": _prios(2), "Bauamt": _prios(0)}
    for name, prios in given.items():
        service.submit_priorities(session, token, participant=name, priorities=prios)
    group = assessing.group_view(service.workshop_snapshot(session, a.viewer, workshop_id))
    assert group["rule"] == "mean" and group["participants"] == list(given)
    # by hand: focus 4/24, 2/22, 0/20 -> mean; every other criterion 2/24, 2/22, 2/20
    w = group["group_weights"]
    assert w["focus"] == pytest.approx((4 / 24 + 2 / 22 + 0 / 20) / 3)
    assert w["scope"] == pytest.approx((2 / 24 + 2 / 22 + 2 / 20) / 3)
    assert sum(w.values()) == pytest.approx(1.0)
    assert group["mean_priorities"]["focus"] == pytest.approx(2.0)
    # the criterion they disagree on: focus (sd of 4, 2, 0 = sqrt(8/3)); all others 0
    top = group["disagreement"][0]
    assert (top["criterion"], top["min"], top["max"]) == ("focus", 0.0, 4.0)
    assert top["sd"] == pytest.approx(np.sqrt(8 / 3))
    assert all(d["sd"] == 0 for d in group["disagreement"][1:])
    # rankings: each participant's weights on the assessment's criteria profile (WSM)
    profile = advise(PROFILE)["criteria_profile"]
    models = group["models"]
    matrix = np.array([[profile[m][c] for c in CRITERIA] for m in models])
    ranks = {}
    for name, prios in given.items():
        weights = np.array([prios[c] for c in CRITERIA], dtype=float)
        scores = matrix @ (weights / weights.sum())
        ranks[name] = [1 + int(np.sum(scores > s + 1e-12)) for s in scores]
        assert list(group["rankings"][name].values()) == ranks[name]
    # Kendall's W by its definition (mid-ranks, tie correction)
    r = np.array([_mid_ranks(np.array(v)) for v in ranks.values()])
    k, n = r.shape
    s = ((r.sum(axis=0) - r.sum(axis=0).mean()) ** 2).sum()
    ties = sum(((c**3) - c).sum() for c in (np.unique(row, return_counts=True)[1] for row in r))
    assert group["kendall_w"] == pytest.approx(12 * s / (k * k * (n**3 - n) - k * ties))
    # most divergent: lowest mean tau-b with the others
    names = list(given)
    mean_tau = {
        x: np.mean([kendalltau(ranks[x], ranks[y]).statistic for y in names if y != x])
        for x in names
    }
    assert group["most_divergent"] == min(mean_tau, key=lambda x: mean_tau[x])
    # adopt: a new version whose weights are the group weights
    adopted = assessing.adopt_aggregate(session, a.editor, workshop_id, lock_version=1)
    assert adopted.current_version == 2
    assert adopted.profile["weighting"]["method"] == "swing"
    assert adopted.profile["priorities"]["focus"] == 2
    used = adopted.result["inputs"]["weights"]
    for c in CRITERIA:
        assert used[c] == pytest.approx(w[c], abs=1e-6)
    assert "Workshop" in service.history(session, a.viewer, assessment_id)[0].note


def _mid_ranks(row: np.ndarray) -> np.ndarray:
    out = np.empty(len(row))
    for i, v in enumerate(row):
        out[i] = np.sum(row < v) + (np.sum(row == v) + 1) / 2
    return out


def test_ahp_matrices_are_aggregated_by_aij(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    _, workshop_id, token = _workshop(session, a)
    pair = ["focus", "scope"]
    service.submit_priorities(
        session, token, participant="A", ahp={"criteria": pair, "matrix": [[1, 4], [0.25, 1]]}
    )
    service.submit_priorities(
        session, token, participant="B", ahp={"criteria": pair, "matrix": [[1, 1], [1, 1]]}
    )
    group = assessing.group_view(service.workshop_snapshot(session, a.viewer, workshop_id))
    # geometric mean of 4 and 1 is 2: focus twice as important as scope
    assert group["rule"] == "aij"
    assert group["group_matrix"] == [[1.0, 2.0], [0.5, 1.0]]
    assert group["group_weights"]["focus"] == pytest.approx(2 / 3)
    assert group["group_weights"]["scope"] == pytest.approx(1 / 3)
    assert group["spread_of"] == "weights"
    adopted = assessing.adopt_aggregate(session, a.editor, workshop_id, lock_version=1)
    assert adopted.profile["weighting"] == {
        "method": "ahp",
        "criteria": pair,
        "pairwise": [[1.0, 2.0], [0.5, 1.0]],
    }
    assert adopted.result["inputs"]["weights"]["focus"] == pytest.approx(2 / 3, abs=1e-6)
    with pytest.raises(UserInputError):
        _submit(session, token, participant="C", ahp={"criteria": pair, "matrix": [[1, 4], [4, 1]]})


def test_mixed_input_uses_the_mean_of_weights(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    _, workshop_id, token = _workshop(session, a)
    service.submit_priorities(session, token, participant="A", priorities=_prios(2))
    service.submit_priorities(
        session,
        token,
        participant="B",
        ahp={"criteria": ["focus", "scope"], "matrix": [[1, 3], [1 / 3, 1]]},
    )
    group = assessing.group_view(service.workshop_snapshot(session, a.viewer, workshop_id))
    assert group["rule"] == "mean"
    assert group["group_weights"]["focus"] == pytest.approx((1 / 11 + 0.75) / 2)
    assert "mean_priorities" not in group


def test_empty_workshop_cannot_be_aggregated(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    _, workshop_id, _ = _workshop(session, a)
    with pytest.raises(UserInputError, match="keine Beiträge"):
        assessing.group_view(service.workshop_snapshot(session, a.viewer, workshop_id))


def test_storage_keeps_one_kind_of_storable_answers(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    """What the answers mean is the advisor's to check; storage refuses only what it cannot
    keep: neither or both kinds, or something that is not an object."""
    a, _ = tenants
    _, _, token = _workshop(session, a)
    pair = {"criteria": ["focus", "scope"], "matrix": [[1.0, 2.0], [0.5, 1.0]]}
    for given in ({}, {"priorities": _prios(1), "ahp": pair}, {"priorities": [1, 2]}):
        with pytest.raises(UserInputError):
            service.submit_priorities(session, token, participant="Anna", **given)
    stored = service.submit_priorities(session, token, participant="Anna", ahp=pair)
    assert (stored.ahp, stored.priorities, stored.new) == (pair, None, True)


def test_adoption_names_a_known_rule_and_a_count(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    assessment_id, workshop_id, _ = _workshop(session, a)
    profile = service.get_current_profile(session, a.editor, assessment_id)
    result = service.get_assessment(session, a.editor, assessment_id).result
    for rule, count in (("median", 1), ("mean", 0)):
        with pytest.raises(UserInputError):
            service.adopt_aggregate(
                session,
                a.editor,
                workshop_id,
                lock_version=1,
                profile=profile,
                result=result,
                participants=count,
                rule=rule,
            )
    assert service.get_assessment(session, a.editor, assessment_id).current_version == 1


@pytest.mark.parametrize(
    ("lang", "count", "note"),
    [
        (
            "de",
            1,
            "Workshop „W“: Gruppengewichte aus 1 Beitrag übernommen (Mittelwert der Gewichte)",
        ),
        ("en", 3, "Workshop “W”: group weights adopted from 3 answers (mean of the weights)"),
    ],
)
def test_the_adoption_note_is_in_the_adopters_language(
    session: Session, tenants: tuple[Tenant, Tenant], lang: Lang, count: int, note: str
) -> None:
    a, _ = tenants
    assessment_id, workshop_id, _ = _workshop(session, a, title="W")
    detail = service.get_assessment(session, a.editor, assessment_id)
    service.adopt_aggregate(
        session,
        a.editor,
        workshop_id,
        lock_version=detail.lock_version,
        profile=service.get_current_profile(session, a.editor, assessment_id),
        result=detail.result,
        participants=count,
        rule="mean",
        lang=lang,
    )
    newest = service.history(session, a.editor, assessment_id)[0]
    assert newest.note == note
