"""Append to and verify the hash-chained audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from waarborg.domain import auditchain
from waarborg.domain.policy import Actor
from waarborg.storage.base import utcnow
from waarborg.storage.models import AuditLog

_PG_LOCK_KEY = 7_346_211  # advisory lock id for the audit chain


def record(
    session: Session,
    actor: Actor | str,
    action: str,
    object_type: str,
    object_id: object,
    data: dict[str, Any],
) -> AuditLog:
    """Append one entry. Call inside the unit of work that makes the change, so both commit together."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    last = session.execute(select(AuditLog.seq, AuditLog.hash).order_by(AuditLog.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, auditchain.GENESIS)
    at = utcnow()
    who = actor if isinstance(actor, str) else actor.label
    rec = {
        "seq": seq,
        "at": at.isoformat(),
        "actor": who,
        "action": action,
        "object": f"{object_type}:{object_id}",
        "data": data,
    }
    rec = auditchain.json_roundtrip(rec)
    row = AuditLog(
        seq=seq,
        at=at,
        actor=who,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        record=rec,
        prev_hash=prev,
        hash=auditchain.link_hash(prev, rec),
    )
    session.add(row)
    session.flush()
    return row


def verify(session: Session) -> tuple[int, auditchain.ChainBreak | None]:
    """Walk the chain in batches; return (entries checked, first break or None)."""
    total = session.scalar(select(func.count()).select_from(AuditLog)) or 0

    def rows():  # type: ignore[no-untyped-def]
        q = select(AuditLog.seq, AuditLog.record, AuditLog.prev_hash, AuditLog.hash).order_by(AuditLog.seq)
        for r in session.execute(q).yield_per(1000):
            yield r[0], r[1], r[2], r[3]

    return total, auditchain.verify(rows())


def history(session: Session, object_type: str, object_id: object, limit: int = 200) -> list[AuditLog]:
    q = (
        select(AuditLog)
        .where(AuditLog.object_type == object_type, AuditLog.object_id == str(object_id))
        .order_by(AuditLog.seq.desc())
        .limit(limit)
    )
    return list(session.scalars(q))


def recent(session: Session, limit: int = 200) -> list[AuditLog]:
    return list(session.scalars(select(AuditLog).order_by(AuditLog.seq.desc()).limit(limit)))
