"""The mail outbox: use cases enqueue messages in their own transaction; a worker sends them with retry.

Nothing is lost while the SMTP server is down: a failed attempt keeps the message pending with the next
attempt time from the catalogue's retry schedule; after the last attempt it is marked ``failed``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain.cases.catalogue import load_catalogue
from waarborg.domain.cases.notices import MailText, next_attempt
from waarborg.engines.mail import MailDeliveryError, SmtpConfig, send
from waarborg.services.unit import unit
from waarborg.storage.base import utcnow
from waarborg.storage.db import Database
from waarborg.storage.models import User
from waarborg.storage.models_cases import MailOutbox


def enqueue(session: Session, recipient: str, mail: MailText, case_id: int | None = None) -> MailOutbox:
    row = MailOutbox(
        case_id=case_id,
        recipient=recipient,
        subject=mail.subject[:300],
        body=mail.body,
        message_id=f"<{secrets.token_hex(12)}@waarborg>",
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(row)
    return row


def staff_addresses(
    session: Session, *, organisation_id: int | None = None, supervisors: bool = False
) -> list[str]:
    q = select(User.email).where(User.active.is_(True))
    if supervisors:
        q = q.where(User.role == "supervisor")
    else:
        q = q.where(User.organisation_id == organisation_id, User.role.in_(("editor", "approver")))
    return sorted(session.scalars(q))


def notify_staff(
    session: Session,
    mail: MailText,
    *,
    organisation_id: int | None = None,
    supervisors: bool = False,
    case_id: int | None = None,
) -> int:
    addresses = staff_addresses(session, organisation_id=organisation_id, supervisors=supervisors)
    for address in addresses:
        enqueue(session, address, mail, case_id)
    return len(addresses)


@dataclass
class DeliveryReport:
    sent: int = 0
    retry: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"sent": self.sent, "retry": self.retry, "failed": self.failed}


def _as_aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)


def deliver_pending(
    db: Database, config: SmtpConfig, now: datetime | None = None, limit: int = 200
) -> DeliveryReport:
    """Send every pending message whose time has come. Each message commits on its own."""
    now = now or utcnow()
    report = DeliveryReport()
    with unit(db, write=False) as s:
        ids = [
            r.id
            for r in s.scalars(
                select(MailOutbox).where(MailOutbox.status == "pending").order_by(MailOutbox.id)
            )
            if _as_aware(r.next_attempt_at) <= now
        ][:limit]
    for message_id in ids:
        with unit(db) as s:
            row = s.get(MailOutbox, message_id)
            if row is None or row.status != "pending":
                continue
            try:
                send(config, row.recipient, row.subject, row.body, message_id=row.message_id)
            except MailDeliveryError as exc:
                row.attempts += 1
                row.last_error = exc.message[:500]
                later = next_attempt(load_catalogue(), row.attempts, now) if exc.transient else None
                if later is None:
                    row.status = "failed"
                    report.failed += 1
                else:
                    row.next_attempt_at = later
                    report.retry += 1
                continue
            row.attempts += 1
            row.status, row.sent_at, row.last_error = "sent", now, ""
            report.sent += 1
    return report
