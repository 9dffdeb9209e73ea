"""``GET /api/v1/health``: liveness for load balancers and monitoring (and the benchmark's
reference of a trivial JSON endpoint)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from klimaorg import __version__

router = APIRouter(prefix="/api/v1", tags=["Betrieb / Operations"])


@router.get("/health", summary="Lebenszeichen / liveness")
async def health() -> dict[str, Any]:
    """Antwortet, solange der Prozess Anfragen bedient. / Answers while the process serves."""
    return {"status": "ok", "version": __version__}
