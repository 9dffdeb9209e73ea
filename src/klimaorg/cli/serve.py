"""``klimaorg serve``: the web app (pages and JSON API) with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from klimaorg.cli.common import handle_errors
from klimaorg.context import current_knowledge
from klimaorg.settings import get_settings


@handle_errors
def serve(
    host: Annotated[
        str | None, typer.Option(help="Adresse (Standard 127.0.0.1: nur dieser Rechner).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (Standard 8000).", min=1, max=65535)
    ] = None,
    workers: Annotated[int, typer.Option(help="Anzahl der Arbeitsprozesse.", min=1)] = 1,
) -> None:
    """Die Web-Anwendung starten (Seiten und JSON-API unter /api/v1/)."""
    import uvicorn

    from klimaorg.storage import Database, service
    from klimaorg.web.auth import load_secret_key

    settings = get_settings()
    current_knowledge()  # fail here, with one clear line, if the knowledge base is broken
    load_secret_key(settings)  # likewise for a weak key or a readable key file (production)
    db = Database.from_settings(settings)
    try:  # one clear line and exit 2 (NotMigratedError) instead of a trace from each worker
        db.check_migrated()
        with db.read() as session:
            users = service.user_count(session)
            municipalities = service.directory_counts(session)["municipalities"]
    finally:
        db.dispose()
    for line in first_steps(users, municipalities):
        typer.echo(line)
    bind_host = host or settings.host
    bind_port = port or settings.port
    typer.echo(f"KlimaOrg läuft auf http://{bind_host}:{bind_port}/ (Beenden mit Strg+C)")
    uvicorn.run(
        "klimaorg.web.app:create_app",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,  # only KLIMAORG_TRUSTED_PROXIES count (klimaorg.web.middleware)
        # a stop waits this long for running requests, then cancels them (and their tasks)
        timeout_graceful_shutdown=settings.shutdown_timeout_seconds,
    )


def first_steps(users: int, municipalities: int) -> list[str]:
    """What a fresh installation still needs, as the commands that do it: the municipality
    directory (for the wizard's search, assessments and batch runs) and a first account (for
    saved assessments and workshops). The advice itself works without either."""
    lines = []
    if municipalities == 0:
        lines.append(
            "Noch kein Gemeindeverzeichnis: klimaorg directory import GV100AD_301123.txt "
            "(Datei von Destatis, siehe docs/de/verzeichnis.md)"
        )
    if users == 0:
        lines.append(
            "Noch kein Benutzerkonto: klimaorg orgs create NAME --kind municipality, dann "
            "klimaorg users create E-MAIL --org NAME --role owner --admin"
        )
    return lines
