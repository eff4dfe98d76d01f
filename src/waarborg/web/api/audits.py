"""JSON API for bias audits: upload a decision log for an entry (runs as a background job), status, results."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, BackgroundTasks, File, Form, UploadFile
from pydantic import BaseModel, ConfigDict

from waarborg.domain.errors import InvalidInput
from waarborg.services import audits
from waarborg.storage.models_audits import Audit
from waarborg.web.context import Ctx, CtxDep

router = APIRouter(prefix="/api/v1", tags=["bias audits"])


def audit_json(a: Audit, *, with_result: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.id,
        "status": a.status,
        "engine": a.engine,
        "source": a.source_name,
        "sha256": a.source_sha256,
        "rows": a.rows,
        "findings": a.findings_count,
        "error": a.error,
        "config": a.config,
        "thresholds_source": a.thresholds_source,
        "public_summary": a.public_summary,
        "created_by": a.created_by,
        "created_at": a.created_at.isoformat(),
        "finished_at": a.finished_at.isoformat() if a.finished_at else None,
    }
    if with_result:
        out["result"] = a.result
    return out


def _chunks(upload: UploadFile):  # type: ignore[no-untyped-def]
    while True:
        chunk = upload.file.read(1024 * 1024)
        if not chunk:
            return
        yield chunk


def start_audit(
    ctx: Ctx,
    entry_id: str,
    upload: UploadFile,
    form: dict[str, Any],
    background: BackgroundTasks,
    *,
    public_summary: bool,
) -> Audit:
    """Shared by the API and the page: check, store the file, queue, and run after the response."""
    name = upload.filename or "log.csv"
    with ctx.read() as s:
        entry = audits.entry_for(s, ctx.actor, entry_id)
        audits.require_work(ctx.actor, entry)
        thresholds, _ = audits.thresholds_for(s, entry)
        config = audits.config_from_form(form, thresholds)
    path, sha, _size = audits.store_log(ctx.state.settings.data_dir, name, _chunks(upload))
    try:
        audits.check_columns(path, config)
        with ctx.write() as s:
            entry = audits.entry_for(s, ctx.actor, entry_id)
            audit = audits.submit(s, ctx.actor, entry, config, name, path, sha, public_summary=public_summary)
    except BaseException:
        path.unlink(missing_ok=True)  # nothing half-written: no audit row, no orphan file
        raise
    background.add_task(audits.run_one, ctx.state.db, audit.id)
    return audit


@router.post("/entries/{entry_id}/audits", status_code=202)
def create_audit(
    entry_id: str,
    ctx: CtxDep,
    background: BackgroundTasks,
    file: UploadFile = File(...),
    protected: str = Form(...),
    prediction: str = Form(""),
    label: str = Form(""),
    score: str = Form(""),
    threshold: str = Form(""),
    time: str = Form(""),
    window: str = Form(""),
    proxies: str = Form(""),
    min_group_size: str = Form("10"),
    public_summary: bool = Form(False),
) -> dict[str, Any]:
    """Upload a decision log (CSV or Parquet) with its column mapping; the audit runs in the background."""
    ctx.require_login()
    ctx.check_api_csrf()
    form = {
        "protected": protected,
        "prediction": prediction,
        "label": label,
        "score": score,
        "threshold": threshold,
        "time": time,
        "window": window,
        "proxies": proxies,
        "min_group_size": min_group_size,
    }
    audit = start_audit(ctx, entry_id, file, form, background, public_summary=public_summary)
    return {
        "ok": True,
        "audit": audit_json(audit, with_result=False),
        "status_url": f"/api/v1/audits/{audit.id}",
    }


@router.get("/audits/{audit_id}")
def get_audit(audit_id: int, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    with ctx.read() as s:
        return {"ok": True, "audit": audit_json(audits.get_for(s, ctx.actor, audit_id))}


@router.get("/entries/{entry_id}/audits")
def list_audits(entry_id: str, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    with ctx.read() as s:
        entry = audits.entry_for(s, ctx.actor, entry_id)
        thresholds, source = audits.thresholds_for(s, entry)
        return {
            "ok": True,
            "thresholds": thresholds,
            "thresholds_source": source,
            "items": [audit_json(a, with_result=False) for a in audits.for_entry(s, ctx.actor, entry)],
        }


class ThresholdsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    thresholds: dict[str, Any]


@router.put("/entries/{entry_id}/audit-thresholds")
def put_thresholds(entry_id: str, body: ThresholdsIn, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        entry = audits.entry_for(s, ctx.actor, entry_id)
        row = audits.set_thresholds(s, ctx.actor, entry, body.thresholds)
        return {"ok": True, "thresholds": row.thresholds, "source": row.source}


@router.get("/findings")
def list_findings(ctx: CtxDep) -> dict[str, Any]:
    """Open bias findings: your organisation's, or all for supervisors."""
    ctx.require_login()
    with ctx.read() as s:
        rows = audits.open_findings(s, ctx.actor, ctx.actor.organisation_id)
        return {
            "ok": True,
            "items": [
                {
                    "id": f.id,
                    "entry_id": f.entry_id,
                    "audit_id": f.audit_id,
                    "severity": f.severity,
                    "metric": f.metric,
                    "group": f.group,
                    "message": f.message,
                    "message_nl": f.message_nl,
                    "threshold": f.threshold,
                    "value": f.value,
                    "window": f.window,
                    "status": f.status,
                }
                for f in rows
            ],
        }


class FindingStatus(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str


@router.post("/findings/{finding_id}/status")
def finding_status(finding_id: int, body: FindingStatus, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        f = audits.set_finding_status(s, ctx.actor, finding_id, body.status)
        return {"ok": True, "finding": {"id": f.id, "status": f.status}}


def thresholds_from_text(text: str) -> dict[str, Any]:
    """The thresholds form field: JSON, or lines of ``name = value``."""
    text = text.strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput.at("thresholds", f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
        return dict(data)
    out: dict[str, Any] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        if not sep:
            raise InvalidInput.at("thresholds", f"line {n}: {line.strip()!r} is not 'name = value'")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InvalidInput.at(
                f"thresholds.{name.strip()}", f"line {n}: {value.strip()!r} is not a number"
            ) from None
    return out
