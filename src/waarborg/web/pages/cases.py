"""Public remedies pages: complaint and explanation forms on a register entry (no account, no JavaScript),
the private status page, and the published statistics. The entry page gets a panel with the links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from waarborg.domain.cases.applicability import complaint_right, explanation_right
from waarborg.domain.errors import InvalidInput, NotFound, PayloadTooLarge
from waarborg.services import accounts, case_intake, case_jobs, case_views, cases, entries, oversight
from waarborg.web.context import Ctx, CtxDep, field_errors
from waarborg.web.panels import register_panel

router = APIRouter(include_in_schema=False)
KINDS = {"complaint": "complaint", "explanation": "explanation-request"}
FIELDS = ("subject", "description", "decision_reference", "decision_date", "name", "email", "language")


def links(ctx: Ctx) -> cases.Links:
    return case_jobs.links_for(ctx.state.settings)


def staff(ctx: Ctx) -> Any:
    """The signed-in staff member or supervisor as a case actor (shared by the case pages and API)."""
    ctx.require_login()
    who = cases.case_actor(ctx.actor)
    case_views.require_staff(who)
    return who


def _entry_or_404(s: Any, public_id: str) -> Any:
    entry = entries.get(s, public_id)
    if not entry.is_public:
        raise NotFound(f"entry {public_id} not found")
    return entry


def _form_page(
    ctx: Ctx,
    public_id: str,
    kind: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Response:
    with ctx.read() as s:
        entry = _entry_or_404(s, public_id)
        right = (explanation_right if kind == "explanation" else complaint_right)(entry.classification)
        c = cases.cat()
        return ctx.render(
            "cases/form.html",
            status=status,
            entry=entry,
            kind=kind,
            case_type=KINDS[kind],
            values=values or {"language": ctx.lang},
            errors=errors or {},
            right=right,
            limits=c.limits,
            deadline=c.machine(KINDS[kind]).deadline,
        )


@router.get("/register/{public_id}/complaint")
def complaint_form(public_id: str, ctx: CtxDep) -> Response:
    return _form_page(ctx, public_id, "complaint")


@router.get("/register/{public_id}/explanation")
def explanation_form(public_id: str, ctx: CtxDep) -> Response:
    return _form_page(ctx, public_id, "explanation")


async def _files(form: Any, max_bytes: int) -> list[tuple[str, bytes]]:
    out = []
    for item in form.getlist("attachments"):
        if getattr(item, "filename", None):
            data = await item.read(max_bytes + 1)
            if data:
                out.append((str(item.filename), data))
    return out


async def _submit(public_id: str, kind: str, ctx: Ctx) -> Response:
    form = await ctx.form()
    c = cases.cat()
    values = {k: str(form.get(k) or "") for k in (*FIELDS, c.limits.honeypot_field)}
    values["case_type"] = KINDS[kind]
    try:
        files = await _files(form, c.limits.attachment_max_bytes)
        with ctx.write() as s:
            _, token = case_intake.submit(
                s,
                links(ctx),
                public_id,
                values,
                files,
                address=ctx.request.client.host if ctx.request.client else "unknown",
                per_address_max=ctx.state.settings.rate_limit_per_hour,
            )
    except (InvalidInput, PayloadTooLarge) as exc:
        errors = field_errors(exc) if isinstance(exc, InvalidInput) else {"attachments": [exc.message]}
        return _form_page(ctx, public_id, kind, values=values, errors=errors, status=exc.status)
    return RedirectResponse(f"/status/{token}?new=1", status_code=303)


@router.post("/register/{public_id}/complaint")
async def complaint_submit(public_id: str, ctx: CtxDep) -> Response:
    return await _submit(public_id, "complaint", ctx)


@router.post("/register/{public_id}/explanation")
async def explanation_submit(public_id: str, ctx: CtxDep) -> Response:
    return await _submit(public_id, "explanation", ctx)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@router.get("/status/{token}")
def status_page(token: str, ctx: CtxDep) -> Response:
    with ctx.read() as s:
        case = cases.by_token(s, token)
        view = case_views.status_dict(s, case, ctx.lang)
        return _no_store(
            ctx.render(
                "cases/status.html",
                case=view,
                token=token,
                new=ctx.request.query_params.get("new") == "1",
                errors={},
            )
        )


@router.post("/status/{token}/steps")
async def status_step(token: str, ctx: CtxDep) -> Response:
    form = await ctx.form()
    step, reason = str(form.get("step") or ""), str(form.get("reason") or "")
    with ctx.write() as s:
        case = cases.by_token(s, token)
        cases.take_step(s, cases.citizen_for(case), case, step, reason or None, links=links(ctx))
    return RedirectResponse(f"/status/{token}", status_code=303)


@router.get("/statistics")
def statistics_page(ctx: CtxDep) -> Response:
    with ctx.read() as s:
        stats = oversight.statistics(s)
        orgs = {o.id: o.name for o in accounts.list_organisations(s)}
        systems = {e.id: (e.pub_name or e.name, e.public_id) for e in entries.all_published(s)}
        return ctx.render("cases/statistics.html", stats=stats, orgs=orgs, systems=systems)


@register_panel("public_entry", order=80)
def remedies_panel(ctx: Any, session: Any, entry: Any) -> Markup | None:
    """Public: links to the forms and this system's public statistics (counts only)."""
    stats = oversight.statistics(session)["system"].get(entry.id)
    html = ctx.state.templates.get_template("cases/panel.html").render(
        ctx=ctx, t=ctx.t, lang=ctx.lang, entry=entry, stats=stats.as_dict() if stats else None
    )
    return Markup(html)
