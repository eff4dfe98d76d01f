"""Classification history: every classification saved for a register entry (never overwritten).

``Entry.classification`` holds the current result; this table keeps who classified when, with which
answers (profile), ruleset version and evaluation date, so any result can be reproduced and compared.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from waarborg.storage.base import Base, utcnow


class ClassificationRecord(Base):
    __tablename__ = "classification_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # How it was made: questionnaire (web), api, reclassify (bulk command) or demo.
    source: Mapped[str] = mapped_column(String(20), default="questionnaire")
    ruleset: Mapped[str] = mapped_column(String(80))  # "<id>@<version>"
    as_of: Mapped[date] = mapped_column(Date)
    risk_class: Mapped[str] = mapped_column(String(20))
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(500), default="")
