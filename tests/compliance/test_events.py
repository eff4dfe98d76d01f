"""Auto-satisfaction from linked work, and reopening when that work changes."""

from __future__ import annotations

import pytest

from tests.compliance.conftest import TODAY, cv_screening_deployer
from waarborg.domain.compliance import (
    MeasureStatus,
    RequirementItem,
    WorkEvent,
    apply_event,
    build_checklist,
    change_status,
    merge_checklist,
)
from waarborg.domain.compliance.catalogue import Catalogue
from waarborg.domain.errors import InvalidInput

AT = "2026-12-07T10:00:00+00:00"


def measure(items: list[RequirementItem], mid: str) -> object:
    return next(m for i in items for m in i.measures if m.measure_id == mid)


def test_approved_fria_satisfies_art27_and_reopening_reverts(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    items, changes = apply_event(items, catalogue, WorkEvent("fria.approved", "/assessments/7", AT))
    m = measure(items, "aia-27-fria.assessment")
    assert m.status is MeasureStatus.DONE and m.satisfied_by.event == "fria.approved"  # type: ignore[attr-defined]
    assert "/assessments/7" in m.links and m.accepted_by == "system:fria.approved"  # type: ignore[attr-defined]
    assert {c.measure_id for c in changes} == {
        "aia-27-fria.assessment",
        "cets-16-risk-impact-management.assessment",
    }
    # a different FRIA being reopened does not touch it
    same, none = apply_event(items, catalogue, WorkEvent("fria.reopened", "/assessments/8", AT))
    assert none == [] and measure(same, "aia-27-fria.assessment").status is MeasureStatus.DONE  # type: ignore[attr-defined]
    items, changes = apply_event(items, catalogue, WorkEvent("fria.reopened", "/assessments/7", AT))
    m = measure(items, "aia-27-fria.assessment")
    assert m.status is MeasureStatus.IN_PROGRESS and m.satisfied_by is None  # type: ignore[attr-defined]
    assert "reopened automatically: fria.reopened" in m.notes  # type: ignore[attr-defined]
    assert all(c.kind == "measure-reopened" for c in changes)


def test_published_entry_satisfies_registration(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    items, _ = apply_event(items, catalogue, WorkEvent("entry.published", "/entries/1", AT))
    for mid in ("aia-49-registration.register", "nl-algoritmeregister.publish"):
        assert measure(items, mid).status is MeasureStatus.DONE  # type: ignore[attr-defined]
    items, _ = apply_event(items, catalogue, WorkEvent("entry.retracted", None, AT))
    assert measure(items, "aia-49-registration.register").status is MeasureStatus.IN_PROGRESS  # type: ignore[attr-defined]


def test_manual_work_is_never_reverted(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    items = [
        i
        if i.requirement_id != "cets-10-non-discrimination"
        else i.__class__(
            **{
                **i.__dict__,
                "measures": tuple(
                    change_status(
                        change_status(m, MeasureStatus.IN_REVIEW, "ed", AT), MeasureStatus.DONE, "rev", AT
                    )
                    if m.measure_id == "cets-10-non-discrimination.bias-audit"
                    else m
                    for m in i.measures
                ),
            }
        )
        for i in items
    ]
    items, changes = apply_event(
        items, catalogue, WorkEvent("audit.completed_with_findings", "/audits/2", AT)
    )
    m = measure(items, "cets-10-non-discrimination.bias-audit")
    assert m.status is MeasureStatus.DONE and m.accepted_by == "rev"  # type: ignore[attr-defined]
    assert changes == []


def test_not_applicable_measures_are_left_alone(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    items = [
        i.__class__(
            **{
                **i.__dict__,
                "measures": tuple(
                    change_status(m, MeasureStatus.NOT_APPLICABLE, "ed", AT, reason="covered elsewhere")
                    if m.measure_id == "nl-algoritmeregister.publish"
                    else m
                    for m in i.measures
                ),
            }
        )
        for i in items
    ]
    items, _ = apply_event(items, catalogue, WorkEvent("entry.published", "/entries/1", AT))
    assert measure(items, "nl-algoritmeregister.publish").status is MeasureStatus.NOT_APPLICABLE  # type: ignore[attr-defined]


def test_dropped_requirements_are_not_changed(catalogue: Catalogue) -> None:
    items = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    dropped, _ = merge_checklist(items, [])
    out, changes = apply_event(dropped, catalogue, WorkEvent("fria.approved", "/a/1", AT))
    assert changes == [] and out == dropped


def test_unknown_event_kind(catalogue: Catalogue) -> None:
    with pytest.raises(InvalidInput) as info:
        apply_event([], catalogue, WorkEvent("fria.deleted", None, AT))
    assert "unknown event kind 'fria.deleted'" in info.value.message and "fria.approved" in info.value.message
