"""The advice: the wizard's pages and the same advice as JSON.

The same roles as every web resource: :mod:`.pages` (the wizard's steps, result, files and
the rules page), :mod:`.api` (``/api/v1/advise``, the municipality lookup, ``/api/v1/report``),
:mod:`.schemas` (the API's shapes), :mod:`.views` (what the pages show); and :mod:`.form`, the
wizard's form fields ⇄ profile. :data:`router` holds API and pages, the API first: the advice
is the busiest route and FastAPI matches routes in the order they were included.
"""

from __future__ import annotations

from fastapi import APIRouter

from klimaorg.web.wizard import api, pages

router = APIRouter()
router.include_router(api.router)
router.include_router(pages.router)

__all__ = ["router"]
