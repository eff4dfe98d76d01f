"""Helpers shared by command modules: settings, and errors → exit codes."""

from __future__ import annotations

from typing import NoReturn

import typer
from pydantic import ValidationError

from waarborg.domain.errors import InvalidInput, NotFound, WaarborgError
from waarborg.settings import Settings, get_settings


def settings_or_exit() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        typer.echo(f"error: configuration: {exc.errors()[0].get('msg')}", err=True)
        raise typer.Exit(2) from None


def fail(exc: WaarborgError) -> NoReturn:
    """Print every error line to stderr; exit 2 for bad input, 1 otherwise."""
    typer.echo(f"error: {exc.message}", err=True)
    for line in exc.errors:
        if line != exc.message:
            typer.echo(f"  {line}", err=True)
    raise typer.Exit(2 if isinstance(exc, InvalidInput | NotFound) else 1)
