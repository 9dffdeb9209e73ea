"""The advice wizard in headless Chromium: both languages, axe-core on every step, an error state
and the result, the same result as ``klimaorg advise``, JavaScript off, and the what-if form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect
from typer.testing import CliRunner

from klimaorg.cli.main import app as cli
from tests.browser.conftest import SHOTS, check_axe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SCENARIOS = Path(__file__).resolve().parents[1] / "advisor" / "scenarios"
WIZARD_SHOTS = SHOTS / "wizard"
NEXT = {"de": "Weiter", "en": "Next"}
SHOW = {"de": "Empfehlung anzeigen", "en": "Show the recommendation"}


def scenario(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))
    return dict(data["profile"])


def cli_result(profile: dict[str, Any], lang: str, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / f"profil-{lang}.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    run = CliRunner().invoke(cli, ["advise", str(path), "--format", "json", "--lang", lang])
    assert run.exit_code == 0, run.output
    return dict(json.loads(run.stdout))


def shoot(page: Page, name: str) -> None:
    screenshot(page, WIZARD_SHOTS / f"{name}.png")


def radio(page: Page, field: str, value: Any) -> None:
    base = "f-" + field.replace(".", "-").replace("_", "-")
    if value is True or (value == 1 and field.startswith("backing")):
        target = base
    elif value is False:
        target = f"{base}-false"
    else:
        target = f"{base}-{value}"
    page.locator(f"label[for='{target}']").click()


def fill_wizard(page: Page, profile: dict[str, Any], lang: str, shots: str | None) -> None:
    """Steps 1 to 5 as a user would answer them; axe-core and a screenshot on each step."""
    page.goto(f"/beratung?lang={lang}")
    if shots:
        check_axe(page, f"intro {lang}")
        shoot(page, f"{shots}-0-intro")
    page.locator(".kern-btn--primary").first.click()
    place = profile["municipality"]
    page.locator("#f-municipality-name").fill(place["name"])
    page.locator("#f-municipality-kind").select_option(place["kind"])
    page.locator("#f-municipality-population").fill(f"{place['population']:,}".replace(",", "."))
    if shots:
        check_axe(page, f"step 1 {lang}")
        shoot(page, f"{shots}-1")
    page.get_by_role("button", name=NEXT[lang], exact=True).click()
    for goal in profile.get("goals", []):
        page.locator(f"label[for='f-goals-{goal}']").click()
    if shots:
        check_axe(page, f"step 2 {lang}")
        shoot(page, f"{shots}-2")
    page.get_by_role("button", name=NEXT[lang], exact=True).click()
    for key, value in profile.get("structures", {}).items():
        radio(page, f"structures.{key}", value)
    if shots:
        check_axe(page, f"step 3 {lang}")
        shoot(page, f"{shots}-3")
    page.get_by_role("button", name=NEXT[lang], exact=True).click()
    res = profile.get("resources", {})
    if "staff_fte" in res:
        page.locator("#f-resources-staff-fte").fill(str(res["staff_fte"]).replace(".", ","))
    if "own_budget_eur" in res:
        page.locator("#f-resources-own-budget-eur").fill(str(res["own_budget_eur"]))
    if "funding" in res:
        page.locator("#f-resources-funding").select_option(res["funding"])
    if "financially_weak" in res:
        radio(page, "resources.financially_weak", res["financially_weak"])
    for key, value in profile.get("backing", {}).items():
        radio(page, f"backing.{key}", value)
    post = profile.get("post", {})
    if "level" in post:
        page.locator("#f-post-level").select_option(post["level"])
    if "cosignature" in post:
        radio(page, "post.cosignature", post["cosignature"])
    if shots:
        check_axe(page, f"step 4 {lang}")
        shoot(page, f"{shots}-4")
    page.get_by_role("button", name=NEXT[lang], exact=True).click()
    expect(page.locator("#f-priorities-coordination")).to_be_visible()
    if shots:
        check_axe(page, f"step 5 {lang}")
        shoot(page, f"{shots}-5")
    with page.expect_navigation():  # callers read the result page at once
        page.get_by_role("button", name=SHOW[lang]).click()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_wizard_gives_the_cli_result_without_axe_violations(
    page: Page, lang: str, tmp_path: Path
) -> None:
    profile = scenario("04_town_eea_team.yaml")
    fill_wizard(page, profile, lang, shots=f"{lang}")
    expected = cli_result(profile, lang, tmp_path)
    heading = page.locator("h1")
    expect(heading).to_contain_text(expected["recommendation_name"])
    expect(page.locator(".lead").first).to_have_text(expected["robustness"]["statement"])
    check_axe(page, f"result {lang}")
    shoot(page, f"{lang}-6-result")


def test_error_state_keeps_answers_and_has_no_axe_violations(page: Page) -> None:
    page.goto("/beratung/schritt/1?lang=de")
    page.locator("#f-municipality-name").fill("Testdorf")
    page.locator("#f-municipality-kind").select_option("gemeinde")
    page.locator("#f-municipality-population").fill("0")
    page.get_by_role("button", name="Weiter", exact=True).click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Einwohnerzahl: muss mindestens 1 sein")
    expect(summary).to_be_focused()
    expect(page.locator("#f-municipality-name")).to_have_value("Testdorf")
    expect(page.locator("#f-municipality-population")).to_have_attribute("aria-invalid", "true")
    check_axe(page, "error state")
    shoot(page, "de-error")
    summary.get_by_role("link").click()
    expect(page.locator("#f-municipality-population")).to_be_focused()


def test_wizard_without_javascript_and_what_if(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        profile = scenario("06_landkreis_energy_agency.yaml")
        fill_wizard(page, profile, "de", shots=None)
        expected = cli_result(profile, "de", tmp_path)
        expect(page.locator("h1")).to_contain_text(expected["recommendation_name"])
        expect(page.locator(".lead").first).to_have_text(expected["robustness"]["statement"])
        # what-if: external reach does not matter any more
        page.locator("#w-external_reach").select_option("0")
        page.locator("#w-financing").select_option("4")
        page.get_by_role("button", name="Ergebnis mit diesen Prioritäten anzeigen").click()
        change = page.locator("#whatif-change")
        expect(change).to_be_visible()
        expect(change).to_contain_text("Vorher")
        shoot(page, "de-7-what-if")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_language_switch_keeps_the_answers(
    browser: Browser, base_url: str, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/beratung/schritt/1?lang=de")
        page.locator("#f-municipality-name").fill("Musterstadt")
        page.locator("#f-municipality-kind").select_option("stadt")
        page.locator("#f-municipality-population").fill("24.000")
        page.get_by_role("button", name="Weiter", exact=True).click()
        page.locator("label[for='f-goals-implementation']").click()
        # the header's switch re-posts the answers, with JavaScript on and off
        page.locator(".site-header__language").get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_contain_text("Step 2 of 5")
        expect(page.locator("#f-goals-implementation")).to_be_checked()
        if javascript:  # axe-core runs in the page (the markup is the same either way)
            check_axe(page, "step 2 after switching the language")
        page.get_by_role("button", name="Back", exact=True).click()
        expect(page.locator("#f-municipality-name")).to_have_value("Musterstadt")
        # kept as typed; numbers are read the German or English way in either language
        expect(page.locator("#f-municipality-population")).to_have_value("24.000")
        # on the result page the switch re-posts the answers, too
        for _ in range(4):
            page.get_by_role("button", name="Next", exact=True).click()
        page.get_by_role("button", name="Show the recommendation").click()
        leaders = page.locator("#ranking-caption").locator("xpath=..").locator("tbody th a")
        english = [leaders.nth(i).get_attribute("href") for i in range(leaders.count())]
        page.locator(".site-header__language").get_by_role("button", name="Deutsch").click()
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.locator("h1")).to_contain_text("Empfehlung")
        expect(page.locator("#whatif-change")).to_have_count(0)
        german = [leaders.nth(i).get_attribute("href") for i in range(leaders.count())]
        assert german == english and len(german) >= 4  # the same ranking, now in German
        if javascript:
            check_axe(page, "result after switching the language")
    finally:
        context.close()


def test_pairwise_comparisons_in_the_browser(page: Page) -> None:
    page.goto("/beratung/schritt/1?lang=de")
    page.locator("#f-municipality-kind").select_option("stadt")
    page.locator("#f-municipality-population").fill("30000")
    for _ in range(4):
        page.get_by_role("button", name="Weiter", exact=True).click()
    page.locator("details.wizard-advanced summary").click()
    page.locator("label[for='f-weighting-method-ahp']").click()
    for criterion in ("coordination", "financing", "authority"):
        page.locator(f"label[for='f-weighting-ahp-use-{criterion}']").click()
    page.get_by_role("button", name="Vergleiche für diese Kriterien anzeigen").click()
    pairs = page.locator(".wizard-ahp__pairs select")
    expect(pairs).to_have_count(3)
    check_axe(page, "step 5 with pairwise comparisons")
    # authority against coordination, authority against financing, coordination against financing
    # coordination 5 × authority, authority 5 × financing, but coordination only 5 × financing
    for index, value in enumerate(["1/5", "5", "5"]):
        pairs.nth(index).select_option(value)
    page.get_by_role("button", name="Empfehlung anzeigen").click()
    expect(page.locator("h1")).to_contain_text("Empfehlung")
    expect(page.locator("#explanation").locator("xpath=..")).to_contain_text(
        "Ihre Paarvergleiche widersprechen sich"
    )
    check_axe(page, "result with pairwise comparisons")
