"""The three journeys real users take, end to end in headless Chromium.

1. A small Gemeinde (3,100 inhabitants, no environmental office) starts on the start page, goes
   through the five steps of the advice, reads the result and takes the council report (the
   HTML report opened in the browser, PDF and Word downloaded).
2. A consultant of an energy agency logs in, creates an assessment, opens a workshop, three
   colleagues answer anonymously through the link, the consultant reads the group view, adopts
   the joint weights and finds the new version in the history.
3. A keyboard user goes from the start page through the advice to the result with Tab, Enter
   and Space only (and typing into the text fields).

Each runs at 1280 px and 390 px, in German and English, with JavaScript on and off (journey 2
in German at both widths with and without JavaScript, and once in English). Every page visited
passes :meth:`Journey.check`: no sideways scrolling, no chart text under 11 px, axe-core clean.
Screenshots of the key pages go to the test's ``tmp_path``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from klimaorg.storage.core import Role
from tests.accounts import sole_member
from tests.browser.conftest import live_database, unique
from tests.browser.journey import Journey, expect_heading, open_journey
from tests.browser.test_small_screens_browser import log_in
from tests.browser.test_wizard_browser import NEXT, SHOW, cli_result

# A group of its own: under `pytest -n 2 --dist loadgroup` the journeys run beside the other
# browser tests, on the other worker (each worker has its own server and browser).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("journeys")]

WIDTHS = (1280, 390)
LANGS = ("de", "en")
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
WIDTH = pytest.mark.parametrize("width", WIDTHS)
LANG = pytest.mark.parametrize("lang", LANGS)

# The small Gemeinde of journeys 1 and 3.
SMALL: dict[str, Any] = {
    "municipality": {"name": "Kleinwalde", "kind": "gemeinde", "population": 3100},
    "goals": ["implementation"],
    "structures": {"environment_office": False},
}
TEXT = {
    "de": {
        "start": "Beratung starten",
        "english": "English",
        "recommendation": "Empfehlung",
        "inhabitants": "3.100 Einwohner",
        "pdf": "Bericht (PDF)",
        "word": "Bericht (Word)",
        "html": "Bericht (HTML)",
        "skip": "Zum Hauptinhalt springen",
        "assessments": "Bewertungen",
        "new": "Neue Bewertung",
        "without_directory": "Beratung ohne das Verzeichnis beginnen",
        "upload": "Hochladen und Empfehlung anzeigen",
        "save": "Als Bewertung speichern",
        "title_label": "Titel der Bewertung",
        "workshop": "Workshop: Prioritäten mehrerer Beteiligter",
        "create_link": "Link anlegen",
        "send": "Meine Prioritäten absenden",
        "agreement": "Übereinstimmung",
        "adopt": "Gemeinsame Prioritäten übernehmen",
        "adopted": "als Version 2 der Bewertung gespeichert",
        "versions": "Versionen und Vergleich",
        "current": "aktuell",
    },
    "en": {
        "start": "Start the advice",
        "english": "English",
        "recommendation": "Recommendation",
        "inhabitants": "3,100 inhabitants",
        "pdf": "Report (PDF)",
        "word": "Report (Word)",
        "html": "Report (HTML)",
        "skip": "Skip to main content",
        "assessments": "Assessments",
        "new": "New assessment",
        "without_directory": "Start the advice without the directory",
        "upload": "Upload and show the recommendation",
        "save": "Save as assessment",
        "title_label": "Title of the assessment",
        "workshop": "Workshop: priorities of several people",
        "create_link": "Create link",
        "send": "Send my priorities",
        "agreement": "agreement",
        "adopt": "Adopt the joint priorities",
        "adopted": "saved as version 2 of the assessment",
        "versions": "Versions and comparison",
        "current": "current",
    },
}
MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}


def combo(width: int, lang: str, javascript: bool) -> Any:
    """One run's parameters, named like ``390-de-nojs``."""
    return pytest.param(
        width, lang, javascript, id=f"{width}-{lang}-{'js' if javascript else 'nojs'}"
    )


# The wizard in all eight combinations of width, language and JavaScript, shared between
# journeys 1 and 3; each of them takes four that hold every pair of values of any two settings.
SMALL_GEMEINDE = [
    combo(1280, "de", True),
    combo(390, "de", False),
    combo(390, "en", True),
    combo(1280, "en", False),
]
KEYBOARD = [
    combo(1280, "de", False),
    combo(390, "de", True),
    combo(1280, "en", True),
    combo(390, "en", False),
]
# The workshop in German at both widths with and without JavaScript, and once in English.
CONSULTANT = [
    combo(1280, "de", True),
    combo(1280, "de", False),
    combo(390, "de", True),
    combo(390, "de", False),
    combo(390, "en", True),
]
_ADVICE: dict[tuple[str, str], dict[str, Any]] = {}


