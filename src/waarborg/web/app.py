"""FastAPI application factory."""

from __future__ import annotations

import importlib
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import waarborg
from waarborg.services.wiring import wire_event_handlers
from waarborg.settings import Settings, get_settings
from waarborg.storage.db import Database
from waarborg.storage.migrate import create_all, has_schema
from waarborg.web import errors, filters
from waarborg.web.state import STATIC_DIR, TEMPLATES_DIR, AppState

# Each module exposes ``router``. Capabilities add their modules here.
ROUTER_MODULES = (
    "waarborg.web.api.entries",
    "waarborg.web.api.audits",
    "waarborg.web.pages.audits",
    "waarborg.web.pages.register",
    "waarborg.web.pages.auth",
    "waarborg.web.pages.org",
    "waarborg.web.pages.admin",
    "waarborg.web.api.cases",
    "waarborg.web.pages.cases",
    "waarborg.web.pages.casework",
    "waarborg.web.api.classification",
    "waarborg.web.pages.classification",
    "waarborg.web.pages.exchange",
    "waarborg.web.api.compliance",
    "waarborg.web.pages.compliance",
    "waarborg.web.api.assessments",
    "waarborg.web.pages.assessments",
)

_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        b"frame-ancestors 'none'; form-action 'self'",
    ),
]


class SecurityHeaders:
    """Pure ASGI middleware (no body buffering) adding security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers.extend((k, v) for k, v in _SECURITY_HEADERS if k not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    db = db or Database(settings.database_url)
    if settings.auto_create_schema and not has_schema(db.engine):
        create_all(db.engine)
    wire_event_handlers()
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    filters.install(templates.env)
    app = FastAPI(
        title="Waarborg API",
        version=waarborg.__version__,
        description="Register, classification, assessments, bias audits and oversight of AI systems.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.waarborg = AppState(settings=settings, db=db, templates=templates)
    errors.install(app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="waarborg_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.environment == "production",
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, Any]:
        return {"ok": True, "version": waarborg.__version__}

    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app
