"""Settings from the environment (``KLIMAORG_*``), typed and validated once.

Defaults are safe for one town on a laptop: bind to 127.0.0.1, packaged knowledge base.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from klimaorg.engine.limits import (
    DEFAULT_MAX_ALTERNATIVES,
    DEFAULT_MAX_COST,
    DEFAULT_MAX_CRITERIA,
    DEFAULT_MAX_SAMPLES,
    Limits,
)


class Settings(BaseSettings):
    """Every setting KlimaOrg reads; documented in docs/de/betrieb.md."""

    model_config = SettingsConfigDict(env_prefix="KLIMAORG_", extra="ignore")

    environment: Literal["development", "production"] = Field(
        default="development",
        description="production: refuse to start with a guessable secret key or a key file "
        "other users can read (development: a warning only).",
    )
    knowledge_dir: Path | None = Field(
        default=None, description="Folder of an alternative knowledge base (for reviewing changes)."
    )
    host: str = Field(default="127.0.0.1", description="Address the web app binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port of the web app.")
    max_samples: int = Field(
        default=DEFAULT_MAX_SAMPLES,
        ge=1,
        description="Largest robustness sample count one problem may ask for (solve).",
    )
    max_alternatives: int = Field(
        default=DEFAULT_MAX_ALTERNATIVES,
        ge=2,
        description="Most alternatives of one problem (solve).",
    )
    max_criteria: int = Field(
        default=DEFAULT_MAX_CRITERIA, ge=1, description="Most criteria of one problem (solve)."
    )
    max_solve_cost: int = Field(
        default=DEFAULT_MAX_COST,
        ge=1,
        description="Budget of the robustness step of one problem: samples × alternatives × "
        "(alternatives + criteria), plus 10000 × criteria² × alternatives for the stability "
        "check (solve; the default is about 2-4 s of one core).",
    )
    heavy_workers: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Worker processes per server process for heavy work (reports as PDF/DOCX, "
        "solve with robustness).",
    )
    heavy_queue: int = Field(
        default=8,
        ge=0,
        description="Heavy tasks that may wait for a worker per server process; beyond: 503 "
        "with Retry-After.",
    )
    heavy_timeout_seconds: float = Field(
        default=60.0,
        gt=0,
        description="Time limit of one heavy task in seconds; beyond: the worker is stopped, "
        "answer 504.",
    )
    shutdown_timeout_seconds: int = Field(
        default=5,
        ge=0,
        description="On stop (SIGTERM), wait at most this long for running requests, then "
        "cancel them (klimaorg serve).",
    )
    rate_limit_window_seconds: int = Field(
        default=600,
        ge=1,
        description="Window of the per-client rate limits of the expensive endpoints, in seconds.",
    )
    rate_limit_report: int = Field(
        default=30,
        ge=1,
        description="Reports per client and window (POST /api/v1/report, wizard report downloads).",
    )
    rate_limit_solve: int = Field(
        default=120, ge=1, description="Solves per client and window (POST /api/v1/solve)."
    )
    rate_limit_advise: int = Field(
        default=1200, ge=1, description="Advice per client and window (POST /api/v1/advise)."
    )
    rate_limit_wizard: int = Field(
        default=300,
        ge=1,
        description="Wizard results and profile uploads per client and window.",
    )
    memo_size: int = Field(
        default=4096,
        ge=0,
        description="Intermediate results kept for reuse per process (same rules, priorities and "
        "weights); 0 = off.",
    )
    data_dir: Path = Field(
        default=Path.home() / ".local" / "share" / "klimaorg",
        description="Folder for local data (imported municipality directory, SQLite database).",
    )
    contact_email: str | None = Field(
        default=None,
        description="Contact address for accessibility feedback (accessibility statement).",
    )
    security_contact: str | None = Field(
        default=None,
        description="Where vulnerabilities are reported (mailto: or https: address), published "
        "in /.well-known/security.txt and on the security page; unset: the contact e-mail.",
        pattern=r"^(mailto:[^\s<>\"]+@[^\s<>\"]+|https://[^\s<>\"]+)$",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the database (postgresql+psycopg://… for several "
        "workers); unset: the SQLite file <data_dir>/klimaorg.sqlite3.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key that signs form tokens and edit links (at least 32 characters; "
        "the same on every worker/server). Unset: a random key is generated once into "
        "<data_dir>/secret_key (mode 0600) and reused.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated IP addresses or networks of reverse proxies whose "
        "X-Forwarded-Proto/X-Forwarded-For headers are believed (e.g. 127.0.0.1); empty: none.",
    )
    session_idle_minutes: int = Field(
        default=60, ge=1, le=7 * 24 * 60, description="Log out after this many idle minutes."
    )
    session_max_hours: int = Field(
        default=12, ge=1, le=24 * 30, description="Log out this many hours after the login."
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins per e-mail and address before a pause."
    )
    login_window_minutes: int = Field(
        default=15, ge=1, description="Window (and pause) of the login rate limit, in minutes."
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest request body (forms, uploads, JSON) in bytes; larger: 413.",
    )

    def engine_limits(self) -> Limits:
        """The engine's limits as configured (the engine itself reads no settings)."""
        return Limits(
            self.max_alternatives, self.max_criteria, self.max_samples, self.max_solve_cost
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings (read once; tests build their own ``Settings``)."""
    return Settings()
