"""Retention: which closed cases must have their personal data anonymised on a given date.

The retention period per case type is data (``retention`` in cases.yaml) and can be overridden by the
deployment's configuration. Open cases are never touched; the case itself, its dates and its state stay,
so statistics remain correct after anonymisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from waarborg.domain.cases.catalogue import CaseCatalogue
from waarborg.domain.cases.periods import Period, add_period

ANONYMISED = "[geanonimiseerd / anonymised]"


@dataclass(frozen=True)
class RetentionFacts:
    case_id: int
    case_type: str
    state: str
    closed_on: date | None
    anonymised: bool = False


@dataclass(frozen=True)
class RetentionAction:
    case_id: int
    case_type: str
    due_since: date
    fields: tuple[str, ...]
    reason: str


def retention_period(catalogue: CaseCatalogue, case_type: str, overrides: Mapping[str, Period]) -> Period:
    return overrides.get(case_type) or catalogue.machine(case_type).retention.period


def due_for_anonymisation(
    catalogue: CaseCatalogue,
    cases: Iterable[RetentionFacts],
    today: date,
    overrides: Mapping[str, Period] | None = None,
) -> list[RetentionAction]:
    """Cases in a terminal state whose retention period after closing has ended on or before ``today``."""
    overrides = overrides or {}
    actions: list[RetentionAction] = []
    for case in cases:
        machine = catalogue.machine(case.case_type)
        if case.anonymised or not machine.personal_fields or case.closed_on is None:
            continue
        if not machine.states[case.state].terminal:
            continue
        period = retention_period(catalogue, case.case_type, overrides)
        ends = add_period(case.closed_on, period)
        if ends <= today:
            reason = (
                f"closed on {case.closed_on.isoformat()}; personal data kept {period.describe()} "
                f"({'configured' if case.case_type in overrides else machine.retention.source.article}) until {ends.isoformat()}"
            )
            actions.append(
                RetentionAction(case.case_id, case.case_type, ends, machine.personal_fields, reason)
            )
    return actions
