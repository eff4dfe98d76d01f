"""JSON API for classification: stateless classify, and classify-and-save for a register entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from waarborg.domain.classification import profile_schema, relevant_questions
from waarborg.services import classification as svc
from waarborg.services import entries
from waarborg.web.context import CtxDep

router = APIRouter(prefix="/api/v1", tags=["classification"])


class ClassifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    profile: dict[str, Any] = Field(
        description="answers keyed by question id (see GET /api/v1/classify/schema)"
    )
    as_of: date | None = Field(None, description="evaluation date; default today")
    ruleset: str | None = Field(None, description="ruleset id@version; default the latest EU AI Act ruleset")


class SaveIn(ClassifyIn):
    note: str = Field("", max_length=500)


@router.post("/classify")
def classify(body: ClassifyIn, ctx: CtxDep) -> dict[str, Any]:
    """Classify a profile without storing anything: the classification result JSON (CONTRACTS.md), plus
    ``ok`` and the ids of the questions that still matter given the answers."""
    rs = svc.ruleset(body.ruleset)
    _, result = svc.run(body.profile, body.as_of or date.today(), rs)
    return {
        "ok": True,
        **result.to_dict(),
        "relevant_questions": [q.id for q in relevant_questions(body.profile, rs)],
    }


@router.get("/classify/schema")
def schema(ctx: CtxDep, ruleset: str = "") -> dict[str, Any]:
    """The JSON Schema of a profile, and the questions with text, help and source."""
    rs = svc.ruleset(ruleset or None)
    return {
        "ok": True,
        "ruleset": rs.ref,
        "schema": profile_schema(rs),
        "questions": [q.to_dict() for q in rs.questions],
    }


def _current(s, entry) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    rows = svc.records(s, entry)
    return {
        "ok": True,
        "entry": {"id": entry.public_id, "name": entry.name},
        "current": entry.classification,
        "classified_at": entry.classified_at.isoformat() if entry.classified_at else None,
        "needs_reclassification": entry.needs_reclassification,
        "reclassification_reason": entry.reclassification_reason,
        "history": [svc.record_json(r, with_result=False) for r in rows],
    }


@router.get("/entries/{entry_id}/classification")
def get_classification(entry_id: str, ctx: CtxDep) -> dict[str, Any]:
    """The entry's current classification and its history (staff of the owning organisation)."""
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        svc.require_staff(ctx.actor, entry)
        return _current(s, entry)


@router.post("/entries/{entry_id}/classification", status_code=201)
def save_classification(entry_id: str, body: SaveIn, ctx: CtxDep) -> dict[str, Any]:
    """Classify the profile and save it as the entry's classification (staff of the owning organisation)."""
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        svc.require_staff(ctx.actor, entry)
        rec = svc.save(
            s,
            ctx.actor,
            entry,
            body.profile,
            body.as_of or date.today(),
            ruleset_ref=body.ruleset,
            note=body.note,
            source="api",
        )
        return {"record": svc.record_json(rec), **_current(s, entry)}
