"""Workshops: share links for an assessment, the participants' form, the group view.

One folder, the same roles as every web resource: :mod:`.pages` (HTML routes), :mod:`.api`
(JSON routes), :mod:`.schemas` (the API's shapes), :mod:`.views` (what the routes show and the
steps behind it). :data:`router` holds pages and API.

Limits, kept in the database so every worker counts the same: a link admits at most its cap
of distinct participants (1 to 5,000, default 1,000; a newcomer on a full link gets 422, and
that refusal counts toward nothing); an admitted participant may always correct their answers,
up to :data:`~klimaorg.storage.service.CORRECTIONS_PER_WINDOW` times per
``rate_limit_window_seconds`` (then 429 with ``Retry-After``). Every refusal is worded in the
participant's language. A participant's leading model is computed before the write
transaction opens and stored with their answers; the group view reads in one short read-only
transaction and computes with none open.
"""

from __future__ import annotations

from fastapi import APIRouter

from klimaorg.web.workshops import api, pages

router = APIRouter()
router.include_router(pages.router)
router.include_router(api.router)

__all__ = ["router"]
