"""The advice wizard over HTTP: steps in both languages, state in hidden fields, errors that keep
every answer, upload and download of profile files, the result equal to ``advise``."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimaorg.advisor import advise, load_advisor_data, read_profile_text
from klimaorg.advisor.schema import FUNDINGS, GOALS, KINDS
from klimaorg.i18n import Lang
from klimaorg.web.wizard.form import (
    CRITERIA,
    FIELDS,
    WizardForm,
    form_to_profile,
    input_id,
    parse_number,
    profile_to_form,
    read_form,
    step_of,
)
from tests.advisor.grid import RULE_RISKS, grid
from tests.web.clients import csrf_client

SCENARIOS = Path(__file__).resolve().parents[1] / "advisor" / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))


@pytest.fixture(autouse=True)
def _csrf_token(client: TestClient) -> None:
    """The wizard's forms carry a CSRF token; this client sends it as a header."""
    csrf_client(client)


def scenario_profile(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))
    return dict(data["profile"])


def post_data(form: WizardForm, **extra: Any) -> dict[str, Any]:
    return {**form.values, "goals": list(form.goals), **extra}


def canonical(profile: dict[str, Any]) -> dict[str, Any]:
    """A profile as the wizard writes it: goals in the documented order."""
    out = dict(profile)
    if out.get("goals"):
        out["goals"] = [g for g in GOALS if g in out["goals"]]
    elif "goals" in out:
        del out["goals"]
    return out


def h1(html: str) -> str:
    """The page's heading as read (soft hyphens break long words only at a line's end)."""
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert len(found) == 1, found
    return re.sub(r"<[^>]+>", " ", found[0]).replace("\u00ad", "").strip()


def ranking_names(html: str) -> list[str]:
    table = html.split('id="ranking-caption"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row" class="kern-table__header"><a[^>]*>([^<]+)</a>', table)


# ----------------------------------------------------------------------------- pages


def test_the_criteria_table_matches_the_knowledge_base() -> None:
    assert list(CRITERIA) == load_advisor_data().knowledge.criterion_ids


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_each_step_renders(client: TestClient, step: int, lang: Lang) -> None:
    response = client.get(f"/beratung/schritt/{step}?lang={lang}")
    assert response.status_code == 200
    heading = h1(response.text)
    assert ("Schritt" if lang == "de" else "Step") in heading
    assert f'lang="{lang}"' in response.text
    assert 'aria-current="step"' in response.text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_intro_and_rules_render(client: TestClient, lang: Lang) -> None:
    intro = client.get(f"/beratung?lang={lang}")
    assert intro.status_code == 200
    assert 'type="file"' in intro.text
    assert 'href="/beratung"' in intro.text  # navigation entry
    rules = client.get(f"/regeln?lang={lang}")
    assert rules.status_code == 200
    for rule in load_advisor_data().rules:
        assert f'id="rule-{rule.id}"' in rules.text
    label = "Expertenannahme" if lang == "de" else "Expert assumption"
    assert label in rules.text


def test_unknown_step_is_404(client: TestClient) -> None:
    assert client.get("/beratung/schritt/9").status_code == 404
    assert client.post("/beratung/schritt/0", data={}).status_code == 404


def test_step_5_preselects_the_priorities_from_the_goals(client: TestClient) -> None:
    profile = scenario_profile("03_city_coordination_stabsstelle.yaml")
    form = profile_to_form(profile)
    response = client.post("/beratung/schritt/5", data=post_data(form))
    assert response.status_code == 200
    used = advise(profile)["inputs"]["priorities"]
    labels = {s.value: s.de for s in load_advisor_data().goals.scale}
    assert f"{labels[used['coordination']]} (aus Ihren Zielen)" in response.text


# ----------------------------------------------------------------------------- full runs


