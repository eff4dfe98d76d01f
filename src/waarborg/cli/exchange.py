"""``waarborg import`` and ``waarborg export``: register exchange files (see docs/exchange.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from waarborg.cli.common import fail, settings_or_exit
from waarborg.domain.errors import WaarborgError
from waarborg.domain.exchange import FORMATS, info
from waarborg.services import bootstrap
from waarborg.services import exchange as service
from waarborg.services.unit import unit

_FORMAT_HELP = "one of " + ", ".join(FORMATS)


def register(app: typer.Typer) -> None:
    app.command("import")(import_file)
    app.command("export")(export_file)


def import_file(
    file: Path = typer.Argument(..., help="file to import ('-' reads stdin)", allow_dash=True),
    fmt: str = typer.Option(..., "--format", help=_FORMAT_HELP),
    org: str | None = typer.Option(None, "--org", help="organisation slug for every record"),
    publish: bool = typer.Option(
        False,
        "--publish",
        help="submit and publish (native formats: restore the recorded workflow status); "
        "the operator acts as approver",
    ),
) -> None:
    """Import a file; the whole file is checked first and nothing is written if any record is bad."""
    try:
        info(fmt)
    except WaarborgError as exc:
        fail(exc)
    try:
        raw = typer.get_binary_stream("stdin").read() if str(file) == "-" else file.read_bytes()
    except OSError as exc:
        typer.echo(f"error: file: cannot read {str(file)!r}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    db = bootstrap.open_database(settings_or_exit())
    try:
        text = service.decode(raw)
        with unit(db) as s:
            result = service.import_text(s, fmt, text, org_slug=org, publish=publish)
    except WaarborgError as exc:
        fail(exc)
    finally:
        db.dispose()
    typer.echo(result.summary(), err=True)
    for pid in result.created:
        typer.echo(f"created {pid}")
    for pid in result.updated:
        typer.echo(f"updated {pid}")


def export_file(
    fmt: str = typer.Option(..., "--format", help=_FORMAT_HELP),
    public_only: bool | None = typer.Option(
        None,
        "--public-only/--all-fields",
        help="public register content only (default for the standards) or every field "
        "(default for waarborg-json and csv)",
    ),
    org: str | None = typer.Option(None, "--org", help="only this organisation's entries"),
    output: Path | None = typer.Option(None, "-o", "--output", help="write to this file instead of stdout"),
) -> None:
    """Export the register in an exchange format."""
    db = bootstrap.open_database(settings_or_exit())
    try:
        with unit(db, write=False) as s:
            text = service.export_text(s, bootstrap.cli_actor(), fmt, org_slug=org, public_only=public_only)
    except WaarborgError as exc:
        fail(exc)
    finally:
        db.dispose()
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        typer.echo(f"error: output: cannot write {str(output)!r}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {output}", err=True)
