"""Per-request context: who is acting, in which language, with which database; rendering and CSRF."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from waarborg.domain.errors import InvalidInput, NotAllowed, NotAuthenticated
from waarborg.domain.policy import ANONYMOUS, Actor
from waarborg.services import accounts
from waarborg.services.unit import unit
from waarborg.web.i18n import negotiate, translate
from waarborg.web.state import AppState


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.waarborg
    return state


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return str(token)


def _resolve_actor(request: Request, state: AppState) -> Actor:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        with unit(state.db, write=False) as s:
            return accounts.actor_for(accounts.user_for_token(s, auth[7:].strip()))
    user_id = request.session.get("user_id")
    if not user_id:
        return ANONYMOUS
    with unit(state.db, write=False) as s:
        user = accounts.get_user(s, int(user_id))
        if user is None:
            request.session.clear()
            return ANONYMOUS
        return accounts.actor_for(user)


@dataclass
class Ctx:
    request: Request
    state: AppState
    actor: Actor
    lang: str
    token_auth: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, **kwargs: object) -> str:
        return translate(key, self.lang, **kwargs)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with unit(self.state.db, write=False) as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        with unit(self.state.db, write=True) as s:
            yield s

    def require_login(self) -> None:
        if self.actor.is_anonymous:
            raise NotAuthenticated("sign in first")

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        base = {
            "request": self.request,
            "ctx": self,
            "actor": self.actor,
            "lang": self.lang,
            "t": self.t,
            "csrf": csrf_token(self.request),
        }
        response = self.state.templates.TemplateResponse(
            self.request, template, {**base, **context}, status_code=status
        )
        if self.request.query_params.get("lang") in ("nl", "en"):
            response.set_cookie("lang", self.lang, max_age=365 * 86400, samesite="lax")
        return response

    async def form(self) -> FormData:
        """The submitted form, after the CSRF check."""
        form = await self.request.form()
        sent = form.get("csrf_token")
        if not sent or not secrets.compare_digest(str(sent), csrf_token(self.request)):
            raise NotAllowed(
                "the form's security token is missing or expired; reload the page and try again",
                ["csrf_token: missing or wrong"],
            )
        return form

    def check_api_csrf(self) -> None:
        """Cookie-authenticated API writes need the X-CSRF-Token header; bearer tokens do not."""
        if self.token_auth or self.actor.is_anonymous:
            return
        sent = self.request.headers.get("x-csrf-token", "")
        if not sent or not secrets.compare_digest(sent, csrf_token(self.request)):
            raise NotAllowed("X-CSRF-Token header missing or wrong", ["x-csrf-token: missing or wrong"])


def get_ctx(request: Request) -> Ctx:
    state = app_state(request)
    token_auth = request.headers.get("authorization", "").lower().startswith("bearer ")
    return Ctx(
        request=request,
        state=state,
        actor=_resolve_actor(request, state),
        lang=negotiate(request),
        token_auth=token_auth,
    )


CtxDep = Annotated[Ctx, Depends(get_ctx)]


def field_errors(exc: InvalidInput) -> dict[str, list[str]]:
    """'field.path: message' items grouped by their first path segment, for showing beside form fields."""
    out: dict[str, list[str]] = {}
    for item in exc.errors or [exc.message]:
        key, _, msg = item.partition(": ")
        out.setdefault(key.split(".")[0].split("[")[0], []).append(msg or item)
    return out


def render_error(request: Request, status: int, error: str, errors: list[str]) -> HTMLResponse:
    state = app_state(request)
    lang = negotiate(request)
    actor = ANONYMOUS
    try:
        actor = _resolve_actor(request, state)
    except Exception:
        actor = ANONYMOUS
    ctx = Ctx(request=request, state=state, actor=actor, lang=lang)
    return ctx.render("error.html", status=status, status_code=status, error=error, errors=errors)