@pytest.mark.parametrize("lang", ["de", "en"])
def test_posting_through_all_steps_gives_the_advisor_result(client: TestClient, lang: Lang) -> None:
    profile = scenario_profile("04_town_eea_team.yaml")
    form = profile_to_form(profile, lang)
    for step in range(2, 6):
        response = client.post(f"/beratung/schritt/{step}?lang={lang}", data=post_data(form))
        assert response.status_code == 200, h1(response.text)
        assert str(step) in h1(response.text)
        for name, value in form.hidden(exclude_steps=[step]):
            assert f'name="{name}" value="{value}"' in response.text
    result = client.post(f"/beratung/ergebnis?lang={lang}", data=post_data(form))
    assert result.status_code == 200
    expected = advise(profile, lang=lang)
    assert expected["recommendation_name"] in h1(result.text)
    assert expected["robustness"]["statement"] in result.text
    doubt = expected["doubt"]["statement"]
    assert f'<p class="kern-body" id="doubt-statement">{doubt}</p>' in result.text
    assert ranking_names(result.text) == [r["name"] for r in expected["ranking"]]
    for sentence in expected["explanation"]:
        assert sentence["text"] in result.text.replace("&#34;", '"').replace("&#39;", "'")
    for ref in (r for s in expected["explanation"] for r in s["refs"]):
        if ref.startswith("rule:"):
            assert f"/regeln#rule-{ref[5:]}" in result.text
        else:
            assert f"/modelle/{ref.split('.')[0]}#{ref}" in result.text
    assert result.text.count("<svg") >= 3


def test_result_lists_excluded_models_with_the_reason(client: TestClient) -> None:
    profile = scenario_profile("01_village_half_post.yaml")
    result = client.post("/beratung/ergebnis", data=post_data(profile_to_form(profile)))
    expected = advise(profile)
    excluded = [r for r in expected["ranking"] if r["excluded"]]
    assert excluded
    for row in excluded:
        assert row["reason"] in result.text


def test_what_if_reports_the_change(client: TestClient) -> None:
    profile = scenario_profile("03_city_coordination_stabsstelle.yaml")
    form = profile_to_form(profile)
    before = advise(profile)["recommendation"]
    changed = {"priorities.leadership_access": "0", "priorities.coordination": "0"}
    new_profile = form_to_profile(form.replace(**changed))
    after = advise(new_profile)
    response = client.post("/beratung/ergebnis", data=post_data(form, vorher=before, **changed))
    assert response.status_code == 200
    names = {r["model"]: r["name"] for r in after["ranking"]}
    if after["recommendation"] != before:
        assert f"Vorher: {names[before]}, jetzt: {names[after['recommendation']]}." in response.text
    else:
        assert "Die Empfehlung bleibt gleich" in response.text


@pytest.mark.parametrize(("leader", "rule"), sorted(RULE_RISKS))
@pytest.mark.parametrize("lang", ["de", "en"])
def test_risks_from_a_context_rule_are_shown_with_the_rule(
    client: TestClient, leader: str, rule: str, lang: Lang
) -> None:
    profile = RULE_RISKS[(leader, rule)]
    response = client.post(
        f"/beratung/ergebnis?lang={lang}", data=post_data(profile_to_form(profile, lang))
    )
    assert response.status_code == 200, response.text[-500:]
    expected = advise(profile, lang=lang)
    risks = response.text.split('id="risks"', 1)[1].split("</section>", 1)[0]
    assert f'href="/regeln#rule-{rule}"' in risks
    for risk in expected["risks"]:
        assert risk["text"] in html.unescape(risks)
        for mitigation in risk["mitigations"]:
            assert mitigation["name"] in risks


def test_a_sample_of_the_profile_grid_renders_every_result(client: TestClient) -> None:
    """Every 18th profile of the grid (60 situations, all kinds and sizes): the result page
    renders, in one language or the other, with the recommendation the advisor gives."""
    for i, profile in enumerate(grid()[::18]):
        lang: Lang = "de" if i % 2 else "en"
        data = post_data(profile_to_form(profile, lang))
        response = client.post(f"/beratung/ergebnis?lang={lang}", data=data)
        assert response.status_code == 200, (profile, response.text[-300:])
        assert advise(profile, lang=lang)["recommendation_name"] in h1(response.text)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_result_says_whether_pairwise_comparisons_contradict_each_other(
    client: TestClient, lang: Lang
) -> None:
    profile = {
        "municipality": {"kind": "stadt", "population": 30000},
        "weighting": {
            "method": "ahp",
            "criteria": ["coordination", "financing", "authority"],
            "pairwise": [[1, 5, 0.2], [0.2, 1, 5], [5, 0.2, 1]],
        },
    }
    form = profile_to_form(profile, lang)
    response = client.post(f"/beratung/ergebnis?lang={lang}", data=post_data(form))
    assert response.status_code == 200
    explanation = advise(profile, lang=lang)["explanation"]
    [sentence] = [e["text"] for e in explanation if e["kind"] == "ahp_inconsistent"]
    assert sentence in response.text.replace("&#34;", '"').replace("&#39;", "'")


