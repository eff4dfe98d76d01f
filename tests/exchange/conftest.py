"""Fixtures for exchange tests: the ``waarborg`` CLI on the test database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from waarborg.cli import app as cli_app
from waarborg.settings import get_settings
from waarborg.storage.db import Database


@pytest.fixture
def cli(database: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """``cli("export", "--format", "csv")`` runs the command against the test database."""
    monkeypatch.setenv("WAARBORG_DATABASE_URL", database.engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()

    def run(*args: str, **kw: Any) -> Result:
        return CliRunner().invoke(cli_app, list(args), **kw)

    yield run
    get_settings.cache_clear()
