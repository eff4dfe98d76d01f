"""Case state machines: which step is allowed from which state, for which actor, under which guard, and
what it sets off. Every decision carries its reason; every outcome carries what the audit log records.

Actors: ``citizen`` (holds the status link of exactly one case), ``editor``/``approver`` (staff of one
organisation), ``supervisor`` (all organisations), ``system`` (scheduled jobs). Admins manage accounts,
not cases, so they have no role here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from waarborg.domain.cases.catalogue import Machine, Transition
from waarborg.domain.errors import InvalidInput, NotAllowed, TransitionNotAllowed

ORG_ROLES = frozenset({"editor", "approver"})


@dataclass(frozen=True)
class CaseActor:
    role: str  # citizen | editor | approver | supervisor | system | anonymous | admin
    organisation_id: int | None = None
    case_id: int | None = None  # for a citizen: the one case whose status link they hold
    label: str = ""

    @property
    def party(self) -> str | None:
        if self.role in ORG_ROLES:
            return "org"
        if self.role in ("citizen", "supervisor", "system"):
            return self.role
        return None


@dataclass(frozen=True)
class CaseView:
    """What the machine needs to know about a case (plain data from storage)."""

    id: int
    case_type: str
    state: str
    organisation_id: int | None
    due: date | None = None
    escalation_window_ends: date | None = None
    escalated: bool = False
    step_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class Outcome:
    case_id: int
    case_type: str
    step: str
    from_state: str
    to_state: str
    effects: tuple[str, ...]
    reason: str | None
    actor_role: str

    def audit(self) -> dict[str, Any]:
        """The payload recorded in the hash-chained audit log for this transition."""
        return {
            "case_id": self.case_id,
            "case_type": self.case_type,
            "step": self.step,
            "from": self.from_state,
            "to": self.to_state,
            "effects": list(self.effects),
            "reason": self.reason,
            "actor_role": self.actor_role,
        }


def can_view(machine: Machine, case: CaseView, actor: CaseActor) -> Verdict:
    """May ``actor`` see ``case`` at all (not its personal data: see ``can_see_personal_data``)?"""
    party = actor.party
    if party == "system":
        return Verdict(True, "scheduled jobs see every case")
    if party is None or party not in machine.visible_to:
        return Verdict(False, f"role {actor.role} does not see {machine.id} cases")
    if party == "citizen":
        if actor.case_id == case.id:
            return Verdict(True, "holder of this case's status link")
        return Verdict(False, "a status link opens its own case only")
    if party == "org":
        if case.organisation_id is not None and actor.organisation_id == case.organisation_id:
            return Verdict(True, f"{actor.role} of the organisation concerned")
        return Verdict(False, "this case concerns another organisation")
    return Verdict(True, "supervisors see cases of all organisations")


def can_see_personal_data(machine: Machine, case: CaseView, actor: CaseActor) -> Verdict:
    """Personal data (name, e-mail, description, attachments) is for the citizen and the case handlers only."""
    seen = can_view(machine, case, actor)
    if not seen:
        return seen
    if actor.party == "citizen":
        return Verdict(True, "your own case")
    for party, when in machine.personal_data_visible_to:
        if party == actor.party and (when == "always" or (when == "escalated" and case.escalated)):
            return Verdict(
                True, f"{party} handles this case" + (" since its escalation" if when == "escalated" else "")
            )
    return Verdict(False, f"{actor.role} does not handle this case; personal data is hidden")


def _guard(name: str | None, case: CaseView, today: date) -> Verdict:
    if name is None:
        return Verdict(True, "no condition")
    due, window = case.due, case.escalation_window_ends
    checks = {
        "deadline_passed": (
            due is not None and today > due,
            f"the time limit ended on {due}",
            f"the time limit runs until {due}; this step is possible only after it",
        ),
        "deadline_not_passed": (
            due is None or today <= due,
            f"the time limit runs until {due}",
            f"the time limit ended on {due}",
        ),
        "escalation_window_open": (
            window is None or today <= window,
            f"escalation is open until {window}",
            f"the escalation period ended on {window}",
        ),
        "escalation_window_passed": (
            window is not None and today > window,
            f"the escalation period ended on {window}",
            f"the escalation period runs until {window}",
        ),
    }
    ok, yes, no = checks[name]
    return Verdict(ok, yes if ok else no)


def check(machine: Machine, case: CaseView, step: str, actor: CaseActor, today: date) -> Verdict:
    """Explain whether ``actor`` may take ``step`` on ``case`` today (no exception)."""
    try:
        t = _checked(machine, case, step, actor, today)
    except (NotAllowed, TransitionNotAllowed, InvalidInput) as exc:
        return Verdict(False, exc.message)
    return Verdict(True, f"{actor.role} may {t.id} from {case.state}")


def _checked(machine: Machine, case: CaseView, step: str, actor: CaseActor, today: date) -> Transition:
    if case.case_type != machine.id:
        raise InvalidInput.at("case_type", f"case {case.id} is a {case.case_type}, not a {machine.id}")
    t = machine.transition(step)
    if case.state not in machine.states:
        raise TransitionNotAllowed(f"{step}: case {case.id} is in unknown state {case.state!r}")
    if actor.role not in t.roles:
        raise NotAllowed(
            f"{step}: role {actor.role} may not take this step; allowed: {', '.join(sorted(t.roles))}"
        )
    seen = can_view(machine, case, actor)
    if not seen:
        raise NotAllowed(f"{step}: {seen.reason}")
    if case.state not in t.sources:
        raise TransitionNotAllowed(
            f"{step}: not possible from state {case.state!r}; possible from {', '.join(t.sources)}"
        )
    guard = _guard(t.guard, case, today)
    if not guard:
        raise TransitionNotAllowed(f"{step}: {guard.reason}")
    done = case.step_counts.get(step, 0)
    if t.max_times is not None and done >= t.max_times:
        raise TransitionNotAllowed(f"{step}: already taken {done} time(s); at most {t.max_times}")
    return t


def apply(
    machine: Machine,
    case: CaseView,
    step: str,
    actor: CaseActor,
    today: date,
    reason: str | None = None,
    *,
    reason_max_chars: int = 5000,
) -> Outcome:
    """Take ``step``: raise NotAllowed (who), TransitionNotAllowed (when) or InvalidInput (reason)."""
    t = _checked(machine, case, step, actor, today)
    text = (reason or "").strip()
    if t.requires_reason and not text:
        raise InvalidInput.at("reason", f"{step} needs a reason (reasoned decision); got an empty text")
    if len(text) > reason_max_chars:
        raise InvalidInput.at("reason", f"{len(text)} characters, at most {reason_max_chars} allowed")
    target = t.target or case.state
    return Outcome(case.id, machine.id, t.id, case.state, target, t.effects, text or None, actor.role)


def available(machine: Machine, case: CaseView, actor: CaseActor, today: date) -> list[Transition]:
    """Steps this actor can take now (for buttons in the UI)."""
    return [t for t in machine.transitions if check(machine, case, t.id, actor, today)]


def may_file(machine: Machine, actor: CaseActor) -> Verdict:
    if actor.role in machine.filed_by or (actor.role == "anonymous" and "citizen" in machine.filed_by):
        return Verdict(True, f"{actor.role} may file a {machine.id}")
    return Verdict(
        False, f"a {machine.id} is filed by {', '.join(sorted(machine.filed_by))}, not {actor.role}"
    )
