"""Phone and desktop widths in headless Chromium: no page scrolls sideways, chart text stays
readable, axe-core finds nothing.

Every public page, the advice result, the comparison of all six models, a workshop's group
view and its projector view are opened at 390 px (a phone) and 1280 px (a laptop). On each:
``document.documentElement.scrollWidth <= innerWidth`` (wide tables scroll inside their own
region, never the page), every rendered SVG ``<text>`` is at least 11 px on screen (its font
size times the scale of the chart, from ``getScreenCTM``), and axe-core reports no violation.
Screenshots go to ``/tmp/klimaorg-shots/widths/`` for a look by eye.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from klimaorg import assessing
from klimaorg.storage import service
from klimaorg.storage.core import Role
from klimaorg.web.wizard.form import CRITERIA
from tests.accounts import PASSWORD, sole_member
from tests.browser.conftest import SHOTS, live_database, unique
from tests.browser.test_pages_browser import MODEL_IDS, PAGES
from tests.web.assessment_world import PROFILE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = Axe()
WIDTHS = (390, 1280)
MIN_TEXT_PX = 11.0
WIDTH_SHOTS = SHOTS / "widths"
PUBLIC = [
    *PAGES,
    "/beratung",
    "/beratung/schritt/1",
    "/regeln",
    "/anmelden",
]
# A workshop title and participant names as a hostile user might type them.
HOSTILE_TITLE = '<img src=x onerror=alert(1)> Ämterrunde & "Beamer"'
PARTICIPANTS = {
    "Bauamt <script>alert(2)</script>": {"coordination": 4, "focus": 0},
    "Kämmerei": {"financing": 4, "low_overhead": 4, "coordination": 1},
    "Umweltamt": {"external_reach": 4, "focus": 3},
}

# The smallest on-screen font size of the rendered SVG texts, and where it is.
SMALLEST_SVG_TEXT = """() => {
  let smallest = {size: Infinity, text: "", chart: ""};
  for (const text of document.querySelectorAll("svg text")) {
    if (text.getClientRects().length === 0) continue;  // not rendered (display: none)
    const box = text.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const ctm = text.getScreenCTM();
    const scale = Math.hypot(ctm.a, ctm.b);
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (size < smallest.size) {
      const svg = text.closest("svg");
      smallest = {size, text: text.textContent, chart: svg.getAttribute("aria-labelledby") || ""};
    }
  }
  return smallest;
}"""
OVERFLOW = """() => ({
  scroll: document.documentElement.scrollWidth,
  inner: window.innerWidth,
  wide: [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                 && !e.closest(".kern-table-responsive, .chart"))
    .slice(0, 5).map(e => e.tagName + "." + e.className),
})"""


@dataclass(frozen=True)
class Workshop:
    email: str
    assessment: str
    show: str
    projector: str


@pytest.fixture(scope="module")
def workshop(live_server: str) -> Iterator[Workshop]:
    """An owner, an assessment and a workshop with three participants (hostile names and
    title) in the live server's database."""
    with live_database() as db:
        with db.transaction() as s:
            owner = sole_member(s, unique("Beamerstadt"), Role.OWNER, display_name="Olga Owner")
            principal = owner.principal
            detail = assessing.create_assessment(s, principal, title="Beamerstadt", profile=PROFILE)
            info, token = service.create_workshop(s, principal, detail.id, title=HOSTILE_TITLE)
        with db.transaction() as s:
            for name, values in PARTICIPANTS.items():
                priorities = {c: values.get(c, 2) for c in CRITERIA}
                service.submit_priorities(s, token, participant=name, priorities=priorities)
    base = f"/bewertungen/{detail.id}/workshop/{info.id}"
    yield Workshop(owner.email, f"/bewertungen/{detail.id}", base, f"{base}/projektor")


def log_in(page: Page, email: str) -> None:
    page.goto("/anmelden")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_load_state()


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def shot_name(path: str) -> str:
    name = path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-")
    return name.replace("=", "-") or "start"


def check_widths(page: Page, name: str) -> None:
    """The loaded page at each width: no sideways scrolling, chart text ≥ 11 px, axe clean."""
    WIDTH_SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_function(f"window.innerWidth === {width}")
        page.screenshot(path=str(WIDTH_SHOTS / f"{name}-{width}.png"), full_page=True)
        overflow: dict[str, Any] = page.evaluate(OVERFLOW)
        assert overflow["scroll"] <= overflow["inner"], f"{name} at {width} px: {overflow}"
        smallest: dict[str, Any] = page.evaluate(SMALLEST_SVG_TEXT)
        assert smallest["size"] >= MIN_TEXT_PX, f"{name} at {width} px: {smallest}"
        results = AXE.run(page)
        assert results.violations_count == 0, f"{name} at {width}: {results.generate_report()}"


