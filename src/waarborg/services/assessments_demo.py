"""Demo content for assessments: an approved IAMA for the welfare-fraud risk score and a FRIA that is
pre-filled from it (idempotent: skips entries that already have the assessment)."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from waarborg.services import accounts, assessment_risks, assessment_workflow, assessments
from waarborg.services.assessment_views import rows_for_entry
from waarborg.services.unit import unit
from waarborg.storage.db import Database
from waarborg.storage.models import Entry, User


def _actor(session: Any, role: str, org: str) -> Any:
    user = session.scalar(select(User).where(User.email == f"{role}@{org}.example"))
    return accounts.actor_for(user) if user is not None else None


def _load_one(db: Database, item: dict[str, Any]) -> bool:
    with unit(db) as s:
        org = accounts.organisation_by_slug(s, item["org"])
        entry = s.scalar(select(Entry).where(Entry.organisation_id == org.id, Entry.name == item["entry"]))
        editor, approver = _actor(s, "editor", item["org"]), _actor(s, "approver", item["org"])
        if (
            entry is None
            or editor is None
            or any(r.instrument == item["instrument"] for r in rows_for_entry(s, entry.id))
        ):
            return False
        row = assessments.start(s, editor, entry, item["instrument"])
        if item.get("answers"):
            assessments.save(
                s,
                editor,
                row,
                expected_version=None,
                answers=item["answers"],
                answer_visibility=item.get("answer_visibility"),
                public_summary=item.get("public_summary"),
                review_date=date.fromisoformat(item["review_date"]),
            )
        for risk in item.get("risks", []):
            assessment_risks.put_risk(s, editor, row, risk)
        if item.get("approve") and approver is not None:
            assessment_workflow.transition(s, editor, row, "submit")
            assessment_workflow.transition(s, approver, row, "approve")
    return True


def load_demo(db: Database, summary: Any) -> None:
    text = resources.files("waarborg").joinpath("demo/assessments.yaml").read_text("utf-8")
    added = sum(_load_one(db, item) for item in yaml.safe_load(text)["assessments"])
    summary.notes.append(
        f"Assessments: {added} demo human-rights assessments (an approved IAMA, a pre-filled FRIA)."
    )
