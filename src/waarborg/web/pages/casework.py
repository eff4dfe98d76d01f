"""Staff pages: the organisation's inbox, a case with its steps, measures, and the supervisor's workspace."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from waarborg.domain import attachments as att
from waarborg.domain.errors import InvalidInput, NotAllowed
from waarborg.services import case_views, cases, oversight
from waarborg.web.context import Ctx, CtxDep, field_errors
from waarborg.web.pages.cases import links, staff

router = APIRouter(include_in_schema=False)


@router.get("/org/cases")
def inbox_page(ctx: CtxDep) -> Response:
    who = staff(ctx)
    if who.party != "org":
        raise NotAllowed("the inbox belongs to an organisation; supervisors use /supervisor")
    state = ctx.request.query_params.get("state", "")
    with ctx.read() as s:
        rows = cases.inbox(s, ctx.actor, states=[state] if state else ())
        measures = oversight.measures_for(s, ctx.actor)
        own = [e for e in _own_entries(s, ctx)]
        return ctx.render(
            "cases/inbox.html",
            rows=rows,
            measures=measures,
            today=date.today(),
            state=state,
            entries=own,
            cat=cases.cat(),
        )


def _own_entries(s: Any, ctx: Ctx) -> list[Any]:
    from waarborg.services import entries

    return [e for e in entries.for_organisation(s, ctx.actor, ctx.actor.organisation_id) if e.is_public]


@router.get("/cases/{number}")
def case_page(number: str, ctx: CtxDep) -> Response:
    return _case_page(ctx, staff(ctx), number)


def _case_page(
    ctx: Ctx,
    who: Any,
    number: str,
    *,
    status: int = 200,
    errors: dict[str, list[str]] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    with ctx.read() as s:
        case = cases.get_case(s, who, number)
        view = case_views.case_dict(s, case, who, ctx.lang)
        measures = [
            case_views.measure_dict(m, ctx.lang)
            for m in oversight.measures_for(s, ctx.actor, case_id=case.id)
        ]
        return ctx.render(
            "cases/case.html",
            status=status,
            case=view,
            measures=measures,
            cat=cases.cat(),
            errors=errors or {},
            values=values or {},
        )


@router.post("/cases/{number}/steps")
async def case_step(number: str, ctx: CtxDep) -> Response:
    who = staff(ctx)
    form = await ctx.form()
    step, reason = str(form.get("step") or ""), str(form.get("reason") or "")
    extra = {
        "actor": ctx.actor,
        "link_kind": str(form.get("link_kind") or ""),
        "link_ref": str(form.get("link_ref") or ""),
    }
    try:
        with ctx.write() as s:
            case = cases.get_case(s, who, number)
            cases.take_step(
                s, who, case, step, reason or None, links=links(ctx), extra=extra, label=ctx.actor.label
            )
    except InvalidInput as exc:
        values = {"link_kind": extra["link_kind"], "link_ref": extra["link_ref"]}
        return _case_page(ctx, who, number, status=422, errors=field_errors(exc), values=values)
    return RedirectResponse(f"/cases/{number}", status_code=303)


@router.get("/cases/{number}/attachments/{attachment_id}")
def attachment(number: str, attachment_id: int, ctx: CtxDep) -> Response:
    who = staff(ctx)
    with ctx.read() as s:
        case = cases.get_case(s, who, number)
        row = cases.attachment(s, who, case, attachment_id)
        assert row.data is not None
        return Response(row.data, headers=att.attachment_download_headers(row.filename, row.data))


@router.post("/cases/{number}/measures")
async def issue_measure(number: str, ctx: CtxDep) -> Response:
    who = staff(ctx)
    form = await ctx.form()
    due_raw = str(form.get("due") or "")
    try:
        due = date.fromisoformat(due_raw) if due_raw else None
    except ValueError:
        raise InvalidInput.at("due", f"{due_raw!r} is not a date (YYYY-MM-DD)") from None
    with ctx.write() as s:
        case = cases.get_case(s, who, number)
        oversight.issue_measure(
            s,
            ctx.actor,
            case,
            kind=str(form.get("kind") or ""),
            legal_basis=[str(v) for v in form.getlist("legal_basis")],
            reasoning=str(form.get("reasoning") or ""),
            public_text=str(form.get("public_text") or ""),
            due=due,
            links=links(ctx),
        )
    return RedirectResponse(f"/cases/{number}", status_code=303)


@router.get("/measures/{number}")
def measure_page(number: str, ctx: CtxDep) -> Response:
    staff(ctx)
    with ctx.read() as s:
        m = oversight.get_measure(s, ctx.actor, number)
        machine = cases.cat().machine("measure")
        steps = [t for t in machine.transitions if ctx.actor.role in t.roles and m.state in t.sources]
        return ctx.render("cases/measure.html", m=case_views.measure_dict(m, ctx.lang), steps=steps)


@router.post("/measures/{number}/steps")
async def measure_step(number: str, ctx: CtxDep) -> Response:
    staff(ctx)
    form = await ctx.form()
    with ctx.write() as s:
        m = oversight.get_measure(s, ctx.actor, number)
        oversight.measure_step(s, ctx.actor, m, str(form.get("step") or ""), str(form.get("reason") or ""))
    return RedirectResponse(f"/measures/{number}", status_code=303)


@router.post("/org/incidents")
async def report_incident(ctx: CtxDep) -> Response:
    staff(ctx)
    form = await ctx.form()
    raw = str(form.get("aware_on") or "")
    try:
        aware = date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput.at("aware_on", f"{raw!r} is not a date (YYYY-MM-DD)") from None
    with ctx.write() as s:
        case = oversight.report_incident(
            s,
            ctx.actor,
            str(form.get("entry") or ""),
            categories=[str(v) for v in form.getlist("categories")],
            aware_on=aware,
            description=str(form.get("description") or ""),
            links=links(ctx),
        )
        number = case.number
    return RedirectResponse(f"/cases/{number}", status_code=303)


@router.get("/supervisor")
def workspace(ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        desk = oversight.workspace(s, ctx.actor)
        return ctx.render("cases/workspace.html", desk=desk, today=date.today(), cat=cases.cat())


@router.post("/supervisor/investigations")
async def open_investigation(ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    with ctx.write() as s:
        case = oversight.open_investigation(
            s,
            ctx.actor,
            str(form.get("entry") or ""),
            origin=str(form.get("origin") or "own_initiative"),
            reason=str(form.get("reason") or ""),
        )
        number = case.number
    return RedirectResponse(f"/cases/{number}", status_code=303)
