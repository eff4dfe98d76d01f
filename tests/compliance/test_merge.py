"""Checklist update after re-classification: new obligations appear, dropped ones are marked,
nothing already recorded is lost."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.compliance.conftest import (
    TODAY,
    classification,
    cv_screening_deployer,
    high_risk_provider,
    minimal,
    ob,
)
from waarborg.domain.compliance import (
    Applicability,
    EvidenceRef,
    MeasureItem,
    MeasureStatus,
    RequirementItem,
    build_checklist,
    change_status,
    merge_checklist,
    update_fields,
)
from waarborg.domain.compliance.catalogue import Catalogue

AT = "2026-12-07T10:00:00+00:00"


def work_on(
    items: list[RequirementItem], requirement_id: str, measure_index: int = 0
) -> list[RequirementItem]:
    out = []
    for item in items:
        if item.requirement_id == requirement_id:
            ms = list(item.measures)
            m = update_fields(
                ms[measure_index], owner="ed@example.org", notes="drafted", links=["https://intranet/x"]
            )
            m = change_status(m, MeasureStatus.IN_PROGRESS, "ed@example.org", AT)
            ms[measure_index] = m
            item = replace(item, measures=tuple(ms))
        out.append(item)
    return out


def by_id(items: list[RequirementItem]) -> dict[str, RequirementItem]:
    return {i.requirement_id: i for i in items}


def test_reclassification_adds_and_marks_dropped_without_loss(catalogue: Catalogue) -> None:
    old = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    old = work_on(old, "aia-27-fria")
    old = work_on(old, "aia-04-ai-literacy", 1)
    # substantial modification: the municipality now also builds the system itself (provider duties)
    # and FRIA no longer applies (e.g. exempt point), so Art. 27 disappears
    cls = high_risk_provider()
    cls["obligations"] += [ob("Art. 26", "deployer", "2027-12-02")]
    new = build_checklist(cls, catalogue, TODAY)
    merged, changes = merge_checklist(old, new)
    m = by_id(merged)
    fria = m["aia-27-fria"]
    assert fria.applicability is Applicability.DROPPED
    assert fria.measures[0].notes == "drafted" and fria.measures[0].status is MeasureStatus.IN_PROGRESS
    assert m["aia-04-ai-literacy"].measures[1].owner == "ed@example.org"
    assert m["aia-09-risk-management"].applicability is Applicability.NOT_YET
    kinds = {(c.kind, c.requirement_id) for c in changes}
    assert ("dropped", "aia-27-fria") in kinds
    assert ("added", "aia-09-risk-management") in kinds
    assert ("changed", "aia-04-ai-literacy") in kinds  # holders deployer -> provider


def test_dropped_requirement_is_restored_with_its_work(catalogue: Catalogue) -> None:
    first = work_on(build_checklist(cv_screening_deployer(), catalogue, TODAY), "aia-27-fria")
    dropped, _ = merge_checklist(first, build_checklist(minimal(), catalogue, TODAY))
    again, changes = merge_checklist(dropped, build_checklist(cv_screening_deployer(), catalogue, TODAY))
    fria = by_id(again)["aia-27-fria"]
    assert fria.applicability is Applicability.NOT_YET
    assert fria.measures[0].notes == "drafted"
    assert ("restored", "aia-27-fria") in {(c.kind, c.requirement_id) for c in changes}
    # merging the same build twice reports nothing new
    _, none = merge_checklist(again, build_checklist(cv_screening_deployer(), catalogue, TODAY))
    assert none == []


def test_dropped_twice_is_reported_once(catalogue: Catalogue) -> None:
    first = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    once, c1 = merge_checklist(first, build_checklist(minimal(), catalogue, TODAY))
    twice, c2 = merge_checklist(once, build_checklist(minimal(), catalogue, TODAY))
    assert any(c.kind == "dropped" for c in c1)
    assert not any(c.kind == "dropped" for c in c2)
    assert len(twice) == len(once)


def test_new_catalogue_version_retires_measures_but_keeps_recorded_work(catalogue: Catalogue) -> None:
    old = work_on(build_checklist(cv_screening_deployer(), catalogue, TODAY), "aia-27-fria", 2)
    new = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    fria_new = by_id(new)["aia-27-fria"]
    extra = MeasureItem(measure_id="aia-27-fria.publish-summary", title={"en": "Publish", "nl": "Publiceer"})
    # the new catalogue removes 'update' and 'notify-authority' and adds 'publish-summary'
    trimmed = replace(fria_new, measures=(fria_new.measures[0], extra))
    new = [trimmed if i.requirement_id == "aia-27-fria" else i for i in new]
    merged, changes = merge_checklist(old, new)
    ms = {m.measure_id: m for m in by_id(merged)["aia-27-fria"].measures}
    assert ms["aia-27-fria.update"].in_catalogue is False and ms["aia-27-fria.update"].notes == "drafted"
    assert "aia-27-fria.notify-authority" not in ms  # untouched, so not kept
    assert ms["aia-27-fria.publish-summary"].status is MeasureStatus.TODO
    kinds = {(c.kind, c.measure_id) for c in changes}
    assert ("measure-retired", "aia-27-fria.update") in kinds
    assert ("measure-added", "aia-27-fria.publish-summary") in kinds


def test_applicability_moves_with_the_date(catalogue: Catalogue) -> None:
    old = build_checklist(cv_screening_deployer(), catalogue, TODAY)
    merged, changes = merge_checklist(
        old, build_checklist(cv_screening_deployer(), catalogue, date(2027, 12, 2))
    )
    assert by_id(merged)["aia-27-fria"].applicability is Applicability.APPLICABLE
    assert any(c.kind == "changed" and "not-yet-applicable -> applicable" in c.detail for c in changes)


SAMPLES = [
    cv_screening_deployer,
    high_risk_provider,
    minimal,
    lambda: classification(
        "transparency", [ob("Art. 50(1)", "provider", "2026-08-02")], transparency=["50(1)"]
    ),
]


@settings(max_examples=40, deadline=None)
@given(
    sequence=st.lists(st.sampled_from(range(len(SAMPLES))), min_size=2, max_size=5),
    touched=st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 8), st.sampled_from(["note", "evidence", "na"])),
        max_size=8,
    ),
)
def test_merge_never_loses_recorded_work(
    sequence: list[int], touched: list[tuple[int, int, str]], catalogue: Catalogue
) -> None:
    items = build_checklist(SAMPLES[sequence[0]](), catalogue, TODAY)
    recorded: dict[tuple[str, str], MeasureItem] = {}
    for r_index, m_index, kind in touched:
        item = items[r_index % len(items)]
        ms = list(item.measures)
        k = m_index % len(ms)
        m = ms[k]
        if kind == "note":
            m = update_fields(m, notes=f"note {r_index}")
        elif kind == "evidence":
            m = replace(
                m,
                evidence=(EvidenceRef("a" * 64, "x.pdf", "application/pdf", 3, "ed", AT),),
                version=m.version + 1,
            )
        elif m.status is not MeasureStatus.NOT_APPLICABLE:
            m = change_status(m, MeasureStatus.NOT_APPLICABLE, "ed", AT, reason="no personal data")
        ms[k] = m
        items = [replace(item, measures=tuple(ms)) if i is item else i for i in items]
        recorded[(item.requirement_id, m.measure_id)] = m
    for step in sequence[1:]:
        items, _ = merge_checklist(items, build_checklist(SAMPLES[step](), catalogue, TODAY))
    final = {(i.requirement_id, m.measure_id): m for i in items for m in i.measures}
    for key, m in recorded.items():
        assert key in final
        kept = final[key]
        assert (kept.status, kept.notes, kept.evidence, kept.reason, kept.version) == (
            m.status,
            m.notes,
            m.evidence,
            m.reason,
            m.version,
        )
