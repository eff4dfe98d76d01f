"""Time limits: month ends, weeks across months and years, extension once with a reason, roll-forward past
weekends and holidays, Art. 73 categories, organisation overrides and reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waarborg.domain.cases.deadlines import (
    compute_deadline,
    days_left,
    extend_deadline,
    is_overdue,
    reminders_due,
)
from waarborg.domain.cases.periods import Period, add_months, add_period, add_working_days, roll_forward
from waarborg.domain.errors import InvalidInput, TransitionNotAllowed


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 8, 31), 2, date(2026, 10, 31)),
    ],
)
def test_months_clamp_at_month_ends(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_complaint_six_weeks_across_the_year_end_rolls_past_the_weekend(cat) -> None:
    rule = cat.deadlines["complaint-response"]
    d = compute_deadline(rule, date(2026, 11, 21))  # Saturday + 6 weeks = Saturday 2 January 2027
    assert d.due == date(2027, 1, 4)  # next Monday (Algemene termijnenwet, unverified)
    assert "2027-01-02 is not a working day" in d.basis and "Algemene termijnenwet Art. 1" in d.basis
    assert d.source.article == "Awb Art. 9:11" and not d.verified
    assert d.as_dict()["source"]["certainty"] == "UNVERIFIED"


def test_holidays_are_skipped_when_rolling_forward(cat) -> None:
    rule = cat.deadlines["complaint-response"]
    d = compute_deadline(rule, date(2026, 11, 13), holidays={date(2026, 12, 25)})  # 6 weeks: Fri 25 Dec
    assert d.due == date(2026, 12, 28)


def test_explanation_one_month_from_31_january(cat) -> None:
    d = compute_deadline(cat.deadlines["explanation-response"], date(2027, 1, 29))  # Friday
    assert d.due == date(2027, 3, 1)  # 28 Feb 2027 is a Sunday -> Monday 1 March
    d2 = compute_deadline(cat.deadlines["explanation-response"], date(2026, 10, 31))
    assert d2.due == date(2026, 11, 30)


def test_extension_once_with_reason(cat) -> None:
    rule = cat.deadlines["complaint-response"]
    d = compute_deadline(rule, date(2026, 12, 1))
    assert d.due == date(2027, 1, 12)
    ext = extend_deadline(rule, d, reason="Waiting for the supplier's log data", today=date(2027, 1, 5))
    assert ext.due == date(2027, 2, 9) and ext.extensions == 1
    assert (
        ext.extension_reason == "Waiting for the supplier's log data" and "extended by 4 weeks" in ext.basis
    )
    with pytest.raises(TransitionNotAllowed, match="already extended 1 time"):
        extend_deadline(rule, ext, reason="again", today=date(2027, 1, 6))


def test_extension_needs_a_reason_and_must_come_before_the_end(cat) -> None:
    rule = cat.deadlines["complaint-response"]
    d = compute_deadline(rule, date(2026, 12, 1))
    with pytest.raises(InvalidInput, match="reason: an extension needs a reason"):
        extend_deadline(rule, d, reason="  ", today=date(2026, 12, 2))
    with pytest.raises(TransitionNotAllowed, match="passed on 2027-01-12"):
        extend_deadline(rule, d, reason="late", today=date(2027, 1, 13))
    with pytest.raises(TransitionNotAllowed, match="cannot be extended"):
        extend_deadline(cat.deadlines["escalation-window"], d, reason="x", today=date(2026, 12, 2))


@pytest.mark.parametrize(
    ("categories", "days", "article_days"),
    [
        (["other"], 15, "15 days"),
        (["death"], 10, "10 days"),
        (["critical_infrastructure"], 2, "2 days"),
        (["widespread_infringement"], 2, "2 days"),
        (["other", "death"], 10, "10 days"),
        (["death", "critical_infrastructure"], 2, "2 days"),
    ],
)
def test_art73_reporting_deadlines(cat, categories, days, article_days) -> None:
    aware = date(2026, 12, 30)
    d = compute_deadline(cat.deadlines["serious-incident-report"], aware, categories=categories)
    assert d.due == aware + timedelta(days=days)  # calendar days, no roll-forward
    assert d.source.article == "AI Act Art. 73" and d.verified
    assert article_days in d.basis


def test_art73_needs_a_known_category(cat) -> None:
    rule = cat.deadlines["serious-incident-report"]
    with pytest.raises(InvalidInput, match="categories: .*needs at least one category"):
        compute_deadline(rule, date(2026, 12, 1))
    with pytest.raises(InvalidInput, match="'meteor' is not a category"):
        compute_deadline(rule, date(2026, 12, 1), categories=["meteor"])


def test_organisation_override_is_marked_configured(cat) -> None:
    d = compute_deadline(cat.deadlines["complaint-response"], date(2026, 12, 7), override=Period(weeks=4))
    assert d.due == date(2027, 1, 4) and d.configured and not d.verified
    assert "configured by the organisation" in d.basis
    with pytest.raises(InvalidInput, match="override"):
        compute_deadline(cat.deadlines["complaint-response"], date(2026, 12, 7), override=Period())


def test_working_days_skip_weekends_and_holidays() -> None:
    assert add_working_days(date(2026, 12, 24), 3, {date(2026, 12, 25)}) == date(2026, 12, 30)
    assert add_period(date(2026, 12, 7), Period(working_days=15)) == date(2026, 12, 28)
    assert roll_forward(date(2026, 12, 5)) == date(2026, 12, 7)


def test_period_from_mapping_names_the_bad_unit() -> None:
    with pytest.raises(InvalidInput, match="override.weeks: -1 is not a whole number"):
        Period.from_mapping({"weeks": -1}, "override")
    with pytest.raises(InvalidInput, match="unknown unit 'years'"):
        Period.from_mapping({"years": 1})
    assert Period(weeks=6).describe("nl") == "6 weken" and Period(months=1).describe() == "1 month"


def test_reminders_latest_only_and_never_stale() -> None:
    due = date(2027, 1, 12)
    assert reminders_due(due, [7, 2], date(2027, 1, 4)) == []
    first = reminders_due(due, [7, 2], date(2027, 1, 5))
    assert [r.key for r in first] == ["before-7"]
    assert reminders_due(due, [7, 2], date(2027, 1, 6), {"before-7"}) == []
    # the job did not run for days: only the latest reminder goes out, and the older one never follows
    late = reminders_due(due, [7, 2], date(2027, 1, 11))
    assert [r.key for r in late] == ["before-2"]
    assert reminders_due(due, [7, 2], date(2027, 1, 12), {"before-2"}) == []
    overdue = reminders_due(due, [7, 2], date(2027, 1, 13), {"before-2"})
    assert [r.key for r in overdue] == ["overdue"] and overdue[0].overdue
    assert reminders_due(due, [7, 2], date(2027, 1, 20), {"overdue"}) == []
    assert is_overdue(due, date(2027, 1, 13)) and not is_overdue(due, due) and not is_overdue(None, due)
    assert days_left(due, date(2027, 1, 10)) == 2


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 40))
def test_months_never_overshoot_and_keep_the_day_when_possible(start: date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or end.day < start.day and (end + timedelta(days=1)).day == 1


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_rolled_deadline_is_a_working_day_within_three_days(start: date) -> None:
    rolled = roll_forward(start)
    assert rolled.weekday() < 5 and 0 <= (rolled - start).days <= 2
