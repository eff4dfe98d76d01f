"""Core commands: serve, demo, db, user, auditlog."""

from __future__ import annotations

import sys

import typer

from waarborg.cli.common import fail, settings_or_exit
from waarborg.domain.errors import WaarborgError
from waarborg.services import accounts, auditlog, bootstrap
from waarborg.services.unit import unit


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(demo)
    db = typer.Typer(help="Database schema.", no_args_is_help=True)
    db.command("upgrade")(db_upgrade)
    db.command("downgrade")(db_downgrade)
    app.add_typer(db, name="db")
    user = typer.Typer(help="Users.", no_args_is_help=True)
    user.command("add")(user_add)
    app.add_typer(user, name="user")
    org = typer.Typer(help="Organisations.", no_args_is_help=True)
    org.command("add")(org_add)
    app.add_typer(org, name="org")
    log = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    log.command("verify")(auditlog_verify)
    app.add_typer(log, name="auditlog")


def _serve(host: str, port: int) -> None:
    import uvicorn

    from waarborg.web.app import create_app

    uvicorn.run(create_app(settings_or_exit()), host=host, port=port, log_level="info")


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
) -> None:
    """Serve the web app and API on the configured database."""
    _serve(host, port)


def demo(
    port: int = typer.Option(8000, help="port to listen on"),
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    no_serve: bool = typer.Option(False, "--no-serve", help="load the demo data and stop"),
) -> None:
    """Create or upgrade the database, load the demo data (idempotent), and serve."""
    from waarborg.services import demo as demo_service

    settings = settings_or_exit()
    bootstrap.upgrade_schema(settings)
    db = bootstrap.open_database(settings)
    summary = demo_service.load(db)
    db.dispose()
    typer.echo(summary.text(f"http://{host}:{port}"), err=True)
    if not no_serve:
        _serve(host, port)


def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    bootstrap.upgrade_schema(settings_or_exit(), revision)
    typer.echo(f"database upgraded to {revision}", err=True)


def db_downgrade(revision: str = typer.Argument(..., help="target revision, e.g. -1")) -> None:
    """Undo migrations down to REVISION."""
    bootstrap.downgrade_schema(settings_or_exit(), revision)
    typer.echo(f"database downgraded to {revision}", err=True)


def user_add(
    email: str = typer.Option(..., "--email"),
    role: str = typer.Option(..., "--role"),
    org: str | None = typer.Option(None, "--org", help="organisation slug (editors, approvers)"),
    name: str = typer.Option("", "--name"),
) -> None:
    """Create a user. The password is read from a prompt, or from stdin when piped."""
    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    db = bootstrap.open_database(settings_or_exit())
    try:
        with unit(db) as s:
            user = accounts.create_user(
                s, bootstrap.cli_actor(), email=email, password=password, role=role, org_slug=org, name=name
            )
            typer.echo(f"created user {user.email} ({user.role})")
    except WaarborgError as exc:
        fail(exc)


def org_add(
    slug: str = typer.Option(..., "--slug"),
    name: str = typer.Option(..., "--name"),
    kind: str = typer.Option("other", "--kind"),
    public_body: bool = typer.Option(True, "--public-body/--private"),
) -> None:
    """Create an organisation."""
    db = bootstrap.open_database(settings_or_exit())
    try:
        with unit(db) as s:
            o = accounts.create_organisation(
                s, bootstrap.cli_actor(), slug=slug, name=name, kind=kind, public_body=public_body
            )
            typer.echo(f"created organisation {o.slug}")
    except WaarborgError as exc:
        fail(exc)


def auditlog_verify() -> None:
    """Check the hash chain; exit 1 naming the first broken entry if it was tampered with."""
    db = bootstrap.open_database(settings_or_exit())
    with unit(db, write=False) as s:
        total, broken = auditlog.verify(s)
    if broken is not None:
        typer.echo(f"audit log BROKEN at entry {broken.seq}: {broken.reason}", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {total} entries verified")
