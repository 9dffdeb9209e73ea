"""What the account pages show and the steps behind them: the login in three steps (a short
write, the argon2id check in a pool of low-priority threads, a short write), the signed-in
devices, the password change, the administrators' user list.

The routes (:mod:`.pages`) parse the form, call one function here (or the storage service) and
render. The login is rate-limited per e-mail address and client address through the database,
so all workers count the same failures (``service.record_login_failure``).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang, gettext_for, local_time
from klimaorg.jsondata import Data
from klimaorg.storage import service
from klimaorg.storage.service import PermissionDeniedError, Principal
from klimaorg.web import auth
from klimaorg.web.auth import database
from klimaorg.web.language import request_lang

#: Password checks (argon2id, CPU and 64 MiB each) running at once per process: a flood of
#: logins queues for these (waiting costs no thread) instead of taking every worker thread,
#: all memory and the database.
HASH_THREADS = max(1, min(4, os.cpu_count() or 1))
#: Niceness of the hashing threads: pages and saves of signed-in users come first.
HASH_NICENESS = 10
DEVICE_CHARS = 60
#: Marker in the User-Agent → what the session list shows (first match wins: Edge and Opera
#: also say "Chrome", Chrome also says "Safari").
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python-httpx", "Python"),
    ("testclient", "Testclient"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def safe_next(target: str | None) -> str:
    """A local path to go to after login (never another site: no scheme, no ``//``)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(ch) < 32 for ch in target)
        or len(target) > 2000
    ):
        return "/bewertungen"
    return target


def role_names(lang: Lang) -> dict[str, str]:
    """The roles in the reader's language."""
    _ = gettext_for(lang)
    return {"owner": _("owner"), "editor": _("editor"), "viewer": _("viewer")}


def client_address(request: Request) -> str:
    """The client's address (the middleware applied a trusted proxy's ``X-Forwarded-For``)."""
    return request.client.host if request.client else "unknown"


# ----------------------------------------------------------------------------- login


@dataclass(frozen=True, slots=True)
class _Gate:
    """What the first, short write of a login found: the pause still to wait, or the user to
    check (``None``: unknown or inactive: checked against a dummy hash all the same)."""

    wait: timedelta | None
    candidate: service.LoginCandidate | None


def login_gate(request: Request, key: str, email: str) -> _Gate:
    """Short write: refuse while the key is paused, else count this attempt as a failure
    *before* the password is checked, so parallel guesses cannot slip past the limit (a
    success clears it again)."""
    settings = request.app.state.settings
    window = timedelta(minutes=settings.login_window_minutes)
    with database(request).transaction() as session:
        wait = service.login_retry_after(session, key, window, settings.login_max_failures)
        if wait is not None:
            return _Gate(wait, None)
        service.record_login_failure(session, key, window)
        return _Gate(None, service.login_candidate(session, email))


def check_password(password_hash: str | None, password: str) -> tuple[bool, str | None]:
    """argon2id verification (and a re-hash when the parameters are outdated), with no
    database transaction open: this is the slow part of a login."""
    if not service.verify_password(password_hash, password):
        return False, None
    assert password_hash is not None
    return True, service.upgraded_hash(password_hash, password)


def login_finish(
    request: Request, key: str, candidate: service.LoginCandidate, new_hash: str | None
) -> str | None:
    """Short write after a right password: clear the failures, store an upgraded hash, and
    start a session in the first organisation; returns its cookie value (``None``: the user
    belongs to no organisation, no session)."""
    user_agent = auth.short_user_agent(request.headers.get("user-agent"))
    with database(request).transaction() as session:
        service.clear_login_failures(session, key)
        if new_hash is not None:
            service.store_upgraded_hash(
                session, candidate.user.id, candidate.password_hash, new_hash
            )
        orgs = service.memberships(session, candidate.user.id)
        if not orgs:
            return None
        service.purge_expired_sessions(session, auth.session_limits(request.app))
        return auth.session_cookie(
            request.app,
            candidate.user.id,
            orgs[0].organisation.id,
            user_agent=user_agent,
            session=session,
        )


