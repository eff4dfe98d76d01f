"""Opening the configured database and preparing its schema (for the CLI and the web app)."""

from __future__ import annotations

from waarborg.domain.policy import Actor
from waarborg.settings import Settings
from waarborg.storage import migrate
from waarborg.storage.db import Database

SYSTEM = Actor(user_id=0, role="admin", email="system")


def open_database(settings: Settings) -> Database:
    return Database(settings.database_url)


def upgrade_schema(settings: Settings, revision: str = "head") -> None:
    migrate.upgrade(settings.database_url, revision)


def downgrade_schema(settings: Settings, revision: str) -> None:
    migrate.downgrade(settings.database_url, revision)


def cli_actor(label: str = "cli") -> Actor:
    """The actor for commands run by an operator on the server (recorded as such in the audit log)."""
    return Actor(user_id=0, role="admin", email=label)
