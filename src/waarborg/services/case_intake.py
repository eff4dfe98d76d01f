"""Filing a complaint or explanation request without an account: validation, honeypot, rate limits per
address and per entry, attachments, the status-link token, the receipt e-mail and the inbox notice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain import attachments as att
from waarborg.domain.cases.notices import acknowledgement, staff_notice
from waarborg.domain.cases.submission import (
    address_key,
    derive_status_token,
    enforce_rate,
    new_token_salt,
    token_digest,
    validate_submission,
)
from waarborg.domain.errors import NotFound
from waarborg.domain.policy import ANONYMOUS
from waarborg.services import entries, events, outbox
from waarborg.services.cases import CITIZEN, Links, cat, new_case
from waarborg.storage.base import utcnow
from waarborg.storage.models_cases import CaseAttachment, RemedyCase

LOCAL = ZoneInfo("Europe/Amsterdam")


def _recent(session: Session, column: Any, value: Any, since: datetime) -> list[datetime]:
    q = select(RemedyCase.created_at).where(column == value, RemedyCase.created_at > since)
    return [t if t.tzinfo else t.replace(tzinfo=since.tzinfo) for t in session.scalars(q)]


def submit(
    session: Session,
    links: Links,
    public_id: str,
    form: Mapping[str, str],
    files: Sequence[tuple[str, bytes]],
    *,
    address: str,
    now: datetime | None = None,
    per_address_max: int | None = None,
) -> tuple[RemedyCase, str]:
    """File a complaint or explanation request about a published entry. Returns the case and its token."""
    now = (now or utcnow()).astimezone(UTC)
    today = now.astimezone(LOCAL).date()  # legal dates are Dutch calendar dates
    entry = entries.get(session, public_id)
    if not entry.is_public:
        raise NotFound(f"entry {public_id} not found")
    c = cat()
    sub = validate_submission(c, form, today)
    checked = att.check_attachments(
        list(files), max_count=c.limits.attachments_max_count, max_bytes=c.limits.attachment_max_bytes
    )
    key = address_key(address, links.secret)
    per_address = (
        c.limits.per_address
        if per_address_max is None
        else replace(c.limits.per_address, max=per_address_max)
    )
    enforce_rate(
        per_address,
        _recent(session, RemedyCase.address_key, key, now - timedelta(minutes=per_address.window_minutes)),
        now,
        "address",
    )
    enforce_rate(
        c.limits.per_entry,
        _recent(
            session, RemedyCase.entry_id, entry.id, now - timedelta(minutes=c.limits.per_entry.window_minutes)
        ),
        now,
        "entry",
    )
    salt = new_token_salt()
    token = derive_status_token(links.secret, salt)
    case = new_case(
        session,
        sub.case_type,
        organisation_id=entry.organisation_id,
        entry_id=entry.id,
        today=today,
        actor_label=CITIZEN,
        actor_role=CITIZEN,
        subject=sub.subject,
        language=sub.language,
        title=(entry.pub_name or entry.name)[:300],
        token_digest=token_digest(token),
        token_salt=salt,
        address_key=key,
        name=sub.name,
        email=sub.email,
        description=sub.description,
        decision_reference=sub.decision_reference,
        decision_date=sub.decision_date,
        created_at=now,
    )
    for (_name, data), ok in zip(files, checked, strict=True):
        session.add(
            CaseAttachment(
                case_id=case.id,
                filename=ok.filename,
                media_type=ok.file_type.media_type,
                size=ok.size,
                data=data,
            )
        )
    if case.email:
        outbox.enqueue(
            session,
            case.email,
            acknowledgement(
                c, case.case_type, case.number, case.state, case.due, links.status(token), case.language
            ),
            case.id,
        )
    outbox.notify_staff(
        session,
        staff_notice(
            case.number, "Nieuwe zaak in de inbox", "New case in the inbox", case.due, links.staff(case)
        ),
        organisation_id=case.organisation_id,
        case_id=case.id,
    )
    events.publish(
        session,
        ANONYMOUS,
        "case.filed",
        {"case_id": case.id, "case_type": case.case_type, "entry_id": entry.id},
    )
    return case, token
