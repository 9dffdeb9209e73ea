"""Sign-in pages (German paths): log in and out, switch the organisation, change the password,
and the administrators' user list with password reset.

Every form here carries the CSRF token (checked app-wide before the route runs). The login is
rate-limited per e-mail address and client address through the database, so all workers
count the same failures (:mod:`klimaorg.storage.login_attempts`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.i18n import Lang, gettext_for
from klimaorg.storage import login_attempts, service
from klimaorg.storage.core import Principal
from klimaorg.storage.errors import AuthenticationError, PermissionDeniedError
from klimaorg.storage.models import Membership, User
from klimaorg.web.auth import (
    OptionalPrincipalDep,
    PrincipalDep,
    SessionDep,
    database,
    login_session,
    logout_session,
)
from klimaorg.web.language import request_lang
from klimaorg.web.params import UserIdPath
from klimaorg.web.rendering import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

MAX_EMAIL = 320
MAX_PASSWORD = 1024


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


@router.post("/anmelden", name="login_post")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=MAX_EMAIL)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    lang = request_lang(request)
    _ = gettext_for(lang)
    settings = request.app.state.settings
    window = timedelta(minutes=settings.login_window_minutes)
    key = login_attempts.attempt_key(email, client_address(request))
    target = safe_next(next)
    user = None
    orgs: list[service.MembershipInfo] = []
    wait: timedelta | None = None
    with database(request).transaction() as session:
        wait = login_attempts.retry_after(session, key, window, settings.login_max_failures)
        if wait is None:
            try:
                user = service.authenticate(session, email.strip(), password)
            except AuthenticationError:
                login_attempts.record_failure(session, key, window)
            else:
                login_attempts.clear_failures(session, key)
                orgs = service.memberships(session, user.id)
    if wait is not None:
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        message = _("Too many failed attempts. Please wait %(minutes)s minutes and try again.") % {
            "minutes": minutes
        }
        response = _login_page(
            request, next_url=target, email=email, error=message, status_code=429
        )
        response.headers["Retry-After"] = str(int(wait.total_seconds()) + 1)
        return response
    if user is None:
        message = _("E-mail address or password is wrong.")
        return _login_page(request, next_url=target, email=email, error=message, status_code=401)
    if not orgs:
        message = _("Your account does not belong to any organisation yet.")
        return _login_page(request, next_url=target, email=email, error=message, status_code=403)
    done = RedirectResponse(target, status_code=303)
    login_session(done, user.id, orgs[0].organisation.id, request=request)
    return done


@router.post("/abmelden", name="logout")
def logout(request: Request) -> Response:
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
    response = RedirectResponse(safe_next(next), status_code=303)
    login_session(response, principal.user_id, organisation_id, request=request)
    return response


@router.get("/konto/passwort", name="password")
def password_form(request: Request, _principal: PrincipalDep) -> HTMLResponse:
    return render(request, "account/password.html", {"done": False, "errors": []})


@router.post("/konto/passwort", name="password_post")
def change_password(
    request: Request,
    principal: PrincipalDep,
    old_password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    new_password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    repeat_password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
) -> Response:
    _ = gettext_for(request_lang(request))
    assert principal.user_id is not None
    errors: list[str] = []
    if new_password != repeat_password:
        errors.append(_("The two new passwords differ."))
    else:
        try:
            with database(request).transaction() as session:
                service.change_password(session, principal.user_id, old_password, new_password)
        except AuthenticationError:
            errors.append(_("The current password is wrong."))
        except UserInputError:
            errors.append(_("The new password needs at least 12 characters."))
    if errors:
        data = {"done": False, "errors": errors}
        return render(request, "account/password.html", data, status_code=422)
    response = render(request, "account/password.html", {"done": True, "errors": []})
    login_session(response, principal.user_id, principal.organisation_id, request=request)
    return response


# ----------------------------------------------------------------------------- administration


def _require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise PermissionDeniedError("manage_users", "admin")


def org_members(session: Session, organisation_id: int) -> list[dict[str, Any]]:
    """The users of an organisation with their role, by e-mail."""
    rows = session.execute(
        sa.select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id)
        .order_by(User.email_normalized)
    ).all()
    return [
        {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": role,
            "active": user.active,
        }
        for user, role in rows
    ]


def _users_page(
    request: Request,
    session: Session,
    principal: Principal,
    reset: dict[str, str] | None = None,
) -> HTMLResponse:
    organisation = service.get_organisation(session, principal)
    data = {
        "organisation": organisation.name,
        "users": org_members(session, principal.organisation_id),
        "role_names": role_names(request_lang(request)),
        "reset": reset,
    }
    return render(request, "admin/users.html", data)


@router.get("/verwaltung/benutzer", name="admin_users")
def admin_users(request: Request, principal: PrincipalDep, session: SessionDep) -> HTMLResponse:
    _require_admin(principal)
    return _users_page(request, session, principal)


@router.post("/verwaltung/benutzer/{user_id}/passwort", name="admin_reset_password")
def admin_reset_password(
    request: Request, principal: PrincipalDep, session: SessionDep, user_id: UserIdPath
) -> HTMLResponse:
    _require_admin(principal)
    member = next(
        (m for m in org_members(session, principal.organisation_id) if m["id"] == user_id), None
    )
    if member is None:  # only users of the administrator's current organisation
        raise NotFoundError("Benutzer", str(user_id))
    password = service.reset_password(session, member["email"], actor=principal)
    assert password is not None
    response = _users_page(
        request, session, principal, {"email": member["email"], "password": password}
    )
    response.headers["Cache-Control"] = "no-store"
    return response
