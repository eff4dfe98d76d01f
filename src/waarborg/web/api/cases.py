"""JSON API for remedies and oversight: filing without an account, the status link, the inbox, steps,
incidents, FRIA notifications, investigations, measures and statistics."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from waarborg.domain.errors import NotAllowed
from waarborg.services import case_intake, case_views, cases, oversight
from waarborg.web.context import CtxDep
from waarborg.web.pages.cases import links, staff

router = APIRouter(prefix="/api/v1", tags=["remedies"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseIn(Strict):
    case_type: str = Field(description="complaint | explanation-request")
    description: str = Field(max_length=20000)
    subject: str = "system"
    language: str = "nl"
    name: str = ""
    email: str = ""
    decision_reference: str = ""
    decision_date: str = ""
    website: str = Field("", description="honeypot: must stay empty")


class StepIn(Strict):
    step: str
    reason: str = Field("", max_length=20000)
    link_kind: str = ""
    link_ref: str = Field("", max_length=200)


class IncidentIn(Strict):
    categories: list[str]
    aware_on: date
    description: str = Field(max_length=5000)
    report: bool = True


class FriaIn(Strict):
    summary: str = Field(max_length=5000)


class InvestigationIn(Strict):
    origin: str = "own_initiative"
    reason: str = Field(max_length=5000)


class MeasureIn(Strict):
    kind: str
    legal_basis: list[str]
    reasoning: str = Field(max_length=5000)
    public_text: str = Field("", max_length=2000)
    due: date | None = None


@router.post("/register/{public_id}/cases", status_code=201)
def file_case(public_id: str, body: CaseIn, ctx: CtxDep) -> dict[str, Any]:
    """File a complaint or explanation request about a published entry. No account needed; keep the token."""
    with ctx.write() as s:
        case, token = case_intake.submit(
            s,
            links(ctx),
            public_id,
            body.model_dump(),
            [],
            address=ctx.request.client.host if ctx.request.client else "unknown",
            per_address_max=ctx.state.settings.rate_limit_per_hour,
        )
        return {
            "ok": True,
            "number": case.number,
            "token": token,
            "status_url": links(ctx).status(token),
            "due": case.due.isoformat() if case.due else None,
            "next_step": case_views.case_dict(s, case, cases.citizen_for(case), body.language)["next_step"],
        }


@router.get("/status/{token}")
def status(token: str, ctx: CtxDep) -> dict[str, Any]:
    with ctx.read() as s:
        return {"ok": True, "case": case_views.status_dict(s, cases.by_token(s, token), ctx.lang)}


@router.post("/status/{token}/steps")
def status_step(token: str, body: StepIn, ctx: CtxDep) -> dict[str, Any]:
    with ctx.write() as s:
        case = cases.by_token(s, token)
        cases.take_step(s, cases.citizen_for(case), case, body.step, body.reason or None, links=links(ctx))
        return {"ok": True, "case": case_views.status_dict(s, case, ctx.lang)}


@router.get("/cases")
def list_cases(ctx: CtxDep, state: str = "", case_type: str = "") -> dict[str, Any]:
    who = staff(ctx)
    with ctx.read() as s:
        types = [case_type] if case_type else list(cases.cat().case_types())
        rows = cases.inbox(s, ctx.actor, states=[state] if state else (), case_types=types)
        return {"ok": True, "items": [case_views.case_dict(s, c, who, ctx.lang) for c in rows]}


@router.get("/cases/{number}")
def get_case(number: str, ctx: CtxDep) -> dict[str, Any]:
    who = staff(ctx)
    with ctx.read() as s:
        case = cases.get_case(s, who, number)
        measures = [
            case_views.measure_dict(m, ctx.lang)
            for m in oversight.measures_for(s, ctx.actor, case_id=case.id)
        ]
        return {"ok": True, "case": case_views.case_dict(s, case, who, ctx.lang), "measures": measures}


@router.post("/cases/{number}/steps")
def case_step(number: str, body: StepIn, ctx: CtxDep) -> dict[str, Any]:
    who = staff(ctx)
    ctx.check_api_csrf()
    with ctx.write() as s:
        case = cases.get_case(s, who, number)
        extra = {"actor": ctx.actor, "link_kind": body.link_kind, "link_ref": body.link_ref}
        cases.take_step(
            s, who, case, body.step, body.reason or None, links=links(ctx), extra=extra, label=ctx.actor.label
        )
        return {
            "ok": True,
            "case": case_views.case_dict(s, case, who, ctx.lang),
            "created": extra.get("created_case"),
        }


@router.post("/entries/{public_id}/incidents", status_code=201)
def report_incident(public_id: str, body: IncidentIn, ctx: CtxDep) -> dict[str, Any]:
    who = staff(ctx)
    ctx.check_api_csrf()
    with ctx.write() as s:
        case = oversight.report_incident(
            s,
            ctx.actor,
            public_id,
            categories=body.categories,
            aware_on=body.aware_on,
            description=body.description,
            report_now=body.report,
            links=links(ctx),
        )
        return {"ok": True, "case": case_views.case_dict(s, case, who, ctx.lang)}


@router.post("/entries/{public_id}/fria-notifications", status_code=201)
def notify_fria(public_id: str, body: FriaIn, ctx: CtxDep) -> dict[str, Any]:
    who = staff(ctx)
    ctx.check_api_csrf()
    with ctx.write() as s:
        case = oversight.notify_fria(s, ctx.actor, public_id, body.summary, links=links(ctx))
        return {"ok": True, "case": case_views.case_dict(s, case, who, ctx.lang)}


@router.post("/entries/{public_id}/investigations", status_code=201)
def open_investigation(public_id: str, body: InvestigationIn, ctx: CtxDep) -> dict[str, Any]:
    who = staff(ctx)
    ctx.check_api_csrf()
    with ctx.write() as s:
        case = oversight.open_investigation(s, ctx.actor, public_id, origin=body.origin, reason=body.reason)
        return {"ok": True, "case": case_views.case_dict(s, case, who, ctx.lang)}


@router.post("/cases/{number}/measures", status_code=201)
def issue_measure(number: str, body: MeasureIn, ctx: CtxDep) -> dict[str, Any]:
    who = staff(ctx)
    ctx.check_api_csrf()
    if ctx.actor.role != "supervisor":
        raise NotAllowed("measures are taken by supervisors")
    with ctx.write() as s:
        case = cases.get_case(s, who, number)
        m = oversight.issue_measure(
            s,
            ctx.actor,
            case,
            kind=body.kind,
            legal_basis=body.legal_basis,
            reasoning=body.reasoning,
            public_text=body.public_text,
            due=body.due,
            links=links(ctx),
        )
        return {"ok": True, "measure": case_views.measure_dict(m, ctx.lang)}


@router.get("/measures/{number}")
def get_measure(number: str, ctx: CtxDep) -> dict[str, Any]:
    staff(ctx)
    with ctx.read() as s:
        return {
            "ok": True,
            "measure": case_views.measure_dict(oversight.get_measure(s, ctx.actor, number), ctx.lang),
        }


@router.post("/measures/{number}/steps")
def measure_step(number: str, body: StepIn, ctx: CtxDep) -> dict[str, Any]:
    staff(ctx)
    ctx.check_api_csrf()
    with ctx.write() as s:
        m = oversight.measure_step(
            s, ctx.actor, oversight.get_measure(s, ctx.actor, number), body.step, body.reason
        )
        return {"ok": True, "measure": case_views.measure_dict(m, ctx.lang)}


@router.get("/statistics")
def statistics(ctx: CtxDep) -> dict[str, Any]:
    """Published statistics per organisation and per published system (no personal data)."""
    with ctx.read() as s:
        from waarborg.services import accounts, entries

        public = {e.id: e.public_id for e in entries.all_published(s)}
        slugs = {o.id: o.slug for o in accounts.list_organisations(s)}
        stats = oversight.statistics(s)
        return {
            "ok": True,
            "organisations": {slugs.get(k, str(k)): t.as_dict() for k, t in stats["organisation"].items()},
            "systems": {public[k]: t.as_dict() for k, t in stats["system"].items() if k in public},
            "total": stats["total"][None].as_dict(),
        }
