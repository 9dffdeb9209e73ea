"""Sign-in pages (German paths): log in and out, switch the organisation, the account page with
the signed-in devices, change the password, and the administrators' user list with password
reset and "sign out everywhere".

Every form here carries the CSRF token (checked app-wide before the route runs). The steps of
the login and the password change are in :mod:`.views`.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import gettext_for
from klimaorg.storage import service
from klimaorg.storage.service import AuthenticationError, PermissionDeniedError, Principal
from klimaorg.web import auth
from klimaorg.web.account import views
from klimaorg.web.account.schemas import EmailField, NextField, PasswordField
from klimaorg.web.auth import OptionalPrincipalDep, PrincipalDep, SessionDep, logout_session
from klimaorg.web.language import request_lang
from klimaorg.web.params import SessionIdPath, UserIdPath
from klimaorg.web.rendering import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


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
        return RedirectResponse(views.safe_next(next), status_code=303)
    return _login_page(request, next_url=views.safe_next(next))


@router.post("/anmelden", name="login_post")
async def login(
    request: Request, email: EmailField = "", password: PasswordField = "", next: NextField = ""
) -> Response:
    """Log in without holding the database (pages render in the thread pool: they may read
    the database, never in the event loop): a short write (rate limit, read the user), the
    argon2id check in a pool of :data:`~.views.HASH_THREADS` threads of lower priority with no
    transaction open (a flood of logins waits there without taking the threads or the CPU
    other requests need), a short write."""
    lang = request_lang(request)
    _ = gettext_for(lang)
    key = service.login_attempt_key(email, views.client_address(request))
    target = views.safe_next(next)
    gate = await run_in_threadpool(views.login_gate, request, key, email.strip())
    if gate.wait is not None:
        message = views.paused_message(gate.wait, lang)
        response = await run_in_threadpool(
            _login_page, request, next_url=target, email=email, error=message, status_code=429
        )
        response.headers["Retry-After"] = str(int(gate.wait.total_seconds()) + 1)
        return response
    candidate = gate.candidate
    checked = views.hash_pool().submit(
        views.check_password, candidate.password_hash if candidate else None, password
    )
    ok, new_hash = await asyncio.wrap_future(checked)
    if not ok or candidate is None:
        message = _("E-mail address or password is wrong.")
        return await run_in_threadpool(
            _login_page, request, next_url=target, email=email, error=message, status_code=401
        )
    token = await run_in_threadpool(views.login_finish, request, key, candidate, new_hash)
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
    next: NextField = "",
) -> Response:
    assert principal.user_id is not None
    service.principal_for(session, principal.user_id, organisation_id)  # 404 unless a member
    token = auth.current_session_token(request)
    if token is None or auth.auth_method(request) != "session":
        raise PermissionDeniedError("switch_organisation", "session")
    service.switch_session_organisation(session, token, organisation_id)
    return RedirectResponse(views.safe_next(next), status_code=303)


# ----------------------------------------------------------------------------- account page


def _account_page(
    request: Request, session: Session, principal: Principal, *, notice: str | None = None
) -> HTMLResponse:
    data = {**views.account_data(request, session, principal), "notice": notice}
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


@router.post("/konto/passwort", name="password_post")
async def change_password(
    request: Request,
    principal: PrincipalDep,
    old_password: PasswordField = "",
    new_password: PasswordField = "",
    repeat_password: PasswordField = "",
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
        account = await run_in_threadpool(views.password_account, request, principal.user_id)
        try:
            checked = views.hash_pool().submit(
                service.new_password_hash, account, old_password, new_password
            )
            new_hash = await asyncio.wrap_future(checked)
            await run_in_threadpool(views.store_new_password, request, account, new_hash)
        except AuthenticationError:
            errors.append(_("The current password is wrong."))
        except UserInputError as error:
            errors.append(views.weak_password_message(error, lang))
    data = {"done": not errors, "errors": errors}
    status = 422 if errors else 200
    return await run_in_threadpool(
        render, request, "account/password.html", data, status_code=status
    )


# ----------------------------------------------------------------------------- administration


def _users_page(
    request: Request,
    session: Session,
    principal: Principal,
    reset: dict[str, str] | None = None,
    notice: str | None = None,
) -> HTMLResponse:
    data = {**views.users_data(request, session, principal), "reset": reset, "notice": notice}
    return render(request, "admin/users.html", data)


@router.get("/verwaltung/benutzer", name="admin_users")
def admin_users(request: Request, principal: PrincipalDep, session: SessionDep) -> HTMLResponse:
    views.require_admin(principal)
    return _users_page(request, session, principal)


@router.post("/verwaltung/benutzer/{user_id}/passwort", name="admin_reset_password")
def admin_reset_password(
    request: Request, principal: PrincipalDep, session: SessionDep, user_id: UserIdPath
) -> HTMLResponse:
    member = views.admin_member(session, principal, user_id)
    password = service.reset_password(session, member["email"], actor=principal)
    assert password is not None
    reset = {"email": member["email"], "password": password}
    return _users_page(request, session, principal, reset)


@router.post("/verwaltung/benutzer/{user_id}/abmelden", name="admin_sign_out_everywhere")
def admin_sign_out_everywhere(
    request: Request, principal: PrincipalDep, session: SessionDep, user_id: UserIdPath
) -> HTMLResponse:
    """End every session of a member (lost laptop, person left): they must log in again."""
    member = views.admin_member(session, principal, user_id)
    service.sign_out_everywhere(session, user_id, actor=principal)
    _ = gettext_for(request_lang(request))
    notice = _("All sessions of %(email)s have ended.") % {"email": member["email"]}
    return _users_page(request, session, principal, notice=notice)
