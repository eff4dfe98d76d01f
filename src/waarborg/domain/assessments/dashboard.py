"""Dashboard of what needs attention: overdue mitigations and overdue (or soon due) reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .record import Assessment
from .risks import overdue_mitigations

SOON_DAYS = 30


@dataclass(frozen=True)
class DashboardItem:
    kind: Literal["mitigation", "review"]
    assessment_id: str
    entry_id: str
    entry_name: str
    instrument: str
    title: str
    due: dt.date
    days_overdue: int  # negative: due in that many days
    owner: str

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def review_item(assessment: Assessment, today: dt.date, soon_days: int = SOON_DAYS) -> DashboardItem | None:
    """An approved revision whose review date has passed or falls within ``soon_days``."""
    due = assessment.review_date
    if assessment.state != "approved" or due is None or (due - today).days > soon_days:
        return None
    owner = assessment.approver.name if assessment.approver else assessment.author.name
    return DashboardItem(
        "review",
        assessment.id,
        assessment.entry_id,
        assessment.entry_name,
        assessment.instrument,
        f"Review of {assessment.instrument.upper()} revision {assessment.revision}",
        due,
        (today - due).days,
        owner,
    )


def dashboard(
    assessments: Iterable[Assessment], today: dt.date, soon_days: int = SOON_DAYS
) -> list[DashboardItem]:
    """Overdue mitigations of current revisions and due reviews, most overdue first."""
    items: list[DashboardItem] = []
    for a in assessments:
        if a.state == "superseded":
            continue
        review = review_item(a, today, soon_days)
        if review:
            items.append(review)
        for o in overdue_mitigations(a.risks, today):
            assert o.mitigation.due is not None
            items.append(
                DashboardItem(
                    "mitigation",
                    a.id,
                    a.entry_id,
                    a.entry_name,
                    a.instrument,
                    f"{o.risk_title}: {o.mitigation.description}",
                    o.mitigation.due,
                    o.days_overdue,
                    o.mitigation.owner,
                )
            )
    return sorted(items, key=lambda i: (-i.days_overdue, i.assessment_id))
