"""Shared helpers for the remedies tests (actors and case views in a given state)."""

from __future__ import annotations

from datetime import date, timedelta

from waarborg.domain.cases.catalogue import CaseCatalogue, Transition
from waarborg.domain.cases.machine import CaseActor, CaseView

TODAY = date(2026, 12, 7)
ORG = 1
CASE_ID = 7
ROLES = ("citizen", "editor", "approver", "supervisor", "system", "admin", "anonymous")


def actor(role: str, org: int = ORG, case_id: int = CASE_ID) -> CaseActor:
    return CaseActor(
        role=role,
        organisation_id=org if role in ("editor", "approver") else None,
        case_id=case_id if role == "citizen" else None,
    )


def view(case_type: str, state: str, guard: str | None = None, **kw) -> CaseView:
    """A case in ``state`` whose dates make ``guard`` pass."""
    past, future = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    dates = {
        None: {"due": future},
        "deadline_passed": {"due": past},
        "deadline_not_passed": {"due": future},
        "escalation_window_open": {"escalation_window_ends": future},
        "escalation_window_passed": {"escalation_window_ends": past},
    }[guard]
    return CaseView(
        id=kw.pop("id", CASE_ID),
        case_type=case_type,
        state=state,
        organisation_id=kw.pop("organisation_id", ORG),
        **{**dates, **kw},
    )


def all_steps(cat: CaseCatalogue) -> list[tuple[str, Transition]]:
    return [(m.id, t) for m in cat.machines.values() for t in m.transitions]
