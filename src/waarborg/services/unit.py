"""Unit of work: one transaction per request or command. Services commit through it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from waarborg.storage.db import Database

# SQLite has one writer at a time; serialising writers in-process avoids stale-snapshot failures
# (and keeps the audit-log chain gap-free). PostgreSQL uses an advisory lock instead (see auditlog).
_SQLITE_WRITE_LOCK = threading.RLock()


@contextmanager
def unit(db: Database, *, write: bool = True) -> Iterator[Session]:
    """Open a session; commit if the block succeeds, roll back otherwise."""
    lock = _SQLITE_WRITE_LOCK if (write and db.dialect == "sqlite") else None
    if lock is not None:
        lock.acquire()
    session = db.sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
        if lock is not None:
            lock.release()