def test_assumptions_link_back_to_their_step(client: TestClient) -> None:
    form = WizardForm({"municipality.kind": "stadt", "municipality.population": "20000"})
    response = client.post("/beratung/ergebnis", data=post_data(form))
    assert response.status_code == 200
    assert 'formaction="/beratung/schritt/3"' in response.text
    assert 'formaction="/beratung/schritt/4"' in response.text


@pytest.mark.parametrize(("lang", "word"), [("de", "offen"), ("en", "open")])
def test_assumptions_left_open_say_so_in_words(client: TestClient, lang: Lang, word: str) -> None:
    """A question left open is assumed to be either answer: the page says "open", never the
    program's ``None``."""
    form = WizardForm({"municipality.kind": "stadt", "municipality.population": "20000"})
    page = client.post(f"/beratung/ergebnis?lang={lang}", data=post_data(form)).text
    items = re.findall(r'<p class="kern-body assumption__text">(.*?)</p>', page, re.S)
    assert len(items) >= 5
    assert not [i for i in items if "None" in i]
    assert any(f"– <strong>{word}</strong>." in i for i in items)


# ----------------------------------------------------------------------------- bad input


FULL = profile_to_form(scenario_profile("06_landkreis_energy_agency.yaml"))


@pytest.mark.parametrize(
    ("field", "value", "step", "de", "en"),
    [
        ("municipality.population", "0", 1, "muss mindestens 1 sein", "must be at least 1"),
        ("municipality.population", "viele", 1, "ganze Zahl", "whole number"),
        ("resources.staff_fte", "-1", 4, "muss größer als 0 sein", "must be greater than 0"),
        ("resources.own_budget_eur", "zwanzig", 4, "muss eine Zahl sein", "must be a number"),
        ("backing.council", "9", 4, "darf höchstens 5 sein", "must be at most 5"),
        ("priorities.focus", "7", 5, "darf höchstens 4 sein", "must be at most 4"),
    ],
)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_bad_value_rerenders_its_step_with_everything_kept(
    client: TestClient, field: str, value: str, step: int, de: str, en: str, lang: Lang
) -> None:
    form = FULL.replace(**{field: value})
    response = client.post(f"/beratung/ergebnis?lang={lang}", data=post_data(form))
    assert response.status_code == 422
    assert response.url.path == f"/beratung/schritt/{step}"  # the address names the step shown
    text = response.text
    assert str(step) in h1(text)
    assert 'role="alert"' in text
    assert (de if lang == "de" else en) in text
    ident = input_id(field)
    assert f'href="#{ident}"' in text
    if step_of(field) in (1, 4) and "backing" not in field:
        assert re.search(rf'id="{ident}"[^>]*aria-describedby="[^"]*{ident}-error"', text)
        assert re.search(rf'id="{ident}"[^>]*aria-invalid="true"', text)
    # every answer is still there: the bad one as typed, the others visible or hidden
    if "backing" not in field and "priorities" not in field:  # radios/selects: typed values
        assert f'value="{value}"' in text
    for name, kept in form.values.items():
        if name != field:
            assert kept_answer(text, name, kept), (name, kept)
    for goal in form.goals:
        assert f'value="{goal}"' in text
    assert "Traceback" not in text


def kept_answer(text: str, name: str, kept: str) -> bool:
    """Whether the page still holds ``kept`` for field ``name``: a hidden field, a checked
    radio, the selected option of its select, or (not a radio) a visible input's value."""
    field, value = re.escape(name), re.escape(kept)
    hidden = rf'<input type="hidden"[^>]*name="{field}"[^>]*value="{value}"'
    checked = rf'<input[^>]*type="radio"[^>]*name="{field}"[^>]*value="{value}"[^>]*checked'
    selected = rf'<select[^>]*name="{field}"[^>]*>(?:(?!</select>).)*value="{value}" selected'
    typed = rf'<input[^>]*name="{field}"[^>]*value="{value}"'
    is_radio = re.search(rf'<input[^>]*type="radio"[^>]*name="{field}"', text)
    found = [hidden, checked] if is_radio else [hidden, selected, typed]
    return any(re.search(pattern, text, re.S) for pattern in found)


