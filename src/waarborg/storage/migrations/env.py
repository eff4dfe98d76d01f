"""Alembic environment: batch mode for SQLite, metadata from every models module."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from waarborg.storage.migrations.env_support import include_object
from waarborg.storage.registry import load_all_models

config = context.config
target_metadata = load_all_models()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        connectable = engine_from_config(
            config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
        )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
