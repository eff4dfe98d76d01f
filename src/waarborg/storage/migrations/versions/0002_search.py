"""full-text search structures (FTS5 on SQLite, GIN expression index on PostgreSQL)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

from waarborg.storage.search import create_search_structures

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_search_structures(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS entries_fts")
        op.execute("DROP INDEX IF EXISTS ix_entries_public_published")
    else:
        op.execute("DROP INDEX IF EXISTS ix_entries_search_gin")