def test_an_error_in_an_earlier_step_stops_the_next_one(client: TestClient) -> None:
    form = FULL.replace(**{"municipality.population": "0"})
    response = client.post("/beratung/schritt/4", data=post_data(form))
    assert response.status_code == 422
    assert "Schritt 1 von 5" in h1(response.text)
    assert response.url.path == "/beratung/schritt/1"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_address_names_the_step_with_the_error(client: TestClient, lang: Lang) -> None:
    """Step 1's form posts to step 2's address: a wrong answer of step 1 is a 307 redirect to
    step 1's address (the browser posts the same answers there), which shows the error."""
    form = FULL.replace(**{"municipality.population": "0"})
    moved = client.post(
        f"/beratung/schritt/2?lang={lang}", data=post_data(form), follow_redirects=False
    )
    assert moved.status_code == 307  # 307 keeps the method and the posted answers
    assert moved.headers["location"] == f"/beratung/schritt/1?pruefen=1&lang={lang}#error-summary"
    shown = client.post(f"/beratung/schritt/1?pruefen=1&lang={lang}", data=post_data(form))
    assert shown.status_code == 422
    assert ("Schritt 1 von 5" if lang == "de" else "Step 1 of 5") in h1(shown.text)
    assert 'id="error-summary"' in shown.text
    assert 'name="municipality.population" value="0"' in shown.text  # kept as typed
    # the step's own errors are shown at its own address, without a redirect
    assert 'action="/beratung/schritt/2"' in shown.text


def test_a_later_error_from_the_result_leads_to_its_step(client: TestClient) -> None:
    form = FULL.replace(**{"resources.staff_fte": "-1"})
    for path in ("/beratung/ergebnis", "/beratung/profil.yaml", "/beratung/bericht/md"):
        moved = client.post(path, data=post_data(form), follow_redirects=False)
        assert moved.status_code == 307, path
        assert moved.headers["location"] == "/beratung/schritt/4?pruefen=5#error-summary"
        shown = client.post(path, data=post_data(form))
        assert shown.status_code == 422 and shown.url.path == "/beratung/schritt/4"
        assert "Schritt 4 von 5" in h1(shown.text)
        assert "muss größer als 0 sein" in shown.text


@pytest.mark.parametrize("asked", ["", "0", "6", "abc", "-1", "99999999999999999999"])
def test_a_bad_check_parameter_is_ignored(client: TestClient, asked: str) -> None:
    """``?pruefen=`` only widens what is checked to a real step; other values change nothing."""
    form = FULL.replace(**{"resources.staff_fte": "-1"})  # step 4, not checked on step 3
    response = client.post(f"/beratung/schritt/3?pruefen={asked}", data=post_data(form))
    assert response.status_code == 200
    assert "Schritt 3 von 5" in h1(response.text)


def test_back_and_language_never_redirect(client: TestClient) -> None:
    form = FULL.replace(**{"municipality.population": "0"})
    for navigation in ("back", "language"):
        response = client.post(
            "/beratung/schritt/3?pruefen=5",
            data=post_data(form, navigation=navigation),
            follow_redirects=False,
        )
        assert response.status_code == 200, navigation
        assert "Schritt 3 von 5" in h1(response.text)


def test_back_keeps_answers_without_validating(client: TestClient) -> None:
    form = FULL.replace(**{"resources.staff_fte": "-1"})
    response = client.post("/beratung/schritt/3", data=post_data(form, navigation="back"))
    assert response.status_code == 200
    assert 'name="resources.staff_fte" value="-1"' in response.text


