"""Administrative levels in the wizard (headless Chromium, German and English, JavaScript on and
off): a member Gemeinde, a Gemeindeverband and a Landkreis chosen from the real directory give
advice at the right level, naming the association and its members."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from klimaorg.context import directory_cache_path
from klimaorg.directory import Directory, save
from klimaorg.settings import get_settings
from tests.browser.conftest import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REAL_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "GV100AD_301123.txt"
NEXT = {"de": "Weiter", "en": "Next"}
SHOW = {"de": "Empfehlung anzeigen", "en": "Show the recommendation"}
SEARCH = {"de": "Im Gemeindeverzeichnis suchen", "en": "Search the municipality directory"}
USE = {"de": "Diese Kommune übernehmen", "en": "Use this municipality"}
AXE = Axe()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The real directory imported into a data folder the (in-process) test server reads."""
    if not REAL_FILE.exists():
        pytest.fail(f"GV100AD file missing: {REAL_FILE}")
    patch = pytest.MonkeyPatch()
    patch.setenv("KLIMAORG_DATA_DIR", str(tmp_path_factory.mktemp("levels-data")))
    get_settings.cache_clear()  # settings read before named another folder
    save(Directory.from_file(REAL_FILE), directory_cache_path())
    yield
    patch.undo()
    get_settings.cache_clear()


def to_result(page: Page, lang: str) -> None:
    """Steps 2 to 5 without answers (everything else is optional), then the result."""
    for _ in range(4):
        page.get_by_role("button", name=NEXT[lang], exact=True).click()
    page.get_by_role("button", name=SHOW[lang]).click()
    expect(page.locator("h1")).to_be_visible()


def pick(page: Page, lang: str, query: str, key: str) -> None:
    """The directory search of step 1 (works with and without JavaScript): search, choose."""
    page.locator("#f-municipality-name").fill(query)
    page.get_by_role("button", name=SEARCH[lang]).click()
    page.locator(f"label[for='treffer-{key}']").click()
    page.get_by_role("button", name=USE[lang]).click()
    expect(page.locator("#f-municipality-ags")).to_have_value(key)


CASES = {
    "de": {
        "member": "Die Verwaltung von Oppenheim führt die Verbandsgemeinde Rhein-Selz "
        "(20 Ortsgemeinden, 41.975 Einwohner). Die Empfehlung gilt für ihre Verwaltung.",
        "verband": "Die Empfehlung gilt für die gemeinsame Verwaltung: Amt Hüttener Berge "
        "(16 amtsangehörige Gemeinden, 15.272 Einwohner).",
        "kreis": "Die Empfehlung gilt für die Kreisverwaltung: Landkreis Ebersberg "
        "(21 Gemeinden, 146.830 Einwohner).",
        "koordination": "Klimaschutzkoordination",
    },
    "en": {
        "member": "The administration of Oppenheim is run by the Verbandsgemeinde Rhein-Selz "
        "(20 Ortsgemeinden, 41,975 inhabitants). The recommendation applies to its "
        "administration.",
        "verband": "The recommendation applies to the administration of the Amt Hüttener Berge "
        "(16 member municipalities of the Amt, 15,272 inhabitants).",
        "kreis": "The recommendation applies to the district administration of Landkreis "
        "Ebersberg (21 municipalities, 146,830 inhabitants).",
        "koordination": "climate protection coordination",
    },
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_member_verband_and_landkreis_in_the_wizard(
    browser: Browser, base_url: str, imported: None, lang: str, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript, base_url=base_url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    texts = CASES[lang]
    try:
        # A member Gemeinde: the notice on step 1 and the result name the Verbandsgemeinde.
        page.goto(f"/beratung/schritt/1?lang={lang}")
        pick(page, lang, "Oppenheim", "07339049")
        expect(page.get_by_text(texts["member"])).to_be_visible()
        expect(page.locator("#f-municipality-kind")).to_have_value("")  # the Verband's, later
        to_result(page, lang)
        expect(page.locator("#level-statement")).to_have_text(texts["member"])
        members = page.locator(".level-members")
        members.locator("summary").click()
        expect(members).to_contain_text("Nierstein")
        expect(members).to_contain_text("8.621" if lang == "de" else "8,621")
        expect(page.locator("#note-verband_shared_post")).to_be_visible()
        if javascript:  # axe-core runs as a script in the page
            results = AXE.run(page)
            assert results.violations_count == 0, results.generate_report()
        if javascript and lang == "de":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "levels-member.png"), full_page=True)

        # An Amt, chosen by name from the search (listed with its type).
        page.goto(f"/beratung/schritt/1?lang={lang}")
        pick(page, lang, "Hüttener Berge", "010585890")
        expect(page.locator("#f-municipality-name")).to_have_value("Amt Hüttener Berge")
        to_result(page, lang)
        expect(page.locator("#level-statement")).to_have_text(texts["verband"])

        # A Landkreis by its key alone, resolved on the server.
        page.goto(f"/beratung/schritt/1?lang={lang}")
        page.locator("#f-municipality-ags").fill("09175")
        to_result(page, lang)
        expect(page.locator("#level-statement")).to_have_text(texts["kreis"])
        expect(page.locator("#note-landkreis_klimaschutzkoordination")).to_contain_text(
            texts["koordination"]
        )
        expect(page.locator("#note-landkreis_own_tasks")).to_be_visible()
    finally:
        context.close()


def test_autocomplete_lists_levels_and_leaves_a_members_figures(page: Page, imported: None) -> None:
    """With JavaScript: suggestions name Verbände and Landkreise with their type; choosing a
    member Gemeinde fills its key only (the advice takes its Verband's figures)."""
    page.goto("/beratung/schritt/1?lang=de")
    name = page.locator("#f-municipality-name")
    name.fill("Ebersberg")
    expect(
        page.locator("#municipality-suggestions option[value='Landkreis Ebersberg']")
    ).to_be_attached()
    name.fill("Landkreis Ebersberg")
    name.press("Tab")
    expect(page.locator("#f-municipality-ags")).to_have_value("09175")
    expect(page.locator("#f-municipality-kind")).to_have_value("landkreis")
    expect(page.locator("#f-municipality-population")).to_have_value("146830")

    page.goto("/beratung/schritt/1?lang=de")
    name = page.locator("#f-municipality-name")
    name.fill("Oppenh")
    option = page.locator("#municipality-suggestions option[value='Oppenheim, Stadt']")
    expect(option).to_be_attached()
    assert "Verbandsgemeinde Rhein-Selz" in (option.get_attribute("label") or "")
    name.fill("Oppenheim, Stadt")
    name.press("Tab")
    expect(page.locator("#f-municipality-ags")).to_have_value("07339049")
    expect(page.locator("#f-municipality-population")).to_have_value("")


def test_ambiguous_name_gives_a_choice_list_without_javascript(
    browser: Browser, base_url: str, imported: None
) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/beratung/schritt/1?lang=de")
        page.locator("#f-municipality-name").fill("Neustadt")
        page.get_by_role("button", name="Weiter", exact=True).click()
        expect(page.locator("#error-summary")).to_contain_text("mehrdeutig")
        choices = page.locator(".wizard-matches input[type=radio]")
        assert choices.count() > 1
    finally:
        context.close()
