"""``/.well-known/security.txt`` (RFC 9116) and the security page tell reporters where to go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from klimaorg.settings import Settings
from klimaorg.web.app import create_app


def fields(text: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in text.strip().splitlines())


def test_security_txt_has_the_required_fields_and_a_valid_expiry() -> None:
    client = TestClient(create_app(Settings(security_contact="mailto:sicherheit@example.org")))
    answer = client.get("/.well-known/security.txt")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    found = fields(answer.text)
    assert found["Contact"] == "mailto:sicherheit@example.org"
    assert found["Policy"].endswith("/sicherheit")
    assert found["Canonical"].endswith("/.well-known/security.txt")
    assert found["Preferred-Languages"] == "de, en"
    expires = datetime.strptime(found["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) < expires < datetime.now(UTC) + timedelta(days=365)


def test_without_a_security_contact_the_general_contact_or_the_page_is_named() -> None:
    with_mail = TestClient(create_app(Settings(contact_email="it@example.org")))
    assert fields(with_mail.get("/.well-known/security.txt").text)["Contact"] == (
        "mailto:it@example.org"
    )
    bare = TestClient(create_app(Settings()))
    assert fields(bare.get("/.well-known/security.txt").text)["Contact"].endswith("/sicherheit")
    page = bare.get("/sicherheit").text
    assert "KLIMAORG_SECURITY_CONTACT" in page
    assert "Schwachstelle melden" in page


def test_the_security_page_links_the_configured_contact_in_both_languages() -> None:
    client = TestClient(create_app(Settings(security_contact="https://example.org/melden")))
    german = client.get("/sicherheit").text
    assert 'href="https://example.org/melden"' in german
    assert "Bitte senden Sie Ihre Meldung an:" in german
    english = client.get("/sicherheit?lang=en").text
    assert "Please send your report to:" in english
