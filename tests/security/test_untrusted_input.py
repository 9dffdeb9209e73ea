"""Untrusted YAML/JSON cannot stall, exhaust or crash the server (:mod:`klimaorg.untrusted`).

The findings of the penetration test, replayed against the real server (``klimaorg serve`` in
its own process, one worker, its log captured in a file):

* a 460-byte YAML "billion laughs" upload (nested aliases, 7 and 8 levels) is refused within
  3 s, while pages keep answering and the server's memory stays small;
* documents nested 5,000 levels deep get a 4xx with a message, never a 500, and nothing of
  them reaches the log as a traceback: the wizard upload, the assessment imports (API and
  page) and the JSON API (solve, report, advise, assessments);
* imports are checked like API input: unknown model ids and enumeration values are refused
  with the field named, and nothing is stored.

The loader itself is fuzzed with hypothesis: whatever bytes come in, the only exception that
comes out is :class:`~klimaorg.untrusted.UntrustedInputError`.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from klimaorg import untrusted
from klimaorg.advisor import ProfileError, read_profile_text
from klimaorg.cli.main import app as cli_app
from klimaorg.storage import service
from klimaorg.storage.core import Role
from klimaorg.storage.models import Assessment
from klimaorg.untrusted import MAX_DEPTH, UntrustedInputError, load
from tests.reliability.conftest import Server, api_account, fresh_database, running
from tests.web.assessment_world import PROFILE, World
from tests.web.assessment_world import sqlite_world as sqlite_world

DEEP = 5_000
PAGE = "/modelle"


def alias_bomb(levels: int) -> bytes:
    """The pen test's upload: nine aliases per level, ``levels`` levels, under the weighting."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"weighting: {{method: ahp, criteria: *a{levels}}}")
    return ("\n".join(lines) + "\n").encode()


def deep_yaml(depth: int = DEEP) -> bytes:
    return b"weighting: " + b"[" * depth + b"]" * depth + b"\n"


def deep_json(depth: int = DEEP) -> bytes:
    return b'{"a": ' + b"[" * depth + b"]" * depth + b"}"


# ----------------------------------------------------------------------------- the real server