def test_language_switch_on_a_step_keeps_every_answer(client: TestClient) -> None:
    form = FULL.replace(**{"resources.staff_fte": "-1"})  # not yet checked: stays as typed
    page = client.post("/beratung/schritt/4?lang=de", data=post_data(form)).text
    button = re.search(r'<button[^>]*id="wizard-language"[^>]*>', page)
    assert button is not None
    assert 'formaction="/beratung/schritt/4?lang=en"' in button.group(0)
    header = re.search(r'<button[^>]*class="site-header__switch"[^>]*>', page)
    assert header is not None  # the header's switch submits the same form, no JavaScript needed
    assert 'form="wizard-form"' in header.group(0)
    assert 'formaction="/beratung/schritt/4?lang=en"' in header.group(0)
    switched = client.post(
        "/beratung/schritt/4?lang=en", data=post_data(form, navigation="language")
    )
    assert switched.status_code == 200
    assert '<html lang="en"' in switched.text
    assert "Step 4 of 5" in h1(switched.text)
    for name, kept in form.values.items():
        assert f'value="{kept}"' in switched.text, name
    for goal in form.goals:
        assert f'value="{goal}"' in switched.text
    assert "lang=en" in switched.headers.get("set-cookie", "")


def test_language_switch_on_the_result_page_gives_the_same_result(client: TestClient) -> None:
    profile = scenario_profile("04_town_eea_team.yaml")
    form = profile_to_form(profile)
    page = client.post("/beratung/ergebnis?lang=de", data=post_data(form)).text
    assert re.search(
        r'<button type="submit" form="state-form" class="site-header__switch" '
        r'formaction="/beratung/ergebnis\?lang=en" name="navigation" value="language"',
        page,
    )
    state = page.split('id="state-form"', 1)[1].split("</form>", 1)[0]
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', state))
    goals = re.findall(r'<input type="hidden" name="goals" value="([^"]*)"', state)
    data = {**hidden, "goals": goals, "navigation": "language"}
    switched = client.post("/beratung/ergebnis?lang=en", data=data)
    assert switched.status_code == 200
    expected = advise(profile, lang="en")
    assert expected["recommendation_name"] in h1(switched.text)
    assert expected["robustness"]["statement"] in switched.text
    assert 'id="whatif-change"' not in switched.text  # a language switch is no what-if


def test_tampered_hidden_fields_are_validated(client: TestClient) -> None:
    data = post_data(FULL)
    data["goals"] = ["world_peace"]
    response = client.post("/beratung/ergebnis", data=data)
    assert response.status_code == 422
    assert "2" in h1(response.text)
    data = post_data(FULL, **{"structures.eea": "vielleicht"})
    assert client.post("/beratung/ergebnis", data=data).status_code == 422


def test_all_priorities_zero_is_named(client: TestClient) -> None:
    zeros = {f"priorities.{c}": "0" for c in CRITERIA}
    response = client.post("/beratung/ergebnis", data=post_data(FULL, **zeros))
    assert response.status_code == 422
    assert "mindestens eine Priorität" in response.text


# ----------------------------------------------------------------------------- files


def upload(client: TestClient, content: bytes, lang: Lang = "de") -> Any:
    files = {"profil": ("../../etc/passwd", content, "application/yaml")}
    return client.post(f"/beratung/hochladen?lang={lang}", files=files)


@pytest.mark.parametrize("path", SCENARIO_FILES[:14:3], ids=lambda p: p.stem)
def test_upload_of_a_scenario_profile_gives_the_cli_result(client: TestClient, path: Path) -> None:
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))["profile"]
    response = upload(client, yaml.safe_dump(profile, allow_unicode=True).encode())
    assert response.status_code == 200
    expected = advise(profile)
    assert expected["recommendation_name"] in h1(response.text)
    assert expected["robustness"]["statement"] in response.text


def test_upload_errors_are_messages_without_trace(client: TestClient) -> None:
    big = upload(client, b"# " + b"x" * (300 * 1024))
    assert big.status_code == 413
    assert "zu groß" in big.text
    assert upload(client, b"[1, 2]").status_code == 422
    broken = upload(client, b"municipality: {kind: stadt", lang="en")
    assert broken.status_code == 422
    assert "YAML" in broken.text
    no_file = client.post("/beratung/hochladen", data={"x": "1"})
    assert no_file.status_code == 422
    for response in (big, broken, no_file):
        assert "Traceback" not in response.text


