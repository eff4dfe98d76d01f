"""JSON API for register entries. The list uses the same RegisterFilter as the HTML register."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from waarborg.domain.errors import NotAllowed
from waarborg.domain.register_filter import RegisterFilter
from waarborg.services import accounts, auditlog, entries
from waarborg.web.context import CtxDep

router = APIRouter(prefix="/api/v1", tags=["register"])


class EntryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation: str | None = Field(None, description="organisation slug; defaults to your own")
    fields: dict[str, Any]
    visibility: dict[str, str] = Field(default_factory=dict)
    note: str = Field("", max_length=500)


class EntryUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(description="the version you edited (optimistic locking)")
    fields: dict[str, Any]
    visibility: dict[str, str] | None = None
    note: str = Field("", max_length=500)


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: str
    version: int | None = None
    note: str = Field("", max_length=500)


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str
    date: date
    note: str = Field("", max_length=5000)


@router.get("/entries")
def list_entries(
    ctx: CtxDep,
    q: str = "",
    organisation: str = "",
    status: str = "",
    risk_class: str = "",
    theme: str = "",
    publication_category: str = "",
    page: str = "1",
    page_size: str = "",
) -> dict[str, Any]:
    """Published entries, filtered and paginated (the public audience plus what your role may see).

    The parameters are declared here for the documentation only: RegisterFilter parses and checks them,
    the same definition the HTML register uses."""
    flt = RegisterFilter.parse(ctx.request.query_params, ctx.state.settings.page_size)
    with ctx.read() as s:
        views, total = entries.search_public(s, ctx.actor, flt)
        return {
            "ok": True,
            "total": total,
            "page": flt.page,
            "page_size": flt.page_size,
            "items": [v.as_json() for v in views],
        }


@router.get("/entries/{entry_id}")
def get_entry(entry_id: str, ctx: CtxDep) -> dict[str, Any]:
    with ctx.read() as s:
        return {
            "ok": True,
            "entry": entries.view(ctx.actor, entries.get_for(s, ctx.actor, entry_id)).as_json(),
        }


@router.post("/entries", status_code=201)
def create_entry(body: EntryCreate, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        if body.organisation:
            org = accounts.organisation_by_slug(s, body.organisation)
        elif ctx.actor.organisation_id is not None:
            org = next(o for o in accounts.list_organisations(s) if o.id == ctx.actor.organisation_id)
        else:
            raise NotAllowed(
                "organisation: give the organisation slug", ["organisation: required for your role"]
            )
        entry = entries.create(s, ctx.actor, org, body.fields, body.visibility, body.note)
        return {"ok": True, "entry": entries.view(ctx.actor, entry).as_json()}


@router.put("/entries/{entry_id}")
def update_entry(entry_id: str, body: EntryUpdate, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        entries.update(
            s,
            ctx.actor,
            entry,
            body.fields,
            expected_version=body.version,
            visibility=body.visibility,
            note=body.note,
        )
        return {"ok": True, "entry": entries.view(ctx.actor, entry).as_json()}


@router.post("/entries/{entry_id}/transitions")
def transition_entry(entry_id: str, body: TransitionIn, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        entries.transition(s, ctx.actor, entry, body.action, expected_version=body.version, note=body.note)
        return {"ok": True, "entry": entries.view(ctx.actor, entry).as_json()}


@router.post("/entries/{entry_id}/events", status_code=201)
def add_event(entry_id: str, body: EventIn, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    ctx.check_api_csrf()
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        ev = entries.add_event(s, ctx.actor, entry, body.kind, body.date, body.note)
        return {
            "ok": True,
            "event": {"id": ev.id, "kind": ev.kind, "date": ev.date.isoformat(), "note": ev.note},
            "needs_reclassification": entry.needs_reclassification,
        }


@router.get("/entries/{entry_id}/versions")
def entry_versions(entry_id: str, ctx: CtxDep) -> dict[str, Any]:
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        rows = entries.versions(s, ctx.actor, entry)
        return {
            "ok": True,
            "items": [
                {
                    "version": v.version,
                    "status": v.status,
                    "author": v.author,
                    "note": v.note,
                    "created_at": v.created_at.isoformat(),
                    "fields": v.data,
                }
                for v in rows
            ],
        }


@router.get("/entries/{entry_id}/history")
def entry_history(entry_id: str, ctx: CtxDep) -> dict[str, Any]:
    """The audit-log lines about this entry (staff of the organisation, supervisors, admins)."""
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        if ctx.actor.role not in ("supervisor", "admin"):
            entries.require(ctx.actor, "entry.edit", entry)
        return {
            "ok": True,
            "items": [
                {
                    "seq": r.seq,
                    "at": r.at.isoformat(),
                    "actor": r.actor,
                    "action": r.action,
                    "data": r.record.get("data"),
                }
                for r in auditlog.history(s, "entry", entry.id)
            ],
        }


@router.get("/organisations")
def list_orgs(ctx: CtxDep) -> dict[str, Any]:
    with ctx.read() as s:
        return {
            "ok": True,
            "items": [
                {"slug": o.slug, "name": o.name, "kind": o.kind, "public_body": o.public_body}
                for o in accounts.list_organisations(s)
            ],
        }
