"""Classification pages: the questionnaire (anyone, stateless; staff, for an entry), the result with its
trace, saving to an entry, history, Markdown/PDF downloads, and panels on the entry pages.

Works without JavaScript: every POST re-renders the form with the questions that matter given the
answers so far (all on one page, grouped by step); the result page carries the answers in hidden inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.datastructures import FormData

from waarborg.domain.classification import Question, Ruleset, available_rulesets, relevant_questions
from waarborg.domain.errors import InvalidInput, NotFound
from waarborg.domain.policy import decide
from waarborg.services import classification as svc
from waarborg.services import classification_report as report
from waarborg.services import entries
from waarborg.services.classification_texts import localise
from waarborg.storage.models import Entry
from waarborg.web.context import Ctx, CtxDep, field_errors
from waarborg.web.panels import register_panel

router = APIRouter(include_in_schema=False)
ACTIONS = ("update", "classify", "md", "pdf", "save")
# Register roles (entry field) → questionnaire activities, to prefill a first classification.
ROLE_ACTIVITIES = {
    "provider": ["develop", "put-into-service"],
    "deployer": ["use"],
    "importer": ["import"],
    "distributor": ["distribute"],
    "authorised-representative": ["mandate"],
    "product-manufacturer": ["integrate-in-product"],
}


@dataclass
class Answers:
    """The questionnaire as submitted: valid answers, what to show back, and errors per question."""

    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    as_of: str = ""
    ruleset: str = ""


def _raw_value(q: Question, value: Any) -> Any:
    if q.type == "bool":
        return "yes" if value else "no"
    if q.type == "multi":
        return list(value)
    return "" if value is None else str(value)


def from_profile(profile: dict[str, Any], rs: Ruleset, as_of: str = "") -> Answers:
    raw = {q.id: _raw_value(q, profile[q.id]) for q in rs.questions if profile.get(q.id) is not None}
    values = {k: v for k, v in profile.items() if k in raw}
    return Answers(values, raw, {}, as_of or date.today().isoformat(), rs.ref)


def _read(q: Question, form: FormData) -> tuple[bool, Any, Any]:
    """(answered, value for the engine, raw value to show back) of one question."""
    name = f"q.{q.id}"
    if q.type == "multi":
        chosen = [str(v) for v in form.getlist(name)]
        return (bool(chosen) or f"shown.{q.id}" in form), chosen, chosen
    raw = str(form.get(name, "")).strip()
    if not raw:
        return False, None, ""
    if q.type == "bool":
        return True, {"yes": True, "no": False}.get(raw, raw), raw
    return True, raw, raw


def parse_form(form: FormData, rs: Ruleset) -> Answers:
    out = Answers(as_of=str(form.get("as_of", "")).strip() or date.today().isoformat(), ruleset=rs.ref)
    for q in rs.questions:
        answered, value, raw = _read(q, form)
        if not answered:
            continue
        out.raw[q.id] = raw
        try:
            svc.check_profile({q.id: value}, rs, prefix="")
            out.values[q.id] = value
        except InvalidInput as exc:
            out.errors.update(field_errors(exc))
    try:
        date.fromisoformat(out.as_of)
    except ValueError:
        out.errors["as_of"] = [f"{out.as_of!r} is not a date (YYYY-MM-DD)"]
    return out


def groups(questions: list[Question]) -> list[tuple[str, list[Question]]]:
    """Questions grouped by step (section), steps in the order they first appear."""
    out: dict[str, list[Question]] = {}
    for q in questions:
        out.setdefault(q.section, []).append(q)
    return list(out.items())


def hidden_pairs(answers: Answers, rs: Ruleset) -> list[tuple[str, str]]:
    """The answers as hidden inputs, in the questionnaire's own encoding."""
    pairs = [("as_of", answers.as_of), ("ruleset", rs.ref)]
    for q in rs.questions:
        if q.id not in answers.raw:
            continue
        raw = answers.raw[q.id]
        if q.type == "multi":
            pairs.append((f"shown.{q.id}", "1"))
            pairs += [(f"q.{q.id}", v) for v in raw]
        else:
            pairs.append((f"q.{q.id}", raw))
    return pairs


def _titles() -> dict[str, str]:
    return report.obligation_titles(report.ruleset_for(None))


