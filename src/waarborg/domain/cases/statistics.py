"""Published statistics per organisation and per system: complaints and explanation requests received,
answered, answered in time, escalated, still open past their time limit, and measures taken by kind.

Input is plain facts without personal data, so the output can be published as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class CaseFacts:
    organisation_id: int
    system_id: int | None
    case_type: str
    received_on: date
    due: date | None
    answered_on: date | None
    escalated: bool


@dataclass(frozen=True)
class MeasureFacts:
    organisation_id: int
    system_id: int | None
    kind: str


@dataclass
class Tally:
    received: int = 0
    answered: int = 0
    answered_in_time: int = 0
    escalated: int = 0
    overdue_open: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    measures: Counter[str] = field(default_factory=Counter)

    @property
    def in_time_rate(self) -> float | None:
        return None if self.answered == 0 else round(self.answered_in_time / self.answered, 3)

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "answered": self.answered,
            "answered_in_time": self.answered_in_time,
            "in_time_rate": self.in_time_rate,
            "escalated": self.escalated,
            "overdue_open": self.overdue_open,
            "by_type": dict(sorted(self.by_type.items())),
            "measures": dict(sorted(self.measures.items())),
            "measures_total": sum(self.measures.values()),
        }


COUNTED_TYPES = ("complaint", "explanation-request")


def _count(t: Tally, c: CaseFacts, today: date) -> None:
    t.received += 1
    t.by_type[c.case_type] += 1
    if c.answered_on is not None:
        t.answered += 1
        if c.due is None or c.answered_on <= c.due:
            t.answered_in_time += 1
    elif c.due is not None and today > c.due and not c.escalated:
        t.overdue_open += 1
    if c.escalated:
        t.escalated += 1


def tally(
    cases: Iterable[CaseFacts],
    measures: Iterable[MeasureFacts],
    today: date,
    *,
    period: tuple[date, date] | None = None,
) -> dict[str, dict[Any, Tally]]:
    """Tallies keyed ``{"organisation": {org_id: Tally}, "system": {system_id: Tally}, "total": {None: Tally}}``.

    ``period`` (inclusive start and end) restricts to cases received in it.
    """
    out: dict[str, dict[Any, Tally]] = {"organisation": {}, "system": {}, "total": {None: Tally()}}
    for c in cases:
        if c.case_type not in COUNTED_TYPES or (period and not period[0] <= c.received_on <= period[1]):
            continue
        for scope, key in (("organisation", c.organisation_id), ("system", c.system_id), ("total", None)):
            if key is not None or scope == "total":
                _count(out[scope].setdefault(key, Tally()), c, today)
    for m in measures:
        for scope, key in (("organisation", m.organisation_id), ("system", m.system_id), ("total", None)):
            if key is not None or scope == "total":
                out[scope].setdefault(key, Tally()).measures[m.kind] += 1
    return out
