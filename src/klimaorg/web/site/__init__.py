"""The site's own routes beside the resources: health, the decision engine and the
municipality directory as JSON; the API documentation, accessibility and security pages.

The roles of every web resource: :mod:`.pages` (HTML routes), :mod:`.api` (JSON routes),
:mod:`.schemas` (the API's shapes), :mod:`.views` (what the routes answer). :data:`router`
holds API and pages, the API first (health is among the busiest routes).
"""

from __future__ import annotations

from fastapi import APIRouter

from klimaorg.web.site import api, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["router"]
