"""Sign in and out (session cookie), and API tokens for scripts."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from waarborg.domain.errors import NotAuthenticated
from waarborg.services import accounts
from waarborg.web.context import CtxDep

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _home_for(role: str) -> str:
    return {"supervisor": "/supervisor", "admin": "/admin"}.get(role, "/org")


@router.get("/login")
def login_form(ctx: CtxDep) -> Response:
    return ctx.render("login.html", email="", error=None, next=ctx.request.query_params.get("next", ""))


@router.post("/login")
async def login(ctx: CtxDep) -> Response:
    form = await ctx.form()
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    nxt = str(form.get("next", ""))
    try:
        with ctx.read() as s:
            user = accounts.authenticate(s, email, password)
            role, user_id = user.role, user.id
    except NotAuthenticated:
        return ctx.render("login.html", status=401, email=email, next=nxt, error=ctx.t("login.failed"))
    ctx.request.session.clear()
    ctx.request.session["user_id"] = user_id
    return RedirectResponse(_safe_next(nxt) if nxt else _home_for(role), status_code=303)


@router.post("/logout")
async def logout(ctx: CtxDep) -> Response:
    await ctx.form()
    ctx.request.session.clear()
    return RedirectResponse("/register", status_code=303)


@router.get("/account/tokens")
def tokens_page(ctx: CtxDep) -> Response:
    ctx.require_login()
    return ctx.render("account_tokens.html", token=None)


@router.post("/account/tokens")
async def create_token(ctx: CtxDep) -> Response:
    ctx.require_login()
    form = await ctx.form()
    with ctx.write() as s:
        user = accounts.get_user(s, ctx.actor.user_id or 0)
        if user is None:
            raise NotAuthenticated("sign in first")
        token = accounts.create_token(s, user, str(form.get("name", "")).strip())
    return ctx.render("account_tokens.html", token=token)
