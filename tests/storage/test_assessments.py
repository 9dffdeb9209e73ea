"""Assessments: versions, optimistic locking, comparison, restore, decision, listing, audit,
export/import round trip."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from klimaorg import assessing
from klimaorg.advisor import advise, load_advisor_data
from klimaorg.advisor.schema import KINDS
from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.storage import service
from klimaorg.storage.db import Database
from klimaorg.storage.errors import ConflictError, PermissionDeniedError
from klimaorg.storage.models import AssessmentVersion, AuditEntry
from tests.storage.conftest import PROFILE, Tenant

CRITERIA = load_advisor_data().knowledge.criterion_ids


def _with(**priorities: int) -> dict[str, Any]:
    return {**PROFILE, "priorities": priorities}


def test_create_stores_profile_and_advice_as_version_1(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    created = assessing.create_assessment(
        session, a.editor, title="Klimaschutz 2025", profile=PROFILE
    )
    assert (created.current_version, created.lock_version, created.status) == (1, 1, "draft")
    assert created.profile == PROFILE
    assert created.result == advise(PROFILE)
    assert created.municipality_name == "Musterstadt" and created.municipality_ags is None
    versions = service.history(session, a.viewer, created.id)
    assert [(v.number, v.author_name, v.recommendation) for v in versions] == [
        (1, "editor", created.result["recommendation"])
    ]


def test_create_for_a_municipality_of_the_directory(
    directory_db: Database, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    with directory_db.transaction() as s:
        created = assessing.create_assessment(
            s,
            a.editor,
            title="Denzlingen",
            profile={"resources": {"staff_fte": 0.5}},
            ags="08316009",
        )
        place = created.profile["municipality"]
        assert place["ags"] == "08316009" and place["name"] == "Denzlingen"
        assert place["kind"] == "gemeinde" and place["population"] > 10_000
        assert created.municipality_ags == "08316009"
        with pytest.raises(UserInputError, match="unbekannter Gemeindeschlüssel"):
            assessing.create_assessment(s, a.editor, title="x", profile={}, ags="99999999")
        assert service.list_assessments(s, a.viewer, municipality="08316009").total == 1
        assert service.list_assessments(s, a.viewer, municipality="dénzl").total == 1


def test_update_makes_a_new_version_and_keeps_the_old(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    first = assessing.create_assessment(session, a.editor, title="T", profile=PROFILE)
    second = assessing.update_assessment(
        session,
        a.owner,
        first.id,
        lock_version=first.lock_version,
        profile=_with(focus=4, low_overhead=0),
        note="Fokus wichtiger",
        title="T2",
    )
    assert (second.current_version, second.lock_version, second.title) == (2, 2, "T2")
    assert service.get_version(session, a.viewer, first.id, 1).profile == PROFILE
    assert service.get_version(session, a.viewer, first.id, 2).note == "Fokus wichtiger"
    assert [v.number for v in service.history(session, a.viewer, first.id)] == [2, 1]


def test_stale_lock_version_conflicts_and_overwrites_nothing(
    db: Database, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    with db.transaction() as s:
        created = assessing.create_assessment(s, a.editor, title="T", profile=PROFILE)
    # two editors read version n
    with db.transaction() as s:
        read_by_editor = service.get_assessment(s, a.editor, created.id)
        read_by_owner = service.get_assessment(s, a.owner, created.id)
    with db.transaction() as s:
        assessing.update_assessment(
            s,
            a.editor,
            created.id,
            lock_version=read_by_editor.lock_version,
            profile=_with(focus=4),
            note="erste",
        )
    with db.transaction() as s, pytest.raises(ConflictError) as info:
        assessing.update_assessment(
            s,
            a.owner,
            created.id,
            lock_version=read_by_owner.lock_version,
            profile=_with(focus=0),
            note="zweite",
        )
    assert "inzwischen" in str(info.value) and "changed by someone else" in str(info.value)
    assert (info.value.expected, info.value.actual) == (1, 2)
    changes: list[Callable[[Session], object]] = [
        lambda s: service.set_notes(s, a.owner, created.id, lock_version=1, notes="x"),
        lambda s: service.set_decision(s, a.owner, created.id, lock_version=1, status="discussed"),
        lambda s: service.restore_version(s, a.owner, created.id, 1, lock_version=1),
    ]
    for change in changes:
        with db.transaction() as s, pytest.raises(ConflictError):
            change(s)
    with db.transaction() as s:
        now = service.get_assessment(s, a.viewer, created.id)
        assert (now.current_version, now.lock_version, now.notes) == (2, 2, "")
        assert now.profile == _with(focus=4)
        assert [v.note for v in service.history(s, a.viewer, created.id)] == ["erste", ""]


def test_compare_versions(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    first = assessing.create_assessment(session, a.editor, title="T", profile=PROFILE)
    changed = {**_with(focus=4, external_reach=0), "resources": {"staff_fte": 3.0}}
    assessing.update_assessment(session, a.editor, first.id, lock_version=1, profile=changed)
    diff = service.compare_versions(session, a.viewer, first.id, 1, 2)
    fields = {d["field"]: (d["old"], d["new"]) for d in diff["profile"]}
    assert fields == {
        "priorities.focus": (None, 4),
        "priorities.external_reach": (None, 0),
        "resources.staff_fte": (1.0, 3.0),
        "resources.own_budget_eur": (20_000, None),
    }
    prios = {p["criterion"]: (p["old"], p["new"]) for p in diff["priorities"]}
    assert prios["focus"][1] == 4 and prios["external_reach"][1] == 0
    old, new = advise(PROFILE)["ranking"], advise(changed)["ranking"]
    rows = {r["model"]: r for r in diff["ranking"]}
    for before in old:
        after = next(r for r in new if r["model"] == before["model"])
        row = rows[before["model"]]
        assert (row["old_rank"], row["new_rank"]) == (before["rank"], after["rank"])
        if before["rank"] is not None and after["rank"] is not None:
            assert row["moved"] == before["rank"] - after["rank"]
    assert diff["recommendation"]["old"] == old[0]["model"]
    assert diff["recommendation"]["new"] == new[0]["model"]
    same = service.compare_versions(session, a.viewer, first.id, 1, 1)
    assert same["profile"] == [] and same["priorities"] == []
    with pytest.raises(NotFoundError):
        service.compare_versions(session, a.viewer, first.id, 1, 3)


def test_restore_makes_a_new_equal_version(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    a, _ = tenants
    first = assessing.create_assessment(session, a.editor, title="T", profile=PROFILE)
    assessing.update_assessment(session, a.editor, first.id, lock_version=1, profile=_with(focus=0))
    restored = service.restore_version(session, a.editor, first.id, 1, lock_version=2)
    assert restored.current_version == 3
    v1 = service.get_version(session, a.viewer, first.id, 1)
    v3 = service.get_version(session, a.viewer, first.id, 3)
    assert (v3.profile, v3.result) == (v1.profile, v1.result)
    assert v3.note == "Wiederhergestellt aus Version 1"


def test_decision_and_notes(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    created = assessing.create_assessment(session, a.editor, title="T", profile=PROFILE)
    with pytest.raises(UserInputError, match="decided_model"):
        service.set_decision(session, a.editor, created.id, lock_version=1, status="decided")
    with pytest.raises(UserInputError, match="decided_model"):
        service.set_decision(
            session, a.editor, created.id, lock_version=1, status="decided", decided_model="x"
        )
    decided = service.set_decision(
        session,
        a.editor,
        created.id,
        lock_version=1,
        status="decided",
        decided_model="stabsstelle",
        council_decision_date=date(2024, 5, 7),
    )
    assert (decided.status, decided.decided_model, decided.council_decision_date) == (
        "decided",
        "stabsstelle",
        date(2024, 5, 7),
    )
    assert decided.current_version == 1 and decided.lock_version == 2
    noted = service.set_notes(
        session, a.editor, created.id, lock_version=2, notes="Gemeinderat am 7.5.\nEinstimmig."
    )
    assert noted.notes == "Gemeinderat am 7.5.\nEinstimmig." and noted.lock_version == 3


def test_list_filters_and_paging(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    names = ["Müllheim", "Mülheim an der Ruhr", "Freiburg im Breisgau", "Denzlingen", "Emmendingen"]
    ids = []
    for name in names:
        profile = {**PROFILE, "municipality": {**PROFILE["municipality"], "name": name}}
        ids.append(assessing.create_assessment(session, a.editor, title=name, profile=profile).id)
    service.set_decision(
        session, a.editor, ids[0], lock_version=1, status="decided", decided_model="team"
    )
    service.set_decision(session, a.editor, ids[1], lock_version=1, status="discussed")
    listed = service.list_assessments(session, a.viewer)
    assert listed.total == 5 and [i.id for i in listed.items][:2] == [ids[1], ids[0]]
    assert {
        i.title for i in service.list_assessments(session, a.viewer, municipality="MUEL").items
    } == {
        "Müllheim",
        "Mülheim an der Ruhr",
    }
    assert service.list_assessments(session, a.viewer, municipality="breisg").total == 1
    assert service.list_assessments(session, a.viewer, status="decided").items[0].id == ids[0]
    assert service.list_assessments(session, a.viewer, decided_model="team").total == 1
    assert service.list_assessments(session, a.viewer, status="draft").total == 3
    pages = [service.list_assessments(session, a.viewer, page=n, per_page=2) for n in (1, 2, 3)]
    assert [len(p.items) for p in pages] == [2, 2, 1] and pages[0].pages == 3
    assert sorted(i.id for p in pages for i in p.items) == sorted(ids)
    assert all(i.recommendation for p in pages for i in p.items)
    with pytest.raises(UserInputError):
        service.list_assessments(session, a.viewer, per_page=1000)
    with pytest.raises(UserInputError):
        service.list_assessments(session, a.viewer, status="archived")


def test_every_change_is_audited(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    before = session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0
    c = assessing.create_assessment(session, a.editor, title="T", profile=PROFILE)
    assessing.update_assessment(session, a.editor, c.id, lock_version=1, profile=_with(focus=3))
    service.restore_version(session, a.editor, c.id, 1, lock_version=2)
    service.set_decision(session, a.editor, c.id, lock_version=3, status="discussed")
    service.set_notes(session, a.editor, c.id, lock_version=4, notes="n")
    text = service.export_assessment(session, a.viewer, c.id)
    copy = assessing.import_assessment(session, a.editor, text)
    w, token = service.create_workshop(session, a.editor, c.id)
    service.submit_priorities(
        session, token, participant="X", priorities=dict.fromkeys(CRITERIA, 1)
    )
    assessing.adopt_aggregate(session, a.editor, w.id, lock_version=5)
    service.revoke_workshop(session, a.editor, w.id)
    service.delete_assessment(session, a.owner, copy.id)
    rows = session.execute(
        sa.select(AuditEntry.action, AuditEntry.user_id, AuditEntry.organisation_id)
        .where(AuditEntry.id > before)
        .order_by(AuditEntry.id)
    ).all()
    assert [r.action for r in rows] == [
        "assessment.create",
        "assessment.update",
        "assessment.restore",
        "assessment.decision",
        "assessment.notes",
        "assessment.export",
        "assessment.import",
        "workshop.create",
        "workshop.submit",
        "assessment.update",
        "workshop.adopt",
        "workshop.revoke",
        "assessment.delete",
    ]
    assert all(r.organisation_id == a.org_id for r in rows)
    assert {r.user_id for r in rows} == {a.editor.user_id, a.viewer.user_id, a.owner.user_id, None}
    entries = service.list_audit(session, a.owner, object_type="assessment", object_id=c.id)
    assert entries[0].action == "assessment.update" and entries[0].actor == "editor@a.example"


def test_export_import_export_is_byte_identical(
    db: Database, tenants: tuple[Tenant, Tenant]
) -> None:
    a, b = tenants
    with db.transaction() as s:
        c = assessing.create_assessment(s, a.editor, title="Export „Test“", profile=PROFILE)
        assessing.update_assessment(
            s, a.editor, c.id, lock_version=1, profile=_with(focus=4), note="Ümlaute ✓"
        )
        service.set_decision(
            s,
            a.editor,
            c.id,
            lock_version=2,
            status="decided",
            decided_model="team",
            council_decision_date=date(2024, 1, 31),
        )
        service.set_notes(s, a.editor, c.id, lock_version=3, notes="Zeile 1\nZeile 2")
        first = service.export_assessment(s, a.viewer, c.id)
    with db.transaction() as s:
        imported = assessing.import_assessment(s, b.editor, first)
    with db.transaction() as s:
        second = service.export_assessment(s, b.viewer, imported.id)
        original = service.get_assessment(s, a.viewer, c.id)
    assert second == first
    doc = json.loads(first)
    assert list(doc) == sorted(doc) and doc["format"] == "klimaorg.assessment"
    assert [v["number"] for v in doc["versions"]] == [1, 2]
    assert doc["assessment"]["created_at"].endswith("Z")
    assert imported.created_at == original.created_at
    assert imported.updated_at == original.updated_at
    assert (imported.status, imported.decided_model) == ("decided", "team")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("not json", "file"),
        ('{"format": "other"}', "format"),
        ('{"format": "klimaorg.assessment", "format_version": 99}', "format_version"),
    ],
)
def test_import_rejects_bad_files(
    session: Session, tenants: tuple[Tenant, Tenant], text: str, field: str
) -> None:
    with pytest.raises(UserInputError) as info:
        assessing.import_assessment(session, tenants[0].editor, text)
    assert info.value.field == field


def test_import_rejects_gaps_in_versions(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    c = assessing.create_assessment(session, a.editor, title="T", profile=PROFILE)
    doc = json.loads(service.export_assessment(session, a.editor, c.id))
    doc["versions"][0]["number"] = 2
    with pytest.raises(UserInputError, match="lückenlos"):
        assessing.import_assessment(session, a.editor, json.dumps(doc))


def test_bad_input_is_refused(session: Session, tenants: tuple[Tenant, Tenant]) -> None:
    a, _ = tenants
    with pytest.raises(UserInputError, match="title"):
        assessing.create_assessment(session, a.editor, title="  ", profile=PROFILE)
    with pytest.raises(UserInputError, match="priorities"):
        assessing.create_assessment(session, a.editor, title="x", profile=_with(focus=9))
    bad = {**PROFILE, "municipality": {**PROFILE["municipality"], "name": "a\x00b"}}
    with pytest.raises(UserInputError):
        assessing.create_assessment(session, a.editor, title="x", profile=bad)
    assert session.scalar(sa.select(sa.func.count()).select_from(AssessmentVersion)) == 0


def test_storage_stores_only_what_it_can_keep(
    session: Session, tenants: tuple[Tenant, Tenant]
) -> None:
    """Storage computes no result but refuses one it cannot keep, and a viewer is refused
    before the advisor would run (:func:`service.prepare_profile` checks the role first)."""
    a, _ = tenants
    with pytest.raises(PermissionDeniedError):
        service.prepare_profile(session, a.viewer, _with(focus=9))
    result = advise(PROFILE)
    for profile, stored_result in ((PROFILE, []), (PROFILE, {"x": float("nan")}), ([], result)):
        with pytest.raises(UserInputError):
            service.create_assessment(
                session,
                a.editor,
                title="x",
                profile=profile,  # type: ignore[arg-type]
                result=stored_result,  # type: ignore[arg-type]
            )
    stored = service.create_assessment(session, a.editor, title="x", profile=PROFILE, result=result)
    assert (stored.profile, stored.result) == (PROFILE, result)
    assert stored.municipality_name == "Musterstadt"


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda t: t.strip()
)
_profiles = st.fixed_dictionaries(
    {
        "municipality": st.fixed_dictionaries(
            {
                "name": _text,
                "kind": st.sampled_from(KINDS),
                "population": st.integers(1, 5_000_000),
            }
        ),
        "resources": st.fixed_dictionaries(
            {},
            optional={
                "staff_fte": st.floats(0.01, 100, allow_nan=False),
                "own_budget_eur": st.floats(0, 1e9, allow_nan=False),
            },
        ),
        "priorities": st.dictionaries(st.sampled_from(CRITERIA), st.integers(0, 4), max_size=5),
    }
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(profile=_profiles, note=_text)
def test_profile_json_round_trips_exactly(
    db: Database, tenants: tuple[Tenant, Tenant], profile: dict[str, Any], note: str
) -> None:
    a, b = tenants
    with db.transaction() as s:
        c = assessing.create_assessment(s, a.editor, title="P", profile=profile, note=note)
    with db.transaction() as s:
        stored = service.get_assessment(s, a.viewer, c.id)
        assert json.dumps(stored.profile, sort_keys=True) == json.dumps(profile, sort_keys=True)
        assert stored.profile == profile
        exported = service.export_assessment(s, a.viewer, c.id)
        again = service.export_assessment(
            s, b.viewer, assessing.import_assessment(s, b.editor, exported).id
        )
    assert again == exported


def test_names_with_blanks_round_trip(db: Database, tenants: tuple[Tenant, Tenant]) -> None:
    a, b = tenants
    profile = {**PROFILE, "municipality": {**PROFILE["municipality"], "name": " Au am Rhein "}}
    with db.transaction() as s:
        c = assessing.create_assessment(s, a.editor, title="P", profile=profile)
        assert c.municipality_name == "Au am Rhein" and c.profile == profile
        exported = service.export_assessment(s, a.viewer, c.id)
        copy = assessing.import_assessment(s, b.editor, exported)
        assert service.export_assessment(s, b.viewer, copy.id) == exported
