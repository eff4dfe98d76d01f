"""Remedies and oversight: cases (complaints, explanation requests, escalations, serious incidents, FRIA
notifications, investigations), their messages, attachments and revisions, supervisor measures, and the
mail outbox. Personal data lives only in the columns listed in the case catalogue's ``personal_fields``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from waarborg.storage.base import Base, utcnow


class RemedyCase(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    case_type: Mapped[str] = mapped_column(String(30), index=True)
    state: Mapped[str] = mapped_column(String(30), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    origin: Mapped[str] = mapped_column(String(30), default="")
    subject: Mapped[str] = mapped_column(String(20), default="system")
    language: Mapped[str] = mapped_column(String(2), default="nl")
    title: Mapped[str] = mapped_column(String(300), default="")
    token_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_salt: Mapped[str | None] = mapped_column(String(40))
    address_key: Mapped[str | None] = mapped_column(String(32), index=True)
    # personal data (anonymised after the retention period)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    description: Mapped[str] = mapped_column(Text, default="")
    decision_reference: Mapped[str | None] = mapped_column(String(200))
    decision_date: Mapped[date | None] = mapped_column(Date)
    # dates and deadline
    received_on: Mapped[date] = mapped_column(Date)
    aware_on: Mapped[date | None] = mapped_column(Date)
    categories: Mapped[list[Any]] = mapped_column(JSON, default=list)
    due: Mapped[date | None] = mapped_column(Date, index=True)
    deadline: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    escalation_window_ends: Mapped[date | None] = mapped_column(Date)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    reported_late: Mapped[bool] = mapped_column(Boolean, default=False)
    step_counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reminders_sent: Mapped[list[Any]] = mapped_column(JSON, default=list)
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)
    anonymised_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseRevision(Base):
    """One row per step taken: the case's history, never overwritten."""

    __tablename__ = "case_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(320))
    actor_role: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseMessage(Base):
    """Replies, decisions and notes. ``to_citizen`` messages show on the status page; others are internal."""

    __tablename__ = "case_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    author_role: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(30))
    to_citizen: Mapped[bool] = mapped_column(Boolean, default=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseAttachment(Base):
    __tablename__ = "case_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    filename: Mapped[str] = mapped_column(String(100))
    media_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Measure(Base):
    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    state: Mapped[str] = mapped_column(String(30))
    legal_basis: Mapped[list[Any]] = mapped_column(JSON)
    reasoning: Mapped[str] = mapped_column(Text)
    public_text: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date] = mapped_column(Date)
    due: Mapped[date | None] = mapped_column(Date)
    register_mark: Mapped[str | None] = mapped_column(String(20))
    response: Mapped[str | None] = mapped_column(Text)
    responded_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    step_counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    issued_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MailOutbox(Base):
    """Mail waiting to be sent; the worker retries with backoff, so nothing is lost while SMTP is down."""

    __tablename__ = "mail_outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
