"""``klimaorg db|orgs|users|tokens|assessments …``: database, accounts and assessments for the
operator on the server. Register all of them with :func:`register_storage_commands`."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from sqlalchemy.exc import IntegrityError, OperationalError

from klimaorg.cli.common import fail, handle_errors
from klimaorg.errors import UserInputError
from klimaorg.settings import get_settings
from klimaorg.storage import (
    Database,
    backup_sqlite,
    database_url,
    is_sqlite,
    migration_status,
    pg_dump_command,
    restore_sqlite,
    service,
    sqlite_file,
    upgrade,
)
from klimaorg.storage.service import ORGANISATION_KINDS, Principal

P = ParamSpec("P")
R = TypeVar("R")

db_app = typer.Typer(
    help="Datenbank: Migrationen, Gemeindeverzeichnis, Sicherung.", no_args_is_help=True
)
orgs_app = typer.Typer(help="Organisationen (Mandanten) anlegen.", no_args_is_help=True)
users_app = typer.Typer(
    help="Benutzerkonten anlegen, Passwörter zurücksetzen.", no_args_is_help=True
)
tokens_app = typer.Typer(help="API-Tokens für Skripte und Fachverfahren.", no_args_is_help=True)
assessments_app = typer.Typer(
    help="Bewertungen mit ihrer Versionsgeschichte exportieren und importieren.",
    no_args_is_help=True,
)


def register_storage_commands(app: typer.Typer) -> None:
    """Add the storage command groups to the ``klimaorg`` command."""
    app.add_typer(db_app, name="db")
    app.add_typer(orgs_app, name="orgs")
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")
    app.add_typer(assessments_app, name="assessments")


def _database_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Connection and SQL errors become one line and exit code 2, like user errors; the
    databases the command opened are closed at the end."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except OperationalError as exc:
            fail(
                f"Datenbank nicht erreichbar oder gesperrt: {str(exc.orig).strip().splitlines()[0]}"
            )
        except IntegrityError as exc:
            fail(f"Datenbank lehnt die Änderung ab: {str(exc.orig).strip().splitlines()[0]}")
        finally:
            while _opened:
                _opened.pop().dispose()

    return wrapper


_opened: list[Database] = []


def _open(*, migrated: bool = True) -> Database:
    db = Database.from_settings(get_settings())
    _opened.append(db)
    if migrated:
        db.check_migrated()
    return db


def _read_password_stdin() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def _ask_password(prompt: str) -> str:
    password: str = typer.prompt(prompt, hide_input=True, confirmation_prompt="Wiederholen")
    return password


PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin",
        help="Passwort aus der ersten Zeile der Standardeingabe "
        "lesen (für Skripte) statt nachzufragen.",
    ),
]


RoleOption = Annotated[str, typer.Option("--role", help="Rolle: owner, editor oder viewer.")]
OrgOption = Annotated[str, typer.Option("--org", help="Organisation (Name oder Nummer).")]
KindOption = Annotated[
    str, typer.Option("--kind", help="Art: " + ", ".join(ORGANISATION_KINDS) + ".")
]

# ----------------------------------------------------------------------------- db


@db_app.command("upgrade")
@handle_errors
@_database_errors
def db_upgrade() -> None:
    """Datenbank auf den neuesten Stand migrieren (legt sie beim ersten Mal an)."""
    db = _open(migrated=False)
    upgrade(db.engine)
    status = migration_status(db.engine)
    typer.echo(f"Datenbank {status.url}: Stand {status.current} (aktuell)")


@db_app.command("status")
@handle_errors
@_database_errors
def db_status() -> None:
    """Aktuellen und neuesten Migrationsstand anzeigen (Exit-Code 1, wenn Migrationen fehlen)."""
    db = _open(migrated=False)
    status = migration_status(db.engine)
    typer.echo(f"Datenbank: {status.url}")
    typer.echo(f"Stand:     {status.current or '– (leer)'}")
    typer.echo(f"Neuester:  {status.head}")
    if not status.up_to_date:
        typer.echo("Migration nötig: klimaorg db upgrade")
        raise typer.Exit(1)
    typer.echo("Auf dem neuesten Stand.")


@db_app.command("import-directory")
@handle_errors
@_database_errors
def db_import_directory(
    file: Annotated[
        Path,
        typer.Argument(
            help="GV100AD-Datei von Destatis (Textformat).", exists=True, dir_okay=False
        ),
    ],
) -> None:
    """Amtliches Gemeindeverzeichnis (GV100AD) laden – gleichbedeutend mit „klimaorg directory
    import“: Datenbank und Verzeichnis-Cache bekommen denselben Stand."""
    from klimaorg.cli.directory import import_directory_everywhere
    from klimaorg.context import directory_cache_path

    directory, stored = import_directory_everywhere(file, directory_cache_path())
    municipalities, kreise = len(directory.municipalities_in()), len(directory.kreise_in())
    typer.echo(
        f"{municipalities} Gemeinden und {kreise} Kreise aus {file.name} importiert "
        f"(Datenbank {stored} und Verzeichnis-Cache)"
    )


@db_app.command("backup")
@handle_errors
@_database_errors
def db_backup(
    file: Annotated[Path, typer.Argument(help="Zieldatei der Sicherung (darf nicht existieren).")],
) -> None:
    """Datenbank im laufenden Betrieb sichern (SQLite); für PostgreSQL den pg_dump-Befehl zeigen."""
    db = _open(migrated=False)
    if not is_sqlite(db.engine):
        typer.echo("PostgreSQL wird mit pg_dump gesichert, zum Beispiel:")
        typer.echo(f"  {pg_dump_command(db.engine, file)}")
        typer.echo("Wiederherstellen: pg_restore --clean --if-exists --dbname=… " + str(file))
        return
    backup_sqlite(db.engine, file)
    typer.echo(f"Sicherung geschrieben: {file} ({file.stat().st_size:,} Bytes)".replace(",", "."))


@db_app.command("restore")
@handle_errors
@_database_errors
def db_restore(
    file: Annotated[
        Path,
        typer.Argument(
            help="Sicherungsdatei (von klimaorg db backup).", exists=True, dir_okay=False
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Vorhandene Datenbank überschreiben.")
    ] = False,
) -> None:
    """SQLite-Datenbank aus einer Sicherung wiederherstellen (Anwendung vorher anhalten)."""
    target = sqlite_file(database_url(get_settings()))
    if target is None:
        fail("Wiederherstellen gibt es hier nur für SQLite; PostgreSQL: pg_restore")
    if target.exists() and not force:
        fail(f"{target} existiert; mit --force überschreiben (Anwendung vorher anhalten)")
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    restore_sqlite(file, target)
    typer.echo(f"Wiederhergestellt: {target}")


# ----------------------------------------------------------------------------- orgs, users


@orgs_app.command("create")
@handle_errors
@_database_errors
def orgs_create(
    name: Annotated[str, typer.Argument(help="Name der Organisation (eindeutig).")],
    kind: KindOption,
    ags: Annotated[
        str | None,
        typer.Option(
            "--ags", help="Gemeindeschlüssel (8 Ziffern) der eigenen oder beratenen Kommune."
        ),
    ] = None,
    kreis: Annotated[
        str | None,
        typer.Option(
            "--kreis", help="Kreisschlüssel (5 Ziffern) des eigenen oder beratenen Kreises."
        ),
    ] = None,
) -> None:
    """Organisation anlegen (Kommune, Energieagentur, Landkreis oder Beratungsbüro)."""
    db = _open()
    with db.transaction() as session:
        org = service.create_organisation(session, name=name, kind=kind, ags=ags, kreis_key=kreis)
    typer.echo(f"Organisation {org.id} angelegt: {org.name} ({org.kind})")


@users_app.command("create")
@handle_errors
@_database_errors
def users_create(
    email: Annotated[str, typer.Argument(help="E-Mail-Adresse (Anmeldename).")],
    org: OrgOption,
    role: RoleOption = "viewer",
    admin: Annotated[bool, typer.Option("--admin", help="Administrator der Installation.")] = False,
    name: Annotated[str | None, typer.Option("--name", help="Anzeigename.")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Benutzer anlegen und der Organisation zuordnen (Passwort mindestens 12 Zeichen, nicht
    häufig benutzt, ohne E-Mail-Adresse oder Namen; wird zweimal abgefragt)."""
    db = _open()
    with db.sessions() as session:
        organisation = service.find_organisation(session, org)
    password = _read_password_stdin() if password_stdin else _ask_password("Passwort")
    # before the transaction: a refused password leaves nothing behind
    service.check_password(password, email=email, name=name or email.split("@", 1)[0])
    with db.transaction() as session:
        user = service.create_user(
            session, email=email, password=password, display_name=name, is_admin=admin
        )
        service.add_member(session, None, email=email, role=role, organisation_id=organisation.id)
    typer.echo(
        f"Benutzer {user.id} angelegt: {user.email} ({role} in {organisation.name}"
        f"{', Administrator' if admin else ''})"
    )


