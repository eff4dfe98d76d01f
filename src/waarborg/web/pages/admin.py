"""Administration: organisations, users, audit log."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from waarborg.domain.errors import Conflict, InvalidInput, NotAllowed
from waarborg.domain.policy import ROLES, decide
from waarborg.services import accounts, auditlog
from waarborg.web.context import Ctx, CtxDep, field_errors

router = APIRouter(include_in_schema=False)


def _admin(ctx: Ctx) -> None:
    ctx.require_login()
    d = decide(ctx.actor, "org.manage")
    if not d:
        raise NotAllowed(d.reason)


def _page(ctx: Ctx, status: int = 200, **extra) -> Response:  # type: ignore[no-untyped-def]
    with ctx.read() as s:
        orgs = accounts.list_organisations(s)
        users = accounts.list_users(s, ctx.actor)
        return ctx.render(
            "admin/index.html",
            status=status,
            orgs=orgs,
            users=users,
            roles=ROLES,
            kinds=accounts.ORG_KINDS,
            **({"org_errors": {}, "user_errors": {}, "org_values": {}, "user_values": {}} | extra),
        )


@router.get("/admin")
def index(ctx: CtxDep) -> Response:
    _admin(ctx)
    return _page(ctx)


@router.post("/admin/organisations")
async def add_org(ctx: CtxDep) -> Response:
    _admin(ctx)
    form = await ctx.form()
    values = {k: str(form.get(k, "")) for k in ("slug", "name", "kind")}
    try:
        with ctx.write() as s:
            accounts.create_organisation(
                s,
                ctx.actor,
                slug=values["slug"],
                name=values["name"],
                kind=values["kind"],
                public_body=form.get("public_body") == "on",
            )
    except (InvalidInput, Conflict) as exc:
        return _page(ctx, status=exc.status, org_errors=field_errors(exc), org_values=values)  # type: ignore[arg-type]
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users")
async def add_user(ctx: CtxDep) -> Response:
    _admin(ctx)
    form = await ctx.form()
    values = {k: str(form.get(k, "")) for k in ("email", "role", "org", "name")}
    try:
        with ctx.write() as s:
            accounts.create_user(
                s,
                ctx.actor,
                email=values["email"],
                password=str(form.get("password", "")),
                role=values["role"],
                org_slug=values["org"] or None,
                name=values["name"],
            )
    except (InvalidInput, Conflict) as exc:
        return _page(ctx, status=exc.status, user_errors=field_errors(exc), user_values=values)  # type: ignore[arg-type]
    return RedirectResponse("/admin", status_code=303)


@router.get("/admin/auditlog")
def audit_log(ctx: CtxDep) -> Response:
    ctx.require_login()
    d = decide(ctx.actor, "auditlog.view")
    if not d:
        raise NotAllowed(d.reason)
    with ctx.read() as s:
        total, broken = auditlog.verify(s)
        rows = auditlog.recent(s, 200)
        return ctx.render("admin/auditlog.html", total=total, broken=broken, rows=rows)
