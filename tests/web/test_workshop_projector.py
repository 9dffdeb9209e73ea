"""The projector view of a workshop over HTTP: the joint weights as one chart and a table with
the same figures, how many took part, every user string escaped, no script; only for the
assessment's organisation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from klimaorg.storage import service
from tests.web.test_workshops import World, login, priorities
from tests.web.test_workshops import world as world  # their fixture: organisations, an assessment

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<img src=x onerror=alert(1)> "Ämterrunde" & Co'


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(world.app) as c:
        yield c


def workshop(world: World, participants: dict[str, dict[str, int]]) -> str:
    """A workshop with a hostile title and these participants; its projector path."""
    with world.db.transaction() as s:
        info, token = service.create_workshop(s, world.owner, world.assessment_id, title=HOSTILE)
    with world.db.transaction() as s:
        for name, changes in participants.items():
            service.submit_priorities(s, token, participant=name, priorities=priorities(**changes))
    return f"/bewertungen/{world.assessment_id}/workshop/{info.id}/projektor"


def visible_chart(html: str) -> ET.Element:
    """The wide chart (the first of the two layouts)."""
    match = re.search(r'<figure class="chart projector__chart">\s*(<svg .*?</svg>)', html, re.S)
    assert match, "no chart"
    return ET.fromstring(match.group(1))


def test_projector_shows_weights_count_and_escapes(world: World, client: TestClient) -> None:
    path = workshop(
        world,
        {
            "Bauamt <script>alert(2)</script>": {"coordination": 4, "focus": 0},
            "Kämmerei": {"financing": 4, "low_overhead": 4},
            "Umweltamt": {"coordination": 4, "expertise": 4},
        },
    )
    login(client, world.owner)
    page = client.get(f"{path}?lang=de")
    assert page.status_code == 200, page.text
    html = page.text
    assert "3 Personen haben teilgenommen" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert "<script" not in html and " style=" not in html
    assert "alert(2)" not in html  # participants' names are not shown at all
    svg = visible_chart(html)
    assert svg.find(f"{SVG}title").text == "Gemeinsame Gewichte der Kriterien"  # type: ignore[union-attr]
    shares = [t.text for t in svg.iter(f"{SVG}text") if t.text and t.text.endswith("%")]
    table = re.findall(r'kern-table__cell--numeric">([^<]+)</td>', html)
    assert len(shares) == 11 and shares == table
    values = [float(s.replace("\u00a0%", "").replace(",", ".")) for s in shares]
    assert values == sorted(values, reverse=True)
    assert abs(sum(values) - 100) < 0.5
    english = client.get(f"{path}?lang=en").text
    assert "3 people took part" in english and "Joint weights of the criteria" in english


def test_projector_of_one_and_of_none(world: World, client: TestClient) -> None:
    login(client, world.owner)
    one = client.get(workshop(world, {"Bauamt": {}}) + "?lang=de").text
    assert "1 Person hat teilgenommen" in one
    none = client.get(workshop(world, {}) + "?lang=de")
    assert none.status_code == 200
    assert "0 Personen haben teilgenommen" in none.text
    assert "hat noch niemand Prioritäten abgegeben" in none.text and "<svg" not in none.text


def test_group_view_links_the_projector(world: World, client: TestClient) -> None:
    path = workshop(world, {"Bauamt": {}})
    login(client, world.owner)
    show = client.get(path.removesuffix("/projektor") + "?lang=de").text
    assert f'href="{path}"' in show and "Ansicht für den Beamer im Sitzungssaal" in show


def test_projector_only_for_the_organisation(world: World, client: TestClient) -> None:
    path = workshop(world, {"Bauamt": {}})
    anonymous = client.get(path, follow_redirects=False)
    assert anonymous.status_code in (302, 303, 307) and "/anmelden" in anonymous.headers["location"]
    login(client, world.stranger)
    assert client.get(path).status_code == 404
    login(client, world.viewer)
    assert client.get(path).status_code == 200
    unknown = f"/bewertungen/{world.assessment_id}/workshop/999999/projektor"
    assert client.get(unknown).status_code == 404