def _helpers(ctx: Ctx) -> dict[str, Any]:
    nl = ctx.lang == "nl"
    return {
        "qtext": lambda q: q.text.nl if nl else q.text.en,
        "qhelp": lambda q: (q.help.nl if nl else q.help.en) if q.help else "",
        "olabel": lambda o: o.label.nl if nl else o.label.en,
        "risk_label": lambda v: report.risk_label(v, ctx.lang),
        "role_label": lambda v: report.role_label(v, ctx.lang),
        "roles_text": lambda roles: report.roles_text(roles, ctx.lang),
        "tx": lambda text: localise(text, ctx.lang),
        "outcome": lambda step: report.trace_outcome(step, ctx.lang, _titles()),
        "basis": lambda r: report.legal_basis(r, ctx.lang),
        "ob_title": lambda o: (o.get("title_nl") if nl and o.get("title_nl") else o.get("title")),
    }


def _questionnaire(
    ctx: Ctx, rs: Ruleset, answers: Answers, *, entry: Entry | None, status: int = 200
) -> Response:
    relevant = relevant_questions(answers.values, rs)
    return ctx.render(
        "classification/questionnaire.html",
        status=status,
        entry=entry,
        steps=groups(relevant),
        answers=answers,
        errors=answers.errors,
        rulesets=available_rulesets(),
        rs=rs,
        action=f"/org/entries/{entry.id}/classify" if entry else "/classify",
        **_helpers(ctx),
    )


def _result(
    ctx: Ctx, rs: Ruleset, answers: Answers, result: dict[str, Any], *, entry: Entry | None
) -> Response:
    return ctx.render(
        "classification/result.html",
        entry=entry,
        r=result,
        hidden=hidden_pairs(answers, rs),
        action=f"/org/entries/{entry.id}/classify" if entry else "/classify",
        **_helpers(ctx),
    )


def _download(rep: report.Report, fmt: str) -> Response:
    if fmt == "pdf":
        body: bytes | str = report.render_pdf(rep)
        media = "application/pdf"
    else:
        body, media = report.render_markdown(rep), "text/markdown; charset=utf-8"
    name = report.filename(rep, fmt)
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def _submit(ctx: Ctx, entry_id: int | None) -> Response:
    form = await ctx.form()
    action = str(form.get("action", "update"))
    if action not in ACTIONS or (action == "save" and entry_id is None):
        raise InvalidInput.at("action", f"{action!r} is not one of {', '.join(ACTIONS)}")
    entry = _staff_entry(ctx, entry_id) if entry_id is not None else None
    rs = svc.ruleset(str(form.get("ruleset", "")) or None)
    answers = parse_form(form, rs)
    answers.values = svc.prune(answers.values, rs)
    if answers.errors or action == "update":
        return _questionnaire(ctx, rs, answers, entry=entry, status=422 if answers.errors else 200)
    answers.raw = {k: v for k, v in answers.raw.items() if k in answers.values}
    as_of = date.fromisoformat(answers.as_of)
    if action == "save" and entry_id is not None:
        with ctx.write() as s:
            target = entries.get_for(s, ctx.actor, entry_id)
            svc.save(s, ctx.actor, target, answers.values, as_of, ruleset_ref=rs.ref)
        return RedirectResponse(f"/org/entries/{entry_id}/classification", status_code=303)
    clean, result = svc.run(answers.values, as_of, rs)
    if action in ("md", "pdf"):
        rep = report.Report(result.to_dict(), clean, ctx.lang)
        if entry is not None:
            rep.entry_name, rep.entry_id, rep.organisation = (
                entry.name,
                entry.public_id,
                entry.organisation.name,
            )
        return _download(rep, action)
    return _result(ctx, rs, answers, result.to_dict(), entry=entry)


def _staff_entry(ctx: Ctx, entry_id: int) -> Entry:
    ctx.require_login()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        svc.require_staff(ctx.actor, entry)
        s.expunge(entry)
        return entry


# --------------------------------------------------------------------------- stateless questionnaire


@router.get("/classify")
def questionnaire(ctx: CtxDep) -> Response:
    rs = svc.ruleset(ctx.request.query_params.get("ruleset") or None)
    return _questionnaire(ctx, rs, Answers(as_of=date.today().isoformat(), ruleset=rs.ref), entry=None)


@router.post("/classify")
async def submit(ctx: CtxDep) -> Response:
    return await _submit(ctx, None)


# --------------------------------------------------------------------------- for a register entry


def _prefill(s: Any, entry: Entry, rs: Ruleset) -> Answers:
    rec = svc.latest(s, entry)
    if rec is not None:
        return from_profile(svc.prune(rec.profile, rs), rs, rec.as_of.isoformat())
    data = entry.data or {}
    profile: dict[str, Any] = {"name": entry.name}
    if data.get("intended_purpose"):
        profile["intended_purpose"] = data["intended_purpose"]
    profile["organisation_type"] = "public-authority" if entry.organisation.public_body else "private"
    activities = sorted({a for r in data.get("roles") or [] for a in ROLE_ACTIVITIES.get(r, [])})
    if activities:
        profile["activities"] = activities
    return from_profile(profile, rs)