@users_app.command("add-member")
@handle_errors
@_database_errors
def users_add_member(
    email: Annotated[str, typer.Argument(help="E-Mail-Adresse eines vorhandenen Benutzers.")],
    org: OrgOption,
    role: RoleOption = "viewer",
) -> None:
    """Vorhandenen Benutzer einer (weiteren) Organisation zuordnen oder seine Rolle ändern."""
    db = _open()
    with db.transaction() as session:
        organisation = service.find_organisation(session, org)
        service.add_member(session, None, email=email, role=role, organisation_id=organisation.id)
    typer.echo(f"{email}: {role} in {organisation.name}")


@users_app.command("reset-password")
@handle_errors
@_database_errors
def users_reset_password(
    email: Annotated[str, typer.Argument(help="E-Mail-Adresse des Kontos.")],
    password_stdin: PasswordStdin = False,
    generate: Annotated[
        bool,
        typer.Option(
            "--generate", help="Einmal-Passwort erzeugen und anzeigen statt nachzufragen."
        ),
    ] = False,
) -> None:
    """Passwort eines Kontos neu setzen (abgefragt, von stdin oder zufällig erzeugt)."""
    db = _open()
    new: str | None = None
    if password_stdin:
        new = _read_password_stdin()
    elif not generate:
        new = _ask_password("Neues Passwort")
    with db.transaction() as session:
        generated = service.reset_password(session, email, new)
    if generated:
        typer.echo(f"Einmal-Passwort für {email} (wird nur jetzt angezeigt): {generated}")
    else:
        typer.echo(f"Passwort für {email} geändert.")


