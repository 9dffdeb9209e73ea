"""Path parameters shared by the routes.

Ids are 32-bit integers in both databases: a larger number in a URL can name no resource, so it
is refused as invalid input (422) before any query, instead of overflowing the database driver.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

MAX_ID = 2**31 - 1

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Bewertung / assessment")]
VersionPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Version")]
WorkshopIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Workshop")]
UserIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Benutzer / user")]
SessionIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Sitzung / session")]
