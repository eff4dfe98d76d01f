"""Compliance tracking tables: one checklist per register entry, its requirement items, the measures
(current row + every version) and the evidence files' metadata (the bytes live in the evidence store)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from waarborg.storage.base import Base, utcnow


class ComplianceChecklist(Base):
    """Which classification and catalogue version the entry's checklist was last generated from."""

    __tablename__ = "compliance_checklists"
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    catalogue: Mapped[str] = mapped_column(String(80))
    ruleset: Mapped[str] = mapped_column(String(80), default="")
    classified_as_of: Mapped[str] = mapped_column(String(10), default="")
    risk_class: Mapped[str] = mapped_column(String(20), default="")
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    generated_by: Mapped[str] = mapped_column(String(320), default="")


class ComplianceItem(Base):
    """One requirement on an entry's checklist. ``data`` holds title, summary, source, holders,
    obligations and references (the RequirementItem without its measures)."""

    __tablename__ = "compliance_items"
    __table_args__ = (UniqueConstraint("entry_id", "requirement_id", name="compliance_item"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    requirement_id: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    applicability: Mapped[str] = mapped_column(String(30), index=True)
    applies_from: Mapped[date | None] = mapped_column(Date, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ComplianceMeasure(Base):
    """Current state of one measure; ``data`` is the full MeasureItem as JSON."""

    __tablename__ = "compliance_measures"
    __table_args__ = (UniqueConstraint("entry_id", "measure_id", name="compliance_measure"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("compliance_items.id"), index=True)
    measure_id: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), index=True)
    owner: Mapped[str | None] = mapped_column(String(320))
    reviewer: Mapped[str | None] = mapped_column(String(320))
    due: Mapped[date | None] = mapped_column(Date)
    in_catalogue: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ComplianceMeasureVersion(Base):
    """Every version of a measure, never changed or deleted (who, when, what)."""

    __tablename__ = "compliance_measure_versions"
    __table_args__ = (UniqueConstraint("measure_row_id", "version", name="compliance_measure_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    measure_row_id: Mapped[int] = mapped_column(ForeignKey("compliance_measures.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(320))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ComplianceEvidence(Base):
    """An uploaded evidence file: metadata here, bytes in the evidence store under ``sha256``."""

    __tablename__ = "compliance_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    measure_row_id: Mapped[int] = mapped_column(ForeignKey("compliance_measures.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(320))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
