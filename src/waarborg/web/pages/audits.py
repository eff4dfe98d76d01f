"""Pages for bias audits: per entry (upload, thresholds, history), one audit (summary, findings, report)."""

from __future__ import annotations

import json
from collections import Counter

from fastapi import APIRouter, BackgroundTasks
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import UploadFile

from waarborg.domain.audit.config import threshold_names
from waarborg.domain.errors import InvalidInput, NotAllowed
from waarborg.domain.policy import audience
from waarborg.services import audit as audit_engine
from waarborg.services import audits, entries
from waarborg.web.api.audits import start_audit, thresholds_from_text
from waarborg.web.context import Ctx, CtxDep, field_errors
from waarborg.web.panels import register_panel

router = APIRouter(include_in_schema=False)
MAPPING_FIELDS = (
    "protected",
    "prediction",
    "label",
    "score",
    "threshold",
    "time",
    "window",
    "proxies",
    "min_group_size",
)


DASHBOARD_LIMIT = 10


def _entry_page(ctx: Ctx, entry_id: int, status: int = 200, **extra) -> Response:  # type: ignore[no-untyped-def]
    with ctx.read() as s:
        entry = audits.entry_for(s, ctx.actor, entry_id)
        rows = audits.for_entry(s, ctx.actor, entry)
        thresholds, source = audits.thresholds_for(s, entry)
        values = extra.pop("values", {"min_group_size": "10"})
        return ctx.render(
            "audits/entry.html",
            status=status,
            entry=entry,
            rows=rows,
            thresholds=thresholds,
            thresholds_source=source,
            threshold_names=threshold_names(),
            values=values,
            errors=extra.pop("errors", {}),
            thresholds_text=extra.pop(
                "thresholds_text", "\n".join(f"{k} = {v:g}" for k, v in thresholds.items())
            ),
            can_work=audience(ctx.actor, entry.organisation_id) == "internal",
            **extra,
        )


@router.get("/org/entries/{entry_id}/audits")
def entry_audits(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    return _entry_page(ctx, entry_id)


@router.post("/org/entries/{entry_id}/audits")
async def upload(entry_id: int, ctx: CtxDep, background: BackgroundTasks) -> Response:
    ctx.require_login()
    form = await ctx.form()
    values = {k: str(form.get(k, "")) for k in MAPPING_FIELDS}
    file = form.get("file")
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise InvalidInput.at("file", "choose a CSV or Parquet decision log")
        audit = start_audit(
            ctx, str(entry_id), file, values, background, public_summary=form.get("public_summary") == "on"
        )
    except InvalidInput as exc:
        return _entry_page(ctx, entry_id, status=422, values=values, errors=field_errors(exc))
    return RedirectResponse(f"/org/audits/{audit.id}", status_code=303)


@router.post("/org/entries/{entry_id}/audit-thresholds")
async def thresholds(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    text = str(form.get("thresholds", ""))
    try:
        with ctx.write() as s:
            entry = audits.entry_for(s, ctx.actor, entry_id)
            audits.set_thresholds(s, ctx.actor, entry, thresholds_from_text(text))
    except InvalidInput as exc:
        return _entry_page(ctx, entry_id, status=422, errors=field_errors(exc), thresholds_text=text)
    return RedirectResponse(f"/org/entries/{entry_id}/audits", status_code=303)


@router.get("/org/audits/{audit_id}")
def audit_page(audit_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        audit = audits.get_for(s, ctx.actor, audit_id)
        entry = entries.get(s, audit.entry_id)
        findings = audits.findings_of(s, audit)
        return ctx.render(
            "audits/audit.html",
            audit=audit,
            entry=entry,
            findings=findings,
            can_work=audience(ctx.actor, audit.organisation_id) == "internal",
        )


@router.get("/org/audits/{audit_id}/report")
def report(audit_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        audit = audits.get_for(s, ctx.actor, audit_id)
        if audit.result is None:
            raise InvalidInput.at("audit", f"audit {audit_id} has no result yet (status {audit.status})")
        html = audit_engine.render_report(audit.result, ctx.lang, back=f"/org/audits/{audit.id}")
    return HTMLResponse(html)


@router.get("/org/audits/{audit_id}/result.json")
def result_json(audit_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        audit = audits.get_for(s, ctx.actor, audit_id)
        body = json.dumps(audit.result, ensure_ascii=False, indent=1)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="audit-{audit_id}.json"'},
    )


@router.post("/org/findings/{finding_id}/status")
async def finding_status(finding_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    with ctx.write() as s:
        f = audits.set_finding_status(s, ctx.actor, finding_id, str(form.get("status", "")))
        target = f"/org/audits/{f.audit_id}"
    return RedirectResponse(target, status_code=303)


def _panel(ctx: Ctx, template: str, **values) -> Markup:  # type: ignore[no-untyped-def]
    tpl = ctx.state.templates.get_template(template)
    return Markup(tpl.render(ctx=ctx, t=ctx.t, lang=ctx.lang, csrf="", **values))


@register_panel("org_entry", order=40)
def org_entry_panel(ctx, session, entry):  # type: ignore[no-untyped-def]
    rows = audits.for_entry(session, ctx.actor, entry)
    return _panel(
        ctx, "audits/panel_org.html", entry=entry, latest=rows[0] if rows else None, count=len(rows)
    )


@register_panel("public_entry", order=40)
def public_entry_panel(ctx, session, entry):  # type: ignore[no-untyped-def]
    audit = audits.latest_public(session, entry)
    if audit is None or not audit.result:
        return None
    return _panel(
        ctx,
        "audits/panel_public.html",
        audit=audit,
        summary=(audit.result.get("summary") or {}).get(ctx.lang, ""),
    )


@register_panel("org_dashboard", order=40)
def dashboard_panel(ctx, session, org):  # type: ignore[no-untyped-def]
    try:
        rows = audits.open_findings(session, ctx.actor, org.id)
    except NotAllowed:
        return None
    rows = [f for f in rows if f.organisation_id == org.id]
    shown = sorted(rows, key=lambda f: (f.severity != "high", -f.id))[:DASHBOARD_LIMIT]
    counts = Counter(f.entry_id for f in rows)
    per_entry = [
        {"id": entry_id, "name": entries.get(session, entry_id).name, "count": n}
        for entry_id, n in counts.most_common()
    ]
    return _panel(ctx, "audits/panel_dashboard.html", findings=shown, total=len(rows), per_entry=per_entry)
