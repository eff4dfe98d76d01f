"""Compliance pages: the organisation's dashboard, an entry's checklist (edit, review, evidence),
CSV and PDF exports; supervisors see the same pages read-only."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import UploadFile

from waarborg.domain.compliance.policy import may
from waarborg.domain.errors import InvalidInput
from waarborg.domain.policy import audience
from waarborg.services import compliance, compliance_report, entries
from waarborg.web.api.compliance import dashboard_org, evidence_response, today_param
from waarborg.web.context import Ctx, CtxDep, field_errors
from waarborg.web.panels import register_panel

router = APIRouter(include_in_schema=False)
STATUSES = ("todo", "in_progress", "in_review", "done", "not_applicable")


def _horizon(ctx: Ctx) -> int:
    raw = ctx.request.query_params.get("horizon", "30")
    if not raw.isdigit() or int(raw) > 3650:
        raise InvalidInput.at("horizon", f"a number of days between 0 and 3650, not {raw!r}")
    return int(raw)


def _views(ctx: Ctx, s: Any) -> tuple[Any, list[compliance_report.EntryCompliance], date]:
    ctx.require_login()
    today = today_param(ctx.request.query_params.get("today"))
    org = dashboard_org(ctx, s, ctx.request.query_params.get("org", ""))
    return org, compliance_report.organisation_views(s, ctx.actor, org, today, _horizon(ctx)), today


@router.get("/compliance")
def dashboard(ctx: CtxDep) -> Response:
    with ctx.read() as s:
        org, views, today = _views(ctx, s)
        return ctx.render(
            "compliance/dashboard.html",
            org=org,
            views=views,
            today=today,
            horizon=_horizon(ctx),
            totals=compliance_report.totals(views),
            query=ctx.request.url.query,
        )


def _download(content: bytes | str, media: str, name: str) -> Response:
    return Response(
        content=content,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/compliance.csv")
def dashboard_csv(ctx: CtxDep) -> Response:
    with ctx.read() as s:
        org, views, today = _views(ctx, s)
        name = f"compliance-{org.slug if org else 'all'}-{today.isoformat()}.csv"
        return _download(compliance_report.csv_export(views, ctx.lang), "text/csv; charset=utf-8", name)


@router.get("/compliance.pdf")
def dashboard_pdf(ctx: CtxDep) -> Response:
    with ctx.read() as s:
        org, views, today = _views(ctx, s)
        title = org.name if org else ctx.t("compliance.all_organisations")
        pdf = compliance_report.pdf_report(views, today, ctx.lang, title)
        return _download(
            pdf, "application/pdf", f"compliance-{org.slug if org else 'all'}-{today.isoformat()}.pdf"
        )


def _entry_page(
    ctx: Ctx,
    entry_id: str,
    *,
    errors: dict[str, Any] | None = None,
    status: int = 200,
    open_measure: str = "",
    values: dict[str, str] | None = None,
) -> Response:
    today = today_param(ctx.request.query_params.get("today"))
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        view = compliance_report.entry_view(s, ctx.actor, entry, today, _horizon(ctx))
        can_work = bool(may(ctx.actor, "compliance.work", entry.organisation_id))
        can_accept = bool(may(ctx.actor, "compliance.accept", entry.organisation_id))
        rows = {r.requirement_id: r for r in view.summary.requirements}
        head = compliance.checklist_row(s, entry)
        return ctx.render(
            "compliance/entry.html",
            status=status,
            entry=entry,
            view=view,
            rows=rows,
            head=head,
            can_work=can_work,
            can_accept=can_accept,
            statuses=STATUSES,
            today=today,
            errors=errors or {},
            open_measure=open_measure,
            values=values or {},
            internal=audience(ctx.actor, entry.organisation_id) == "internal",
        )


@router.get("/compliance/entries/{entry_id}")
def entry_page(entry_id: str, ctx: CtxDep) -> Response:
    ctx.require_login()
    return _entry_page(ctx, entry_id)


@router.post("/compliance/entries/{entry_id}/generate")
async def generate(entry_id: str, ctx: CtxDep) -> Response:
    ctx.require_login()
    await ctx.form()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        compliance.generate(s, ctx.actor, entry)
    return RedirectResponse(f"/compliance/entries/{entry_id}", status_code=303)


def _change(form: Any) -> compliance.MeasureChange:
    version = str(form.get("version", ""))
    if not version.isdigit():
        raise InvalidInput.at("version", f"not a version number: {version!r}")
    due_raw = str(form.get("due", "")).strip()
    try:
        due = date.fromisoformat(due_raw) if due_raw else None
    except ValueError as exc:
        raise InvalidInput.at("due", f"not a date (YYYY-MM-DD): {due_raw!r}") from exc
    links = [line.strip() for line in str(form.get("links", "")).splitlines() if line.strip()]
    return compliance.MeasureChange(
        expected_version=int(version),
        status=str(form.get("status") or "") or None,
        reason=str(form.get("reason", "")),
        owner=str(form.get("owner", "")),
        reviewer=str(form.get("reviewer", "")),
        due=due,
        notes=str(form.get("notes", "")),
        links=links,
        note=str(form.get("note", ""))[:500],
    )


@router.post("/compliance/entries/{entry_id}/measures/{measure_id}")
async def update_measure(entry_id: str, measure_id: str, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    try:
        change = _change(form)
        with ctx.write() as s:
            entry = entries.get_for(s, ctx.actor, entry_id)
            compliance.update_measure(s, ctx.actor, entry, measure_id, change)
    except InvalidInput as exc:
        values = {k: str(v) for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
        return _entry_page(
            ctx, entry_id, errors=field_errors(exc), status=422, open_measure=measure_id, values=values
        )
    return RedirectResponse(f"/compliance/entries/{entry_id}#{measure_id}", status_code=303)


@router.post("/compliance/entries/{entry_id}/measures/{measure_id}/evidence")
async def upload_evidence(entry_id: str, measure_id: str, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    upload = form.get("file")
    settings = ctx.state.settings
    try:
        data = (
            await upload.read(int(settings.evidence_max_bytes) + 1) if isinstance(upload, UploadFile) else b""
        )
        with ctx.write() as s:
            entry = entries.get_for(s, ctx.actor, entry_id)
            compliance.require(ctx.actor, "compliance.work", entry)
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise InvalidInput.at("file", "choose a file to upload")
            compliance.upload_evidence(
                s,
                ctx.actor,
                entry,
                measure_id,
                upload.filename or "",
                data,
                store=compliance.evidence_store(settings),
                policy=compliance.evidence_policy(settings),
            )
    except InvalidInput as exc:
        return _entry_page(ctx, entry_id, errors=field_errors(exc), status=422, open_measure=measure_id)
    return RedirectResponse(f"/compliance/entries/{entry_id}#{measure_id}", status_code=303)


@router.get("/compliance/entries/{entry_id}/evidence/{sha256}")
def download_evidence(entry_id: str, sha256: str, ctx: CtxDep) -> Response:
    return evidence_response(ctx, entry_id, sha256)


def _entry_views(ctx: Ctx, s: Any, entry_id: str) -> tuple[list[compliance_report.EntryCompliance], date]:
    today = today_param(ctx.request.query_params.get("today"))
    entry = entries.get_for(s, ctx.actor, entry_id)
    return [compliance_report.entry_view(s, ctx.actor, entry, today, _horizon(ctx))], today


@router.get("/compliance/entries/{entry_id}/report.csv")
def entry_csv(entry_id: str, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        views, today = _entry_views(ctx, s, entry_id)
        return _download(
            compliance_report.csv_export(views, ctx.lang),
            "text/csv; charset=utf-8",
            f"compliance-{entry_id}-{today.isoformat()}.csv",
        )


@router.get("/compliance/entries/{entry_id}/report.pdf")
def entry_pdf(entry_id: str, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        views, today = _entry_views(ctx, s, entry_id)
        pdf = compliance_report.pdf_report(views, today, ctx.lang, views[0].entry.name)
        return _download(pdf, "application/pdf", f"compliance-{entry_id}-{today.isoformat()}.pdf")


@register_panel("org_entry", order=40)
def entry_panel(ctx: Any, session: Any, entry: Any) -> Markup | None:
    if not may(ctx.actor, "compliance.view", entry.organisation_id, published=entry.is_public):
        return None
    view = compliance_report.entry_view(session, ctx.actor, entry, date.today())
    html = ctx.state.templates.get_template("compliance/panel.html").render(
        ctx=ctx, t=ctx.t, lang=ctx.lang, entry=entry, view=view
    )
    return Markup(html)


@register_panel("org_dashboard", order=40)
def dashboard_panel(ctx: Any, session: Any, org: Any) -> Markup | None:
    html = ctx.state.templates.get_template("compliance/dashboard_panel.html").render(
        ctx=ctx, t=ctx.t, lang=ctx.lang, org=org
    )
    return Markup(html)