@router.get("/org/entries/{entry_id}/classify")
def entry_questionnaire(entry_id: int, ctx: CtxDep) -> Response:
    ctx.require_login()
    rs = svc.ruleset()
    with ctx.read() as s:
        entry = entries.get_for(s, ctx.actor, entry_id)
        svc.require_staff(ctx.actor, entry)
        return _questionnaire(ctx, rs, _prefill(s, entry, rs), entry=entry)


@router.post("/org/entries/{entry_id}/classify")
async def entry_submit(entry_id: int, ctx: CtxDep) -> Response:
    return await _submit(ctx, entry_id)


def _record(s: Any, ctx: Ctx, entry_id: int) -> tuple[Entry, Any, list[Any]]:
    ctx.require_login()
    entry = entries.get_for(s, ctx.actor, entry_id)
    rows = svc.history(s, ctx.actor, entry)
    wanted = ctx.request.query_params.get("record", "")
    if wanted:
        chosen = next((r for r in rows if str(r.id) == wanted), None)
        if chosen is None:
            raise NotFound(f"classification record {wanted!r} of entry {entry.public_id} not found")
        return entry, chosen, rows
    return entry, (rows[0] if rows else None), rows


@router.get("/org/entries/{entry_id}/classification")
def entry_classification(entry_id: int, ctx: CtxDep) -> Response:
    with ctx.read() as s:
        entry, rec, rows = _record(s, ctx, entry_id)
        return ctx.render(
            "classification/entry.html",
            entry=entry,
            rec=rec,
            rows=rows,
            outdated=svc.outdated(entry, svc.ruleset().ref),
            **_helpers(ctx),
        )


def _entry_download(entry_id: int, ctx: Ctx, fmt: str) -> Response:
    with ctx.read() as s:
        entry, rec, rows = _record(s, ctx, entry_id)
        if rec is None:
            raise NotFound(f"entry {entry.public_id} has not been classified yet")
        rep = report.Report(
            dict(rec.result),
            dict(rec.profile),
            ctx.lang,
            entry_name=entry.name,
            entry_id=entry.public_id,
            organisation=entry.organisation.name,
            classified_by=f"{rec.author} ({rec.created_at:%Y-%m-%d %H:%M})",
            history=[svc.record_json(r, with_result=False) for r in rows],
        )
    return _download(rep, fmt)


@router.get("/org/entries/{entry_id}/classification.md")
def entry_markdown(entry_id: int, ctx: CtxDep) -> Response:
    return _entry_download(entry_id, ctx, "md")


@router.get("/org/entries/{entry_id}/classification.pdf")
def entry_pdf(entry_id: int, ctx: CtxDep) -> Response:
    return _entry_download(entry_id, ctx, "pdf")


# --------------------------------------------------------------------------- panels


@register_panel("org_entry", order=30)
def entry_panel(ctx: Any, session: Any, entry: Any) -> Markup | None:
    if not svc.may_work(ctx.actor, entry):
        return None
    html = ctx.state.templates.get_template("classification/panel.html").render(
        ctx=ctx,
        t=ctx.t,
        lang=ctx.lang,
        entry=entry,
        current=entry.classification,
        outdated=svc.outdated(entry, svc.ruleset().ref),
        **_helpers(ctx),
    )
    return Markup(html)


@register_panel("public_entry", order=30)
def public_panel(ctx: Any, session: Any, entry: Any) -> Markup | None:
    """Public content only: the published risk class, its legal basis, ruleset and date (no answers)."""
    rec = svc.public_record(session, entry)
    if rec is None:
        return None
    html = ctx.state.templates.get_template("classification/public_panel.html").render(
        ctx=ctx,
        t=ctx.t,
        lang=ctx.lang,
        risk=report.risk_label(rec.risk_class, ctx.lang),
        basis=report.legal_basis(rec.result, ctx.lang),
        ruleset=rec.ruleset,
        as_of=rec.as_of.isoformat(),
    )
    return Markup(html)


@register_panel("org_dashboard", order=30)
def dashboard_panel(ctx: Any, session: Any, org: Any) -> Markup | None:
    """The questionnaire, and the entries that need classifying again."""
    if not decide(ctx.actor, "org.work", org.id):
        return None
    html = ctx.state.templates.get_template("classification/dashboard_panel.html").render(
        ctx=ctx, t=ctx.t, lang=ctx.lang, rows=svc.to_reclassify(session, ctx.actor, org.id)
    )
    return Markup(html)
