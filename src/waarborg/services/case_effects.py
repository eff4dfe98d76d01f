"""What a case step sets off, by the effect names in cases.yaml: deadlines, messages, e-mail, escalation,
investigations, links to findings and re-assessment."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from waarborg.domain.cases import machine as sm
from waarborg.domain.cases.deadlines import compute_deadline
from waarborg.domain.cases.notices import staff_notice
from waarborg.domain.errors import InvalidInput
from waarborg.domain.policy import Actor
from waarborg.services import cases, events, outbox
from waarborg.storage.models_audits import AuditFinding
from waarborg.storage.models_cases import CaseMessage, RemedyCase

SYSTEM = sm.CaseActor(role="system", label="system")
_CITIZEN_MESSAGE_STEPS = {
    "reply",
    "extend",
    "decide",
    "dismiss",
    "escalate_unanswered",
    "escalate_unsatisfied",
}


LINK_KINDS = ("finding", "risk")
_FINDING_REF = re.compile(r"^(?:F-?|#)?(\d{1,12})$", re.IGNORECASE)


def link_target(session: Session, case: RemedyCase, kind: str, ref: str) -> dict[str, Any]:
    """What a ``link_finding`` step links to. A bias finding (``F-12``, ``#12`` or ``12``) must belong
    to the case's entry (or, for a case without an entry, its organisation); other kinds keep free text."""
    if kind not in LINK_KINDS:
        raise InvalidInput.at("link_kind", f"{kind!r} is not one of {', '.join(LINK_KINDS)}")
    ref = ref.strip()
    if kind != "finding":
        return {"kind": kind, "ref": ref[:200]}
    match = _FINDING_REF.match(ref)
    finding = session.get(AuditFinding, int(match.group(1))) if match else None
    owner = "entry" if case.entry_id is not None else "organisation"
    if (
        finding is None
        or finding.organisation_id != case.organisation_id
        or (case.entry_id is not None and finding.entry_id != case.entry_id)
    ):
        raise InvalidInput.at(
            "link_ref",
            f"{ref!r} is not a bias finding of this case's {owner}; give its number as shown on the "
            "audit page (e.g. F-12)",
        )
    return {
        "kind": "finding",
        "ref": f"F-{finding.id}",
        "finding_id": finding.id,
        "audit_id": finding.audit_id,
    }


class Effects:
    def __init__(
        self,
        session: Session,
        who: sm.CaseActor,
        case: RemedyCase,
        out: sm.Outcome,
        today: date,
        links: cases.Links | None,
        extra: dict[str, Any],
    ) -> None:
        self.session, self.who, self.case, self.out, self.today = session, who, case, out, today
        self.links, self.extra = links, extra

    def stop_clock(self) -> None:
        case = self.case
        if case.state == "answered":
            case.answered_on = self.today
            window = cases.cat().deadlines["escalation-window"]
            case.escalation_window_ends = compute_deadline(window, self.today).due
        if case.case_type == "serious-incident" and self.out.step == "report":
            case.reported_late = case.due is not None and self.today > case.due

    def extend_deadline(self) -> None:
        cases.extend(self.case, self.out.reason or "", self.today)

    def notify_citizen(self) -> None:
        body = (
            self.out.reason
            if self.out.step in _CITIZEN_MESSAGE_STEPS and self.who.role != "citizen"
            else None
        )
        cases.notify_citizen(self.session, self.case, self.links, body)

    def notify_org(self) -> None:
        if self.links is None:
            return
        mail = staff_notice(
            self.case.number,
            f"Stap '{self.out.step}' in de zaak",
            f"Step '{self.out.step}' in the case",
            self.case.due,
            self.links.staff(self.case),
        )
        outbox.notify_staff(
            self.session, mail, organisation_id=self.case.organisation_id, case_id=self.case.id
        )

    def notify_supervisor(self) -> None:
        if self.links is None:
            return
        link = f"{self.links.base_url.rstrip('/')}/supervisor"
        mail = staff_notice(
            self.case.number,
            f"Stap '{self.out.step}' in de zaak",
            f"Step '{self.out.step}' in the case",
            self.case.due,
            link,
        )
        outbox.notify_staff(self.session, mail, supervisors=True, case_id=self.case.id)

    def open_escalation(self) -> None:
        case = self.case
        case.escalated = True
        child = cases.new_case(
            self.session,
            "escalation",
            organisation_id=case.organisation_id,
            entry_id=case.entry_id,
            today=self.today,
            actor_label="citizen",
            actor_role="citizen",
            parent_id=case.id,
            origin=case.case_type,
            subject=case.subject,
            language=case.language,
            title=case.title,
            name=case.name,
            email=case.email,
            description=self.out.reason or "",
        )
        child.escalated = True
        self.extra["created_case"] = child.number

    def close_parent(self) -> None:
        parent = self.session.get(RemedyCase, self.case.parent_id) if self.case.parent_id else None
        if parent is not None and parent.state == "escalated":
            cases.take_step(
                self.session, SYSTEM, parent, "close_after_escalation", today=self.today, links=None
            )

    def open_investigation(self) -> None:
        case = self.case
        child = cases.new_case(
            self.session,
            "investigation",
            organisation_id=case.organisation_id,
            entry_id=case.entry_id,
            today=self.today,
            actor_label=self.who.label or "supervisor",
            actor_role=self.who.role,
            parent_id=case.id,
            origin=case.case_type.replace("-", "_"),
            title=case.title,
            description=self.out.reason or "",
        )
        self.extra["created_case"] = child.number

    def link_finding(self) -> None:
        target = link_target(
            self.session,
            self.case,
            str(self.extra.get("link_kind") or "finding"),
            str(self.extra.get("link_ref") or ""),
        )
        link = {**target, "reason": self.out.reason, "on": self.today.isoformat()}
        self.case.links = [*(self.case.links or []), link]
        events.publish(self.session, self._actor(), "case.linked", {"case_id": self.case.id, **link})

    def trigger_reassessment(self) -> None:
        reason = f"complaint {self.case.number}: {self.out.reason}"
        self.case.links = [
            *(self.case.links or []),
            {"kind": "reassessment", "ref": "", "reason": self.out.reason, "on": self.today.isoformat()},
        ]
        if self.case.entry_id is not None:
            events.publish(
                self.session,
                self._actor(),
                "case.reassessment_requested",
                {"case_id": self.case.id, "entry_id": self.case.entry_id, "reason": reason},
            )
            from waarborg.services import assessments

            reopen = getattr(assessments, "reopen_for_entry", None)
            if reopen is not None:
                reopen(self.session, self._actor(), self.case.entry_id, reason[:500])

    def _actor(self) -> Actor:
        return self.extra.get("actor") or Actor(user_id=0, role="system", email=self.who.label or "system")

    def message(self) -> None:
        if not self.out.reason:
            return
        to_citizen = self.out.step in _CITIZEN_MESSAGE_STEPS
        self.session.add(
            CaseMessage(
                case_id=self.case.id,
                author_role=self.who.role,
                author=self.who.label or self.who.role,
                kind=self.out.step,
                to_citizen=to_citizen,
                body=self.out.reason,
            )
        )


def apply_all(
    session: Session,
    who: sm.CaseActor,
    case: RemedyCase,
    out: sm.Outcome,
    *,
    today: date,
    links: cases.Links | None,
    extra: dict[str, Any],
) -> None:
    fx = Effects(session, who, case, out, today, links, extra)
    fx.message()
    handlers: dict[str, Callable[[], None]] = {
        "stop_clock": fx.stop_clock,
        "extend_deadline": fx.extend_deadline,
        "notify_citizen": fx.notify_citizen,
        "notify_org": fx.notify_org,
        "notify_supervisor": fx.notify_supervisor,
        "open_escalation": fx.open_escalation,
        "close_parent": fx.close_parent,
        "open_investigation": fx.open_investigation,
        "link_finding": fx.link_finding,
        "trigger_reassessment": fx.trigger_reassessment,
    }
    ordered = sorted(out.effects, key=lambda e: e.startswith("notify_"))  # state changes first, then mail
    for effect in ordered:
        handler = handlers.get(effect)
        if handler is not None:
            handler()
