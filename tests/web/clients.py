"""Test clients that are logged in or carry the form token, as a browser would be.

Test helpers live here, not in the app: they mint session cookies and CSRF tokens directly.
"""

from __future__ import annotations

import secrets
from typing import Any

from klimaorg.web.auth import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SESSION_COOKIE,
    _cookie_token,
    _csrf_digest,
    session_cookie,
    session_nonce,
)


def login_client(client: Any, user_id: int, org_id: int) -> str:
    """Log a ``TestClient`` (or any client with ``.app`` and ``.cookies``) in."""
    value = session_cookie(client.app, user_id, org_id, user_agent="testclient")
    client.cookies.set(SESSION_COOKIE, value)
    return value


def csrf_client(client: Any) -> str:
    """Give a client a CSRF seed cookie and send the matching token as the ``X-CSRF-Token``
    header with every request (call again after logging in or out)."""
    seed = client.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    client.cookies.set(CSRF_COOKIE, seed)
    nonce = session_nonce(_cookie_token(client.cookies.get(SESSION_COOKIE)))
    token = _csrf_digest(client.app, seed, nonce)
    client.headers[CSRF_HEADER] = token
    return token
