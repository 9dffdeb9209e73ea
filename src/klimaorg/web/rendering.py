"""Server-side rendering: one Jinja environment, and the context every template gets.

Templates receive the view's data dict as ``data`` plus ``lang``, ``_`` (gettext for ``lang``),
``num`` and ``signed`` (numbers in the reader's format), ``url`` (path of a named route),
``switch_url`` (this page in the other language) and ``assets`` (which vendored styles exist).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from klimaorg.charts.svg import signed
from klimaorg.i18n import Lang, day, gettext_for, hyphenate, local_time, number
from klimaorg.web.language import request_lang, switch_url

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Assets:
    """Which vendored front-end assets (``make assets``) are present."""

    kern: bool
    swagger: bool


def find_assets(static_dir: Path = STATIC_DIR) -> Assets:
    """Check the vendored assets once; log a warning for each one missing."""
    assets = Assets(
        kern=(static_dir / "vendor" / "kern" / "kern.min.css").is_file(),
        swagger=(static_dir / "vendor" / "swagger" / "swagger-ui-bundle.js").is_file(),
    )
    if not assets.kern:
        log.warning("KERN UX stylesheet missing (run `make assets`); pages use app.css only")
    if not assets.swagger:
        log.warning("Swagger UI missing (run `make assets`); /api/docs links to /openapi.json")
    return assets


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment of all pages (autoescaped, strict about undefined names)."""
    return Environment(
        loader=PackageLoader("klimaorg.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page_context(request: Request, lang: Lang) -> dict[str, Any]:
    """What every template may use besides its data."""
    root = request.scope.get("root_path", "")

    def url(name: str, **params: Any) -> str:
        return f"{root}{request.app.url_path_for(name, **params)}"

    return {
        "request": request,
        "lang": lang,
        "_": gettext_for(lang),
        "num": lambda value, digits=2: number(value, lang, digits),
        "when": lambda moment: local_time(moment, lang),
        "day": lambda value: day(value, lang),
        "hy": lambda text: hyphenate(str(text), lang),
        "signed": lambda value: signed(value, lang),
        "url": url,
        "switch_url": {code: switch_url(request, code) for code in ("de", "en")},
        "assets": getattr(request.app.state, "assets", Assets(kern=False, swagger=False)),
        "settings": request.app.state.settings,
    }


def render(
    request: Request,
    template: str,
    data: Mapping[str, Any],
    *,
    extras: Mapping[str, Any] | None = None,
    status_code: int = 200,
    lang: Lang | None = None,
) -> HTMLResponse:
    """Render ``template`` with the view's ``data`` (and HTML-only ``extras`` such as charts)."""
    lang = lang or request_lang(request)
    context = {**page_context(request, lang), "data": data, **(extras or {})}
    html = environment().get_template(template).render(context)
    return HTMLResponse(html, status_code=status_code)