# ----------------------------------------------------------------------------- tokens


@tokens_app.command("create")
@handle_errors
@_database_errors
def tokens_create(
    user: Annotated[str, typer.Option("--user", help="E-Mail-Adresse des Besitzers.")],
    org: OrgOption,
    name: Annotated[str, typer.Option("--name", help="Wofür das Token ist (z. B. Fachverfahren).")],
) -> None:
    """API-Token erzeugen; es wird nur dieses eine Mal angezeigt (gespeichert ist nur ein Hash)."""
    db = _open()
    with db.transaction() as session:
        account = service.find_user(session, user)
        organisation = service.find_organisation(session, org)
        principal = service.principal_for(session, account.id, organisation.id)
        info, token = service.create_api_token(session, principal, name)
    typer.echo(
        f"API-Token {info.id} ({info.name}, {principal.role} in {organisation.name}) – "
        "wird nur jetzt angezeigt, bitte sicher aufbewahren:",
        err=True,
    )
    typer.echo(token)


@tokens_app.command("revoke")
@handle_errors
@_database_errors
def tokens_revoke(
    token_id: Annotated[int, typer.Argument(help="Nummer des Tokens.")],
    org: OrgOption,
) -> None:
    """API-Token widerrufen."""
    db = _open()
    with db.transaction() as session:
        organisation = service.find_organisation(session, org)
        info = service.revoke_api_token(session, Principal.operator(organisation.id), token_id)
    typer.echo(f"API-Token {info.id} ({info.name}) widerrufen.")


# ----------------------------------------------------------------------------- assessments


@assessments_app.command("export")
@handle_errors
@_database_errors
def assessments_export(
    assessment_id: Annotated[int, typer.Argument(help="Nummer der Bewertung.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Zieldatei (JSON).", dir_okay=False)
    ],
) -> None:
    """Bewertung mit allen Versionen als JSON exportieren."""
    db = _open()
    with db.transaction() as session:
        operator = service.operator_principal(session, assessment_id)
        text = service.export_assessment(session, operator, assessment_id)
    output.write_text(text, encoding="utf-8")
    typer.echo(f"Bewertung {assessment_id} exportiert: {output}")


@assessments_app.command("import")
@handle_errors
@_database_errors
def assessments_import(
    file: Annotated[Path, typer.Argument(help="Exportdatei (JSON).", exists=True, dir_okay=False)],
    org: Annotated[str, typer.Option("--org", help="Ziel-Organisation (Name oder Nummer).")],
) -> None:
    """Bewertung aus einer Exportdatei in eine Organisation importieren."""
    from klimaorg.assessing import import_assessment  # the advisor checks the profiles

    db = _open()
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise UserInputError(str(file), f"nicht lesbar ({exc.strerror})") from None
    document = service.read_export(content)
    with db.transaction() as session:
        organisation = service.find_organisation(session, org)
        detail = import_assessment(session, Principal.operator(organisation.id), document)
    typer.echo(
        f"Bewertung {detail.id} importiert: {detail.title} ({detail.current_version} "
        f"Versionen) in {organisation.name}"
    )
