"""Settings from the environment (``KLIMAORG_*``), typed and validated once.

Defaults are safe for one town on a laptop: bind to 127.0.0.1, packaged knowledge base.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting KlimaOrg reads; documented in docs/de/betrieb.md."""

    model_config = SettingsConfigDict(env_prefix="KLIMAORG_", extra="ignore")

    knowledge_dir: Path | None = Field(
        default=None, description="Folder of an alternative knowledge base (for reviewing changes)."
    )
    host: str = Field(default="127.0.0.1", description="Address the web app binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port of the web app.")
    max_samples: int = Field(
        default=1_000_000,
        ge=1,
        description="Largest robustness sample count one request may ask for.",
    )
    memo_size: int = Field(
        default=4096,
        ge=0,
        description="Analyses kept for reuse per process (same rules, same weights); 0 = off.",
    )
    data_dir: Path = Field(
        default=Path.home() / ".local" / "share" / "klimaorg",
        description="Folder for local data (imported municipality directory, SQLite database).",
    )
    contact_email: str | None = Field(
        default=None,
        description="Contact address for accessibility feedback (accessibility statement).",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the database (postgresql+psycopg://… for several "
        "workers); unset: the SQLite file <data_dir>/klimaorg.sqlite3.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings (read once; tests build their own ``Settings``)."""
    return Settings()
