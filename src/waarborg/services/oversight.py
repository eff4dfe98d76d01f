"""The supervisor's side: serious incidents and FRIA notifications from organisations, investigations,
measures (request for information up to withdrawal) and the published statistics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from waarborg.domain.cases import machine as sm
from waarborg.domain.cases.measures import REGISTER_MARKS, decide_measure
from waarborg.domain.cases.notices import staff_notice
from waarborg.domain.cases.statistics import CaseFacts, MeasureFacts, Tally, tally
from waarborg.domain.errors import InvalidInput, NotAllowed, NotFound
from waarborg.domain.policy import Actor, decide
from waarborg.services import auditlog, case_desk, cases, entries, events, outbox
from waarborg.storage.models import Entry, Notification
from waarborg.storage.models_cases import Measure, RemedyCase


def _staff_entry(session: Session, actor: Actor, public_id: str) -> Entry:
    entry = entries.get_for(session, actor, public_id)
    if not decide(actor, "org.work", entry.organisation_id) or actor.role not in ("editor", "approver"):
        raise NotAllowed("only staff of the organisation that owns the entry can do this")
    return entry


def report_incident(
    session: Session,
    actor: Actor,
    public_id: str,
    *,
    categories: Sequence[str],
    aware_on: date,
    description: str,
    report_now: bool = True,
    today: date | None = None,
    links: cases.Links | None = None,
) -> RemedyCase:
    """Record a serious incident (Art. 73) with its reporting deadline; report it to the supervisor now or later."""
    today = today or date.today()
    entry = _staff_entry(session, actor, public_id)
    if aware_on > today:
        raise InvalidInput.at("aware_on", f"{aware_on.isoformat()} lies in the future")
    if not description.strip():
        raise InvalidInput.at("description", "describe the incident; got an empty text")
    case = cases.new_case(
        session,
        "serious-incident",
        organisation_id=entry.organisation_id,
        entry_id=entry.id,
        today=today,
        actor_label=actor.label,
        actor_role=actor.role,
        aware_on=aware_on,
        categories=list(categories),
        title=(entry.pub_name or entry.name)[:300],
        description=description.strip()[:5000],
    )
    if report_now:
        cases.take_step(
            session, cases.case_actor(actor), case, "report", today=today, links=links, extra={"actor": actor}
        )
    return case


def notify_fria(
    session: Session,
    actor: Actor,
    public_id: str,
    summary: str,
    *,
    today: date | None = None,
    links: cases.Links | None = None,
) -> RemedyCase:
    """Art. 27(3): the deployer notifies the supervisor of the FRIA results."""
    today = today or date.today()
    entry = _staff_entry(session, actor, public_id)
    if actor.role != "approver":
        raise NotAllowed("FRIA results are notified by an approver of the organisation")
    case = cases.new_case(
        session,
        "fria-notification",
        organisation_id=entry.organisation_id,
        entry_id=entry.id,
        today=today,
        actor_label=actor.label,
        actor_role=actor.role,
        title=(entry.pub_name or entry.name)[:300],
        description=summary.strip()[:5000],
    )
    if links is not None:
        outbox.notify_staff(
            session,
            staff_notice(
                case.number,
                "Nieuwe FRIA-melding",
                "New FRIA notification",
                case.due,
                f"{links.base_url.rstrip('/')}/supervisor",
            ),
            supervisors=True,
        )
    return case


def open_investigation(
    session: Session, actor: Actor, public_id: str, *, origin: str, reason: str, today: date | None = None
) -> RemedyCase:
    today = today or date.today()
    if actor.role != "supervisor":
        raise NotAllowed("investigations are opened by supervisors")
    machine = cases.cat().machine("investigation")
    if origin not in machine.origins:
        raise InvalidInput.at("origin", f"{origin!r} is not one of {', '.join(machine.origins)}")
    if len(reason.strip()) < 10:
        raise InvalidInput.at(
            "reason",
            f"give the reason for the investigation (at least 10 characters); got {len(reason.strip())}",
        )
    entry = entries.get(session, public_id)
    return cases.new_case(
        session,
        "investigation",
        organisation_id=entry.organisation_id,
        entry_id=entry.id,
        today=today,
        actor_label=actor.label,
        actor_role=actor.role,
        origin=origin,
        title=(entry.pub_name or entry.name)[:300],
        description=reason.strip(),
    )


def _measure_number(session: Session, year: int) -> str:
    count = session.scalar(
        select(func.count()).select_from(Measure).where(Measure.number.like(f"M-{year}-%"))
    )
    return f"M-{year}-{int(count or 0) + 1:06d}"


def issue_measure(
    session: Session,
    actor: Actor,
    case: RemedyCase,
    *,
    kind: str,
    legal_basis: Sequence[str],
    reasoning: str,
    public_text: str = "",
    due: date | None = None,
    today: date | None = None,
    links: cases.Links | None = None,
) -> Measure:
    """A measure in an investigation, with its legal basis and reasoned decision; withdrawal, recall and
    restriction show on the public register entry."""
    today = today or date.today()
    if case.case_type != "investigation" or case.state != "open":
        raise InvalidInput.at(
            "case",
            f"measures are taken in an open investigation; {case.number} is a {case.case_type} ({case.state})",
        )
    d = decide_measure(
        cases.cat(),
        kind=kind,
        legal_basis=legal_basis,
        reasoning=reasoning,
        actor_role=actor.role,
        today=today,
        due=due,
    )
    m = Measure(
        number=_measure_number(session, today.year),
        case_id=case.id,
        organisation_id=case.organisation_id,
        entry_id=case.entry_id,
        kind=kind,
        state="issued",
        legal_basis=[s.as_dict() for s in d.legal_basis],
        reasoning=d.reasoning,
        public_text=public_text.strip()[:2000],
        issued_on=today,
        due=d.due,
        register_mark=d.register_mark,
        step_counts={},
        issued_by=actor.label,
    )
    session.add(m)
    session.flush()
    if d.register_mark and case.entry_id:
        _mark_entry(session, actor, case.entry_id, m)
    auditlog.record(
        session,
        actor,
        "measure.issued",
        "measure",
        m.id,
        {
            "number": m.number,
            "case": case.number,
            "kind": kind,
            "legal_basis": [s.id for s in d.legal_basis],
            "due": d.due.isoformat() if d.due else None,
            "register_mark": d.register_mark,
        },
    )
    if links is not None:
        outbox.notify_staff(
            session,
            staff_notice(
                m.number,
                "Maatregel opgelegd",
                "Measure issued",
                m.due,
                f"{links.base_url.rstrip('/')}/org/measures/{m.number}",
            ),
            organisation_id=m.organisation_id,
        )
    if d.closes_case:
        cases.take_step(
            session,
            cases.case_actor(actor),
            case,
            "close",
            d.reasoning,
            today=today,
            links=links,
            extra={"actor": actor},
        )
    return m


def _mark_entry(session: Session, actor: Actor, entry_id: int, m: Measure) -> None:
    entry = session.get(Entry, entry_id)
    if entry is None:
        return
    kind = cases.cat().measure_kind(m.kind)
    basis = "; ".join(b["article"] for b in m.legal_basis)
    entry.market_measure = {
        "kind": m.kind,
        "mark": m.register_mark,
        "measure": m.number,
        "legal_basis": basis,
        "date": m.issued_on.isoformat(),
        "public_text": m.public_text or kind.label["nl"],
        "public_text_nl": m.public_text or kind.label["nl"],
        "public_text_en": m.public_text or kind.label["en"],
        "response": None,
    }
    events.publish(
        session, actor, "entry.market_measure", {"entry_id": entry_id, "measure": entry.market_measure}
    )


def get_measure(session: Session, actor: Actor, number: str) -> Measure:
    m = session.scalar(select(Measure).where(Measure.number == number))
    who = cases.case_actor(actor)
    view = (
        sm.CaseView(id=m.id, case_type="measure", state=m.state, organisation_id=m.organisation_id)
        if m
        else None
    )
    if m is None or view is None or not sm.can_view(cases.cat().machine("measure"), view, who):
        raise NotFound(f"measure {number} not found")
    return m


def measure_step(
    session: Session, actor: Actor, m: Measure, step: str, reason: str, *, today: date | None = None
) -> Measure:
    """The organisation responds; the supervisor confirms compliance, finds non-compliance or revokes."""
    today = today or date.today()
    machine = cases.cat().machine("measure")
    view = sm.CaseView(
        id=m.id,
        case_type="measure",
        state=m.state,
        organisation_id=m.organisation_id,
        due=m.due,
        step_counts=dict(m.step_counts or {}),
    )
    out = sm.apply(machine, view, step, cases.case_actor(actor), today, reason)
    m.state = out.to_state
    m.step_counts = {**(m.step_counts or {}), step: int((m.step_counts or {}).get(step, 0)) + 1}
    if step == "respond":
        m.response, m.responded_on = out.reason, today
    if machine.states[m.state].terminal:
        m.closed_on = today
    entry = session.get(Entry, m.entry_id) if m.entry_id else None
    if entry is not None and entry.market_measure and entry.market_measure.get("measure") == m.number:
        if "lift_register_mark" in out.effects:
            entry.market_measure = None
        elif step == "respond":
            entry.market_measure = {**entry.market_measure, "response": out.reason}
    auditlog.record(session, actor, f"measure.{step}", "measure", m.id, {"number": m.number, **out.audit()})
    return m


def measures_for(session: Session, actor: Actor, *, case_id: int | None = None) -> list[Measure]:
    q = select(Measure).order_by(Measure.id.desc())
    if case_id is not None:
        q = q.where(Measure.case_id == case_id)
    if actor.role in ("editor", "approver"):
        q = q.where(Measure.organisation_id == actor.organisation_id)
    elif actor.role != "supervisor":
        raise NotAllowed("measures are seen by supervisors and the organisation concerned")
    return list(session.scalars(q))


def workspace(session: Session, actor: Actor) -> dict[str, Any]:
    """Everything on the supervisor's desk, across organisations."""
    if actor.role != "supervisor":
        raise NotAllowed("only supervisors use the oversight workspace")

    def of(*types: str) -> list[RemedyCase]:
        q = select(RemedyCase).where(RemedyCase.case_type.in_(types)).order_by(RemedyCase.due, RemedyCase.id)
        return list(session.scalars(q))

    art63 = [e for e in entries.all_published(session) if (e.classification or {}).get("derogation")]
    return {
        "findings": case_desk.bias_findings(session, actor),
        "organisations": case_desk.organisations(session),
        "escalations": of("escalation"),
        "incidents": [c for c in of("serious-incident") if c.state != "draft"],
        "fria": of("fria-notification"),
        "investigations": of("investigation"),
        "measures": measures_for(session, actor),
        "self_assessments": art63,
        "notifications": list(
            session.scalars(select(Notification).order_by(Notification.id.desc()).limit(100))
        ),
    }


def statistics(session: Session, today: date | None = None) -> dict[str, dict[Any, Tally]]:
    """Published statistics (no personal data): per organisation and per system."""
    today = today or date.today()
    rows = session.scalars(
        select(RemedyCase).where(RemedyCase.case_type.in_(("complaint", "explanation-request")))
    )
    facts = [
        CaseFacts(
            c.organisation_id, c.entry_id, c.case_type, c.received_on, c.due, c.answered_on, c.escalated
        )
        for c in rows
    ]
    ms = [MeasureFacts(m.organisation_id, m.entry_id, m.kind) for m in session.scalars(select(Measure))]
    return tally(facts, ms, today)


__all__ = ["REGISTER_MARKS"]
