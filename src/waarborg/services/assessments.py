"""Use cases for human-rights impact assessments (IAMA, FRIA, HUDERIA) on register entries.

Writes: start, save answers, risk register, workflow transitions (four-eyes approval, FRIA
notification under Art. 27(3)), and re-opening when the entry is substantially modified or its
classification changes (event handlers at the bottom). Reads live in ``assessment_views``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from waarborg.domain import assessments as dom
from waarborg.domain.assessments import workflow as wf
from waarborg.domain.assessments.record import check_visibility
from waarborg.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound
from waarborg.domain.policy import Actor, decide
from waarborg.services import auditlog, events
from waarborg.services.assessment_views import rows_for_entry
from waarborg.storage.base import utcnow
from waarborg.storage.models import Entry, User
from waarborg.storage.models_assessments import AssessmentRevisionRow, AssessmentRow, AssessmentVersionRow

MAX_SUMMARY = 5000


def _require_work(actor: Actor, organisation_id: int) -> None:
    decision = decide(actor, "org.work", organisation_id)
    if not decision:
        raise NotAllowed(decision.reason)


def _name(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.user_id) if actor.user_id else None
    return (user.name or user.email) if user else actor.label


def _wf_actor(session: Session, actor: Actor) -> wf.Actor:
    return wf.Actor(id=str(actor.user_id), name=_name(session, actor), roles=frozenset({actor.role}))


def current(row: AssessmentRow) -> AssessmentRevisionRow:
    return row.revisions[-1]


def _history(session: Session, rev: AssessmentRevisionRow, actor: str, kind: str, **kw: Any) -> None:
    session.add(AssessmentVersionRow(revision_id=rev.id, kind=kind, actor=actor, **kw))


def _snapshot(rev: AssessmentRevisionRow) -> dict[str, Any]:
    return {
        "version": rev.version,
        "answers": rev.answers,
        "answer_visibility": rev.answer_visibility,
        "section_visibility": rev.section_visibility,
        "public_summary": rev.public_summary,
        "review_date": rev.review_date.isoformat() if rev.review_date else None,
        "risks": rev.risks,
    }


def start(session: Session, actor: Actor, entry: Entry, instrument_id: str) -> AssessmentRow:
    """Start an assessment on ``entry``, pre-filled from the entry's other assessments."""
    _require_work(actor, entry.organisation_id)
    inst = dom.instrument(instrument_id)
    if any(r.instrument == inst.id for r in rows_for_entry(session, entry.id)):
        raise Conflict(
            f"entry {entry.public_id} already has a {inst.id.upper()} assessment",
            [f"instrument: {inst.id!r} already started for this entry"],
        )
    sources = {r.instrument: current(r).answers for r in rows_for_entry(session, entry.id)}
    fills = dom.prefill(inst, {}, sources)
    row = AssessmentRow(entry_id=entry.id, organisation_id=entry.organisation_id, instrument=inst.id)
    session.add(row)
    session.flush()
    rev = AssessmentRevisionRow(
        assessment_id=row.id,
        revision=1,
        instrument_version=inst.version,
        state="draft",
        answers={q: p.value for q, p in fills.items()},
        prefilled={q: p.source for q, p in fills.items()},
        author_id=actor.user_id,
        author_name=_name(session, actor),
        contributors=[actor.user_id],
    )
    session.add(rev)
    session.flush()
    session.refresh(row)
    _history(session, rev, actor.label, "save", action="start", target="draft", data=_snapshot(rev))
    auditlog.record(
        session,
        actor,
        "assessment.started",
        "assessment",
        row.id,
        {"entry": entry.public_id, "instrument": inst.ref, "prefilled": sorted(fills)},
    )
    events.publish(session, actor, "assessment.started", {"assessment_id": row.id, "entry_id": entry.id})
    return row


def _editable(
    session: Session, actor: Actor, row: AssessmentRow, expected_version: int | None
) -> AssessmentRevisionRow:
    _require_work(actor, row.organisation_id)
    rev = current(row)
    wf.ensure_editable(rev.state)
    if expected_version is not None and expected_version != rev.version:
        raise Conflict(
            f"this assessment was saved by someone else: you edited version {expected_version}, the current "
            f"version is {rev.version}. Your input is kept in the form; compare and save again.",
            [f"version: {expected_version} is not the current version {rev.version}"],
        )
    return rev


