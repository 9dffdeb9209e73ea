"""Sign-in pages (German paths): log in and out, switch the organisation, the account page with
the signed-in devices, change the password, and the administrators' user list with password
reset and "sign out everywhere".

Every form here carries the CSRF token (checked app-wide before the route runs). The login is
rate-limited per e-mail address and client address through the database, so all workers
count the same failures (the login attempts in the database: ``service.record_login_failure``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang, gettext_for, local_time
from klimaorg.storage import service
from klimaorg.storage.service import AuthenticationError, PermissionDeniedError, Principal
from klimaorg.web import auth
from klimaorg.web.auth import (
    OptionalPrincipalDep,
    PrincipalDep,
    SessionDep,
    database,
    logout_session,
)
from klimaorg.web.language import request_lang
from klimaorg.web.params import SessionIdPath, UserIdPath
from klimaorg.web.rendering import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

MAX_EMAIL = 320
MAX_PASSWORD = 1024
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


def _login_page(
    request: Request,
    *,
    next_url: str,
    email: str = "",
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    data = {"next": next_url, "email": email, "error": error, "notice": notice}
    return render(request, "auth/login.html", data, status_code=status_code)


@router.get("/anmelden", name="login")
def login_form(
    request: Request, principal: OptionalPrincipalDep, next: str | None = None
) -> Response:
    if principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_url=safe_next(next))


@dataclass(frozen=True, slots=True)
class _Gate:
    """What the first, short write of a login found: the pause still to wait, or the user to
    check (``None``: unknown or inactive: checked against a dummy hash all the same)."""

    wait: timedelta | None
    candidate: service.LoginCandidate | None


def _login_gate(request: Request, key: str, email: str) -> _Gate:
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


def _check_password(password_hash: str | None, password: str) -> tuple[bool, str | None]:
    """argon2id verification (and a re-hash when the parameters are outdated), with no
    database transaction open: this is the slow part of a login."""
    if not service.verify_password(password_hash, password):
        return False, None
    assert password_hash is not None
    return True, service.upgraded_hash(password_hash, password)


def _login_finish(
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


@router.post("/anmelden", name="login_post")
async def login(
    request: Request,
    email: Annotated[str, Form(max_length=MAX_EMAIL)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Log in without holding the database (pages render in the thread pool: they may read
    the database, never in the event loop): a short write (rate limit, read the user), the
    argon2id check in a pool of :data:`HASH_THREADS` threads of lower priority with no
    transaction open (a flood of logins waits there without taking the threads or the CPU
    other requests need), a short write."""
    lang = request_lang(request)
    _ = gettext_for(lang)
    key = service.login_attempt_key(email, client_address(request))
    target = safe_next(next)
    gate = await run_in_threadpool(_login_gate, request, key, email.strip())
    if gate.wait is not None:
        wait = gate.wait
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        message = _("Too many failed attempts. Please wait %(minutes)s minutes and try again.") % {
            "minutes": minutes
        }
        response = await run_in_threadpool(
            _login_page, request, next_url=target, email=email, error=message, status_code=429
        )
        response.headers["Retry-After"] = str(int(wait.total_seconds()) + 1)
        return response
    candidate = gate.candidate
    checked = hash_pool().submit(
        _check_password, candidate.password_hash if candidate else None, password
    )
    ok, new_hash = await asyncio.wrap_future(checked)
    if not ok or candidate is None:
        message = _("E-mail address or password is wrong.")
        return await run_in_threadpool(
            _login_page, request, next_url=target, email=email, error=message, status_code=401
        )
    token = await run_in_threadpool(_login_finish, request, key, candidate, new_hash)
    if token is None:
        message = _("Your account does not belong to any organisation yet.")
        return await run_in_threadpool(
            _login_page, request, next_url=target, email=email, error=message, status_code=403
        )
    done = RedirectResponse(target, status_code=303)
    auth.set_session_cookie(done, token, request)
    return done


@router.post("/abmelden", name="logout")
def logout(request: Request) -> Response:
    """End the session on the server (a copied cookie stops working) and in the browser."""
    response = RedirectResponse(request.app.url_path_for("start"), status_code=303)
    logout_session(response, request)
    return response


