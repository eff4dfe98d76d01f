"""JSON API for human-rights impact assessments (IAMA, FRIA, HUDERIA) on register entries."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from waarborg.domain import assessments as dom
from waarborg.services import assessment_risks, assessment_workflow, assessments, entries
from waarborg.services import assessment_views as views
from waarborg.web.context import CtxDep

router = APIRouter(prefix="/api/v1", tags=["assessments"])


class AssessmentStart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instrument: Literal["iama", "fria", "huderia"]


class AssessmentSave(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int | None = Field(None, description="the version you edited (optimistic locking)")
    answers: dict[str, Any] | None = Field(None, description="question id -> answer; null or '' clears one")
    answer_visibility: dict[str, str] | None = None
    section_visibility: dict[str, str] | None = None
    public_summary: str | None = Field(None, max_length=5000)
    review_date: date | None = None


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["submit", "withdraw", "return", "approve", "reopen"]
    comment: str = Field("", max_length=2000)


class MitigationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str = Field(max_length=2000)
    status: str = "planned"
    due: date | None = None
    owner: str = Field("", max_length=200)
    id: str | None = None


class RiskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)
    right: str = Field(max_length=300)
    owner: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    visibility: str = "supervisor"
    factors: dict[str, str]
    residual: dict[str, str] = Field(default_factory=dict)
    mitigations: list[MitigationIn] = Field(default_factory=list, max_length=50)


class MitigationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str
    due: date | None = None


def _instrument_json(inst: dom.Instrument) -> dict[str, Any]:
    def text(t: Any) -> Any:
        return {"nl": t.nl, "en": t.en} if t is not None else None

    def option(o: Any) -> dict[str, Any]:
        return {"id": o.id, "label": text(o.label)}

    return {
        "id": inst.id,
        "version": inst.version,
        "title": text(inst.title),
        "description": text(inst.description),
        "binding": inst.binding,
        "note": text(inst.note),
        "source": {
            "article": inst.source.article,
            "url": inst.source.url,
            "certainty": inst.source.certainty,
        },
        "sections": [
            {
                "id": s.id,
                "title": text(s.title),
                "visibility": s.visibility,
                "questions": [
                    {
                        "id": q.id,
                        "type": q.type,
                        "label": text(q.label),
                        "help": text(q.help),
                        "required": q.required,
                        "required_if": {"question": q.required_if.question, "equals": q.required_if.equals}
                        if q.required_if
                        else None,
                        "multiple": q.multiple,
                        "options": [option(o) for o in q.options],
                        "columns": [
                            {
                                "id": c.id,
                                "type": c.type,
                                "label": text(c.label),
                                "required": c.required,
                                "options": [option(o) for o in c.options],
                            }
                            for c in q.columns
                        ],
                        "source": {
                            "article": q.source.article,
                            "url": q.source.url,
                            "certainty": q.source.certainty,
                        },
                    }
                    for q in s.questions
                ],
            }
            for s in inst.sections
        ],
        "risk_model_note": text(dom.risk_model().note),
    }


@router.get("/instruments")
def list_instruments() -> dict[str, Any]:
    """The assessment instruments (questionnaires) with their versions and sources."""
    return {
        "ok": True,
        "items": [
            {
                "id": i.id,
                "version": i.version,
                "title": {"nl": i.title.nl, "en": i.title.en},
                "binding": i.binding,
            }
            for i in dom.all_instruments().values()
        ],
    }


@router.get("/instruments/{instrument_id}")
def get_instrument(instrument_id: str) -> dict[str, Any]:
    return {"ok": True, "instrument": _instrument_json(dom.instrument(instrument_id))}


@router.get("/entries/{entry_id}/assessments")
def entry_assessments(entry_id: str, ctx: CtxDep) -> dict[str, Any]:
    """Which assessments the entry needs (and why), and the status of those done (per reader)."""
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        items = []
        for row in views.rows_for_entry(s, entry.id):
            readable = views.readable_revisions(s, ctx.actor, row)
            if readable:
                rev = readable[-1]
                items.append(
                    {"id": row.id, "instrument": row.instrument, "revision": rev.revision, "state": rev.state}
                )
        return {
            "ok": True,
            "requirements": [r.to_dict() for r in views.requirements(entry)],
            "status": [st.to_dict() for st in views.public_status(s, ctx.actor, entry)],
            "items": items,
        }


@router.post("/entries/{entry_id}/assessments", status_code=201)
def start_assessment(entry_id: str, body: AssessmentStart, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        row = assessments.start(s, ctx.actor, entry, body.instrument)
        return {"ok": True, "assessment": views.view(s, ctx.actor, row, assessments.current(row))}


@router.get("/assessments/{assessment_id}")
def get_assessment(
    assessment_id: int, ctx: CtxDep, revision: int | None = Query(None, ge=1), variant: str | None = None
) -> dict[str, Any]:
    """The assessment as you may see it; ``variant=public`` shows what the public sees."""
    with ctx.read() as s:
        row, rev = views.get_readable(s, ctx.actor, assessment_id, revision)
        out = views.view(s, ctx.actor, row, rev, variant)
        if out["audience"] == "internal":
            out["actions"] = assessment_workflow.allowed_actions(s, ctx.actor, row)
        return {"ok": True, "assessment": out}


@router.put("/assessments/{assessment_id}")
def save_assessment(assessment_id: int, body: AssessmentSave, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        review: date | None | str = body.review_date if "review_date" in body.model_fields_set else "keep"
        rev = assessments.save(
            s,
            ctx.actor,
            row,
            expected_version=body.version,
            answers=body.answers,
            answer_visibility=body.answer_visibility,
            section_visibility=body.section_visibility,
            public_summary=body.public_summary,
            review_date=review,
        )
        return {"ok": True, "assessment": views.view(s, ctx.actor, row, rev)}


@router.post("/assessments/{assessment_id}/prefill")
def prefill_assessment(assessment_id: int, ctx: CtxDep) -> dict[str, Any]:
    """Fill unanswered questions from the entry's other assessments (IAMA <-> FRIA <-> HUDERIA)."""
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        return {"ok": True, "filled": assessments.prefill_empty(s, ctx.actor, row)}


