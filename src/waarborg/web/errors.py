"""One error handler: domain errors → HTTP, one JSON body for the API, an error page for HTML."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from waarborg.domain.errors import WaarborgError

_TITLES = {
    400: "bad request",
    401: "not signed in",
    403: "not allowed",
    404: "not found",
    405: "method not allowed",
    409: "conflict",
    413: "payload too large",
    422: "invalid input",
    429: "too many requests",
    500: "server error",
}


def error_body(status: int, error: str, errors: list[str] | None = None) -> dict[str, Any]:
    return {"ok": False, "status": status, "error": error, "errors": list(errors or [])}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return (
        path.startswith("/api/")
        or path in ("/openapi.json", "/healthz")
        or (
            "application/json" in request.headers.get("accept", "")
            and "text/html" not in request.headers.get("accept", "")
        )
    )


def _respond(request: Request, status: int, error: str, errors: list[str]) -> Response:
    if wants_json(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_body(status, error, errors), status_code=status, headers=headers)
    from waarborg.web.context import render_error  # late import: context imports this module's helpers

    return render_error(request, status, error, errors)


def _loc(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(WaarborgError)
    async def _domain(request: Request, exc: WaarborgError) -> Response:
        return _respond(request, exc.status, exc.message, exc.errors or [exc.message])

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = []
        for e in exc.errors():
            value = e.get("input")
            shown = "" if isinstance(value, dict | list) or value is None else f" (value {value!r:.60})"
            errors.append(f"{_loc(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}{shown}")
        return _respond(request, 422, errors[0] if errors else "invalid input", errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "error")
        return _respond(request, exc.status_code, detail, [detail])

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        import logging

        logging.getLogger("waarborg").exception("unhandled error on %s", request.url.path)
        return _respond(request, 500, "internal server error", ["internal server error"])
