"""Limits that hold across workers: two server processes (``klimaorg serve``, one worker
each) on one database - a SQLite file or a PostgreSQL schema - and every request sent to them
in turn, so each limit is tested with both processes counting.

* a workshop link admits exactly its cap of participants (a conditional ``UPDATE`` in the
  database); the refused newcomers count nothing;
* an admitted participant may correct their answers :data:`CORRECTIONS_PER_WINDOW` times,
  wherever the requests land; the next correction is refused (429, ``Retry-After``) by
  either process (the corrections are counted in the database's ``rate_limits``);
* the per-address quota of an expensive endpoint (``POST /api/v1/advise``) grants exactly its
  number of requests in a window, whichever process answers (leases of the same table).

Nothing here lives in one process's memory, so two servers behave as one. The window is made
longer than the test (10⁹ s), so no window boundary falls into it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from klimaorg.advisor import load_advisor_data
from klimaorg.storage.service import CORRECTIONS_PER_WINDOW
from tests.reliability.conftest import Account, Server

pytestmark = pytest.mark.slow

CAP = 5
NEWCOMERS = 16
ADVISE_QUOTA = 12
WINDOW = 10**9  # seconds: no window boundary falls into the test
CRITERIA = load_advisor_data().knowledge.criterion_ids
PROFILE = {
    "municipality": {"name": "Denzlingen", "kind": "gemeinde", "population": 13_900},
    "resources": {"staff_fte": 1.0, "own_budget_eur": 20_000},
}


@pytest.fixture
def servers(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Server, Server]]:
    """Two single-worker servers on the same database and data folder (one secret key)."""
    monkeypatch.setenv("KLIMAORG_RATE_LIMIT_WINDOW_SECONDS", str(WINDOW))
    monkeypatch.setenv("KLIMAORG_RATE_LIMIT_ADVISE", str(ADVISE_QUOTA))
    data = tmp_path / "data"
    data.mkdir()
    pair = (Server(database_url, data, workers=1), Server(database_url, data, workers=1))
    try:
        for server in pair:
            server.start()
        yield pair
    finally:
        for server in pair:
            server.kill()


def answers(focus: int) -> dict[str, int]:
    return {c: (focus if i == 0 else 2) for i, c in enumerate(CRITERIA)}


def submit(server: Server, token: str, name: str, focus: int = 2) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/workshop/{token}",
        json={"participant": name, "priorities": answers(focus)},
        timeout=60,
    )


def new_link(server: Server, account: Account) -> tuple[str, str]:
    """An assessment and a link with :data:`CAP` places; its token and the owner's API path."""
    api = f"{server.url}/api/v1/assessments"
    with httpx.Client(headers=account.headers, timeout=60) as client:
        made = client.post(api, json={"title": "Zwei Server", "profile": PROFILE})
        assert made.status_code == 201, made.text
        link = client.post(
            f"{api}/{made.json()['id']}/workshops",
            json={"title": "Ratssaal", "max_participants": CAP},
        )
        assert link.status_code == 201, link.text
    return link.json()["token"], f"{api}/{made.json()['id']}/workshops/{link.json()['id']}"


def test_workshop_cap_and_corrections_hold_across_two_servers(
    servers: tuple[Server, Server], account: Account
) -> None:
    token, owner_path = new_link(servers[0], account)
    with ThreadPoolExecutor(8) as pool:
        codes = list(
            pool.map(
                lambda i: submit(servers[i % 2], token, f"Person {i:02d}").status_code,
                range(NEWCOMERS),
            )
        )
    assert Counter(codes) == {201: CAP, 422: NEWCOMERS - CAP}
    with httpx.Client(headers=account.headers, timeout=60) as owner:  # the other server reads
        listed = owner.get(owner_path.replace(servers[0].url, servers[1].url)).json()
        names = [s["participant"] for s in owner.get(f"{owner_path}/submissions").json()["items"]]
    assert listed["submissions"] == CAP and len(names) == CAP
    admitted = names[0]
    corrected = [
        submit(servers[i % 2], token, admitted, focus=i % 5).status_code
        for i in range(CORRECTIONS_PER_WINDOW)
    ]
    assert corrected == [200] * CORRECTIONS_PER_WINDOW
    for server in servers:  # one more is refused by either process
        refused = submit(server, token, admitted, focus=1)
        assert refused.status_code == 429, refused.text
        assert int(refused.headers["Retry-After"]) >= 1
    newcomer = submit(servers[0], token, "Noch jemand")  # refusals counted nothing
    assert newcomer.status_code == 422
    with httpx.Client(headers=account.headers, timeout=60) as owner:
        stored = owner.get(f"{owner_path}/submissions").json()["items"]
    assert len(stored) == CAP
    last = answers((CORRECTIONS_PER_WINDOW - 1) % 5)  # the last accepted correction
    assert next(s for s in stored if s["participant"] == admitted)["priorities"] == last


def test_request_quota_holds_across_two_servers(servers: tuple[Server, Server]) -> None:
    codes = [
        httpx.post(f"{servers[i % 2].url}/api/v1/advise", json=PROFILE, timeout=60).status_code
        for i in range(2 * ADVISE_QUOTA)
    ]
    assert Counter(codes) == {200: ADVISE_QUOTA, 429: ADVISE_QUOTA}
    assert codes[:ADVISE_QUOTA] == [200] * ADVISE_QUOTA  # in turn: neither server over-grants