@router.post("/assessments/{assessment_id}/transitions")
def transition_assessment(assessment_id: int, body: TransitionIn, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        rev = assessment_workflow.transition(s, ctx.actor, row, body.action, body.comment)
        return {"ok": True, "assessment": views.view(s, ctx.actor, row, rev)}


@router.post("/assessments/{assessment_id}/risks", status_code=201)
def add_risk(assessment_id: int, body: RiskIn, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        return {
            "ok": True,
            "risk": assessment_risks.put_risk(s, ctx.actor, row, body.model_dump(mode="json")),
        }


@router.put("/assessments/{assessment_id}/risks/{risk_id}")
def replace_risk(assessment_id: int, risk_id: str, body: RiskIn, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        return {
            "ok": True,
            "risk": assessment_risks.put_risk(s, ctx.actor, row, body.model_dump(mode="json"), risk_id),
        }


@router.delete("/assessments/{assessment_id}/risks/{risk_id}")
def remove_risk(assessment_id: int, risk_id: str, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        assessment_risks.delete_risk(s, ctx.actor, row, risk_id)
        return {"ok": True}


@router.patch("/assessments/{assessment_id}/risks/{risk_id}/mitigations/{mitigation_id}")
def update_mitigation(
    assessment_id: int, risk_id: str, mitigation_id: str, body: MitigationUpdate, ctx: CtxDep
) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        due = body.due.isoformat() if body.due else None
        return {
            "ok": True,
            "mitigation": assessment_risks.update_mitigation(
                s, ctx.actor, row, risk_id, mitigation_id, body.status, due
            ),
        }


@router.get("/assessments/{assessment_id}/revisions")
def list_revisions(assessment_id: int, ctx: CtxDep) -> dict[str, Any]:
    with ctx.read() as s:
        row, _ = views.get_readable(s, ctx.actor, assessment_id)
        revs = views.readable_revisions(s, ctx.actor, row)
        return {
            "ok": True,
            "items": [
                {
                    "revision": r.revision,
                    "state": r.state,
                    "approver": r.approver_name,
                    "approved_at": r.approved_at.isoformat() if r.approved_at else None,
                    "review_date": r.review_date.isoformat() if r.review_date else None,
                    "reopen_reason": r.reopen_reason,
                }
                for r in revs
            ],
        }


@router.get("/assessments/{assessment_id}/export.{fmt}")
def export_assessment(
    assessment_id: int,
    fmt: Literal["pdf", "md", "json"],
    ctx: CtxDep,
    revision: int | None = Query(None, ge=1),
    variant: str | None = None,
    lang: str | None = None,
) -> Response:
    """Report download (PDF, Markdown, JSON); ``variant=public`` gives the public report."""
    with ctx.read() as s:
        row, rev = views.get_readable(s, ctx.actor, assessment_id, revision)
        body, media, name = views.export(s, ctx.actor, row, rev, fmt, lang or ctx.lang, variant)
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/assessment-dashboard")
def assessment_dashboard(ctx: CtxDep, today: date | None = None) -> dict[str, Any]:
    """Overdue mitigations and due reviews (your organisation; supervisors and admins: all)."""
    ctx.require_login()
    with ctx.read() as s:
        items = views.dashboard(s, ctx.actor, today)
        return {
            "ok": True,
            "items": [
                {
                    "kind": i.kind,
                    "assessment_id": int(i.assessment_id),
                    "entry_id": i.entry_id,
                    "entry_name": i.entry_name,
                    "instrument": i.instrument,
                    "title": i.title,
                    "due": i.due.isoformat(),
                    "days_overdue": i.days_overdue,
                    "overdue": i.overdue,
                    "owner": i.owner,
                }
                for i in items
            ],
        }
