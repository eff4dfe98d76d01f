"""The organisation's workspace: its entries, the entry form, workflow, events, versions."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from waarborg.domain import entries as dom
from waarborg.domain.errors import Conflict, InvalidInput, NotAllowed
from waarborg.services import accounts, entries
from waarborg.web.context import Ctx, CtxDep, field_errors
from waarborg.web.forms import entry_data_from_form, entry_form_values
from waarborg.web.pages.register import event_label
from waarborg.web.panels import render_panels

router = APIRouter(include_in_schema=False)


def _org_id(ctx: Ctx, s) -> int:  # type: ignore[no-untyped-def]
    """The organisation this page works on: the user's own, or ?org=slug for admins."""
    ctx.require_login()
    if ctx.actor.role == "admin" and ctx.request.query_params.get("org"):
        return accounts.organisation_by_slug(s, ctx.request.query_params["org"]).id
    if ctx.actor.organisation_id is None:
        raise NotAllowed(
            "your account does not belong to an organisation"
            + ("; choose one with ?org=slug" if ctx.actor.role == "admin" else "")
        )
    return ctx.actor.organisation_id


@router.get("/org")
def dashboard(ctx: CtxDep) -> Response:
    if ctx.actor.role == "admin" and not ctx.request.query_params.get("org"):
        return RedirectResponse("/admin", status_code=303)  # admins pick an organisation there
    with ctx.read() as s:
        org_id = _org_id(ctx, s)
        rows = entries.for_organisation(s, ctx.actor, org_id)
        org = (
            rows[0].organisation
            if rows
            else next(o for o in accounts.list_organisations(s) if o.id == org_id)
        )
        panels = render_panels("org_dashboard", ctx, s, org)
        return ctx.render("org/dashboard.html", rows=rows, org=org, panels=panels)


def _form_page(
    ctx: Ctx,
    *,
    entry=None,
    values=None,
    visibility=None,
    errors=None,
    status=200,  # type: ignore[no-untyped-def]
    conflict=None,
    note: str = "",
) -> Response:
    return ctx.render(
        "org/form.html",
        status=status,
        entry=entry,
        values=values or {},
        visibility=visibility or {},
        errors=errors or {},
        conflict=conflict,
        note=note,
        today=date.today().isoformat(),
    )


@router.get("/org/entries/new")
def new_form(ctx: CtxDep) -> Response:
    with ctx.read() as s:
        _org_id(ctx, s)
    return _form_page(ctx, values={"lang": "nld"})


@router.post("/org/entries/new")
async def create(ctx: CtxDep) -> Response:
    form = await ctx.form()
    data, vis = entry_data_from_form(form)
    try:
        with ctx.write() as s:
            org_id = _org_id(ctx, s)
            org = next(o for o in accounts.list_organisations(s) if o.id == org_id)
            entry = entries.create(s, ctx.actor, org, data, vis, note=str(form.get("note", "")))
            target = f"/org/entries/{entry.id}"
    except InvalidInput as exc:
        return _form_page(
            ctx,
            values=entry_form_values(data) | _raw(form),
            visibility=vis,
            errors=field_errors(exc),
            status=422,
            note=str(form.get("note", "")),
        )
    return RedirectResponse(target, status_code=303)


def _raw(form) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What the user typed, verbatim, so that nothing is lost when validation fails."""
    return {
        k: str(v)
        for k, v in form.items()
        if k not in ("csrf_token",)
        and not k.startswith("vis__")
        and isinstance(v, str)
        and k in dom.catalogue().by_key
        and dom.catalogue().by_key[k].type != "multi_choice"
    }


@router.get("/org/entries/{entry_id}")
def entry_page(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        view = entries.view(ctx.actor, entry)
        if view.audience != "internal":
            raise NotAllowed("only staff of the owning organisation open the working copy")
        actions = dom.available_actions(entry.status, is_public=entry.is_public, role=ctx.actor.role)
        panels = render_panels("org_entry", ctx, s, entry)
        return ctx.render(
            "org/entry.html",
            entry=entry,
            view=view,
            actions=actions,
            events=entries.lifecycle(s, entry),
            event_kinds=entries.LIFECYCLE_KINDS,
            event_label=event_label(ctx.lang),
            panels=panels,
            today=date.today().isoformat(),
        )


@router.get("/org/entries/{entry_id}/edit")
def edit_form(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        entries.require(ctx.actor, "entry.edit", entry)
        return _form_page(ctx, entry=entry, values=entry_form_values(entry.data), visibility=entry.visibility)


@router.post("/org/entries/{entry_id}/edit")
async def edit(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    data, vis = entry_data_from_form(form)
    expected = str(form.get("version", ""))
    note = str(form.get("note", ""))
    try:
        with ctx.write() as s:
            entry = entries.get_for(s, ctx.actor, entry_id)
            if not expected.isdigit():
                raise InvalidInput.at("version", f"{expected!r} is not a version number")
            entries.update(
                s, ctx.actor, entry, data, expected_version=int(expected), visibility=vis, note=note
            )
    except (InvalidInput, Conflict) as exc:
        with ctx.read() as s:
            entry = entries.get_for(s, ctx.actor, entry_id)
            is_conflict = isinstance(exc, Conflict)
            return _form_page(
                ctx,
                entry=entry,
                values=entry_form_values(data) | _raw(form),
                visibility=vis,
                errors={} if is_conflict else field_errors(exc),  # type: ignore[arg-type]
                conflict=exc.message if is_conflict else None,
                status=409 if is_conflict else 422,
                note=note,
            )
    return RedirectResponse(f"/org/entries/{entry_id}", status_code=303)


@router.post("/org/entries/{entry_id}/transition")
async def transition(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    expected = str(form.get("version", ""))
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        entries.transition(
            s,
            ctx.actor,
            entry,
            str(form.get("action", "")),
            expected_version=int(expected) if expected.isdigit() else None,
            note=str(form.get("note", ""))[:500],
        )
    return RedirectResponse(f"/org/entries/{entry_id}", status_code=303)


@router.post("/org/entries/{entry_id}/events")
async def add_event(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    raw_date = str(form.get("date", ""))
    try:
        on = date.fromisoformat(raw_date)
    except ValueError:
        raise InvalidInput.at("date", f"{raw_date!r} is not a date (YYYY-MM-DD)") from None
    with ctx.write() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        entries.add_event(s, ctx.actor, entry, str(form.get("kind", "")), on, str(form.get("note", "")))
    return RedirectResponse(f"/org/entries/{entry_id}", status_code=303)


@router.get("/org/entries/{entry_id}/versions")
def versions(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        rows = entries.versions(s, ctx.actor, entry)
        return ctx.render("org/versions.html", entry=entry, rows=rows)


@router.get("/org/entries/{entry_id}/diff")
def diff(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    q = ctx.request.query_params
    a, b = q.get("a", ""), q.get("b", "")
    if not (a.isdigit() and b.isdigit()):
        raise InvalidInput("give two version numbers a and b", [f"a: {a!r}", f"b: {b!r}"])
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        changes = entries.version_diff(s, ctx.actor, entry, int(a), int(b))
        return ctx.render("org/diff.html", entry=entry, changes=changes, a=int(a), b=int(b))
