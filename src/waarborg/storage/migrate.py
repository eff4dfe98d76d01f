"""Schema management: Alembic migrations (production) and create_all (tests, demo speed path)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, inspect

from waarborg.storage import search
from waarborg.storage.db import normalise_url
from waarborg.storage.registry import load_all_models

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def create_all(engine: Engine) -> None:
    """Create the tables straight from the models (tests only; production uses ``upgrade``)."""
    load_all_models().create_all(engine)
    with engine.begin() as conn:
        search.create_search_structures(conn)


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("entries")