class Live:
    """The running server, a client with the wizard's CSRF token, an editor's API token."""

    def __init__(self, server: Server, token: str) -> None:
        self.server = server
        self.headers = {"Authorization": f"Bearer {token}"}
        self.client = httpx.Client(base_url=server.url, timeout=30)
        page = self.client.get("/beratung")
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert match, "no CSRF field on the wizard's first page"
        self.csrf = match.group(1)

    def upload(self, content: bytes) -> httpx.Response:
        return self.client.post(
            "/beratung/hochladen",
            data={"csrf_token": self.csrf},
            files={"profil": ("profil.yaml", content, "application/yaml")},
        )

    def log(self) -> str:
        assert self.server.log is not None
        return self.server.log.read_text(errors="replace")

    def peak_memory_mb(self) -> float:
        """The server process's peak resident memory (VmHWM), in MB."""
        assert self.server.process is not None
        status = Path(f"/proc/{self.server.process.pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert match
        return int(match.group(1)) / 1024


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("untrusted-live")
    with fresh_database("sqlite", folder) as url:
        token = api_account(url, "Sicherstadt").token
        with running(url, folder) as server:
            yield Live(server, token)


@pytest.mark.parametrize("levels", [7, 8])
def test_alias_bomb_is_refused_fast_while_pages_keep_answering(live: Live, levels: int) -> None:
    bomb = alias_bomb(levels)
    assert len(bomb) < 600  # the pen test's file was 460 bytes
    outcome: dict[str, Any] = {}

    def attack() -> None:
        started = time.monotonic()
        outcome["response"] = live.upload(bomb)
        outcome["seconds"] = time.monotonic() - started

    attacker = threading.Thread(target=attack)
    attacker.start()
    page_seconds: list[float] = []
    while attacker.is_alive() or len(page_seconds) < 5:  # pages during (and right after) it
        started = time.monotonic()
        page = httpx.get(live.server.url + PAGE, timeout=10)
        page_seconds.append(time.monotonic() - started)
        assert page.status_code == 200
    attacker.join(timeout=10)
    response = outcome["response"]
    assert response.status_code == 422
    assert "Anker und Aliase (&amp;, *) sind nicht erlaubt" in response.text
    assert outcome["seconds"] < 3.0, outcome
    assert max(page_seconds) < 1.0, page_seconds
    assert live.peak_memory_mb() < 500  # the unguarded parse took 1 GB (7) and 5.4 GB (8)
    assert "Traceback" not in live.log()


def test_deep_upload_is_refused_with_the_line(live: Live) -> None:
    response = live.upload(deep_yaml())
    assert response.status_code == 422
    assert f"Zeile 1: zu tief verschachtelt (höchstens {MAX_DEPTH} Ebenen)" in response.text
    assert "Traceback" not in live.log()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/solve",
        "/api/v1/report?format=md",
        "/api/v1/advise",
        "/api/v1/assessments",
        "/api/v1/assessments/import",
    ],
)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_deep_json_bodies_get_422_with_a_message_and_no_trace(
    live: Live, path: str, lang: str
) -> None:
    separator = "&" if "?" in path else "?"
    response = httpx.post(
        f"{live.server.url}{path}{separator}lang={lang}",
        content=deep_json(),
        headers={**live.headers, "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    expected = "zu tief verschachtelt" if lang == "de" else "nested too deeply"
    assert expected in error["message"] and str(MAX_DEPTH) in error["message"]
    log = live.log()
    assert "Traceback" not in log and "RecursionError" not in log


def test_a_number_of_a_million_digits_is_a_422(live: Live) -> None:
    response = httpx.post(
        live.server.url + "/api/v1/solve",
        content=b'{"matrix": [[' + b"9" * 10**6 + b"]]}",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 422, response.text
    assert "Zahl zu groß" in response.json()["detail"][0]["message"]
    assert "Traceback" not in live.log()


def test_deep_import_without_content_type_and_valid_requests_still_work(live: Live) -> None:
    refused = httpx.post(
        live.server.url + "/api/v1/assessments/import",
        content=deep_json(),
        headers=live.headers,
        timeout=10,
    )
    assert refused.status_code == 422
    created = httpx.post(
        live.server.url + "/api/v1/assessments",
        json={"title": "Prüfung", "profile": PROFILE},
        headers=live.headers,
        timeout=30,
    )
    assert created.status_code == 201, created.text
    export = httpx.get(
        f"{live.server.url}/api/v1/assessments/{created.json()['id']}/export",
        headers=live.headers,
    )
    imported = httpx.post(
        live.server.url + "/api/v1/assessments/import",
        content=export.content,
        headers={**live.headers, "Content-Type": "application/json"},
        timeout=30,
    )
    assert imported.status_code == 201, imported.text
    assert "Traceback" not in live.log()


# ----------------------------------------------------------------------------- the import page


def _editor(world: World) -> Any:
    return world.client(world.a.members[Role.EDITOR])


def _export(world: World) -> dict[str, Any]:
    aid = world.assessment(world.a)
    with world.db.transaction() as s:
        text = service.export_assessment(s, world.a.members[Role.EDITOR], aid)
    document: dict[str, Any] = json.loads(text)
    return document


def _count(world: World) -> int:
    with world.db.transaction() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(Assessment)) or 0)


def test_deep_export_on_the_import_page_is_refused_without_a_trace(
    sqlite_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    editor = _editor(sqlite_world)
    before = _count(sqlite_world)
    with caplog.at_level(logging.DEBUG):
        response = editor.post(
            "/bewertungen/import", files={"datei": ("x.json", deep_json(), "application/json")}
        )
    assert response.status_code == 422
    assert "zu tief verschachtelt" in response.text
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.exc_info]
    assert _count(sqlite_world) == before


BAD_IMPORTS: list[tuple[str, Any, str, str]] = [
    ("unknown decided model", ("assessment", "decided_model", "rathaus"),
     "assessment.decided_model", "unbekanntes Modell"),
    ("unknown status", ("assessment", "status", "beschlossen"), "assessment.status", "unbekannt"),
    ("decided without model", ("assessment", "status", "decided"), "assessment.decided_model",
     "nötig"),
    ("notes not text", ("assessment", "notes", 5), "assessment.notes", "falschen Typ"),
    ("unknown kind in a profile", ("profile", "kind", "megastadt"),
     "versions[0].profile.municipality.kind", "nicht zulässig"),
    ("unknown criterion in a profile", ("profile", "priorities", {"glanz": 3}),
     "versions[0].profile.priorities.glanz", "unbekanntes Kriterium"),
    ("unknown recommended model", ("result", "recommendation", "rathaus"),
     "versions[0].result", "kein Ergebnis"),
    ("unknown model in the ranking", ("ranking", "model", "rathaus"),
     "versions[0].result.ranking[0].model", "unbekanntes Modell"),
    ("control character in a note", ("version", "note", "a\x07b"), "versions[0].note",
     "Steuerzeichen"),
]  # fmt: skip


def _spoil(document: dict[str, Any], where: str, key: str, value: Any) -> None:
    version = document["versions"][0]
    target = {
        "assessment": document["assessment"],
        "version": version,
        "result": version["result"],
        "ranking": version["result"]["ranking"][0],
        "profile": version["profile"],
    }[where]
    if where == "profile" and key == "kind":
        target = version["profile"]["municipality"]
    target[key] = value


@pytest.mark.parametrize(
    ("name", "change", "field", "needle"), BAD_IMPORTS, ids=[b[0] for b in BAD_IMPORTS]
)
@pytest.mark.parametrize("route", ["api", "page"])
def test_imports_are_checked_like_api_input(
    sqlite_world: World, name: str, change: tuple[str, str, Any], field: str, needle: str,
    route: str,
) -> None:  # fmt: skip
    document = _export(sqlite_world)
    _spoil(document, *change)
    body = json.dumps(document).encode()
    before = _count(sqlite_world)
    client = _editor(sqlite_world)
    if route == "api":
        response = client.post(
            "/api/v1/assessments/import",
            content=body,
            headers={**sqlite_world.token(sqlite_world.a.members[Role.EDITOR])},
        )
        assert response.status_code == 422, response.text
        (error,) = response.json()["detail"]
        assert error["field"] == field and needle in error["message"], error
    else:
        response = client.post(
            "/bewertungen/import", files={"datei": ("x.json", body, "application/json")}
        )
        assert response.status_code == 422
        assert needle in response.text
    assert _count(sqlite_world) == before  # nothing stored


def test_import_messages_in_english(sqlite_world: World) -> None:
    document = _export(sqlite_world)
    document["assessment"]["decided_model"] = "rathaus"
    response = _editor(sqlite_world).post(
        "/api/v1/assessments/import?lang=en",
        content=json.dumps(document).encode(),
        headers=sqlite_world.token(sqlite_world.a.members[Role.EDITOR]),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["message"].startswith("unknown model (known: ")


# ----------------------------------------------------------------------------- variations


VARIATIONS: list[tuple[str, str, bytes, str, str]] = [
    ("10^6-digit number (JSON)", "json", b'{"a": ' + b"9" * 10**6 + b"}", "Zahl zu groß",
     "number too large"),
    ("10^6-digit number (YAML)", "yaml", b"a: " + b"9" * 10**6 + b"\n", "Zahl zu groß",
     "number too large"),
    ("invalid UTF-8", "yaml", b"municipality:\n  name: M\xfcnster\n", "Zeile 2: kein gültiger "
     "UTF-8-Text", "line 2: not valid UTF-8"),
    ("python object tag", "yaml", b"a: !!python/object/apply:os.system [echo hi]\n",
     "YAML-Tags wie !!python/object/apply:os.system", "YAML tags such as"),
    ("python name tag", "yaml", b"a: !!python/name:os.system\n", "YAML-Tags", "YAML tags"),
    ("merge key", "yaml", b"base: {x: 1}\nother:\n  <<: {y: 2}\n", "Zeile 3: Zusammenführungs",
     "line 3: merge keys"),
    ("anchor alone", "yaml", b"a: &x 1\n", "Anker und Aliase", "anchors and aliases"),
    ("integer key", "yaml", b"1: x\n", "Schlüssel müssen Texte sein", "keys must be text"),
    ("duplicate key", "yaml", b"a: 1\na: 2\n", "Zeile 2: doppelter Schlüssel 'a'",
     "line 2: duplicate key 'a'"),
    ("infinity", "yaml", b"a: .inf\n", "Zahl muss endlich sein", "number must be finite"),
    ("NaN in JSON", "json", b'{"a": [1, NaN]}', "Zahl muss endlich sein", "number must be finite"),
    ("lone surrogate", "json", b'{"a": "\\ud800"}', "Surrogat", "surrogate"),
    ("deep YAML", "yaml", deep_yaml(), "zu tief verschachtelt", "nested too deeply"),
    ("deep JSON", "json", deep_json(), "zu tief verschachtelt", "nested too deeply"),
    ("deep flow in block", "yaml", b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(60)),
     "zu tief verschachtelt", "nested too deeply"),
    ("broken YAML", "yaml", b"a: [b\n", "Zeile 2, Spalte 1: kein gültiges YAML",
     "line 2, column 1: not valid YAML"),
    ("broken JSON", "json", b'{"a" 1}', "Zeile 1, Spalte 6: kein gültiges JSON",
     "line 1, column 6: not valid JSON"),
]  # fmt: skip


@pytest.fixture(params=["libyaml", "python"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both event sources of the YAML reader: LibYAML's parser and PyYAML's own."""
    if request.param == "python":
        monkeypatch.setattr(untrusted, "_LOADER", untrusted._PureLoader)
    return str(request.param)


@pytest.mark.parametrize(
    ("name", "fmt", "content", "german", "english"), VARIATIONS, ids=[v[0] for v in VARIATIONS]
)
def test_variations_are_refused_with_a_message(
    yaml_parser: str, name: str, fmt: str, content: bytes, german: str, english: str
) -> None:
    for lang, needle in (("de", german), ("en", english)):
        started = time.monotonic()
        with pytest.raises(UntrustedInputError) as caught:
            load(content, fmt, max_bytes=2 * 1024 * 1024, lang=lang)  # type: ignore[arg-type]
        assert needle in f"{caught.value.field}: {caught.value.message}", caught.value
        # PyYAML's pure-Python scanner (the fallback without LibYAML) reads 1 MB in about 1 s
        assert time.monotonic() - started < (1.0 if yaml_parser == "libyaml" else 5.0)


@pytest.mark.parametrize("json_only", [False, True])
def test_a_profile_over_the_cap_is_refused_before_parsing(json_only: bool) -> None:
    content = b'{"a": "' + b"x" * (300 * 1024) + b'"}'
    for lang, needle in (("de", "zu groß (höchstens 256 KB)"), ("en", "at most 256 KB")):
        with pytest.raises(ProfileError) as caught:
            read_profile_text(content, lang, json_only=json_only)  # type: ignore[arg-type]
        assert needle in caught.value.message


@pytest.mark.parametrize("levels", [7, 8])
def test_alias_bomb_is_refused_by_the_reader(yaml_parser: str, levels: int) -> None:
    started = time.monotonic()
    with pytest.raises(UntrustedInputError, match="Anker und Aliase"):
        load(alias_bomb(levels), "yaml", max_bytes=256 * 1024)
    assert time.monotonic() - started < 0.5


def test_what_profiles_use_still_reads(yaml_parser: str) -> None:
    text = (
        b'\xef\xbb\xbfmunicipality: {name: "K\xc3\xb6ln", kind: stadt, population: 1084831}\n'
        b"council_date: 2024-05-01\nweighting:\n  method: ahp\n  criteria: [a, b]\n"
        b"  pairwise: [[1, 3], [0.3333, 1]]\nok: yes\nnothing: ~\n"
    )
    data = load(text, "yaml", max_bytes=1024)
    assert data == {
        "municipality": {"name": "Köln", "kind": "stadt", "population": 1084831},
        "council_date": "2024-05-01",  # dates stay text: JSON types only
        "weighting": {"method": "ahp", "criteria": ["a", "b"], "pairwise": [[1, 3], [0.3333, 1]]},
        "ok": True,
        "nothing": None,
    }
    assert load(json.dumps(data), "json", max_bytes=1024) == data


def test_depth_limit_is_exact() -> None:
    assert load("[" * MAX_DEPTH + "]" * MAX_DEPTH, "json", max_bytes=1024)
    assert load("[" * MAX_DEPTH + "]" * MAX_DEPTH, "yaml", max_bytes=1024)
    too_deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    for fmt in ("json", "yaml"):
        with pytest.raises(UntrustedInputError):
            load(too_deep, fmt, max_bytes=1024)


def test_wizard_ahp_field_with_deep_json_is_a_field_error(sqlite_world: World) -> None:
    client = sqlite_world.client()
    response = client.post(
        "/beratung/schritt/5",
        data={"weighting.method": "ahp", "weighting.ahp": "[" * 9_000 + "]" * 9_000},
    )
    assert response.status_code in (200, 422)
    assert "Traceback" not in response.text and response.status_code != 500


@pytest.mark.parametrize(
    ("command", "content"),
    [
        (["solve"], deep_json()),
        (["advise"], deep_yaml()),
        (["advise"], alias_bomb(8)),
        (["report", "--format", "md"], b"a: !!python/object/apply:os.system [echo hi]\n"),
    ],
)
def test_cli_reads_files_through_the_loader(
    tmp_path: Path, command: list[str], content: bytes
) -> None:
    path = tmp_path / ("problem.json" if command == ["solve"] else "profil.yaml")
    path.write_bytes(content)
    result = CliRunner().invoke(cli_app, [*command, str(path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: ")
    assert "Traceback" not in result.output


def test_cli_import_of_a_deep_export(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(deep_json())
    result = CliRunner().invoke(cli_app, ["assessments", "import", str(path), "--org", "x"])
    assert result.exit_code == 2, result.output
    assert "zu tief verschachtelt" in result.stderr and "Traceback" not in result.output


# ----------------------------------------------------------------------------- fuzzing

_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)
_YAML_PIECES = st.sampled_from(
    ["&a ", "*a", "<<: ", "!!python/object ", "!!binary ", "[", "]", "{", "}", "- ", ": ", "\n",
     "  ", "'", '"', "\\ud800", "9" * 40, ".inf", "? ", "---\n", "%YAML 1.1\n", "#", ",", "\t",
     "a", "ü", "\x00", "\xff"]
)  # fmt: skip


def _only_user_errors(content: bytes | str, fmt: str) -> None:
    for lang in ("de", "en"):
        try:
            load(content, fmt, max_bytes=64 * 1024, lang=lang)  # type: ignore[arg-type]
        except UntrustedInputError as exc:
            assert exc.message and "Traceback" not in exc.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["yaml", "json"]))
def test_fuzz_bytes_only_user_errors(content: bytes, fmt: str) -> None:
    _only_user_errors(content, fmt)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_YAML_PIECES, max_size=60).map("".join), st.sampled_from(["yaml", "json"]))
def test_fuzz_yaml_fragments_only_user_errors(text: str, fmt: str) -> None:
    _only_user_errors(text.encode("utf-8", errors="surrogatepass"), fmt)
    _only_user_errors(text, fmt)


@settings(max_examples=200, deadline=None)
@given(_JSONISH)
def test_fuzz_json_values_round_trip_or_user_error(value: Any) -> None:
    text = json.dumps(value)  # may hold NaN/Infinity: those must be refused, not crash
    try:
        assert load(text, "json", max_bytes=64 * 1024) == value
    except UntrustedInputError as exc:
        assert "endlich" in exc.message or "Surrogat" in exc.message or "Zahl" in exc.message