def advice(profile: dict[str, Any], lang: str, tmp_path: Path) -> dict[str, Any]:
    """What ``klimaorg advise`` says for ``profile`` (computed once per profile and language)."""
    key = (repr(profile), lang)
    if key not in _ADVICE:
        _ADVICE[key] = cli_result(profile, lang, tmp_path)
    return _ADVICE[key]


# ---------------------------------------------------------------- journey 1: a small Gemeinde


def start_in(journey: Journey) -> None:
    """The start page in German; in English through the header's language switch."""
    page = journey.page
    page.goto("/?lang=de")
    journey.check("start-de", shot=journey.shots_wanted)
    if journey.lang == "en":
        page.locator(".site-header__language").get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        journey.check("start-en")


def answer_steps(journey: Journey) -> None:
    """Steps 1 to 5 for the small Gemeinde without an environmental office."""
    page, lang = journey.page, journey.lang
    place = SMALL["municipality"]
    expect(page.locator("#f-municipality-name")).to_be_visible()
    page.locator("#f-municipality-name").fill(place["name"])
    page.locator("#f-municipality-kind").select_option(place["kind"])
    page.locator("#f-municipality-population").fill("3.100" if lang == "de" else "3,100")
    journey.check("step-1", shot=journey.shots_wanted)
    page.get_by_role("button", name=NEXT[lang], exact=True).click()
    expect(page.locator("#f-goals-implementation")).to_be_attached()
    page.locator("label[for='f-goals-implementation']").click()
    journey.check("step-2")
    page.get_by_role("button", name=NEXT[lang], exact=True).click()
    page.locator("label[for='f-structures-environment-office-false']").click()
    expect(page.locator("#f-structures-environment-office-false")).to_be_checked()
    journey.check("step-3", shot=journey.shots_wanted)
    page.get_by_role("button", name=NEXT[lang], exact=True).click()
    expect(page.locator("#f-resources-staff-fte")).to_be_visible()
    journey.check("step-4")
    page.get_by_role("button", name=NEXT[lang], exact=True).click()
    expect(page.locator("#f-priorities-coordination")).to_be_visible()
    journey.check("step-5")
    page.get_by_role("button", name=SHOW[lang]).click()


def expect_result(journey: Journey, tmp_path: Path) -> dict[str, Any]:
    """The result page names the same recommendation as ``klimaorg advise`` for the profile."""
    page, lang = journey.page, journey.lang
    expected = advice(SMALL, lang, tmp_path)
    expect_heading(page, expected["recommendation_name"])
    expect(page.locator(".result-for")).to_contain_text(TEXT[lang]["inhabitants"])
    expect(page.locator(".lead").first).to_have_text(expected["robustness"]["statement"])
    journey.check("result", shot=journey.shots_wanted)
    return expected


def download(page: Page, button: str, fmt: str, folder: Path) -> Path:
    """Press a report button: the server answers 200 with the format's media type."""
    with (
        page.expect_response(
            lambda r: f"/beratung/bericht/{fmt}" in r.url, timeout=60_000
        ) as answer,
        page.expect_download(timeout=60_000) as started,
    ):
        page.get_by_role("button", name=button, exact=True).click(timeout=60_000)
    response = answer.value
    assert response.status == 200, f"{fmt}: {response.status}"
    assert response.headers["content-type"].startswith(MEDIA[fmt]), response.headers
    target = folder / f"bericht.{fmt}"
    started.value.save_as(target)
    return target


@pytest.mark.parametrize(("width", "lang", "javascript"), SMALL_GEMEINDE)
def test_small_gemeinde_gets_advice_and_the_council_report(
    browser: Browser, base_url: str, tmp_path: Path, width: int, lang: str, javascript: bool
) -> None:
    with open_journey(browser, base_url, width, lang, javascript, tmp_path / "shots") as journey:
        page = journey.page
        start_in(journey)
        page.get_by_role("link", name=TEXT[lang]["start"], exact=True).first.click()
        expect_heading(page, "Beratung" if lang == "de" else "Advice")
        journey.check("intro")
        page.locator("main").get_by_role("link", name=TEXT[lang]["start"], exact=True).click()
        answer_steps(journey)
        expected = expect_result(journey, tmp_path)

        # The council report: the PDF (in German) or the Word file (in English) with
        # JavaScript, then the HTML report, in every run.
        if javascript and lang == "de":
            pdf = download(page, TEXT[lang]["pdf"], "pdf", tmp_path)
            assert pdf.read_bytes().startswith(b"%PDF")
        if javascript and lang == "en":
            word = download(page, TEXT[lang]["word"], "docx", tmp_path)
            assert word.read_bytes().startswith(b"PK")
        report = download(page, TEXT[lang]["html"], "html", tmp_path)
        page.goto(report.as_uri())
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("body")).to_contain_text(SMALL["municipality"]["name"])
        expect(page.locator("body")).to_contain_text(expected["recommendation_name"])
        journey.check("report", shot=journey.shots_wanted)
    assert len(journey.visited) >= 9


