"""Full-text search over published entries: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Connection, column, false, func, text
from sqlalchemy.orm import Session

from waarborg.storage.models import Entry

FTS_DDL_SQLITE = "CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
FTS_DDL_POSTGRES = (
    "CREATE INDEX IF NOT EXISTS ix_entries_search_gin ON entries "
    "USING gin (to_tsvector('simple', coalesce(search_text, '')))"
)
_WORD = re.compile(r"\w+", re.UNICODE)


# SQLite only: lets "newest first" page through many matches without reading every wide row
# (bench/register.py: 136 ms -> 10 ms for a common term on 100k entries). Not on PostgreSQL, where the
# planner would walk it and recompute the tsvector per row.
ORDER_INDEX_SQLITE = (
    "CREATE INDEX IF NOT EXISTS ix_entries_public_published ON entries (is_public, published_at, id)"
)


def create_search_structures(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(FTS_DDL_SQLITE)
        conn.exec_driver_sql(ORDER_INDEX_SQLITE)
    else:
        conn.exec_driver_sql(FTS_DDL_POSTGRES)


def reindex(session: Session, entry: Entry) -> None:
    """Keep the SQLite FTS table in step with ``entry.search_text`` (PostgreSQL indexes the column itself)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text("DELETE FROM entries_fts WHERE rowid = :id"), {"id": entry.id})
    if entry.is_public and entry.search_text:
        session.execute(
            text("INSERT INTO entries_fts(rowid, body) VALUES (:id, :body)"),
            {"id": entry.id, "body": entry.search_text},
        )


def terms(q: str) -> list[str]:
    return _WORD.findall(q.lower())[:12]


def fts_query(words: list[str]) -> str:
    return " ".join(f'"{w}"*' for w in words)


def count_public_matches(session: Session, q: str) -> int | None:
    """SQLite: the number of public entries matching ``q``, from the FTS index alone (it holds exactly the
    public entries, see ``reindex``). None on PostgreSQL or when ``q`` has no words."""
    words = terms(q)
    if not words or session.get_bind().dialect.name != "sqlite":
        return None
    sql = text("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH :fq").bindparams(fq=fts_query(words))
    return int(session.scalar(sql) or 0)


def match_clause(session: Session, q: str) -> ColumnElement[bool] | None:
    """A WHERE clause matching all words of ``q`` as prefixes; None when q has no words."""
    words = terms(q)
    if not words:
        return None
    if session.get_bind().dialect.name == "sqlite":
        sub = text("SELECT rowid FROM entries_fts WHERE entries_fts MATCH :fq").bindparams(
            fq=fts_query(words)
        )
        return Entry.id.in_(sub.columns(column("rowid")))
    tsq = " & ".join(f"{w}:*" for w in words if w.replace("_", "").isalnum())
    if not tsq:
        return false()
    return func.to_tsvector("simple", func.coalesce(Entry.search_text, "")).op("@@")(
        func.to_tsquery("simple", tsq)
    )
