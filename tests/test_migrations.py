"""Alembic: upgrade/downgrade/upgrade works, and the models match the migrations, on both databases."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from waarborg.storage import migrate
from waarborg.storage.migrations.env_support import include_object
from waarborg.storage.registry import load_all_models


@pytest.fixture
def empty_url(db_kind, _pg_url, tmp_path):  # type: ignore[no-untyped-def]
    if db_kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    base = _pg_url.split("?")[0].rsplit("/", 1)[0]
    name = f"waarborg_migrate_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield f"{base}/{name}"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _diff(url: str) -> list[object]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
        diff = compare_metadata(ctx, load_all_models())
    engine.dispose()
    return diff


def test_upgrade_downgrade_upgrade(database, empty_url):  # type: ignore[no-untyped-def]
    migrate.upgrade(empty_url)
    migrate.downgrade(empty_url, "base")
    engine = create_engine(empty_url.replace("postgresql://", "postgresql+psycopg://", 1))
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(empty_url)
    assert _diff(empty_url) == []


def test_models_match_migrations(database, empty_url):  # type: ignore[no-untyped-def]
    migrate.upgrade(empty_url)
    diff = _diff(empty_url)
    assert diff == [], f"models and migrations differ; generate a revision: {diff}"
