"""Bad path parameters on every route: a 404 or 422 in the reader's words, never a 500.

The routes are enumerated from the app, so a new route with a path parameter is checked without
being listed here. Each parameter in turn gets values a typo, a scanner or a hand-edited link
gives (letters, zero, negative, a decimal, a number beyond 32 bits, a NUL byte, an umlaut, a
blank, markup, 300 characters); the other parameters keep a plausible value. The caller is an
instance administrator, so the checks behind the login and the admin role are reached.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests.web.assessment_world import World
from tests.web.assessment_world import sqlite_world as sqlite_world

BAD = [
    "abc",
    "0",
    "-1",
    "1.5",
    "99999999999999999999",
    "%00",
    "%C3%A4",
    "%20",
    "%3Cb%3Ex%3C%2Fb%3E",
    "x" * 300,
]
PLAUSIBLE = {"token": "x" * 43, "fmt": "pdf", "model_id": "team", "key": "08316", "step": "1"}
PARAM = re.compile(r"{(\w+)(?::\w+)?}")
METHODS = {"GET", "POST", "PUT", "DELETE"}
# What pydantic and Python say when their messages leak through (never in a German answer).
LEAKS = ("Input should", "Field required", "pydantic", "int_parsing", "Traceback", "Value error")
GERMAN = re.compile(r"[äöüß]|\b(ist|keine?|nicht|Seite|Wert|muss|gibt|unbekannt)\b")


def routes_with_parameters(world: World) -> list[tuple[str, str, list[str]]]:
    """Every (method, path format, parameter names) of the app with a path parameter."""
    found = []
    for context in iter_route_contexts(world.app.routes):
        path = context.path_format or ""
        names = PARAM.findall(path)
        if names:
            found += [(m, path, names) for m in sorted((context.methods or set()) & METHODS)]
    return found


def fill(path: str, names: list[str], bad_name: str, bad: str) -> str:
    for name in names:
        value = bad if name == bad_name else PLAUSIBLE.get(name, "1")
        path = re.sub(r"{" + name + r"(?::\w+)?}", value, path)
    return path


@pytest.fixture(scope="module")
def admin(sqlite_world: World) -> Iterator[TestClient]:
    yield sqlite_world.client(sqlite_world.admin)


def messages(body: str, api: bool) -> list[str]:
    """The sentences the reader gets: the problem's messages, or the error page's alert."""
    if api:
        return [str(item["message"]) for item in json.loads(body)["detail"]]
    alert = body.split('class="kern-alert__body">', 1)[1].split("</div>", 1)[0]
    return [re.sub(r"<[^>]+>", "", p).strip() for p in re.findall(r"<p[^>]*>(.*?)</p>", alert)]


def test_the_enumeration_finds_the_routes(sqlite_world: World) -> None:
    found = {(m, p) for m, p, _n in routes_with_parameters(sqlite_world)}
    for expected in [
        ("GET", "/beratung/schritt/{step}"),
        ("GET", "/bewertungen/{id}/workshop/{workshop_id}"),
        ("POST", "/verwaltung/benutzer/{user_id}/passwort"),
        ("GET", "/api/v1/assessments/{id}/versions/{version}"),
        ("GET", "/workshop/{token}"),
        ("GET", "/modelle/{model_id}"),
    ]:
        assert expected in found
    assert len(found) >= 40


@pytest.mark.parametrize("lang", ["de", "en"])
def test_bad_path_parameters_get_a_sentence_never_a_500(
    sqlite_world: World, admin: TestClient, lang: str
) -> None:
    failures = []
    for method, template, names in routes_with_parameters(sqlite_world):
        api = template.startswith("/api/") and not template.startswith("/api/docs")
        for name in names:
            for bad in BAD:
                url = f"{fill(template, names, name, bad)}?lang={lang}"
                body: dict[str, str] | None = {} if method in ("PUT", "POST") and api else None
                response = admin.request(method, url, json=body)
                where = f"{method} {url[:80]}"
                if response.status_code not in (404, 422):
                    failures.append(f"{where}: status {response.status_code}")
                    continue
                kind = response.headers["content-type"]
                if api != kind.startswith("application/json"):
                    failures.append(f"{where}: {kind}")
                    continue
                said = messages(response.text, api)
                if not said or not all(said):
                    failures.append(f"{where}: no message")
                text = " ".join(said)
                if "\x00" in response.text or "x" * 100 in text:
                    failures.append(f"{where}: repeats the bad value raw: {text[:120]}")
                if "<b>" in response.text:
                    failures.append(f"{where}: markup of the address not escaped")
                leaked = any(leak in text for leak in LEAKS)
                if lang == "de" and (leaked or not GERMAN.search(text)):
                    failures.append(f"{where}: not a German sentence: {text[:160]}")
                if any(leak in response.text for leak in ("Traceback", 'File "')):
                    failures.append(f"{where}: trace")
                if not api and f'<html lang="{lang}"' not in response.text:
                    failures.append(f"{where}: page not in {lang}")
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"
