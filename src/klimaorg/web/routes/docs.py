"""The API documentation page: Swagger UI served from the package (no CDN, strict CSP)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from klimaorg.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/api/docs", name="api_docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return render(request, "api_docs.html", {"openapi_url": request.app.openapi_url})
