"""Who is asking: signed login sessions, API tokens, CSRF tokens, and the FastAPI dependencies
every protected route uses.

Public pieces (stable names, used by the assessment, account and workshop routes and tests):

* :func:`current_principal` – the :class:`~klimaorg.storage.service.Principal` of the request
  (``Authorization: Bearer <token>`` or the session cookie), else ``None``.
* :data:`PrincipalDep` – the same, required: anonymous → 401 with ``WWW-Authenticate: Bearer``
  under ``/api/``, else a redirect to ``/anmelden?next=…``. For API requests authenticated by
  the session cookie, unsafe methods need the ``X-CSRF-Token`` header (token requests do not).
* :data:`SessionDep` – one database session per request in one transaction
  (``db.transaction()``: commit when the route returns, rollback when it raises).
* :func:`csrf_field` – the hidden form field (Jinja global ``csrf_field()``; put it into every
  ``<form method="post">``); :func:`verify_csrf` / :data:`CsrfDep` check it. Every POST (PUT,
  PATCH, DELETE) to a page route is checked app-wide by :func:`csrf_protect`, so a route cannot
  forget it; a missing or wrong token is a 403 page in the reader's language.
* :func:`session_cookie` + :func:`set_session_cookie` start a session and put its cookie on a
  response, :func:`logout_session` ends it (server and browser); :func:`login_client` logs a
  test client in.

Session cookie (``klimaorg_session``): a random id of 256 bits and nothing else; the server
keeps the session (``service.start_session``, only the id's SHA-256 is stored) and
checks it on every request, with the membership and the user being active. ``HttpOnly``,
``SameSite=Lax``, ``Secure`` over HTTPS (directly or via a trusted proxy). It ends on logout,
on a password change (the other sessions) or admin reset, on a role change, deactivation, an
administrator's "sign out everywhere" or from the account page, after ``session_idle_minutes``
without a request (``last_used_at`` renewed at most once a minute) and ``session_max_hours``
after the login.

CSRF token: ``HMAC(secret, seed | session nonce)`` where the seed is a random value in the
``klimaorg_csrf`` cookie (set with the first form a browser gets). Anonymous forms (login,
wizard, workshop participants) are thereby signed double-submit tokens; after login the token
is bound to the session (the SHA-256 of its id; a new login or a logout makes old forms
invalid).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from klimaorg.errors import KlimaOrgError, NotFoundError
from klimaorg.settings import Settings
from klimaorg.storage import Database, service
from klimaorg.storage.service import AuthenticationError, Principal, token_hash

log = logging.getLogger(__name__)

SESSION_COOKIE = "klimaorg_session"
CSRF_COOKIE = "klimaorg_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SECRET_FILE = "secret_key"
MIN_SECRET_LENGTH = 32
#: zxcvbn estimate a production key must reach (log10 of the guesses). zxcvbn rates a random
#: key of 128 bits (32 hex characters) at 10^27.7 or more (3000 samples), "a" * 32 at 10^2.6,
#: a readable phrase of 32 characters at about 10^25: the line lies between.
MIN_KEY_GUESSES_LOG10 = 25.0
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOGIN_PATH = "/anmelden"
_UNSET = object()
_T = TypeVar("_T")


# ----------------------------------------------------------------------------- secret key


def load_secret_key(settings: Settings) -> str:
    """``KLIMAORG_SECRET_KEY``, else the key in ``<data_dir>/secret_key``, created once (random,
    mode 0600) when missing. Several workers starting at once agree on one file: it is written
    under a temporary name and linked into place, which fails if another worker won.

    With ``KLIMAORG_ENVIRONMENT=production`` a guessable key (:func:`check_key_strength`) or a
    key file that group or others may read is refused (:class:`KlimaOrgError`: one line,
    ``klimaorg serve`` exits with 2); otherwise the file's mode is only warned about."""
    production = settings.environment == "production"
    if settings.secret_key is not None:
        key = settings.secret_key.get_secret_value()
        if len(key) < MIN_SECRET_LENGTH:
            raise KlimaOrgError(
                f"KLIMAORG_SECRET_KEY ist zu kurz (mindestens {MIN_SECRET_LENGTH} Zeichen)"
            )
        if production:
            check_key_strength(key, "KLIMAORG_SECRET_KEY")
        return key
    folder = settings.data_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SECRET_FILE
    if not path.exists():
        temporary = folder / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, (secrets.token_urlsafe(48) + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker was first: use its key
        finally:
            temporary.unlink()
    _check_key_file_mode(path, production=production)
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < MIN_SECRET_LENGTH:
        raise KlimaOrgError(f"{path}: Schlüssel zu kurz; Datei löschen, sie wird neu erzeugt")
    if production:
        check_key_strength(key, str(path))
    return key


def check_key_strength(key: str, source: str) -> None:
    """Refuse a key an attacker could guess (whoever has it can forge form tokens and edit
    links): zxcvbn's estimate must reach :data:`MIN_KEY_GUESSES_LOG10` (a random key of 32 hex
    or URL-safe characters does, "a" * 32, a sequence or a repeated word does not)."""
    from zxcvbn import zxcvbn

    if float(zxcvbn(key[:72])["guesses_log10"]) < MIN_KEY_GUESSES_LOG10:
        raise KlimaOrgError(
            f"{source}: Schlüssel zu leicht zu erraten; bitte einen zufälligen erzeugen, z. B. "
            '`python -c "import secrets; print(secrets.token_urlsafe(48))"`'
        )


def _check_key_file_mode(path: Path, *, production: bool) -> None:
    """The key file must be readable by its owner only (mode 0600)."""
    mode = path.stat().st_mode & 0o777
    if not mode & 0o077:
        return
    message = (
        f"{path}: Schlüsseldatei ist für andere lesbar (Modus {mode:o}); "
        f"bitte `chmod 600 {path}` ausführen"
    )
    if production:
        raise KlimaOrgError(message)
    log.warning(message)


# ----------------------------------------------------------------------------- app state


def _state(app: Any) -> Any:
    return app.state


def database(request: Request) -> Database:
    """The app's database."""
    db: Database = request.app.state.db
    return db


def install(app: FastAPI, settings: Settings, db: Database) -> None:
    """Keep the database and the signing keys on ``app.state`` (called by ``create_app``)."""
    key = load_secret_key(settings)
    app.state.db = db
    app.state.secret_key = key
    app.state.csrf_key = hashlib.sha256(f"klimaorg.csrf\n{key}".encode()).digest()


# ----------------------------------------------------------------------------- sessions


@dataclass(frozen=True, slots=True)
class SessionData:
    """A live server-side session of the request's cookie."""

    id: int
    user_id: int
    organisation_id: int
    token: str


def is_https(request: Request) -> bool:
    """Whether the request came over HTTPS (the middleware already applied a trusted proxy's
    ``X-Forwarded-Proto``)."""
    return request.url.scheme == "https"


def _settings(app: Any) -> Settings:
    settings: Settings = _state(app).settings
    return settings


def session_limits(app: Any) -> service.SessionLimits:
    """Idle and absolute session lifetime from the settings."""
    settings = _settings(app)
    return service.SessionLimits(
        idle=timedelta(minutes=settings.session_idle_minutes),
        lifetime=timedelta(hours=settings.session_max_hours),
    )


def _cookie_token(raw: str | None) -> str | None:
    """The cookie's session id if it looks like one (no database look-up)."""
    if not raw or len(raw) > service.MAX_SESSION_TOKEN:
        return None
    return raw


def session_nonce(token: str | None) -> str:
    """What binds CSRF tokens to a session: the SHA-256 of its id ("" when anonymous)."""
    return token_hash(token) if token else ""


def _cookie_header(name: str, value: str, *, secure: bool, max_age: int | None) -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def short_user_agent(value: str | None) -> str:
    """The ``User-Agent`` header as stored with a session (control characters removed)."""
    text = "".join(ch for ch in (value or "") if ch.isprintable())
    return text.strip()[: service.MAX_USER_AGENT]


def session_cookie(
    app: Any,
    user_id: int,
    org_id: int,
    *,
    user_agent: str = "",
    session: Session | None = None,
) -> str:
    """Store a new session of ``user_id`` acting for ``org_id`` (in ``session``, else in a
    transaction of its own); returns the cookie value (a random id)."""
    token = service.new_session_token()
    if session is not None:
        service.start_session(session, token, user_id, org_id, user_agent)
    else:
        with _state(app).db.transaction() as own:
            service.start_session(own, token, user_id, org_id, user_agent)
    return token


def set_session_cookie(response: Response, token: str, request: Request) -> None:
    """Put the session cookie on ``response`` (``Secure`` when the request came over HTTPS)."""
    header = _cookie_header(SESSION_COOKIE, token, secure=is_https(request), max_age=None)
    response.headers.append("set-cookie", header)
    request.state.session_cookie_set = True


def logout_session(response: Response, request: Request) -> None:
    """End the session: the server forgets it (a copied cookie is useless from now on) and
    the browser deletes the cookie."""
    token = _cookie_token(request.cookies.get(SESSION_COOKIE))
    if token is not None:
        with request_transaction(request) as session:
            service.end_session(session, token)
    header = _cookie_header(SESSION_COOKIE, "", secure=is_https(request), max_age=0)
    response.headers.append("set-cookie", header)
    request.state.session_cookie_set = True


def current_session_token(request: Request) -> str | None:
    """The request's session cookie value (unchecked; see :func:`read_session`)."""
    return _cookie_token(request.cookies.get(SESSION_COOKIE))


def read_session(request: Request) -> SessionData | None:
    """The live server-side session of the cookie (``None``: no cookie, unknown, ended, idle
    longer than ``session_idle_minutes`` or older than ``session_max_hours``). Cached."""
    return _once_per_request(request, "session_data", _read_session)


def _once_per_request(request: Request, name: str, compute: Callable[[Request], _T]) -> _T:
    """``compute(request)``, worked out once and kept on ``request.state.<name>``: the
    dependencies, the pages and the templates ask for the same session and principal, and each
    asking would otherwise be a database round trip."""
    cached = getattr(request.state, name, _UNSET)
    if cached is not _UNSET:
        return cast(_T, cached)
    value = compute(request)
    setattr(request.state, name, value)
    return value


def _read_session(request: Request) -> SessionData | None:
    token = current_session_token(request)
    if token is None:
        return None
    with request_transaction(request) as session:
        info = service.lookup_session(session, token, session_limits(request.app))
    if info is None:
        return None
    return SessionData(info.id, info.user_id, info.organisation_id, token)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


class InvalidTokenError(Exception):
    """An ``Authorization: Bearer`` header with a token that is not valid (401)."""


def current_principal(request: Request) -> Principal | None:
    """The principal of the request (API token first, then the session cookie), or ``None``.

    Cached for the request. A presented but invalid API token raises
    :class:`InvalidTokenError` (401) instead of falling back to the cookie.
    """
    return _once_per_request(request, "principal", _resolve)


def _resolve(request: Request) -> Principal | None:
    token = _bearer(request)
    if token is not None:
        try:
            with request_transaction(request) as session:
                principal = service.resolve_api_token(session, token)
        except AuthenticationError:
            raise InvalidTokenError() from None
        request.state.auth_method = "token"
        return principal
    data = read_session(request)
    if data is None:
        return None
    with request_transaction(request) as session:
        try:
            principal = service.principal_for(session, data.user_id, data.organisation_id)
        except NotFoundError:
            return None
    request.state.auth_method = "session"
    return principal


def auth_method(request: Request) -> str | None:
    """``"token"``, ``"session"`` or ``None`` (after :func:`current_principal`)."""
    return getattr(request.state, "auth_method", None)


# ----------------------------------------------------------------------------- CSRF


class CsrfError(Exception):
    """A form or API request without a valid CSRF token (403)."""


def _csrf_seed(request: Request) -> str:
    seed = getattr(request.state, "csrf_seed", None)
    if seed is None:
        seed = request.cookies.get(CSRF_COOKIE)
        if not seed or len(seed) > 100:
            seed = secrets.token_urlsafe(24)
            request.state.csrf_cookie = _cookie_header(
                CSRF_COOKIE, seed, secure=is_https(request), max_age=None
            )
        request.state.csrf_seed = seed
    return str(seed)


def _csrf_digest(app: Any, seed: str, nonce: str) -> str:
    key: bytes = _state(app).csrf_key
    digest = hmac.new(key, f"{seed}\n{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _csrf_token_for(request: Request, seed: str) -> str:
    return _csrf_digest(request.app, seed, session_nonce(current_session_token(request)))


def csrf_token(request: Request) -> str:
    """The CSRF token for forms of this request (sets the seed cookie when missing)."""
    return _csrf_token_for(request, _csrf_seed(request))


def csrf_field(request: Request) -> Markup:
    """``<input type="hidden" name="csrf_token" value="…">`` for a POST form."""
    token = csrf_token(request)
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)


@pass_context
def _jinja_csrf_field(context: Context, request: Request | None = None) -> Markup:
    """Jinja global ``{{ csrf_field() }}`` (the template's own request)."""
    return csrf_field(request if request is not None else context["request"])


def check_csrf_token(request: Request, token: object) -> None:
    """Raise :class:`CsrfError` unless ``token`` is this browser's (and session's) token."""
    seed = request.cookies.get(CSRF_COOKIE)
    if not isinstance(token, str) or not token or not seed or len(seed) > 100:
        raise CsrfError()
    if not hmac.compare_digest(token.encode(), _csrf_token_for(request, seed).encode()):
        raise CsrfError()


def verify_csrf(request: Request, form: Mapping[str, Any] | FormData) -> None:
    """Check the ``csrf_token`` field of a posted form (:class:`CsrfError` → 403)."""
    if getattr(request.state, "csrf_ok", False):
        return
    check_csrf_token(request, form.get(CSRF_FIELD))
    request.state.csrf_ok = True


def is_api_path(path: str) -> bool:
    """Whether the path belongs to the JSON API (CSRF there: header, session cookie only)."""
    return path.startswith("/api/")


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: every unsafe request to a page route carries the form token.

    API routes are left to :data:`PrincipalDep` (header token, only for session-cookie auth);
    anonymous API endpoints compute only and change nothing.
    """
    if request.method not in UNSAFE_METHODS or is_api_path(request.scope["path"]):
        return
    header = request.headers.get(CSRF_HEADER)
    if header is not None:  # scripts (and test clients) may send the token as a header
        check_csrf_token(request, header)
        request.state.csrf_ok = True
        return
    form = await request.form()
    verify_csrf(request, form)


CsrfDep = Depends(csrf_protect)


# ----------------------------------------------------------------------------- dependencies


class LoginRequiredError(Exception):
    """A page needs a logged-in user: the handler redirects to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def login_url(request: Request) -> str:
    """``/anmelden?next=<this page>``."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"{LOGIN_PATH}?next={quote(target, safe='/')}"


BEARER_SCHEME = HTTPBearer(
    auto_error=False,
    scheme_name="ApiToken",
    description="API-Token (`klimaorg tokens create`) als `Authorization: Bearer <token>`; "
    "alternativ das Sitzungs-Cookie der Seiten (dann `X-CSRF-Token` bei Änderungen). / "
    "API token as a bearer token, or the pages' session cookie (then `X-CSRF-Token`).",
)


def require_principal(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER_SCHEME)] = None,
) -> Principal:
    """The principal, or 401 (API) / redirect to the login page (pages)."""
    api = is_api_path(request.url.path)
    try:
        principal = current_principal(request)
    except InvalidTokenError:
        raise HTTPException(
            401, "Ungültiges API-Token / invalid API token", {"WWW-Authenticate": "Bearer"}
        ) from None
    if principal is None:
        if api:
            raise HTTPException(
                401,
                "Anmeldung nötig (Authorization: Bearer <token>) / authentication required",
                {"WWW-Authenticate": "Bearer"},
            )
        raise LoginRequiredError(login_url(request))
    if api and auth_method(request) == "session" and request.method in UNSAFE_METHODS:
        check_csrf_token(request, request.headers.get(CSRF_HEADER))
    return principal


def optional_principal(request: Request) -> Principal | None:
    """The principal or ``None`` (an invalid API token still gives 401)."""
    try:
        return current_principal(request)
    except InvalidTokenError:
        raise HTTPException(
            401, "Ungültiges API-Token / invalid API token", {"WWW-Authenticate": "Bearer"}
        ) from None


def db_session(request: Request) -> Iterator[Session]:
    """One session in one transaction per request (commit on return, rollback on error).

    While it is open, :func:`current_principal` and the templates use it too (on SQLite a
    second transaction would wait for this one's write lock)."""
    with database(request).transaction() as session:
        request.state.db_session = session
        try:
            yield session
        finally:
            request.state.db_session = None


@contextmanager
def request_transaction(request: Request) -> Iterator[Session]:
    """The request's open session (:data:`SessionDep`) if there is one, else a new
    transaction of its own."""
    session = getattr(request.state, "db_session", None)
    if session is not None:
        yield session
        return
    with database(request).transaction() as own:
        yield own


PrincipalDep = Annotated[Principal, Depends(require_principal)]
OptionalPrincipalDep = Annotated[Principal | None, Depends(optional_principal)]
# scope="function": the transaction commits before the response is sent, so a save the client
# was told succeeded can never be lost to a crash between answering and committing.
SessionDep = Annotated[Session, Depends(db_session, scope="function")]


# ----------------------------------------------------------------------------- templates


def template_globals() -> dict[str, Any]:
    """What templates get from this module (registered on the Jinja environment)."""
    return {
        "csrf_field": _jinja_csrf_field,
        "current_principal": _jinja_principal,
        "my_organisations": _jinja_organisations,
    }


@pass_context
def _jinja_principal(context: Context) -> Principal | None:
    """Jinja global ``current_principal()``: the logged-in principal or ``None`` (also when
    the database cannot answer: error pages must still render)."""
    try:
        return current_principal(context["request"])
    except Exception:
        return None


@pass_context
def _jinja_organisations(context: Context) -> list[service.OrganisationInfo]:
    """Jinja global ``my_organisations()``: the organisations of the logged-in user."""
    request: Request = context["request"]
    cached = getattr(request.state, "organisations", None)
    if cached is not None:
        return cast(list[service.OrganisationInfo], cached)
    principal = _jinja_principal(context)
    if principal is None or principal.user_id is None:
        return []
    try:
        with request_transaction(request) as session:
            orgs = [m.organisation for m in service.memberships(session, principal.user_id)]
    except Exception:
        return []
    request.state.organisations = orgs
    return orgs


def pending_cookies(state: Mapping[str, Any]) -> list[str]:
    """``Set-Cookie`` values the middleware adds to the response of a request (the CSRF
    seed), given the request's ``scope["state"]``."""
    return [state["csrf_cookie"]] if state.get("csrf_cookie") else []
