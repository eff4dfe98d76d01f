"""JSON API for compliance checklists: status, generation, measure updates, evidence, dashboards."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from waarborg.domain import compliance as dom
from waarborg.domain.errors import InvalidInput
from waarborg.services import accounts, compliance, compliance_report, entries
from waarborg.web.context import Ctx, CtxDep

router = APIRouter(prefix="/api/v1", tags=["compliance"])


class MeasureUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(description="the measure version you edited (optimistic locking)")
    status: str | None = Field(None, description="todo | in_progress | in_review | done | not_applicable")
    reason: str | None = Field(None, max_length=2000, description="required for not_applicable")
    owner: str | None = None
    reviewer: str | None = None
    due: date | None = None
    notes: str | None = None
    links: list[str] | None = None
    note: str = Field("", max_length=500, description="why (kept with the version)")


def change_from(body: BaseModel, fields_set: set[str]) -> compliance.MeasureChange:
    data = body.model_dump()
    kw: dict[str, Any] = {
        k: data[k] for k in ("owner", "reviewer", "due", "notes", "links") if k in fields_set
    }
    if "notes" in kw and kw["notes"] is None:
        kw["notes"] = ""
    if "links" in kw and kw["links"] is None:
        kw["links"] = []
    return compliance.MeasureChange(
        expected_version=data["version"],
        status=data.get("status"),
        reason=data.get("reason"),
        note=data.get("note", ""),
        **kw,
    )


def today_param(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput.at("today", f"not a date (YYYY-MM-DD): {value!r}") from exc


async def read_upload(ctx: Ctx, upload: UploadFile) -> bytes:
    """Read at most the configured limit + 1 byte, so an oversized upload is refused without reading it all."""
    limit = int(ctx.state.settings.evidence_max_bytes)
    data = await upload.read(limit + 1)
    return data


@router.get("/entries/{entry_id}/compliance")
def get_compliance(
    ctx: CtxDep, entry_id: str, today: str | None = None, horizon: int = Query(30, ge=0, le=3650)
) -> dict[str, Any]:
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        view = compliance_report.entry_view(s, ctx.actor, entry, today_param(today), horizon)
        return {"ok": True, **view.as_json(ctx.lang)}


@router.post("/entries/{entry_id}/compliance/generate")
def generate(ctx: CtxDep, entry_id: str) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        changes = compliance.generate(s, ctx.actor, entry)
        return {"ok": True, "changes": [c.to_dict() for c in changes]}


@router.patch("/entries/{entry_id}/compliance/measures/{measure_id}")
def update_measure(ctx: CtxDep, entry_id: str, measure_id: str, body: MeasureUpdate) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        m = compliance.update_measure(
            s, ctx.actor, entry, measure_id, change_from(body, body.model_fields_set)
        )
        return {"ok": True, "measure": dom.to_dict(m)}


@router.get("/entries/{entry_id}/compliance/measures/{measure_id}/history")
def measure_history(ctx: CtxDep, entry_id: str, measure_id: str) -> dict[str, Any]:
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        rows = compliance.measure_history(s, ctx.actor, entry, measure_id)
        internal = ctx.actor.role == "admin" or ctx.actor.organisation_id == entry.organisation_id
        return {
            "ok": True,
            "items": [
                {
                    "version": r.version,
                    "author": r.author,
                    "note": r.note,
                    "at": r.created_at.isoformat(),
                    "data": r.data if internal else {**r.data, "notes": ""},
                }
                for r in rows
            ],
        }


@router.post("/entries/{entry_id}/compliance/measures/{measure_id}/evidence", status_code=201)
async def upload_evidence(
    ctx: CtxDep, entry_id: str, measure_id: str, file: UploadFile | None = File(None)
) -> dict[str, Any]:
    """Multipart upload (field ``file``). The content decides the type; see docs/compliance.md."""
    ctx.require_login()
    ctx.check_api_csrf()
    data = await read_upload(ctx, file) if file is not None else b""
    settings = ctx.state.settings
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        compliance.require(ctx.actor, "compliance.work", entry)
        if file is None:
            raise InvalidInput.at("file", "send the evidence file as multipart field 'file'")
        ref = compliance.upload_evidence(
            s,
            ctx.actor,
            entry,
            measure_id,
            file.filename or "",
            data,
            store=compliance.evidence_store(settings),
            policy=compliance.evidence_policy(settings),
        )
        return {"ok": True, "evidence": asdict(ref)}


@router.get("/entries/{entry_id}/compliance/evidence/{sha256}")
def download_evidence(ctx: CtxDep, entry_id: str, sha256: str) -> Response:
    return evidence_response(ctx, entry_id, sha256)


def evidence_response(ctx: Ctx, entry_id: str, sha256: str) -> Response:
    """An evidence file as a safe download (shared by the API and the pages)."""
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        data, headers = compliance.evidence_download(
            s, ctx.actor, entry, sha256, compliance.evidence_store(ctx.state.settings)
        )
    media = headers.pop("Content-Type")
    headers.pop("Content-Length", None)
    return Response(content=data, media_type=media, headers=headers)


@router.get("/compliance/dashboard")
def dashboard(
    ctx: CtxDep, org: str = "", today: str | None = None, horizon: int = Query(30, ge=0, le=3650)
) -> dict[str, Any]:
    ctx.require_login()
    with ctx.read() as s:
        organisation = dashboard_org(ctx, s, org)
        views = compliance_report.organisation_views(s, ctx.actor, organisation, today_param(today), horizon)
        return {
            "ok": True,
            "organisation": organisation.slug if organisation else None,
            "totals": compliance_report.totals(views),
            "systems": [
                {
                    "entry": v.entry.public_id,
                    "name": v.entry.name,
                    "organisation": v.entry.organisation.slug,
                    "generated": v.generated,
                    "compliant_today": v.summary.compliant_today,
                    "totals": dict(v.summary.totals),
                    "by_applies_from": {k: dict(x) for k, x in v.summary.by_applies_from.items()},
                }
                for v in views
            ],
        }


def dashboard_org(ctx: Ctx, s: Any, slug: str) -> Any:
    """The organisation a dashboard is about: ?org=slug (supervisors, admins), else the user's own;
    None means all organisations (supervisors and admins only)."""
    if slug:
        org = accounts.organisation_by_slug(s, slug)
        return org
    if ctx.actor.organisation_id is not None:
        return next(o for o in accounts.list_organisations(s) if o.id == ctx.actor.organisation_id)
    return None
