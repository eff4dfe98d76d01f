"""Complaints and explanation requests: filing without an account, the status link, the organisation's
inbox and every step of the case state machines (audited, versioned, with e-mail through the outbox).

Personal data never enters the audit log, events or staff e-mails: those carry case numbers only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from waarborg.domain.cases import machine as sm
from waarborg.domain.cases.catalogue import CaseCatalogue, Machine, load_catalogue
from waarborg.domain.cases.deadlines import Deadline, compute_deadline, extend_deadline
from waarborg.domain.cases.notices import status_update
from waarborg.domain.cases.periods import Period
from waarborg.domain.cases.submission import (
    case_number,
    derive_status_token,
    token_digest,
    well_formed_token,
)
from waarborg.domain.errors import NotAllowed, NotFound
from waarborg.domain.policy import Actor
from waarborg.services import auditlog, outbox
from waarborg.storage.base import utcnow
from waarborg.storage.models import Entry
from waarborg.storage.models_cases import CaseAttachment, CaseMessage, CaseRevision, RemedyCase

CITIZEN = "citizen"


def cat() -> CaseCatalogue:
    return load_catalogue()


@dataclass(frozen=True)
class Links:
    """Where links in e-mails point; ``base_url`` comes from the settings."""

    base_url: str
    secret: str

    def status(self, token: str) -> str:
        return f"{self.base_url.rstrip('/')}/status/{token}"

    def token(self, case: RemedyCase) -> str | None:
        return derive_status_token(self.secret, case.token_salt) if case.token_salt else None

    def status_of(self, case: RemedyCase) -> str | None:
        token = self.token(case)
        return self.status(token) if token else None

    def staff(self, case: RemedyCase) -> str:
        return f"{self.base_url.rstrip('/')}/cases/{case.number}"


# --- actors and views -------------------------------------------------------------------------


def case_actor(actor: Actor) -> sm.CaseActor:
    role = "anonymous" if actor.is_anonymous else actor.role
    return sm.CaseActor(role=role, organisation_id=actor.organisation_id, label=actor.label)


def citizen_for(case: RemedyCase) -> sm.CaseActor:
    return sm.CaseActor(role=CITIZEN, case_id=case.id, label=CITIZEN)


def view_of(case: RemedyCase) -> sm.CaseView:
    return sm.CaseView(
        id=case.id,
        case_type=case.case_type,
        state=case.state,
        organisation_id=case.organisation_id,
        due=case.due,
        escalation_window_ends=case.escalation_window_ends,
        escalated=case.escalated,
        step_counts=dict(case.step_counts or {}),
    )


def require_view(case: RemedyCase, who: sm.CaseActor) -> None:
    """Cases an actor may not see read as not found (their existence is not disclosed)."""
    if not sm.can_view(cat().machine(case.case_type), view_of(case), who):
        raise NotFound(f"case {case.number} not found")


def personal_visible(case: RemedyCase, who: sm.CaseActor) -> bool:
    return bool(sm.can_see_personal_data(cat().machine(case.case_type), view_of(case), who))


def get_case(session: Session, who: sm.CaseActor, number: str) -> RemedyCase:
    case = session.scalar(select(RemedyCase).where(RemedyCase.number == number))
    if case is None:
        raise NotFound(f"case {number} not found")
    require_view(case, who)
    return case


def by_token(session: Session, token: str) -> RemedyCase:
    case = None
    if well_formed_token(token):
        case = session.scalar(select(RemedyCase).where(RemedyCase.token_digest == token_digest(token)))
    if case is None:
        raise NotFound("status link not found or no longer valid")
    return case


def children(session: Session, case: RemedyCase) -> list[RemedyCase]:
    return list(
        session.scalars(select(RemedyCase).where(RemedyCase.parent_id == case.id).order_by(RemedyCase.id))
    )


def messages(session: Session, case: RemedyCase, *, citizen_only: bool) -> list[CaseMessage]:
    q = select(CaseMessage).where(CaseMessage.case_id == case.id).order_by(CaseMessage.id)
    if citizen_only:
        q = q.where(CaseMessage.to_citizen.is_(True))
    return list(session.scalars(q))


def revisions(session: Session, case: RemedyCase) -> list[CaseRevision]:
    return list(
        session.scalars(select(CaseRevision).where(CaseRevision.case_id == case.id).order_by(CaseRevision.id))
    )


def attachment(session: Session, who: sm.CaseActor, case: RemedyCase, attachment_id: int) -> CaseAttachment:
    """An attachment of ``case`` for someone who may see the case's personal data; others get NotFound."""
    row = session.get(CaseAttachment, attachment_id)
    if row is None or row.case_id != case.id or row.data is None or not personal_visible(case, who):
        raise NotFound(f"attachment {attachment_id} not found")
    return row


def attachments_of(session: Session, case: RemedyCase) -> list[CaseAttachment]:
    return list(session.scalars(select(CaseAttachment).where(CaseAttachment.case_id == case.id)))


# --- creating cases ---------------------------------------------------------------------------


def next_number(session: Session, machine: Machine, year: int) -> str:
    prefix = f"{machine.prefix}-{year}-"
    count = session.scalar(
        select(func.count()).select_from(RemedyCase).where(RemedyCase.number.like(f"{prefix}%"))
    )
    return case_number(machine.prefix, year, int(count or 0) + 1)


