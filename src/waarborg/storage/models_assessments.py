"""Human-rights impact assessments: one assessment per (entry, instrument), its revisions (each a
workflow unit: draft -> in review -> approved -> superseded) and an append-only version history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from waarborg.storage.base import Base, utcnow


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("entry_id", "instrument", name="assessment_entry_instrument"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    instrument: Mapped[str] = mapped_column(String(20))
    current_revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    revisions: Mapped[list[AssessmentRevisionRow]] = relationship(
        back_populates="assessment", order_by="AssessmentRevisionRow.revision", lazy="selectin"
    )


class AssessmentRevisionRow(Base):
    """One revision. ``version`` counts saves (optimistic locking); ``risks`` is the risk register."""

    __tablename__ = "assessment_revisions"
    __table_args__ = (UniqueConstraint("assessment_id", "revision", name="assessment_revision"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    instrument_version: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answer_visibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    section_visibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prefilled: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    risks: Mapped[list[Any]] = mapped_column(JSON, default=list)
    public_summary: Mapped[str] = mapped_column(Text, default="")
    review_date: Mapped[date | None] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(320))
    contributors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approver_name: Mapped[str | None] = mapped_column(String(320))
    approved_at: Mapped[datetime | None] = mapped_column()
    reopen_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    assessment: Mapped[AssessmentRow] = relationship(back_populates="revisions")


class AssessmentVersionRow(Base):
    """Append-only history: every save (with a snapshot) and every transition of every revision."""

    __tablename__ = "assessment_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("assessment_revisions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "save" | "transition" | "risk"
    action: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(20), default="")
    target: Mapped[str] = mapped_column(String(20), default="")
    actor: Mapped[str] = mapped_column(String(320))
    comment: Mapped[str] = mapped_column(String(2000), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)
