"""Assessment pages: panels on entry pages, the assessment workspace, the answer form, the risk
register, the dashboard, and the public assessment page."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from waarborg.domain import assessments as dom
from waarborg.domain.assessments.forms import answers_from_form, form_rows, form_value
from waarborg.domain.assessments.risks import MITIGATION_STATUSES
from waarborg.domain.errors import Conflict, InvalidInput, NotAllowed
from waarborg.services import (
    assessment_risks,
    assessment_thresholds,
    assessment_workflow,
    assessments,
    entries,
)
from waarborg.services import assessment_views as views
from waarborg.web.context import Ctx, CtxDep
from waarborg.web.panels import register_panel

router = APIRouter(include_in_schema=False)
FACTORS = ("scale", "scope", "reversibility", "probability")
MITIGATION_ROWS = 3


def _render_panel(ctx: Any, template: str, **kw: Any) -> Markup:
    html = ctx.state.templates.get_template(template).render(
        ctx=ctx, t=ctx.t, lang=ctx.lang, csrf=kw.pop("csrf", ""), **kw
    )
    return Markup(html)


@register_panel("org_entry", order=40)
def org_entry_panel(ctx: Any, session: Any, entry: Any) -> Markup | None:
    from waarborg.web.context import csrf_token

    rows = {r.instrument: r for r in views.rows_for_entry(session, entry.id)}
    reqs = {r.instrument: r for r in views.requirements(entry)}
    items: list[dict[str, Any]] = [
        {
            "id": i,
            "title": inst.title.get(ctx.lang),
            "requirement": reqs.get(i),
            "row": rows.get(i),
            "rev": assessments.current(rows[i]) if i in rows else None,
        }
        for i, inst in dom.all_instruments().items()
    ]
    items.sort(
        key=lambda x: (x["requirement"] is None, x["requirement"] and x["requirement"].level != "required")
    )
    return _render_panel(
        ctx, "assessments/panel_org.html", entry=entry, items=items, csrf=csrf_token(ctx.request)
    )


@register_panel("public_entry", order=40)
def public_entry_panel(ctx: Any, session: Any, entry: Any) -> Markup | None:
    from waarborg.domain.policy import ANONYMOUS

    statuses = views.public_status(session, ANONYMOUS, entry)  # the public register shows public content only
    rows = {r.instrument: r.id for r in views.rows_for_entry(session, entry.id)}
    titles = {i: inst.title.get(ctx.lang) for i, inst in dom.all_instruments().items()}
    return _render_panel(
        ctx, "assessments/panel_public.html", entry=entry, statuses=statuses, rows=rows, titles=titles
    )


@register_panel("org_dashboard", order=40)
def org_dashboard_panel(ctx: Any, session: Any, org: Any) -> Markup | None:
    items = views.dashboard(session, ctx.actor, organisation_id=org.id)
    return _render_panel(ctx, "assessments/panel_dashboard.html", items=items)


def _instrument_of(row: Any) -> dom.Instrument:
    return dom.instrument(row.instrument)


@router.post("/org/entries/{entry_id}/assessments")
async def start(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        row = assessments.start(s, ctx.actor, entry, str(form.get("instrument", "")))
        target = f"/assessments/{row.id}"
    return RedirectResponse(target, status_code=303)


def _workspace(
    ctx: Ctx,
    assessment_id: int,
    revision: int | None = None,
    status: int = 200,
    risk_errors: dict[str, list[str]] | None = None,
    risk_values: dict[str, Any] | None = None,
) -> Response:
    with ctx.read() as s:
        row, rev = views.get_readable(s, ctx.actor, assessment_id, revision)
        entry = entries.get(s, row.entry_id)
        inst = _instrument_of(row)
        internal = views.reader_audience(ctx.actor, row) == "internal"
        latest = rev.revision == assessments.current(row).revision
        actions = assessment_workflow.allowed_actions(s, ctx.actor, row) if internal and latest else []
        report = views.report(s, ctx.actor, row, rev, ctx.lang)
        shown = report.findings is not None  # staff and supervisors: bias findings under its thresholds
        return ctx.render(
            "assessments/view.html",
            status=status,
            row=row,
            rev=rev,
            entry=entry,
            inst=inst,
            report=report,
            actions=actions,
            internal=internal,
            latest=latest,
            done=dom.completeness(inst, rev.answers),
            history=views.history(s, rev) if internal else [],
            revisions=views.readable_revisions(s, ctx.actor, row),
            model=dom.risk_model(),
            factors=FACTORS,
            risk_errors=risk_errors or {},
            risk_values=risk_values or {},
            mitigation_rows=range(MITIGATION_ROWS),
            statuses=MITIGATION_STATUSES,
            needs_comment=("return", "reopen"),
            bias_thresholds=assessment_thresholds.entry_thresholds(s, row) if shown else None,
        )


@router.get("/assessments/{assessment_id}")
def workspace(assessment_id: int, ctx: CtxDep, revision: int | None = None) -> Response:
    """The assessment as the reader may see it; staff also get the workflow and the risk register."""
    return _workspace(ctx, assessment_id, revision)


def _question_errors(inst: dom.Instrument, exc: InvalidInput) -> dict[str, list[str]]:
    """Map 'answers.<question id>...: message' to the question, so each message shows beside its field."""
    ids = sorted((q.id for q in inst.questions()), key=len, reverse=True)
    out: dict[str, list[str]] = {}
    for item in exc.errors or [exc.message]:
        path, _, msg = item.partition(": ")
        key = path.split(".", 1)[1] if "." in path else path
        qid = next((q for q in ids if key == q or key.startswith((q + ".", q + "["))), path.split(".")[0])
        out.setdefault(qid, []).append(f"{path}: {msg}" if qid != key else msg)
    return out


def _form_page(
    ctx: Ctx,
    row: Any,
    rev: Any,
    entry: Any,
    *,
    values: dict[str, Any],
    answer_vis: dict[str, str],
    section_vis: dict[str, str],
    summary: str,
    review: str,
    version: int,
    errors: dict[str, list[str]] | None = None,
    conflict: str | None = None,
    status: int = 200,
) -> Response:
    return ctx.render(
        "assessments/form.html",
        status=status,
        row=row,
        rev=rev,
        entry=entry,
        inst=_instrument_of(row),
        values=values,
        answer_vis=answer_vis,
        section_vis=section_vis,
        summary=summary,
        review=review,
        version=version,
        errors=errors or {},
        conflict=conflict,
        form_rows=form_rows,
        form_value=form_value,
    )


@router.get("/assessments/{assessment_id}/edit")
def edit_form(assessment_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        rev = assessments.current(row)
        if rev.state != "draft":
            raise InvalidInput.at("state", f"only a draft can be edited; this revision is {rev.state!r}")
        return _form_page(
            ctx,
            row,
            rev,
            entries.get(s, row.entry_id),
            values=rev.answers,
            answer_vis=rev.answer_visibility,
            section_vis=rev.section_visibility,
            summary=rev.public_summary,
            review=rev.review_date.isoformat() if rev.review_date else "",
            version=rev.version,
        )


def _parse_date(raw: str, field: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput.at(field, f"expects a date YYYY-MM-DD, got {raw!r}") from None


@router.post("/assessments/{assessment_id}/edit")
async def edit(assessment_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    summary, review, version = (
        str(form.get("public_summary", "")),
        str(form.get("review_date", "")),
        str(form.get("version", "")),
    )
    with ctx.read() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        inst = _instrument_of(row)
    typed = answers_from_form(inst, form.multi_items())  # type: ignore[arg-type]
    answers = {q.id: typed.answers.get(q.id) for q in inst.questions()} | typed.answers
    try:
        with ctx.write() as s:
            row = assessments.for_update(s, ctx.actor, assessment_id)
            assessments.save(
                s,
                ctx.actor,
                row,
                expected_version=int(version) if version.isdigit() else None,
                answers=answers,
                answer_visibility=typed.answer_visibility,
                section_visibility=typed.section_visibility,
                public_summary=summary,
                review_date=_parse_date(review, "review_date"),
            )
    except (InvalidInput, Conflict) as exc:
        with ctx.read() as s:
            row = assessments.for_update(s, ctx.actor, assessment_id)
            rev = assessments.current(row)
            conflict = isinstance(exc, Conflict)
            errors = {} if conflict else _question_errors(inst, exc)  # type: ignore[arg-type]
            return _form_page(
                ctx,
                row,
                rev,
                entries.get(s, row.entry_id),
                values=typed.answers,
                answer_vis=typed.answer_visibility,
                section_vis=typed.section_visibility,
                summary=summary,
                review=review,
                version=int(version) if version.isdigit() else rev.version,
                errors=errors,
                conflict=exc.message if conflict else None,
                status=409 if conflict else 422,
            )
    return RedirectResponse(f"/assessments/{assessment_id}", status_code=303)


@router.post("/assessments/{assessment_id}/prefill")
async def prefill(assessment_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    await ctx.form()
    with ctx.write() as s:
        assessments.prefill_empty(s, ctx.actor, assessments.for_update(s, ctx.actor, assessment_id))
    return RedirectResponse(f"/assessments/{assessment_id}/edit", status_code=303)


@router.post("/assessments/{assessment_id}/transition")
async def transition(assessment_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        assessment_workflow.transition(
            s, ctx.actor, row, str(form.get("action", "")), str(form.get("comment", ""))[:2000]
        )
    return RedirectResponse(f"/assessments/{assessment_id}", status_code=303)


def _risk_from_form(form: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        k: str(form.get(k, "")) for k in ("title", "right", "owner", "description", "visibility")
    }
    raw["factors"] = {f: str(form.get(f"f:{f}", "")) for f in FACTORS}
    raw["residual"] = {f: str(form.get(f"r:{f}", "")) for f in FACTORS if form.get(f"r:{f}")}
    raw["mitigations"] = [
        {
            "description": str(form.get(f"m:{i}:description", "")),
            "owner": str(form.get(f"m:{i}:owner", "")),
            "due": str(form.get(f"m:{i}:due", "")),
            "status": str(form.get(f"m:{i}:status", "planned")),
        }
        for i in range(MITIGATION_ROWS)
        if str(form.get(f"m:{i}:description", "")).strip()
    ]
    return raw


@router.post("/assessments/{assessment_id}/risks")
async def add_risk(assessment_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    raw = _risk_from_form(form)
    try:
        with ctx.write() as s:
            assessment_risks.put_risk(s, ctx.actor, assessments.for_update(s, ctx.actor, assessment_id), raw)
    except InvalidInput as exc:
        errors: dict[str, list[str]] = {}
        for item in exc.errors or [exc.message]:
            path, _, msg = item.partition(": ")
            errors.setdefault(path.removeprefix("risk."), []).append(msg)
        values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
        return _workspace(ctx, assessment_id, status=422, risk_errors=errors, risk_values=values)
    return RedirectResponse(f"/assessments/{assessment_id}#risks", status_code=303)


@router.post("/assessments/{assessment_id}/risks/{risk_id}/delete")
async def delete_risk(assessment_id: int, risk_id: str, ctx: CtxDep) -> Response:
    ctx.require_login()
    await ctx.form()
    with ctx.write() as s:
        assessment_risks.delete_risk(
            s, ctx.actor, assessments.for_update(s, ctx.actor, assessment_id), risk_id
        )
    return RedirectResponse(f"/assessments/{assessment_id}#risks", status_code=303)


@router.post("/assessments/{assessment_id}/risks/{risk_id}/mitigations/{mitigation_id}")
async def update_mitigation(assessment_id: int, risk_id: str, mitigation_id: str, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    due = str(form.get("due", "")).strip() or None
    with ctx.write() as s:
        row = assessments.for_update(s, ctx.actor, assessment_id)
        assessment_risks.update_mitigation(
            s, ctx.actor, row, risk_id, mitigation_id, str(form.get("status", "")), due
        )
    return RedirectResponse(f"/assessments/{assessment_id}#risks", status_code=303)


@router.get("/assessments")
def dashboard(ctx: CtxDep) -> Response:
    """Overdue mitigations and due reviews: staff see their organisation, supervisors and admins all."""
    ctx.require_login()
    if ctx.actor.role not in ("editor", "approver", "supervisor", "admin"):
        raise NotAllowed(f"role {ctx.actor.role} has no assessment dashboard")
    with ctx.read() as s:
        return ctx.render("assessments/dashboard.html", items=views.dashboard(s, ctx.actor))


@router.get("/register/{public_id}/assessments/{assessment_id}")
def public_page(public_id: str, assessment_id: int, ctx: CtxDep) -> Response:
    """The public part of an approved assessment of a published entry (the same for every reader)."""
    from waarborg.domain.policy import ANONYMOUS

    with ctx.read() as s:
        entry = entries.get(s, public_id)
        row, rev = views.get_readable(s, ANONYMOUS, assessment_id)
        if row.entry_id != entry.id:
            from waarborg.domain.errors import NotFound

            raise NotFound(f"assessment {assessment_id} not found for entry {public_id}")
        report = views.report(s, ANONYMOUS, row, rev, ctx.lang)
        return ctx.render(
            "assessments/public.html", entry=entry, row=row, rev=rev, report=report, inst=_instrument_of(row)
        )