# ---------------------------------------------------------- journey 3: keyboard only, no clicks


def type_into(journey: Journey, selector: str, text: str) -> None:
    """Tab to a field and type (for a <select>: its option's label, as type-ahead)."""
    page = journey.page
    field = page.locator(selector)
    journey.tab_to(field)
    page.keyboard.type(text, delay=20)


@pytest.mark.parametrize(("width", "lang", "javascript"), KEYBOARD)
def test_keyboard_only_through_the_wizard(
    browser: Browser, base_url: str, tmp_path: Path, width: int, lang: str, javascript: bool
) -> None:
    with open_journey(browser, base_url, width, lang, javascript, tmp_path / "shots") as journey:
        page = journey.page
        page.goto(f"/?lang={lang}")
        journey.check("start")
        # the first Tab reaches the skip link, and Enter on it goes to the main content
        page.keyboard.press("Tab")
        expect(page.locator(":focus")).to_have_text(TEXT[lang]["skip"])
        journey.tab_to(page.locator(".start-cta a"))
        page.keyboard.press("Enter")
        expect_heading(page, "Beratung" if lang == "de" else "Advice")
        journey.check("intro")
        journey.tab_to(page.locator("main").get_by_role("link", name=TEXT[lang]["start"]))
        page.keyboard.press("Enter")

        expect(page.locator("#f-municipality-name")).to_be_visible()
        journey.check("step-1")
        type_into(journey, "#f-municipality-name", "Kleinwalde")
        kind = page.locator("#f-municipality-kind option[value='gemeinde']").inner_text()
        type_into(journey, "#f-municipality-kind", kind.strip())
        expect(page.locator("#f-municipality-kind")).to_have_value("gemeinde")
        type_into(journey, "#f-municipality-population", "3100")
        journey.tab_to(page.get_by_role("button", name=NEXT[lang], exact=True))
        page.keyboard.press("Enter")

        expect(page.locator("#f-goals-implementation")).to_be_attached()
        journey.check("step-2")
        journey.tab_to(page.locator("#f-goals-implementation"))
        page.keyboard.press("Space")
        expect(page.locator("#f-goals-implementation")).to_be_checked()
        for step in (3, 4, 5):
            journey.tab_to(page.get_by_role("button", name=NEXT[lang], exact=True))
            page.keyboard.press("Space" if step == 4 else "Enter")
            expect(page.get_by_role("heading", level=1)).to_contain_text(f" {step} ")
            journey.check(f"step-{step}")
        journey.tab_to(page.get_by_role("button", name=SHOW[lang]))
        page.keyboard.press("Enter")

        profile = {
            "municipality": {"name": "Kleinwalde", "kind": "gemeinde", "population": 3100},
            "goals": ["implementation"],
        }
        expected = advice(profile, lang, tmp_path)
        expect_heading(page, expected["recommendation_name"])
        expect(page.locator(".result-for")).to_contain_text(TEXT[lang]["inhabitants"])
        journey.check("result", shot=journey.shots_wanted)


# ------------------------------------------------ journey 2: a consultant runs a workshop


@dataclass(frozen=True)
class Consultant:
    email: str
    organisation: str


@pytest.fixture(scope="module")
def consultant(live_server: str) -> Iterator[Consultant]:
    """An editor of an energy agency in the live server's database (nothing else yet)."""
    name = unique("Energieagentur Breisgau")
    with live_database() as db, db.transaction() as s:
        consultant = sole_member(
            s, name, Role.EDITOR, display_name="Clara Consultant", kind="energy_agency"
        )
    yield Consultant(consultant.email, name)


# The consultant's client: a Gemeinde with a regional energy agency and a climate concept.
CLIENT: dict[str, Any] = {
    "municipality": {"name": "Kirchzarten", "kind": "gemeinde", "population": 10_000},
    "structures": {"energy_agency_in_region": True, "climate_concept": True},
}
# Three offices: each raises what matters to it (the rest stays at 2, moderate).
PARTICIPANTS = {
    "Bauamt": {"coordination": 4, "focus": 1},
    "Kämmerei": {"financing": 4, "low_overhead": 4},
    "Hauptamt": {"coordination": 3, "authority": 4},
}