def _lower_priority() -> None:
    """Start of a hashing thread: lower its CPU priority (Linux: per thread; argon2's own lane
    threads inherit it), so that a flood of logins leaves the CPU to the other requests."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)


_hash_pool: ThreadPoolExecutor | None = None
_hash_pool_lock = threading.Lock()


def hash_pool() -> ThreadPoolExecutor:
    """The process's bounded pool of password checks (created at first use, so each worker
    process has its own)."""
    global _hash_pool
    with _hash_pool_lock:
        if _hash_pool is None:
            _hash_pool = ThreadPoolExecutor(
                max_workers=HASH_THREADS,
                thread_name_prefix="klimaorg-password",
                initializer=_lower_priority,
            )
        return _hash_pool


def paused_message(wait: timedelta, lang: Lang) -> str:
    """The refusal of a login while its key is paused, with the minutes still to wait."""
    _ = gettext_for(lang)
    minutes = max(1, -(-int(wait.total_seconds()) // 60))
    return _("Too many failed attempts. Please wait %(minutes)s minutes and try again.") % {
        "minutes": minutes
    }


# ----------------------------------------------------------------------------- account page


def device_name(user_agent: str, lang: Lang) -> str:
    """A short description of a browser for the session list (browser and system)."""
    _ = gettext_for(lang)
    text = user_agent or ""
    browser = next((name for marker, name in BROWSERS if marker in text), None)
    system = next((name for marker, name in SYSTEMS if marker in text), None)
    if browser and system:
        return f"{browser}, {system}"
    if browser or system:
        return str(browser or system)
    if not text:
        return _("unknown device")
    return text[:DEVICE_CHARS] + ("…" if len(text) > DEVICE_CHARS else "")


def account_data(request: Request, session: Session, principal: Principal) -> Data:
    """The account page: e-mail and the signed-in devices, the current one marked."""
    assert principal.user_id is not None
    lang = request_lang(request)
    current = auth.read_session(request)
    rows = service.active_sessions(session, principal.user_id, auth.session_limits(request.app))
    return {
        "email": principal.label,
        "sessions": [
            {
                "id": row.id,
                "device": device_name(row.user_agent, lang),
                "user_agent": row.user_agent,
                "started": local_time(row.created_at, lang),
                "last_used": local_time(row.last_used_at, lang),
                "current": current is not None and current.id == row.id,
            }
            for row in rows
        ],
    }


def weak_password_message(error: UserInputError, lang: Lang) -> str:
    """Why a new password was refused, in the reader's language, naming the field."""
    _ = gettext_for(lang)
    reason = getattr(error, "reason", "short")
    messages = {
        "short": _("New password: it needs at least 12 characters."),
        "long": _("New password: it may have at most 1024 characters."),
        "control": _("New password: it must not contain control characters (such as line breaks)."),
        "common": _("New password: it is on the list of commonly used passwords."),
        "personal": _("New password: it must not contain your e-mail address or your name."),
        "guessable": _(
            "New password: it is too easy to guess (repetitions, number or keyboard sequences)."
        ),
    }
    return messages.get(reason, messages["short"])


def password_account(request: Request, user_id: int) -> service.LoginCandidate:
    with database(request).read() as session:
        return service.password_account(session, user_id)


def store_new_password(request: Request, account: service.LoginCandidate, new_hash: str) -> None:
    with database(request).transaction() as session:
        service.store_new_password(
            session, account, new_hash, keep_session=auth.current_session_token(request)
        )


# ----------------------------------------------------------------------------- administration


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise PermissionDeniedError("manage_users", "admin")


def org_members(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """The users of the administrator's organisation with their role, by e-mail."""
    return [
        {
            "id": member.id,
            "email": member.email,
            "display_name": member.display_name,
            "role": member.role.value,
            "active": member.active,
        }
        for member in service.list_members(session, principal)
    ]


def users_data(request: Request, session: Session, principal: Principal) -> Data:
    """The administrator's organisation with its members and the role names."""
    organisation = service.get_organisation(session, principal)
    return {
        "organisation": organisation.name,
        "users": org_members(session, principal),
        "role_names": role_names(request_lang(request)),
    }


def admin_member(session: Session, principal: Principal, user_id: int) -> dict[str, Any]:
    """A member of the administrator's current organisation (404 for anyone else, so an
    administrator cannot act on users of other organisations)."""
    require_admin(principal)
    member = next((m for m in org_members(session, principal) if m["id"] == user_id), None)
    if member is None:
        raise NotFoundError("Benutzer", str(user_id))
    return member
