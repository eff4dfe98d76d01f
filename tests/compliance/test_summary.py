"""Dashboard figures: done, overdue, due soon, compliant for what applies today."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.compliance.conftest import TODAY, cv_screening_deployer
from waarborg.domain.compliance import (
    MeasureStatus,
    RequirementItem,
    applying_from,
    build_checklist,
    change_status,
    merge_checklist,
    summarise,
    update_fields,
)
from waarborg.domain.compliance.catalogue import Catalogue

AT = "2026-12-07T10:00:00+00:00"


def complete(items: list[RequirementItem], only_binding_on: date) -> list[RequirementItem]:
    out = []
    for item in items:
        if item.applies_on(only_binding_on):
            ms = tuple(
                change_status(
                    change_status(m, MeasureStatus.IN_REVIEW, "ed", AT), MeasureStatus.DONE, "rev", AT
                )
                for m in item.measures
            )
            item = replace(item, measures=ms)
        out.append(item)
    return out


def test_fresh_checklist_is_not_compliant_and_overdue(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    s = summarise(items, TODAY)
    assert not s.compliant_today
    lit = next(r for r in s.requirements if r.requirement_id == "aia-04-ai-literacy")
    assert lit.binds_today and lit.state == "overdue" and len(lit.overdue) == 3
    fria = next(r for r in s.requirements if r.requirement_id == "aia-27-fria")
    assert not fria.binds_today and fria.state == "upcoming" and fria.overdue == ()
    conv = next(r for r in s.requirements if r.requirement_id == "cets-16-risk-impact-management")
    assert conv.binds_today and conv.state == "open"  # no date: binding but never overdue
    assert s.totals["overdue"] > 0 and s.totals["binding_today"] < s.totals["requirements"]
    assert "2027-12-02" in s.by_applies_from and "no date" in s.by_applies_from


def test_compliant_for_what_applies_today(catalogue: Catalogue) -> None:
    items = complete(build_checklist(cv_screening_deployer(), catalogue, TODAY), TODAY)
    s = summarise(items, TODAY)
    assert s.compliant_today
    assert s.totals["met_today"] == s.totals["binding_today"] > 0
    assert s.totals["overdue"] == 0
    # a year later the Annex III duties bind too: not compliant any more
    assert not summarise(items, date(2027, 12, 2)).compliant_today


def test_due_soon_uses_own_due_date(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    fria = next(i for i in items if i.requirement_id == "aia-27-fria")
    ms = (update_fields(fria.measures[0], due=date(2026, 12, 20)), *fria.measures[1:])
    items = [replace(fria, measures=ms) if i is fria else i for i in items]
    s = summarise(items, TODAY, horizon_days=30)
    row = next(r for r in s.requirements if r.requirement_id == "aia-27-fria")
    assert row.due_soon == ("aia-27-fria.assessment",)
    assert summarise(items, TODAY, horizon_days=5).totals["due_soon"] == 0


def test_not_applicable_counts_as_satisfied_and_in_review_is_listed(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    lit = next(i for i in items if i.requirement_id == "aia-04-ai-literacy")
    ms = (
        change_status(lit.measures[0], MeasureStatus.NOT_APPLICABLE, "ed", AT, reason="central plan"),
        change_status(lit.measures[1], MeasureStatus.IN_REVIEW, "ed", AT),
        lit.measures[2],
    )
    items = [replace(lit, measures=ms) if i is lit else i for i in items]
    row = next(r for r in summarise(items, TODAY).requirements if r.requirement_id == "aia-04-ai-literacy")
    assert row.satisfied == 1 and row.in_review == ("aia-04-ai-literacy.training-records",)


def test_dropped_requirements_do_not_count(catalogue: Catalogue) -> None:
    items = complete(build_checklist(cv_screening_deployer(), catalogue, TODAY), TODAY)
    items, _ = merge_checklist(
        items,
        [
            i
            for i in build_checklist(cv_screening_deployer(), catalogue, TODAY)
            if i.requirement_id != "aia-27-fria"
        ],
    )
    s = summarise(items, TODAY)
    assert next(r for r in s.requirements if r.requirement_id == "aia-27-fria").state == "dropped"
    assert s.compliant_today
    d = s.to_dict()
    assert d["compliant_today"] is True and d["requirements"][0]["title"]["nl"]


def test_applying_from(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    ids = {i.requirement_id for i in applying_from(items, date(2027, 12, 2))}
    assert {
        "aia-26-deployer-obligations",
        "aia-27-fria",
        "aia-49-registration",
        "aia-86-right-to-explanation",
    } == ids
