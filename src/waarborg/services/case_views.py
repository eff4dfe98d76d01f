"""One view of a case for every output (HTML, JSON): personal data only for the citizen and the handlers,
internal notes only for staff, and the legal basis of the time limit with its certainty."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from waarborg.domain.cases import machine as sm
from waarborg.domain.cases.catalogue import pick
from waarborg.domain.cases.notices import next_step
from waarborg.domain.errors import NotAllowed
from waarborg.services import cases
from waarborg.storage.models import Organisation
from waarborg.storage.models_cases import Measure, RemedyCase

AUTHORS = {
    "citizen": {"nl": "indiener", "en": "complainant"},
    "editor": {"nl": "organisatie", "en": "organisation"},
    "approver": {"nl": "organisatie", "en": "organisation"},
    "admin": {"nl": "beheerder", "en": "administrator"},
    "supervisor": {"nl": "toezichthouder", "en": "supervisor"},
    "system": {"nl": "systeem", "en": "system"},
}


def _message(m: Any, machine: Any, lang: str) -> dict[str, Any]:
    return {
        "kind": m.kind,
        "kind_label": _step_label(machine, m.kind, lang),
        "author_role": m.author_role,
        "author_label": pick(AUTHORS[m.author_role], lang) if m.author_role in AUTHORS else m.author_role,
        "to_citizen": m.to_citizen,
        "body": m.body,
        "at": m.created_at.isoformat() if m.created_at else None,
    }


FILED = {"nl": "Ingediend", "en": "Filed"}


def _step_label(machine: Any, step: str, lang: str) -> str:
    """A history step in words: the transition's label, 'filed' for the first one, else the raw id."""
    labels = {t.id: t.label for t in machine.transitions}
    if step in labels:
        return pick(labels[step], lang)
    return pick(FILED, lang) if step == "filed" else step


def _state_label(machine: Any, state: str | None, lang: str) -> str | None:
    if not state:
        return None
    return pick(machine.states[state].label, lang) if state in machine.states else state


def case_dict(
    session: Session, case: RemedyCase, who: sm.CaseActor, lang: str = "nl", *, today: Any = None
) -> dict[str, Any]:
    """Everything ``who`` may see of ``case``; raises NotFound for others (via ``require_view``)."""
    cases.require_view(case, who)
    c = cases.cat()
    machine = c.machine(case.case_type)
    state = machine.states[case.state]
    citizen = who.role == "citizen"
    org = session.get(Organisation, case.organisation_id)
    entry = cases.entry_of(session, case)
    out: dict[str, Any] = {
        "number": case.number,
        "case_type": case.case_type,
        "type_label": pick(machine.label, lang),
        "state": case.state,
        "state_label": pick(state.label, lang),
        "terminal": state.terminal,
        "next_step": next_step(
            c, case.case_type, case.state, lang, due=case.due, window=case.escalation_window_ends
        ),
        "organisation": org.name if org else None,
        "entry": entry.public_id if entry else None,
        "entry_public": bool(entry and entry.is_public),
        "system": case.title,
        "subject": case.subject,
        "language": case.language,
        "received_on": case.received_on.isoformat(),
        "due": case.due.isoformat() if case.due else None,
        "deadline": case.deadline,
        "escalation_window_ends": _iso(case.escalation_window_ends),
        "answered_on": _iso(case.answered_on),
        "closed_on": _iso(case.closed_on),
        "escalated": case.escalated,
        "anonymised": case.anonymised_at is not None,
        "sources": [s.as_dict() for s in machine.sources],
        "messages": [_message(m, machine, lang) for m in cases.messages(session, case, citizen_only=citizen)],
        "steps": [
            {"id": t.id, "label": pick(t.label, lang), "requires_reason": t.requires_reason}
            for t in sm.available(machine, cases.view_of(case), who, today or _today())
        ],
    }
    if case.case_type == "serious-incident":
        out.update(
            aware_on=_iso(case.aware_on),
            categories=list(case.categories or []),
            reported_late=case.reported_late,
        )
    if cases.personal_visible(case, who):
        out["personal"] = {
            "name": case.name,
            "email": case.email,
            "description": case.description,
            "decision_reference": case.decision_reference,
            "decision_date": _iso(case.decision_date),
            "attachments": [
                {"id": a.id, "filename": a.filename, "media_type": a.media_type, "size": a.size}
                for a in cases.attachments_of(session, case)
            ],
        }
    elif case.case_type not in ("complaint", "explanation-request", "escalation"):
        out["description"] = case.description
    if not citizen:
        out["links"] = [_link(link) for link in case.links or []]
        out["origin"] = case.origin
        out["entry_pk"] = entry.id if entry else None
        out["history"] = [
            {
                "step": r.step,
                "step_label": _step_label(machine, r.step, lang),
                "from": r.from_state,
                "from_label": _state_label(machine, r.from_state, lang),
                "to": r.to_state,
                "to_label": _state_label(machine, r.to_state, lang),
                "actor": r.actor,
                "reason": r.reason if r.actor_role != "citizen" else None,
                "at": r.created_at.isoformat() if r.created_at else None,
            }
            for r in cases.revisions(session, case)
        ]
    out["related"] = [
        {
            "number": ch.number,
            "case_type": ch.case_type,
            "state": ch.state,
            "state_label": pick(c.machine(ch.case_type).states[ch.state].label, lang),
        }
        for ch in cases.children(session, case)
        if sm.can_view(c.machine(ch.case_type), cases.view_of(ch), who)
    ]
    return out


def status_dict(session: Session, case: RemedyCase, lang: str = "nl") -> dict[str, Any]:
    """The status page: the citizen's case and any escalation of it, with the supervisor's messages."""
    who = cases.citizen_for(case)
    out = case_dict(session, case, who, lang)
    out["escalations"] = [
        case_dict(session, ch, cases.citizen_for(ch), lang)
        for ch in cases.children(session, case)
        if ch.case_type == "escalation"
    ]
    return out


def measure_dict(m: Measure, lang: str = "nl") -> dict[str, Any]:
    c = cases.cat()
    state = c.machine("measure").states[m.state]
    return {
        "number": m.number,
        "kind": m.kind,
        "kind_label": pick(c.measure_kind(m.kind).label, lang),
        "state": m.state,
        "state_label": pick(state.label, lang),
        "legal_basis": m.legal_basis,
        "reasoning": m.reasoning,
        "public_text": m.public_text,
        "issued_on": m.issued_on.isoformat(),
        "due": _iso(m.due),
        "register_mark": m.register_mark,
        "response": m.response,
        "responded_on": _iso(m.responded_on),
        "closed_on": _iso(m.closed_on),
        "issued_by": m.issued_by,
    }


def _link(link: dict[str, Any]) -> dict[str, Any]:
    """A stored link with the page it points to (a bias finding: its audit page)."""
    if link.get("kind") == "finding" and link.get("audit_id") is not None:
        return {**link, "href": f"/org/audits/{link['audit_id']}#finding-{link.get('finding_id')}"}
    return dict(link)


def require_staff(who: sm.CaseActor) -> None:
    if who.party not in ("org", "supervisor"):
        raise NotAllowed("sign in as staff of an organisation or as a supervisor")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _today() -> Any:
    from datetime import date

    return date.today()
