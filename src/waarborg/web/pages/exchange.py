"""Public register downloads in the exchange formats (always the public audience)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from waarborg.domain.exchange import FORMATS
from waarborg.services import exchange
from waarborg.web.context import CtxDep

router = APIRouter(include_in_schema=False)


@router.get("/register/export/{fmt}")
def register_export(fmt: str, ctx: CtxDep) -> Response:
    with ctx.read() as s:
        body = exchange.public_export(s, fmt)  # NotFound for an unknown format
    info = FORMATS[fmt]
    return Response(
        body,
        media_type=info.media_type,
        headers={"Content-Disposition": f'attachment; filename="waarborg-register-{fmt}.{info.extension}"'},
    )