@router.post("/organisation", name="switch_organisation")
def switch_organisation(
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    organisation_id: Annotated[int, Form()],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    assert principal.user_id is not None
    service.principal_for(session, principal.user_id, organisation_id)  # 404 unless a member
    token = auth.current_session_token(request)
    if token is None or auth.auth_method(request) != "session":
        raise PermissionDeniedError("switch_organisation", "session")
    service.switch_session_organisation(session, token, organisation_id)
    return RedirectResponse(safe_next(next), status_code=303)


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


def _account_page(
    request: Request, session: Session, principal: Principal, *, notice: str | None = None
) -> HTMLResponse:
    assert principal.user_id is not None
    lang = request_lang(request)
    current = auth.read_session(request)
    rows = service.active_sessions(session, principal.user_id, auth.session_limits(request.app))
    data = {
        "email": principal.label,
        "notice": notice,
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
    return render(request, "account/account.html", data)


@router.get("/konto", name="account")
def account_page(request: Request, principal: PrincipalDep, session: SessionDep) -> HTMLResponse:
    """The account: e-mail, password link, and the signed-in devices with a button each."""
    return _account_page(request, session, principal)


@router.post("/konto/sitzungen/{session_id}/beenden", name="end_session")
def end_session(
    request: Request, principal: PrincipalDep, session: SessionDep, session_id: SessionIdPath
) -> Response:
    """End one of one's own sessions (the current one: like logging out)."""
    assert principal.user_id is not None
    current = auth.read_session(request)
    if current is not None and current.id == session_id:
        response = RedirectResponse(request.app.url_path_for("start"), status_code=303)
        logout_session(response, request)
        return response
    if not service.end_one_session(session, principal.user_id, session_id):
        raise NotFoundError("Sitzung", str(session_id))
    _ = gettext_for(request_lang(request))
    return _account_page(request, session, principal, notice=_("The session has ended."))


@router.post("/konto/sitzungen/andere-beenden", name="end_other_sessions")
def end_other_sessions(request: Request, principal: PrincipalDep, session: SessionDep) -> Response:
    """End every session of the user but this one (e.g. after using a shared computer)."""
    assert principal.user_id is not None
    service.end_all_sessions(
        session, principal.user_id, keep_token=auth.current_session_token(request)
    )
    _ = gettext_for(request_lang(request))
    return _account_page(request, session, principal, notice=_("All other sessions have ended."))


@router.get("/konto/passwort", name="password")
def password_form(request: Request, _principal: PrincipalDep) -> HTMLResponse:
    return render(request, "account/password.html", {"done": False, "errors": []})


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


def _password_account(request: Request, user_id: int) -> service.LoginCandidate:
    with database(request).read() as session:
        return service.password_account(session, user_id)


def _store_new_password(request: Request, account: service.LoginCandidate, new_hash: str) -> None:
    with database(request).transaction() as session:
        service.store_new_password(
            session, account, new_hash, keep_session=auth.current_session_token(request)
        )


@router.post("/konto/passwort", name="password_post")
async def change_password(
    request: Request,
    principal: PrincipalDep,
    old_password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    new_password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    repeat_password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
) -> Response:
    """Change one's password; every other session of the user ends. Like the login, the
    argon2id work runs in the password pool with no transaction open, then one short write."""
    lang = request_lang(request)
    _ = gettext_for(lang)
    assert principal.user_id is not None
    errors: list[str] = []
    if new_password != repeat_password:
        errors.append(_("The two new passwords differ."))
    else:
        account = await run_in_threadpool(_password_account, request, principal.user_id)
        try:
            checked = hash_pool().submit(
                service.new_password_hash, account, old_password, new_password
            )
            new_hash = await asyncio.wrap_future(checked)
            await run_in_threadpool(_store_new_password, request, account, new_hash)
        except AuthenticationError:
            errors.append(_("The current password is wrong."))
        except UserInputError as error:
            errors.append(weak_password_message(error, lang))
    if errors:
        data = {"done": False, "errors": errors}
        return await run_in_threadpool(
            render, request, "account/password.html", data, status_code=422
        )
    done = {"done": True, "errors": []}
    return await run_in_threadpool(render, request, "account/password.html", done)


# ----------------------------------------------------------------------------- administration


def _require_admin(principal: Principal) -> None:
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


def _users_page(
    request: Request,
    session: Session,
    principal: Principal,
    reset: dict[str, str] | None = None,
    notice: str | None = None,
) -> HTMLResponse:
    organisation = service.get_organisation(session, principal)
    data = {
        "organisation": organisation.name,
        "users": org_members(session, principal),
        "role_names": role_names(request_lang(request)),
        "reset": reset,
        "notice": notice,
    }
    return render(request, "admin/users.html", data)


@router.get("/verwaltung/benutzer", name="admin_users")
def admin_users(request: Request, principal: PrincipalDep, session: SessionDep) -> HTMLResponse:
    _require_admin(principal)
    return _users_page(request, session, principal)


def _admin_member(session: Session, principal: Principal, user_id: int) -> dict[str, Any]:
    """A member of the administrator's current organisation (404 for anyone else, so an
    administrator cannot act on users of other organisations)."""
    _require_admin(principal)
    member = next((m for m in org_members(session, principal) if m["id"] == user_id), None)
    if member is None:
        raise NotFoundError("Benutzer", str(user_id))
    return member


@router.post("/verwaltung/benutzer/{user_id}/passwort", name="admin_reset_password")
def admin_reset_password(
    request: Request, principal: PrincipalDep, session: SessionDep, user_id: UserIdPath
) -> HTMLResponse:
    member = _admin_member(session, principal, user_id)
    password = service.reset_password(session, member["email"], actor=principal)
    assert password is not None
    return _users_page(
        request, session, principal, {"email": member["email"], "password": password}
    )


@router.post("/verwaltung/benutzer/{user_id}/abmelden", name="admin_sign_out_everywhere")
def admin_sign_out_everywhere(
    request: Request, principal: PrincipalDep, session: SessionDep, user_id: UserIdPath
) -> HTMLResponse:
    """End every session of a member (lost laptop, person left): they must log in again."""
    member = _admin_member(session, principal, user_id)
    service.sign_out_everywhere(session, user_id, actor=principal)
    _ = gettext_for(request_lang(request))
    notice = _("All sessions of %(email)s have ended.") % {"email": member["email"]}
    return _users_page(request, session, principal, notice=notice)
