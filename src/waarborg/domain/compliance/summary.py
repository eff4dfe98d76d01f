"""Dashboard figures: per requirement and per checklist, given a ``today`` date.

A measure is *satisfied* when done (accepted) or not applicable with a reason. Its due date is its own
``due`` or, if unset, the date its requirement applies from. A requirement *binds today* when it is
applicable and its applies-from date is on or before today. A checklist is *compliant today* when every
requirement that binds today has all its (catalogue) measures satisfied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from waarborg.domain.compliance.model import Applicability, MeasureItem, RequirementItem


def effective_due(measure: MeasureItem, item: RequirementItem) -> date | None:
    return measure.due or item.applies_from


def counted(item: RequirementItem) -> tuple[MeasureItem, ...]:
    """Measures that count for the requirement (retired ones only while they still carry open work)."""
    return tuple(m for m in item.measures if m.in_catalogue)


@dataclass(frozen=True)
class RequirementStatus:
    requirement_id: str
    title: Mapping[str, str]
    article: str
    applicability: str
    applies_from: date | None
    binds_today: bool
    total: int
    satisfied: int
    overdue: tuple[str, ...]
    due_soon: tuple[str, ...]
    in_review: tuple[str, ...]
    state: str  # met | open | overdue | upcoming | exempt | dropped

    @property
    def met(self) -> bool:
        return self.total == self.satisfied


@dataclass(frozen=True)
class ChecklistSummary:
    today: date
    horizon_days: int
    requirements: tuple[RequirementStatus, ...]
    compliant_today: bool
    totals: Mapping[str, int]
    by_applies_from: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "horizon_days": self.horizon_days,
            "compliant_today": self.compliant_today,
            "totals": dict(self.totals),
            "by_applies_from": {k: dict(v) for k, v in self.by_applies_from.items()},
            "requirements": [
                {
                    "requirement_id": r.requirement_id,
                    "title": dict(r.title),
                    "article": r.article,
                    "applicability": r.applicability,
                    "applies_from": r.applies_from.isoformat() if r.applies_from else None,
                    "binds_today": r.binds_today,
                    "total": r.total,
                    "satisfied": r.satisfied,
                    "overdue": list(r.overdue),
                    "due_soon": list(r.due_soon),
                    "in_review": list(r.in_review),
                    "state": r.state,
                }
                for r in self.requirements
            ],
        }


def _state(item: RequirementItem, binds: bool, met: bool, overdue: bool) -> str:
    if item.applicability is Applicability.DROPPED:
        return "dropped"
    if item.applicability is Applicability.EXEMPT:
        return "exempt"
    if met:
        return "met"
    if overdue:
        return "overdue"
    return "open" if binds else "upcoming"


def requirement_status(item: RequirementItem, today: date, horizon_days: int = 30) -> RequirementStatus:
    live = item.applicability not in (Applicability.DROPPED, Applicability.EXEMPT)
    measures = counted(item)
    soon_limit = today + timedelta(days=horizon_days)
    overdue: list[str] = []
    due_soon: list[str] = []
    for m in measures:
        due = effective_due(m, item)
        if not live or m.satisfied or due is None:
            continue
        if due < today:
            overdue.append(m.measure_id)
        elif due <= soon_limit:
            due_soon.append(m.measure_id)
    satisfied = sum(1 for m in measures if m.satisfied)
    binds = item.applies_on(today)
    met = satisfied == len(measures)
    return RequirementStatus(
        requirement_id=item.requirement_id,
        title=item.title,
        article=str(item.source.get("article", "")),
        applicability=item.applicability.value,
        applies_from=item.applies_from,
        binds_today=binds,
        total=len(measures),
        satisfied=satisfied,
        overdue=tuple(overdue),
        due_soon=tuple(due_soon),
        in_review=tuple(m.measure_id for m in measures if m.status.value == "in_review"),
        state=_state(item, binds, met, bool(overdue)),
    )


def summarise(items: Sequence[RequirementItem], today: date, horizon_days: int = 30) -> ChecklistSummary:
    """Figures for one checklist (one register entry)."""
    statuses = tuple(requirement_status(i, today, horizon_days) for i in items)
    binding = [s for s in statuses if s.binds_today]
    live = [s for s in statuses if s.state not in ("dropped", "exempt")]
    totals = {
        "requirements": len(live),
        "binding_today": len(binding),
        "met_today": sum(1 for s in binding if s.met),
        "measures": sum(s.total for s in live),
        "satisfied": sum(s.satisfied for s in live),
        "overdue": sum(len(s.overdue) for s in live),
        "due_soon": sum(len(s.due_soon) for s in live),
        "in_review": sum(len(s.in_review) for s in live),
    }
    groups: dict[str, dict[str, int]] = {}
    for s in live:
        key = s.applies_from.isoformat() if s.applies_from else "no date"
        g = groups.setdefault(key, {"requirements": 0, "met": 0, "open_measures": 0})
        g["requirements"] += 1
        g["met"] += int(s.met)
        g["open_measures"] += s.total - s.satisfied
    return ChecklistSummary(
        today=today,
        horizon_days=horizon_days,
        requirements=statuses,
        compliant_today=all(s.met for s in binding),
        totals=totals,
        by_applies_from=dict(sorted(groups.items())),
    )


def applying_from(items: Sequence[RequirementItem], day: date) -> list[RequirementItem]:
    """Requirements that start to apply on ``day`` (e.g. everything that applies from 2027-12-02)."""
    return [i for i in items if i.applies_from == day and i.applicability is not Applicability.DROPPED]
