"""The catalogue of the knowledge base: the six organisational models, their comparison, the
criteria, the sources and the documented practice cases, as pages and as JSON.

The roles of every web resource: :mod:`.pages` (HTML routes), :mod:`.api` (JSON routes),
:mod:`.schemas` (the API's shapes), :mod:`.views` (the pages' HTML-only extras: charts, form
state). :data:`router` holds API and pages.
"""

from __future__ import annotations

from fastapi import APIRouter

from klimaorg.web.catalogue import api, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["router"]