def test_upload_of_an_invalid_profile_opens_the_step_with_the_values(client: TestClient) -> None:
    profile = scenario_profile("04_town_eea_team.yaml")
    profile["resources"] = {**profile["resources"], "staff_fte": 0}
    response = upload(client, yaml.safe_dump(profile).encode())
    assert response.status_code == 422
    assert "4" in h1(response.text)
    assert 'name="resources.staff_fte" value="0"' in response.text
    assert 'name="municipality.name" value="Energiestadt"' in response.text


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_downloaded_profile_reads_back_to_the_same_profile(client: TestClient, kind: str) -> None:
    profile = scenario_profile("06_landkreis_energy_agency.yaml")
    response = client.post(f"/beratung/profil.{kind}", data=post_data(profile_to_form(profile)))
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"] == f'attachment; filename="klimaorg-profil.{kind}"'
    )
    parsed = read_profile_text(response.content, "de", json_only=kind == "json")
    assert parsed == canonical(profile)
    assert advise(parsed) == advise(profile)


def test_downloaded_yaml_keeps_the_ags_as_text(client: TestClient) -> None:
    form = WizardForm(
        {
            "municipality.ags": "08316009",
            "municipality.kind": "gemeinde",
            "municipality.population": "13.910",
        }
    )
    response = client.post("/beratung/profil.yaml", data=post_data(form))
    assert '"08316009"' in response.text
    parsed = read_profile_text(response.content, "de")
    assert parsed["municipality"] == {"ags": "08316009", "kind": "gemeinde", "population": 13910}