def _touch(session: Session, actor: Actor, row: AssessmentRow, rev: AssessmentRevisionRow, what: str) -> None:
    rev.version += 1
    rev.updated_at = row.updated_at = utcnow()
    if actor.user_id not in rev.contributors:
        rev.contributors = [*rev.contributors, actor.user_id]
    session.flush()
    _history(session, rev, actor.label, "save", action=what, data=_snapshot(rev))
    auditlog.record(
        session,
        actor,
        f"assessment.{what}",
        "assessment",
        row.id,
        {"revision": rev.revision, "version": rev.version},
    )


def _visibility_map(raw: dict[str, Any], known: set[str], field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in known:
            raise InvalidInput.at(f"{field}.{key}", f"unknown id {key!r}")
        out[key] = check_visibility(value, f"{field}.{key}")
    return out


def save(
    session: Session,
    actor: Actor,
    row: AssessmentRow,
    *,
    expected_version: int | None,
    answers: dict[str, Any] | None = None,
    answer_visibility: dict[str, Any] | None = None,
    section_visibility: dict[str, Any] | None = None,
    public_summary: str | None = None,
    review_date: date | None | str = "keep",
) -> AssessmentRevisionRow:
    """Save (part of) the draft. ``answers`` replace the given questions; a blank answer clears one."""
    rev = _editable(session, actor, row, expected_version)
    inst = dom.instrument(row.instrument)
    errors: list[str] = []
    merged = dict(rev.answers)
    if answers is not None:
        try:
            clean = dom.validate_answers(inst, answers)
        except InvalidInput as exc:
            errors.extend(exc.errors)
            clean = {}
        for qid in answers:
            merged.pop(qid, None)
        merged.update(clean)
    try:
        if answer_visibility is not None:
            rev.answer_visibility = _visibility_map(
                answer_visibility, {q.id for q in inst.questions()}, "answer_visibility"
            )
        if section_visibility is not None:
            rev.section_visibility = _visibility_map(
                section_visibility, {s.id for s in inst.sections}, "section_visibility"
            )
    except InvalidInput as exc:
        errors.extend(exc.errors)
    if public_summary is not None and len(public_summary) > MAX_SUMMARY:
        errors.append(f"public_summary: {len(public_summary)} characters, at most {MAX_SUMMARY} allowed")
    if errors:
        raise InvalidInput(errors[0], errors)
    rev.answers = merged
    if answers:
        rev.prefilled = {q: s for q, s in rev.prefilled.items() if q not in answers}
    if public_summary is not None:
        rev.public_summary = public_summary.strip()
    if review_date != "keep":
        rev.review_date = review_date if isinstance(review_date, date) or review_date is None else None
    _touch(session, actor, row, rev, "saved")
    return rev


def prefill_empty(session: Session, actor: Actor, row: AssessmentRow) -> list[str]:
    """Fill unanswered questions from the entry's other assessments; returns the question ids filled."""
    rev = _editable(session, actor, row, None)
    others = {
        r.instrument: current(r).answers for r in rows_for_entry(session, row.entry_id) if r.id != row.id
    }
    fills = dom.prefill(dom.instrument(row.instrument), rev.answers, others)
    if fills:
        rev.answers = {**rev.answers, **{q: p.value for q, p in fills.items()}}
        rev.prefilled = {**rev.prefilled, **{q: p.source for q, p in fills.items()}}
        _touch(session, actor, row, rev, "prefilled")
    return sorted(fills)


def find(session: Session, assessment_id: int) -> AssessmentRow:
    row = session.get(AssessmentRow, assessment_id)
    if row is None:
        raise NotFound(f"assessment {assessment_id} not found")
    return row


def for_update(session: Session, actor: Actor, assessment_id: int) -> AssessmentRow:
    """An assessment the actor may work on; others' assessments read as not found."""
    row = find(session, assessment_id)
    if not decide(actor, "org.work", row.organisation_id):
        raise NotFound(f"assessment {assessment_id} not found")
    return row