def new_case(
    session: Session,
    case_type: str,
    *,
    organisation_id: int,
    entry_id: int | None,
    today: date,
    actor_label: str,
    actor_role: str,
    **fields: Any,
) -> RemedyCase:
    machine = cat().machine(case_type)
    case = RemedyCase(
        number=next_number(session, machine, today.year),
        case_type=case_type,
        state=machine.initial,
        organisation_id=organisation_id,
        entry_id=entry_id,
        received_on=today,
        **{"step_counts": {}, "reminders_sent": [], "links": [], "categories": [], **fields},
    )
    if machine.deadline is not None:
        start = case.aware_on if machine.deadline_starts == "aware_on" and case.aware_on else today
        d = compute_deadline(machine.deadline, start, categories=case.categories or ())
        case.due, case.deadline = d.due, d.as_dict()
    session.add(case)
    session.flush()
    session.add(
        CaseRevision(
            case_id=case.id,
            step="filed",
            from_state="",
            to_state=case.state,
            actor=actor_label,
            actor_role=actor_role,
            data={"due": case.due.isoformat() if case.due else None},
        )
    )
    auditlog.record(
        session,
        actor_label,
        f"case.filed.{case_type}",
        "case",
        case.id,
        {
            "number": case.number,
            "state": case.state,
            "entry_id": entry_id,
            "due": case.due.isoformat() if case.due else None,
        },
    )
    return case


# --- steps ------------------------------------------------------------------------------------


def _deadline_obj(case: RemedyCase) -> Deadline:
    rule = cat().machine(case.case_type).deadline
    assert rule is not None and case.deadline is not None
    start = date.fromisoformat(case.deadline["start"])
    base = compute_deadline(rule, start, categories=case.categories or ())
    return replace(
        base,
        due=case.due or base.due,
        basis=case.deadline["basis"],
        extensions=int(case.deadline.get("extensions", 0)),
    )


def take_step(
    session: Session,
    who: sm.CaseActor,
    case: RemedyCase,
    step: str,
    reason: str | None = None,
    *,
    today: date | None = None,
    links: Links | None = None,
    extra: dict[str, Any] | None = None,
    label: str | None = None,
) -> sm.Outcome:
    """Take ``step`` on ``case`` as ``who``: check, apply effects, record revision and audit entry."""
    today = today or date.today()
    c = cat()
    machine = c.machine(case.case_type)
    require_view(case, who)
    out = sm.apply(
        machine, view_of(case), step, who, today, reason, reason_max_chars=c.limits.reply_max_chars
    )
    case.state = out.to_state
    case.step_counts = {**(case.step_counts or {}), step: int((case.step_counts or {}).get(step, 0)) + 1}
    case.updated_at = utcnow()
    if machine.states[out.to_state].terminal and case.closed_on is None:
        case.closed_on = today
    from waarborg.services import case_effects  # late: effects call back into this module

    case_effects.apply_all(
        session, who, case, out, today=today, links=links, extra=extra if extra is not None else {}
    )
    who_label = label or who.label or who.role
    session.add(
        CaseRevision(
            case_id=case.id,
            step=step,
            from_state=out.from_state,
            to_state=out.to_state,
            actor=who_label,
            actor_role=who.role,
            reason=out.reason,
            data={"effects": list(out.effects), "due": case.due.isoformat() if case.due else None},
        )
    )
    audit = out.audit()
    audit["reason"] = None if who.role == CITIZEN else audit["reason"]  # citizens' texts are personal data
    auditlog.record(session, who_label, f"case.{step}", "case", case.id, {"number": case.number, **audit})
    session.flush()
    return out


def extend(case: RemedyCase, reason: str, today: date) -> None:
    rule = cat().machine(case.case_type).deadline
    assert rule is not None
    d = extend_deadline(rule, _deadline_obj(case), reason=reason, today=today)
    case.due, case.deadline = d.due, d.as_dict()


def notify_citizen(
    session: Session, case: RemedyCase, links: Links | None, message: str | None = None
) -> None:
    """Tell the citizen there is news, with the private status link (and the reply text, if any)."""
    if not case.email or links is None:
        return
    source = case
    if not case.token_salt and case.parent_id:  # an escalation: the citizen follows it via the original link
        source = session.get(RemedyCase, case.parent_id) or case
    link = links.status_of(source) or links.base_url
    mail = status_update(
        cat(),
        case.case_type,
        case.number,
        case.state,
        case.due,
        link,
        case.language,
        window=case.escalation_window_ends,
    )
    body = mail.body if not message else f"{mail.body}\n=====\n\n{message}\n"
    outbox.enqueue(session, case.email, replace(mail, body=body), case.id)


def inbox(
    session: Session,
    actor: Actor,
    *,
    organisation_id: int | None = None,
    states: Sequence[str] = (),
    case_types: Sequence[str] = ("complaint", "explanation-request", "serious-incident", "fria-notification"),
) -> list[RemedyCase]:
    """An organisation's cases (its own only) or, for supervisors, any organisation's."""
    who = case_actor(actor)
    if who.party == "org":
        organisation_id = actor.organisation_id
    elif who.role != "supervisor":
        raise NotAllowed("only staff of an organisation and supervisors have a case inbox")
    q = (
        select(RemedyCase)
        .where(RemedyCase.case_type.in_(list(case_types)))
        .order_by(RemedyCase.due, RemedyCase.id)
    )
    if organisation_id is not None:
        q = q.where(RemedyCase.organisation_id == organisation_id)
    if states:
        q = q.where(RemedyCase.state.in_(list(states)))
    return [c for c in session.scalars(q) if sm.can_view(cat().machine(c.case_type), view_of(c), who)]


def entry_of(session: Session, case: RemedyCase) -> Entry | None:
    return session.get(Entry, case.entry_id) if case.entry_id else None


def period_override(days: int | None) -> dict[str, Period]:
    return {} if not days else {t: Period(days=days) for t in ("complaint", "explanation-request")}
