"""Calendar arithmetic for legal time limits: days, weeks, months (clamped at month ends), working days.

All dates are local calendar dates (Europe/Amsterdam); the caller converts timestamps first.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from waarborg.domain.errors import InvalidInput

_UNITS = ("months", "weeks", "days", "working_days")


@dataclass(frozen=True)
class Period:
    """A legal period. Months are added first (clamped to the last day of a shorter month), then weeks and
    days, then working days (Monday to Friday, skipping ``holidays``)."""

    days: int = 0
    weeks: int = 0
    months: int = 0
    working_days: int = 0

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], where: str = "period") -> Period:
        unknown = sorted(set(raw) - set(_UNITS))
        if unknown:
            raise InvalidInput.at(where, f"unknown unit {unknown[0]!r}; use one of {', '.join(_UNITS)}")
        values: dict[str, int] = {}
        for unit in _UNITS:
            value = raw.get(unit, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InvalidInput.at(f"{where}.{unit}", f"{value!r} is not a whole number of 0 or more")
            values[unit] = value
        return cls(**values)

    def is_zero(self) -> bool:
        return not (self.days or self.weeks or self.months or self.working_days)

    def describe(self, lang: str = "en") -> str:
        names = {
            "en": {
                "months": ("month", "months"),
                "weeks": ("week", "weeks"),
                "days": ("day", "days"),
                "working_days": ("working day", "working days"),
            },
            "nl": {
                "months": ("maand", "maanden"),
                "weeks": ("week", "weken"),
                "days": ("dag", "dagen"),
                "working_days": ("werkdag", "werkdagen"),
            },
        }["nl" if lang == "nl" else "en"]
        parts = []
        for unit in _UNITS:
            n = getattr(self, unit)
            if n:
                parts.append(f"{n} {names[unit][0] if n == 1 else names[unit][1]}")
        return " + ".join(parts) or ("0 dagen" if lang == "nl" else "0 days")

    def as_dict(self) -> dict[str, int]:
        return {unit: getattr(self, unit) for unit in _UNITS if getattr(self, unit)}


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months``; 31 January + 1 month is 28 (or 29) February."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: date, holidays: Set[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, count: int, holidays: Set[date] = frozenset()) -> date:
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count -= 1
    return day


def add_period(start: date, period: Period, holidays: Set[date] = frozenset()) -> date:
    day = add_months(start, period.months) if period.months else start
    day += timedelta(weeks=period.weeks, days=period.days)
    return add_working_days(day, period.working_days, holidays) if period.working_days else day


def roll_forward(day: date, holidays: Set[date] = frozenset()) -> date:
    """Move a last day that falls on a weekend or holiday to the next working day."""
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day