def answer_as(journey: Journey, link: str, name: str, values: dict[str, int]) -> None:
    """One participant: the form (no login), their priorities, the thanks page."""
    page, lang = journey.page, journey.lang
    page.goto(f"{link}?lang={lang}")
    expect_heading(page, "Workshop")
    journey.check("participant", shot=journey.shots_wanted and name == "Bauamt")
    page.locator("#f-participant").fill(name)
    for select in page.locator("select[name^='priorities.']").all():
        criterion = str(select.get_attribute("name")).split(".", 1)[1]
        select.select_option(str(values.get(criterion, 2)))
    page.get_by_role("button", name=TEXT[lang]["send"], exact=True).click()
    expect_heading(page, name)
    expect(page.locator(".workshop-leader")).not_to_be_empty()
    journey.check("thanks")


@pytest.mark.parametrize(("width", "lang", "javascript"), CONSULTANT)
def test_consultant_runs_a_workshop_and_adopts_the_joint_weights(
    browser: Browser,
    base_url: str,
    consultant: Consultant,
    tmp_path: Path,
    width: int,
    lang: str,
    javascript: bool,
) -> None:
    text = TEXT[lang]
    shots = tmp_path / "shots"
    with open_journey(browser, base_url, width, lang, javascript, shots) as journey:
        page = journey.page
        page.goto(f"/anmelden?lang={lang}")
        journey.check("login")
        log_in(page, consultant.email)
        expect_heading(page, text["assessments"])
        journey.check("assessments", shot=journey.shots_wanted)

        page.locator("main").get_by_role("link", name=text["new"]).click()
        expect_heading(page, text["new"])
        journey.check("new-assessment")
        # the consultant brings the Gemeinde's answers as a profile file to the advice
        page.get_by_role("link", name=text["without_directory"]).click()
        expect_heading(page, "Beratung" if lang == "de" else "Advice")
        journey.check("consultant-intro")
        profile = tmp_path / "kirchzarten.yaml"
        profile.write_text(yaml.safe_dump(CLIENT, allow_unicode=True), encoding="utf-8")
        page.locator("#profil").set_input_files(profile)
        page.get_by_role("button", name=text["upload"]).click()
        expected = advice(CLIENT, lang, tmp_path)
        expect_heading(page, expected["recommendation_name"])
        journey.check("consultant-result")
        title = f"Kirchzarten {uuid.uuid4().hex[:6]}"
        page.get_by_label(text["title_label"]).fill(title)
        page.get_by_role("button", name=text["save"]).click()
        expect_heading(page, title)
        journey.check("assessment", shot=journey.shots_wanted)
        assessment = page.url.split("?")[0]

        page.get_by_role("link", name=text["workshop"]).click()
        journey.check("workshop-links")
        page.locator("#f-title").fill("Ämterrunde")
        page.get_by_role("button", name=text["create_link"]).click()
        link = page.locator("#workshop-link").input_value()
        assert "/workshop/" in link, link
        journey.check("workshop-link-created", shot=journey.shots_wanted)

        for name, values in PARTICIPANTS.items():
            with journey.participant(browser, base_url) as colleague:
                answer_as(colleague, link, name, values)

        # back in the list of links (still open), the workshop's group view
        page.get_by_role("link", name="Ämterrunde", exact=True).click()
        expect(page.locator(".workshop-agreement")).to_contain_text(text["agreement"])
        expect(page.locator("#chart-spread-title")).to_have_count(1)
        for name in PARTICIPANTS:
            expect(page.locator("main")).to_contain_text(name)
        journey.check("group-view", shot=journey.shots_wanted)
        page.get_by_role("button", name=text["adopt"]).click()
        expect(page.locator("#adopted")).to_contain_text(text["adopted"])
        journey.check("adopted")

        page.locator("#adopted").get_by_role("link").click()
        expect(page).to_have_url(re.compile(f"^{re.escape(assessment)}"))
        journey.check("assessment-after")
        page.get_by_role("link", name=text["versions"]).click()
        rows = page.locator("table tbody tr")
        expect(rows).to_have_count(2)
        newest = rows.first.locator("td")
        expect(newest.first).to_have_text("2")
        expect(newest.last).to_contain_text(text["current"])
        if lang == "de":  # the note names the rule in words, not by its id
            expect(newest.nth(4)).to_have_text(
                "Workshop „Ämterrunde“: Gruppengewichte aus 3 Beiträgen übernommen "
                "(Mittelwert der Gewichte)"
            )
        journey.check("versions", shot=journey.shots_wanted)
    assert journey.visited.count("thanks") == len(PARTICIPANTS)
