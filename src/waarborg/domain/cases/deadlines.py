"""Deadlines of cases: computation with a cited source, one extension with a reason, Art. 73 categories,
reminders and overdue checks. Every result says how it was computed (``basis``) and how sure the source is.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from waarborg.domain.cases.catalogue import DeadlineRule, Source
from waarborg.domain.cases.periods import Period, add_period, roll_forward
from waarborg.domain.errors import InvalidInput, TransitionNotAllowed


@dataclass(frozen=True)
class Deadline:
    rule: str
    start: date
    due: date
    period: Period
    source: Source
    basis: str
    extensions: int = 0
    extension_reason: str | None = None
    category: str | None = None
    configured: bool = False

    @property
    def verified(self) -> bool:
        return self.source.verified and not self.configured

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "period": self.period.as_dict(),
            "source": self.source.as_dict(),
            "verified": self.verified,
            "basis": self.basis,
            "extensions": self.extensions,
            "extension_reason": self.extension_reason,
            "category": self.category,
            "configured": self.configured,
        }


def _finish(rule: DeadlineRule, start: date, period: Period, holidays: Set[date]) -> tuple[date, str]:
    raw = add_period(start, period, holidays)
    if rule.roll_forward:
        rolled = roll_forward(raw, holidays)
        if rolled != raw:
            cite = rule.roll_forward_source.article if rule.roll_forward_source else "roll-forward rule"
            return rolled, f"; {raw.isoformat()} is not a working day, moved to {rolled.isoformat()} ({cite})"
    return raw, ""


def compute_deadline(
    rule: DeadlineRule,
    start: date,
    *,
    categories: Iterable[str] = (),
    override: Period | None = None,
    holidays: Set[date] = frozenset(),
) -> Deadline:
    """Due date for a case that started on ``start``.

    ``categories`` (Art. 73 serious incidents) select the shortest applicable period; ``override`` is an
    organisation's configured period, which replaces the statutory default and is marked ``configured``.
    """
    period, source, category = rule.period, rule.source, None
    chosen = list(categories)
    if chosen:
        unknown = [c for c in chosen if c not in rule.categories]
        if unknown:
            known = ", ".join(rule.categories) or "none"
            raise InvalidInput.at(
                "categories", f"{unknown[0]!r} is not a category of {rule.id}; known: {known}"
            )
        best = min((rule.categories[c] for c in chosen), key=lambda c: add_period(start, c.period, holidays))
        period, source, category = best.period, best.source, best.id
    elif rule.categories:
        raise InvalidInput.at(
            "categories", f"{rule.id} needs at least one category: {', '.join(rule.categories)}"
        )
    if override is not None:
        if override.is_zero():
            raise InvalidInput.at("override", "a configured time limit must be longer than zero")
        period = override
    due, rolled = _finish(rule, start, period, holidays)
    tag = (
        "configured by the organisation" if override is not None else f"{source.article}, {source.certainty}"
    )
    basis = f"{period.describe()} after {start.isoformat()} ({tag}){rolled}"
    return Deadline(
        rule.id, start, due, period, source, basis, category=category, configured=override is not None
    )


def extend_deadline(
    rule: DeadlineRule, deadline: Deadline, *, reason: str, today: date, holidays: Set[date] = frozenset()
) -> Deadline:
    """Extend ``deadline`` once (or ``max_times``) by the rule's extension period; a reason is required and
    the current deadline must not have passed."""
    ext = rule.extension
    if ext is None:
        raise TransitionNotAllowed(f"extend: the time limit {rule.id} cannot be extended")
    if deadline.extensions >= ext.max_times:
        raise TransitionNotAllowed(
            f"extend: the time limit was already extended {deadline.extensions} time(s); at most {ext.max_times}"
        )
    if not reason or not reason.strip():
        raise InvalidInput.at("reason", "an extension needs a reason; got an empty text")
    if today > deadline.due:
        raise TransitionNotAllowed(
            f"extend: the time limit passed on {deadline.due.isoformat()}; extend before it ends"
        )
    due, rolled = _finish(rule, deadline.due, ext.period, holidays)
    basis = f"{deadline.basis}; extended by {ext.period.describe()} ({ext.source.article}, {ext.source.certainty}){rolled}"
    return replace(
        deadline, due=due, basis=basis, extensions=deadline.extensions + 1, extension_reason=reason.strip()
    )


@dataclass(frozen=True)
class Reminder:
    days_before: int
    send_on: date
    due: date
    overdue: bool = False

    @property
    def key(self) -> str:
        return "overdue" if self.overdue else f"before-{self.days_before}"


def reminders_due(
    due: date, days_before: Iterable[int], today: date, already_sent: Set[str] = frozenset()
) -> list[Reminder]:
    """Reminders to send on ``today``: the most recent reminder whose day has come, unless it was sent
    (an older one is never sent after a newer one), or a single overdue notice once the due date passed."""
    if today > due:
        return [] if "overdue" in already_sent else [Reminder(0, today, due, overdue=True)]
    ready = [Reminder(n, _minus_days(due, n), due) for n in sorted(set(days_before))]
    latest = next((r for r in ready if r.send_on <= today), None)
    if latest is None or latest.key in already_sent:
        return []
    return [latest]


def _minus_days(day: date, n: int) -> date:
    return date.fromordinal(day.toordinal() - n)


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and today > due


def days_left(due: date, today: date) -> int:
    return due.toordinal() - today.toordinal()
