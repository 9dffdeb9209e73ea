"""Numbers the API passes to the database or the engine are bounded where they are read.

Found by the typed schemathesis run: a ``lock_version`` beyond 64 bits reached SQLite and ended
in an OverflowError (500). Now every ``lock_version`` of the API is 1..2³¹−1 (as the pages'
forms and ids already were) and anything larger is a 422 naming the field, on both databases.
A ragged AHP matrix in a profile is a 422 too (it ended in a numpy ValueError).
"""

from __future__ import annotations

import pytest

from klimaorg.storage.core import Role
from tests.web.assessment_world import PROFILE, World
from tests.web.assessment_world import world as world

HUGE = 742097104058841532661440136874033152


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("PUT", "", {"lock_version": HUGE, "profile": PROFILE}),
        ("PUT", "/notes", {"lock_version": HUGE, "notes": "x"}),
        ("PUT", "/decision", {"lock_version": HUGE, "status": "draft"}),
        ("POST", "/versions/1/restore", {"lock_version": HUGE}),
    ],
)
def test_huge_lock_version_is_a_422(world: World, method: str, suffix: str, body: object) -> None:
    aid = world.assessment(world.a)
    client = world.client()
    headers = world.token(world.a.members[Role.EDITOR])
    response = client.request(
        method, f"/api/v1/assessments/{aid}{suffix}", json=body, headers=headers
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["field"] == "lock_version"


def test_ragged_ahp_matrix_in_a_profile_is_a_422(world: World) -> None:
    client = world.client()
    profile = {**PROFILE, "weighting": {"method": "ahp", "pairwise": [[1, 2], [0.5]]}}
    response = client.post("/api/v1/advise", json=profile)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["field"] == "weighting.pairwise"
