"""The header's language switch on every page, without JavaScript.

On a page where the reader types answers that are not saved yet (the wizard's steps and result,
the workshop participant's form), the switch submits the page's form, so the answers come back
in the other language. Everywhere else it is a link, and a link is a GET: after a form was
posted to an address that has no page of its own, it leads to the page the form was on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from klimaorg.storage import service
from klimaorg.storage.core import Role
from tests.web.assessment_world import World
from tests.web.assessment_world import sqlite_world as sqlite_world
from tests.web.test_security import form_routes

LINK = re.compile(r'<a class="kern-link" href="([^"]+)" hreflang="(de|en)"')
BUTTON = re.compile(r'<button type="submit" form="([^"]+)" class="site-header__switch"[^>]*>')
SENT_FROM = "http://testserver/bewertungen"


@pytest.fixture
def workshop(sqlite_world: World) -> Iterator[tuple[int, int, str]]:
    """An assessment of organisation A with a new workshop link: (assessment, workshop, token)
    (one per test: the first test's posts revoke it)."""
    assessment = sqlite_world.assessment(sqlite_world.a)
    with sqlite_world.db.transaction() as s:
        info, token = service.create_workshop(
            s, sqlite_world.a.members[Role.EDITOR], assessment, title="Ämterrunde"
        )
    yield assessment, info.id, token


def switch_of(html: str) -> tuple[str, str]:
    """The header's switch: ("link", href) or ("button", its tag)."""
    header = html.split('class="site-header__language"', 1)[1].split("</p>", 1)[0]
    if button := BUTTON.search(header):
        return "button", button.group(0)
    link = LINK.search(header)
    assert link is not None, header[:400]
    return "link", link.group(1).replace("&amp;", "&")


def test_every_posted_page_links_to_a_page(
    sqlite_world: World, workshop: tuple[int, int, str]
) -> None:
    """Each form route, posted with nothing useful in it from a page of the site: the answer
    is a redirect, or a page whose switch is a link that a GET can follow, or a button."""
    assessment, workshop_id, token = workshop
    member = sqlite_world.a.members[Role.VIEWER].user_id
    ids = {
        "id": str(assessment),
        "version": "1",
        "workshop_id": str(workshop_id),
        "user_id": str(member),
        "session_id": "1",
        "step": "2",
        "fmt": "pdf",
        "token": token,
    }
    pages = 0
    for method, template in form_routes(sqlite_world.app):
        path = re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], template)
        for lang, other in (("de", "en"), ("en", "de")):
            client = sqlite_world.client(sqlite_world.admin)  # fresh: some posts log out
            response = client.request(
                method, f"{path}?lang={lang}", data={"a": "1"}, headers={"referer": SENT_FROM}
            )
            if response.is_redirect or "text/html" not in response.headers["content-type"]:
                continue
            pages += 1
            kind, target = switch_of(response.text)
            if kind == "button":
                assert f"?lang={other}" in target, (path, target)
                continue
            assert f"lang={other}" in target
            followed = client.get(target, follow_redirects=True)  # login: on to the list
            assert followed.status_code == 200, (method, path, target, followed.status_code)
            assert f'<html lang="{other}"' in followed.text
    assert pages >= 10  # most form routes answer with a page when the form is empty


def test_without_a_referer_the_switch_leads_to_the_start_page(sqlite_world: World) -> None:
    client = sqlite_world.client()
    response = client.post(
        "/beratung/hochladen?lang=de", files={"profil": ("profil.yaml", b"- a\n")}
    )
    assert response.status_code == 422
    assert switch_of(response.text) == ("link", "/?lang=en")
    other_site = client.post(
        "/beratung/hochladen?lang=de",
        files={"profil": ("profil.yaml", b"- a\n")},
        headers={"referer": "https://example.org/beratung"},
    )
    assert switch_of(other_site.text) == ("link", "/?lang=en")


def test_after_an_upload_error_the_switch_leads_back_to_the_upload(sqlite_world: World) -> None:
    client = sqlite_world.client()
    response = client.post(
        "/beratung/hochladen?lang=de",
        files={"profil": ("profil.yaml", b"- a\n")},
        headers={"referer": "http://testserver/beratung"},
    )
    assert switch_of(response.text) == ("link", "/beratung?lang=en")
    assert client.get("/beratung?lang=en").status_code == 200


@pytest.mark.parametrize(("lang", "other"), [("de", "en"), ("en", "de")])
def test_participant_form_keeps_the_answers_across_the_switch(
    sqlite_world: World, workshop: tuple[int, int, str], lang: str, other: str
) -> None:
    _assessment, workshop_id, token = workshop
    client = sqlite_world.client()
    page = client.get(f"/workshop/{token}?lang={lang}")
    assert page.status_code == 200, page.text[-1500:]
    kind, button = switch_of(page.text)
    assert kind == "button" and 'form="workshop-form"' in button
    assert f'formaction="/workshop/{token}?lang={other}"' in button
    assert 'name="navigation" value="language"' in button
    typed = {"participant": "Kämmerei <b>", "priorities.financing": "4", "priorities.focus": "0"}
    switched = client.post(
        f"/workshop/{token}?lang={other}", data={**typed, "navigation": "language"}
    )
    assert switched.status_code == 200
    assert f'<html lang="{other}"' in switched.text
    assert 'value="Kämmerei &lt;b&gt;"' in switched.text
    for name in ("priorities.financing", "priorities.focus"):
        select = switched.text.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        assert f'<option value="{typed[name]}" selected' in select, name
    assert 'role="alert"' not in switched.text  # nothing was checked or sent
    with sqlite_world.db.transaction() as s:
        owner = sqlite_world.a.members[Role.OWNER]
        assert service.list_submissions(s, owner, workshop_id) == []


def default_button(html: str, form_id: str) -> str:
    """The first submit button of the form in document order (inside it, or outside with the
    form attribute): the one Enter in a text field presses."""
    body = html.split("<body", 1)[1]
    inside = body.split(f'id="{form_id}"', 1)
    for match in re.finditer(r"<button\b[^>]*>", body):
        tag = match.group(0)
        owned = f'form="{form_id}"' in tag or (
            "form=" not in tag and match.start() > len(inside[0])
        )
        if owned and 'type="submit"' in tag:
            return tag
    raise AssertionError(f"no submit button of {form_id}")


@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_enter_in_a_wizard_field_goes_on_not_to_the_other_language(
    sqlite_world: World, step: int
) -> None:
    """The header's switch submits the step's form and comes first in the document, so the
    step puts a hidden default button before it: Enter means "Next", not "English"."""
    page = sqlite_world.client().get(f"/beratung/schritt/{step}?lang=de").text
    tag = default_button(page, "wizard-form")
    assert "wizard-default-button" in tag and "formaction" not in tag and "navigation" not in tag
    assert 'tabindex="-1"' in tag and 'aria-hidden="true"' in tag
    assert page.count("wizard-default-button") == 1


def test_enter_in_the_participant_form_sends_it(
    sqlite_world: World, workshop: tuple[int, int, str]
) -> None:
    page = sqlite_world.client().get(f"/workshop/{workshop[2]}?lang=de").text
    tag = default_button(page, "workshop-form")
    assert "wizard-default-button" in tag and "formaction" not in tag
