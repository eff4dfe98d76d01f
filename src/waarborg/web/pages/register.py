"""The public register: search, entry page, open-data downloads."""

from __future__ import annotations

import csv
import io
import json
import math

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from waarborg.domain.entries import catalogue
from waarborg.domain.policy import ANONYMOUS
from waarborg.domain.register_filter import RegisterFilter
from waarborg.services import accounts, entries
from waarborg.web.context import CtxDep
from waarborg.web.panels import render_panels

router = APIRouter(include_in_schema=False)


def event_label(lang: str):  # type: ignore[no-untyped-def]
    def label(kind: str) -> str:
        en, nl, _ = entries.LIFECYCLE_KINDS.get(kind, (kind, kind, ""))
        return nl if lang == "nl" else en

    return label


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/register", status_code=303)


@router.get("/register")
def register_list(ctx: CtxDep) -> Response:
    flt = RegisterFilter.parse(ctx.request.query_params, ctx.state.settings.page_size)
    with ctx.read() as s:
        views, total = entries.search_public(s, ctx.actor, flt)
        orgs = accounts.list_organisations(s)
        pages = max(1, math.ceil(total / flt.page_size))
        return ctx.render(
            "register/list.html", views=views, total=total, flt=flt, organisations=orgs, pages=pages
        )


def _open_data_rows(ctx: CtxDep) -> list[dict[str, object]]:
    with ctx.read() as s:
        out = []
        for e in entries.all_published(s):
            v = entries.view_published(ANONYMOUS, e)  # open data: always the public audience
            out.append(
                {
                    "id": e.public_id,
                    "organisation": e.organisation.name,
                    "organisation_slug": e.organisation.slug,
                    "published_at": e.published_at.isoformat() if e.published_at else None,
                    "version": e.published_version,
                    "market_measure": (e.market_measure or {}).get("kind"),
                    **v.data,
                }
            )
        return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """Flatten a value for CSV and neutralise spreadsheet formulas (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(
            (f"{v.get('title', '')} <{v.get('link', '')}>" if isinstance(v, dict) else str(v)) for v in value
        )
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@router.get("/register/open-data.csv")
def open_data_csv(ctx: CtxDep) -> Response:
    rows = _open_data_rows(ctx)
    columns = ["id", "organisation", "organisation_slug", "published_at", "version", "market_measure"] + [
        f.key for f in catalogue().fields if f.visibility == "public"
    ]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_safe(row.get(k)) for k in columns})
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="waarborg-register.csv"'},
    )


@router.get("/register/open-data.json")
def open_data_json(ctx: CtxDep) -> Response:
    body = json.dumps(
        {"standard": "waarborg-open-data", "version": "1.0", "entries": _open_data_rows(ctx)},
        ensure_ascii=False,
        indent=1,
    )
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="waarborg-register.json"'},
    )


@router.get("/register/{public_id}")
def register_entry(public_id: str, ctx: CtxDep) -> Response:
    with ctx.read() as s:
        entry = entries.get(s, public_id)
        if not entry.is_public:
            from waarborg.domain.errors import NotFound

            raise NotFound(ctx.t("entry.not_public"))
        view = entries.view_published(ctx.actor, entry)
        events = entries.lifecycle(s, entry)
        panels = render_panels("public_entry", ctx, s, entry)
        return ctx.render(
            "register/entry.html", view=view, events=events, panels=panels, event_label=event_label(ctx.lang)
        )
