"""Saved assessments: the organisation's assessments with versions, decision, notes, export
and import, audit log, and the municipalities of its Landkreis.

The same roles as every web resource: :mod:`.pages` (HTML routes), :mod:`.api` (JSON routes),
:mod:`.schemas` (the API's shapes), :mod:`.views` (what the routes show and the steps behind
it). :data:`router` holds pages and API.
"""

from __future__ import annotations

from fastapi import APIRouter

from klimaorg.web.assessments import api, pages

router = APIRouter()
router.include_router(pages.router)
router.include_router(api.router)

__all__ = ["router"]