def test_cli_reads_the_downloaded_yaml(client: TestClient, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from klimaorg.cli.main import app

    profile = scenario_profile("04_town_eea_team.yaml")
    response = client.post("/beratung/profil.yaml", data=post_data(profile_to_form(profile)))
    path = tmp_path / "profil.yaml"
    path.write_bytes(response.content)
    run = CliRunner().invoke(app, ["advise", str(path), "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout) == advise(canonical(profile))


# ----------------------------------------------------------------------------- form mapping


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13.910", 13910),
        ("35000", 35000),
        ("0,5", 0.5),
        ("1.5", 1.5),
        ("20 000 €", 20000),
        ("20.000,50", 20000.5),
        ("1,234,567", 1234567),
        ("", None),
        ("viele", "viele"),
        ("1,2,3", "1,2,3"),
    ],
)
def test_numbers_typed_the_german_or_english_way(text: str, value: object) -> None:
    assert parse_number(text) == value


def test_read_form_ignores_unknown_fields_and_files() -> None:
    form = read_form(
        [
            ("municipality.population", "5"),
            ("evil", "x"),
            ("goals", "concept"),
            ("goals", "concept"),
        ]
    )
    assert form.values == {"municipality.population": "5"}
    assert form.goals == ("concept",)


def test_every_field_has_a_step_and_an_input_id() -> None:
    for spec in FIELDS:
        assert step_of(spec.name) == spec.step
        assert input_id(spec.name).startswith("f-")


optional_bool = st.none() | st.booleans()
profiles = st.fixed_dictionaries(
    {
        "municipality": st.fixed_dictionaries(
            {},
            optional={
                "name": st.text(
                    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
                    min_size=1,
                    max_size=30,
                ),
                "ags": st.from_regex(r"\A\d{8}\Z"),
                "kind": st.sampled_from(KINDS),
                "population": st.integers(1, 5_000_000),
            },
        ),
        "structures": st.fixed_dictionaries(
            {},
            optional={
                k: st.booleans()
                for k in (
                    "environment_office",
                    "energy_agency_in_region",
                    "eea",
                    "climate_concept",
                    "steering_group",
                    "neighbours_to_share_with",
                )
            },
        ),
        "resources": st.fixed_dictionaries(
            {},
            optional={
                "staff_fte": st.floats(0.01, 100, allow_nan=False).map(lambda x: round(x, 3)),
                "own_budget_eur": st.integers(0, 10**9)
                | st.floats(0, 1e6).map(lambda x: round(x, 2)),
                "funding": st.sampled_from(FUNDINGS),
                "financially_weak": st.booleans(),
            },
        ),
        "backing": st.fixed_dictionaries(
            {},
            optional={"administration_head": st.integers(1, 5), "council": st.integers(1, 5)},
        ),
    },
    optional={
        "goals": st.lists(st.sampled_from(GOALS), min_size=1, unique=True),
        "priorities": st.dictionaries(st.sampled_from(CRITERIA), st.integers(0, 4), min_size=1),
        "weighting": st.fixed_dictionaries(
            {
                "method": st.just("swing"),
                "points": st.dictionaries(
                    st.sampled_from(CRITERIA), st.integers(0, 100), min_size=1
                ),
            }
        ),
    },
)


def _drop_empty(profile: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in profile.items() if v not in ({}, None)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, lang=st.sampled_from(["de", "en"]))
def test_profile_form_round_trip(profile: dict[str, Any], lang: Lang) -> None:
    expected = canonical(_drop_empty(profile))
    form = profile_to_form(profile, lang)
    assert form_to_profile(form) == expected
    # the form survives hidden fields: posted again, it is the same form
    again = read_form([*form.hidden(), *((n, v) for n, v in form.values.items())])
    assert form_to_profile(again) == expected
    assert profile_to_form(expected, lang) == profile_to_form(form_to_profile(form), lang)


# ----------------------------------------------------------------------------- AHP in the browser

AHP_BASE = profile_to_form({"municipality": {"kind": "stadt", "population": 30000}})
AHP_PICK = ("coordination", "financing", "authority")
AHP_JUDGEMENTS = {  # a pair is named in the knowledge base's order: authority before coordination
    "weighting.ahp_pair.authority.coordination": "1/5",
    "weighting.ahp_pair.authority.financing": "1/3",
    "weighting.ahp_pair.coordination.financing": "3",
}


def ahp_form(**judgements: str) -> dict[str, Any]:
    ticked = {f"weighting.ahp_use.{c}": "true" for c in AHP_PICK}
    return post_data(AHP_BASE, **{"weighting.method": "ahp", **ticked, **judgements})


def test_ticked_criteria_get_one_comparison_per_pair(client: TestClient) -> None:
    response = client.post("/beratung/schritt/5", data=ahp_form(aktion="ahp"))
    assert response.status_code == 200
    pairs = re.findall(r'<select[^>]*name="(weighting\.ahp_pair\.[^"]+)"', response.text)
    assert sorted(pairs) == sorted(AHP_JUDGEMENTS)  # knowledge-base order within each pair
    assert "Koordination zwischen den Ämtern gegenüber Finanzielle Ausstattung" in response.text
    assert re.search(r'value="ahp"[^>]*checked', response.text)
    assert 'role="alert"' not in response.text  # showing the pairs is no error


def test_browser_comparisons_give_the_result_of_the_same_profile_file(client: TestClient) -> None:
    response = client.post("/beratung/ergebnis", data=ahp_form(**AHP_JUDGEMENTS))
    assert response.status_code == 200, h1(response.text)
    download = client.post("/beratung/profil.yaml", data=ahp_form(**AHP_JUDGEMENTS))
    profile = read_profile_text(download.content, "de")
    weighting = profile["weighting"]
    assert weighting["method"] == "ahp"
    order = weighting["criteria"]
    assert set(order) == set(AHP_PICK)
    i, j = order.index("coordination"), order.index("authority")
    assert weighting["pairwise"][i][j] == 5 and weighting["pairwise"][j][i] == pytest.approx(0.2)
    expected = advise(profile)
    assert expected["recommendation_name"] in h1(response.text)
    [sentence] = [e["text"] for e in expected["explanation"] if e["kind"].startswith("ahp_")]
    assert sentence in response.text
    assert expected["inputs"]["weighting"]["consistency"]["acceptable"]


def test_a_missing_comparison_is_named_at_its_input(client: TestClient) -> None:
    judgements = dict(AHP_JUDGEMENTS)
    del judgements["weighting.ahp_pair.coordination.financing"]
    response = client.post("/beratung/ergebnis?lang=en", data=ahp_form(**judgements))
    assert response.status_code == 422
    assert "5" in h1(response.text)
    assert 'href="#f-weighting-ahp-pair-coordination-financing"' in response.text
    assert "Please compare these two criteria." in response.text
    assert "Coordination across offices against Funding" in response.text
    assert 'value="1/5" selected' in response.text  # the other answers are kept


def test_comparing_needs_two_criteria(client: TestClient) -> None:
    data = post_data(AHP_BASE, **{"weighting.method": "ahp", "weighting.ahp_use.financing": "true"})
    response = client.post("/beratung/ergebnis", data=data)
    assert response.status_code == 422
    assert "Bitte wählen Sie mindestens zwei Kriterien zum Vergleichen." in response.text
    assert 'id="f-weighting-ahp-use-leadership-access-error"' in response.text  # at the group
    assert 'href="#f-weighting-ahp-use-leadership-access"' in response.text
