"""What the site's own routes answer: the security contact and ``security.txt``, the health
answer, the directory's records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from klimaorg import __version__
from klimaorg.settings import Settings
from klimaorg.storage import service
from klimaorg.web.schemas import row

SECURITY_TXT_VALIDITY = timedelta(days=180)  # RFC 9116 asks for less than a year


def security_contact(settings: Settings) -> str | None:
    """Where vulnerabilities go: the dedicated address, else the general contact, else none."""
    if settings.security_contact:
        return settings.security_contact
    return f"mailto:{settings.contact_email}" if settings.contact_email else None


def security_txt(contact: str, page: str, canonical: str) -> str:
    """RFC 9116. Without a configured address the contact is the security page, which tells
    reporters to go to the operating administration (an honest answer rather than none)."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    expires = (today + SECURITY_TXT_VALIDITY).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires}",
        "Preferred-Languages: de, en",
        f"Policy: {page}",
        f"Canonical: {canonical}",
    ]
    return "\n".join(lines) + "\n"


def health() -> dict[str, Any]:
    """The answer while the process serves requests."""
    return {"status": "ok", "version": __version__}


def municipalities(session: Session, q: str, limit: int, kreis: str | None) -> list[dict[str, Any]]:
    """The directory's Gemeinden matching ``q`` (part of the name or the AGS)."""
    return [row(m) for m in service.search_municipalities(session, q, limit=limit, kreis_key=kreis)]


def in_kreis(session: Session, key: str) -> list[dict[str, Any]]:
    """Every Gemeinde of a Kreis, by name."""
    return [row(m) for m in service.municipalities_in_kreis(session, key)]