@pytest.mark.parametrize("path", PUBLIC)
def test_public_page_fits_both_widths(page: Page, path: str) -> None:
    response = page.goto(with_lang(path, "de"))
    assert response is not None and response.status in (200, 404)
    check_widths(page, shot_name(path))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_comparison_of_six_models_fits(page: Page, lang: str) -> None:
    page.goto(with_lang("/vergleich?" + "&".join(f"modell={m}" for m in MODEL_IDS), lang))
    headers = page.locator(".source-table thead th")
    expect(headers).to_have_count(len(MODEL_IDS))
    check_widths(page, f"compare-six-{lang}")
    page.set_viewport_size({"width": 1280, "height": 900})
    region = page.locator(".source-table").locator("xpath=..")
    fits = region.evaluate("r => r.scrollWidth <= r.clientWidth")
    assert fits, "the six models' table scrolls at 1280 px"
    last = headers.last.bounding_box()
    assert last is not None and last["x"] + last["width"] <= 1280
    # statements are plain text; the model names in the header are the links
    assert page.locator(".source-table tbody a").count() == 0
    expect(page.locator(".source-table thead a")).to_have_count(len(MODEL_IDS))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_result_page_fits(browser: Browser, base_url: str, lang: str) -> None:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    try:
        page.goto(f"/beratung/schritt/1?lang={lang}")
        page.locator("#f-municipality-name").fill("Schmalhausen")
        page.locator("#f-municipality-kind").select_option("stadt")
        page.locator("#f-municipality-population").fill("24000")
        for _ in range(4):
            page.locator(".wizard-nav .kern-btn--primary").click()
        page.locator(".wizard-nav .kern-btn--primary").click()
        expect(page.locator("#ranking-caption")).to_have_count(1)
        check_widths(page, f"result-{lang}")
    finally:
        context.close()


def owner_page(browser: Browser, base_url: str, email: str, *, javascript: bool) -> BrowserContext:
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    log_in(context.new_page(), email)
    return context


@pytest.mark.parametrize("lang", ["de", "en"])
def test_workshop_views_fit(browser: Browser, base_url: str, workshop: Workshop, lang: str) -> None:
    context = owner_page(browser, base_url, workshop.email, javascript=True)
    page = context.pages[0]
    try:
        page.goto(with_lang(workshop.show, lang))
        expect(page.locator("#chart-spread-title")).to_have_count(1)
        check_widths(page, f"workshop-{lang}")
        page.locator(f"a[href='{workshop.projector}']").click()
        expect(page).to_have_url(f"{base_url}{workshop.projector}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        check_widths(page, f"projector-{lang}")
    finally:
        context.close()


def test_signed_in_pages_fit(browser: Browser, base_url: str, workshop: Workshop) -> None:
    """The owner's pages around the workshop: assessments, the assessment, its history and
    its workshop links (with the QR code's link shown once after creating one)."""
    context = owner_page(browser, base_url, workshop.email, javascript=True)
    page = context.pages[0]
    try:
        for path in (
            "/bewertungen",
            workshop.assessment,
            f"{workshop.assessment}/versionen",
            f"{workshop.assessment}/workshop",
            "/bewertungen/neu?q=Freiburg",
            "/konto",
        ):
            response = page.goto(with_lang(path, "de"))
            assert response is not None and response.status == 200, path
            check_widths(page, shot_name(path))
        page.goto(with_lang(f"{workshop.assessment}/workshop", "de"))
        page.locator("#f-title").fill("Zweite Runde mit einem sehr langen Titel ohne Ende")
        page.get_by_role("button", name="Link anlegen").click()
        expect(page.locator("#workshop-link")).to_have_count(1)
        check_widths(page, "workshop-link-created")
    finally:
        context.close()


def test_projector_view_without_javascript(
    browser: Browser, base_url: str, workshop: Workshop
) -> None:
    """Large type, the joint weights chart, the participant count, every user string escaped;
    no script needed, and printable."""
    context = owner_page(browser, base_url, workshop.email, javascript=False)
    page = context.pages[0]
    try:
        page.goto(with_lang(workshop.projector, "de"))
        expect(page.locator("h1")).to_contain_text(HOSTILE_TITLE)  # shown as text, not markup
        assert page.locator("img").count() == 0
        expect(page.locator(".projector__count")).to_contain_text(str(len(PARTICIPANTS)))
        chart = page.locator("svg[role=img]:visible")
        expect(chart).to_have_count(1)
        expect(chart.locator("title")).to_have_text("Gemeinsame Gewichte der Kriterien")
        body = page.locator("body").evaluate("b => parseFloat(getComputedStyle(b).fontSize)")
        assert body >= 24, f"projector body text {body} px"
        expect(page.locator(".projector__actions")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.locator(".projector__actions")).to_be_hidden()
        expect(chart).to_be_visible()
        WIDTH_SHOTS.mkdir(parents=True, exist_ok=True)
        pdf = WIDTH_SHOTS / "projector-print.pdf"
        page.pdf(path=str(pdf), format="A4")
        assert pdf.stat().st_size > 5_000
    finally:
        context.close()
