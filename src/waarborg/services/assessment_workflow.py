"""Assessment workflow: transitions (four-eyes approval), the FRIA notification (Art. 27(3)), and
re-opening when the entry is substantially modified or its classification changes (event handlers)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from waarborg.domain import assessments as dom
from waarborg.domain.assessments import workflow as wf
from waarborg.domain.assessments.summary import fria_notification
from waarborg.domain.policy import Actor, decide
from waarborg.services import auditlog, events
from waarborg.services.assessment_views import record, rows_for_entry
from waarborg.services.assessments import _history, _name, _require_work, _snapshot, _wf_actor, current
from waarborg.storage.base import utcnow
from waarborg.storage.models import Entry, Notification
from waarborg.storage.models_assessments import AssessmentRevisionRow, AssessmentRow


def _context(
    rev: AssessmentRevisionRow, inst: dom.Instrument, today: date, comment: str
) -> wf.TransitionContext:
    return wf.TransitionContext(
        state=rev.state,
        author_id=str(rev.author_id),
        contributors=frozenset(str(c) for c in rev.contributors),
        completeness=dom.completeness(inst, rev.answers),
        review_date=rev.review_date,
        today=today,
        comment=comment,
    )


def allowed_actions(session: Session, actor: Actor, row: AssessmentRow) -> list[str]:
    if not decide(actor, "org.work", row.organisation_id):
        return []
    rev = current(row)
    return wf.allowed_actions(
        _wf_actor(session, actor), _context(rev, dom.instrument(row.instrument), date.today(), "")
    )


def transition(
    session: Session,
    actor: Actor,
    row: AssessmentRow,
    action: str,
    comment: str = "",
    today: date | None = None,
    *,
    system: bool = False,
) -> AssessmentRevisionRow:
    """Move the current revision through the workflow. ``reopen`` supersedes it and starts a new draft."""
    if not system:
        _require_work(actor, row.organisation_id)
    rev = current(row)
    inst = dom.instrument(row.instrument)
    who = (
        wf.Actor(id="system", name="Waarborg", roles=frozenset({"system"}))
        if system
        else _wf_actor(session, actor)
    )
    step = wf.check_transition(action, who, _context(rev, inst, today or date.today(), comment))
    before = rev.state
    rev.state = step.target
    rev.updated_at = row.updated_at = utcnow()
    if action == "approve":
        rev.approver_id, rev.approver_name, rev.approved_at = actor.user_id, who.name, utcnow()
    _history(
        session,
        rev,
        who.name if system else actor.label,
        "transition",
        action=action,
        source=before,
        target=step.target,
        comment=comment[:2000],
    )
    auditlog.record(
        session,
        "system" if system else actor,
        f"assessment.{action}",
        "assessment",
        row.id,
        {"revision": rev.revision, "from": before, "to": step.target, "comment": comment[:500]},
    )
    session.flush()
    if action == "approve":
        _approved(session, actor, row, rev, inst)
    if action == "reopen":
        rev = _new_revision(session, actor, row, rev, comment, system)
    return rev


def _approved(
    session: Session, actor: Actor, row: AssessmentRow, rev: AssessmentRevisionRow, inst: dom.Instrument
) -> None:
    entry = session.get(Entry, row.entry_id)
    assert entry is not None
    events.publish(
        session,
        actor,
        "assessment.approved",
        {
            "assessment_id": row.id,
            "entry_id": row.entry_id,
            "instrument": row.instrument,
            "revision": rev.revision,
        },
    )
    note = fria_notification(record(row, rev, entry), inst)
    if note is None:
        return
    notification = Notification(
        kind=note.kind,
        organisation_id=row.organisation_id,
        entry_id=row.entry_id,
        object_type="assessment",
        object_id=str(row.id),
        title=note.title,
        body=note.body,
        article=note.article,
    )
    session.add(notification)
    session.flush()
    auditlog.record(
        session,
        actor,
        "assessment.fria_notified",
        "assessment",
        row.id,
        {"revision": rev.revision, "notification": notification.id},
    )
    events.publish(
        session,
        actor,
        "fria.approved",
        {"assessment_id": row.id, "entry_id": row.entry_id, "notification_id": notification.id},
    )


def _new_revision(
    session: Session, actor: Actor, row: AssessmentRow, old: AssessmentRevisionRow, reason: str, system: bool
) -> AssessmentRevisionRow:
    inst = dom.instrument(row.instrument)
    author_id = None if system else actor.user_id
    rev = AssessmentRevisionRow(
        assessment_id=row.id,
        revision=old.revision + 1,
        instrument_version=inst.version,
        state="draft",
        answers=dict(old.answers),
        answer_visibility=dict(old.answer_visibility),
        section_visibility=dict(old.section_visibility),
        risks=list(old.risks),
        public_summary=old.public_summary,
        review_date=old.review_date,
        author_id=author_id,
        author_name="Waarborg" if system else _name(session, actor),
        contributors=[] if system else [actor.user_id],
        reopen_reason=reason[:500],
    )
    session.add(rev)
    row.current_revision = rev.revision
    session.flush()
    session.refresh(row)
    _history(
        session,
        rev,
        "Waarborg" if system else actor.label,
        "transition",
        action="reopened",
        target="draft",
        comment=reason[:2000],
        data=_snapshot(rev),
    )
    return rev


def reopen_for_entry(session: Session, actor: Actor, entry_id: int, reason: str) -> list[int]:
    """Re-open every approved assessment of the entry (the system does this; reasons are recorded)."""
    reopened = []
    for row in rows_for_entry(session, entry_id):
        rev = current(row)
        if rev.state == "approved":
            transition(session, actor, row, "reopen", reason, system=True)
            reopened.append(row.id)
        elif rev.state in ("draft", "in_review") and not rev.reopen_reason:
            rev.reopen_reason = reason[:500]
    if reopened:
        auditlog.record(
            session,
            "system",
            "assessment.reopened_by_change",
            "entry",
            entry_id,
            {"assessments": reopened, "reason": reason[:500]},
        )
    return reopened


def _classification_key(c: dict[str, Any] | None) -> tuple[Any, ...]:
    c = c or {}
    hr = c.get("high_risk") or {}
    return (
        c.get("risk_class"),
        hr.get("route"),
        hr.get("point"),
        tuple(sorted(c.get("roles") or [])),
        (c.get("convention") or {}).get("applies"),
    )


@events.subscribe("entry.modified")
def _on_modified(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
    reason = str(payload.get("reason") or "")
    reopen_for_entry(
        session, actor, int(payload["entry_id"]), f"substantial-modification: {reason}".strip(": ")
    )


@events.subscribe("entry.classified")
def _on_classified(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
    previous, now = payload.get("previous"), payload.get("classification")
    if previous is None or _classification_key(previous) == _classification_key(now):
        return
    old, new = (previous or {}).get("risk_class"), (now or {}).get("risk_class")
    reopen_for_entry(session, actor, int(payload["entry_id"]), f"classification-changed: {old} -> {new}")
