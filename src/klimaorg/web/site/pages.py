"""The site's own pages beside the resources: the API documentation (Swagger UI served from
the package, no CDN, strict CSP), the accessibility statement, the security page with its
``/.well-known/security.txt`` (RFC 9116), and ``/favicon.ico``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from klimaorg.web.rendering import render
from klimaorg.web.site import views

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/favicon.ico", name="favicon")
async def favicon(request: Request) -> RedirectResponse:
    """Browsers and bookmark tools ask for ``/favicon.ico`` whatever the page links: the icon
    is one SVG among the static files."""
    return RedirectResponse(request.url_for("static", path="icons/favicon.svg"), status_code=308)


@router.get("/api/docs", name="api_docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return render(request, "api_docs.html", {"openapi_url": request.app.openapi_url})


@router.get("/barrierefreiheit", name="accessibility")
def accessibility(request: Request) -> HTMLResponse:
    contact = request.app.state.settings.contact_email
    return render(request, "accessibility.html", {"contact_email": contact})


@router.get("/sicherheit", name="security")
def security(request: Request) -> HTMLResponse:
    return render(
        request, "security.html", {"contact": views.security_contact(request.app.state.settings)}
    )


@router.get("/.well-known/security.txt", name="security_txt", response_class=PlainTextResponse)
def security_txt(request: Request) -> PlainTextResponse:
    """RFC 9116. Without a configured address the contact is the security page, which tells
    reporters to go to the operating administration (an honest answer rather than none)."""
    page = str(request.url_for("security"))
    contact = views.security_contact(request.app.state.settings) or page
    return PlainTextResponse(
        views.security_txt(contact, page, str(request.url_for("security_txt")))
    )
