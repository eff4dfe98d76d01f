"""Measure state machine: transitions, not-applicable needs a reason, review by someone else."""

from __future__ import annotations

from datetime import date

import pytest

from waarborg.domain.compliance import (
    EvidenceRef,
    MeasureItem,
    MeasureStatus,
    add_evidence,
    change_status,
    parse_status,
    update_fields,
)
from waarborg.domain.compliance.measures import TRANSITIONS
from waarborg.domain.errors import InvalidInput, NotAllowed, TransitionNotAllowed

S = MeasureStatus
AT = "2026-12-07T10:00:00+00:00"


def fresh() -> MeasureItem:
    return MeasureItem(measure_id="aia-27-fria.assessment", title={"en": "FRIA", "nl": "FRIA"})


def test_happy_path_to_done() -> None:
    m = update_fields(fresh(), owner="ed", reviewer="rev", due=date(2027, 6, 1))
    m = change_status(m, S.IN_PROGRESS, "ed", AT)
    m = change_status(m, S.IN_REVIEW, "ed", AT)
    m = change_status(m, S.DONE, "rev", AT)
    assert m.status is S.DONE and m.accepted_by == "rev" and m.accepted_at == AT
    assert m.version == 5


def test_owner_cannot_accept_own_work() -> None:
    m = change_status(update_fields(fresh(), owner="ed"), S.IN_REVIEW, "ed", AT)
    with pytest.raises(NotAllowed, match="cannot accept their own work"):
        change_status(m, S.DONE, "ed", AT)


def test_submitting_without_owner_makes_the_submitter_owner() -> None:
    m = change_status(fresh(), S.IN_REVIEW, "ed", AT)
    assert m.owner == "ed"
    with pytest.raises(NotAllowed):
        change_status(m, S.DONE, "ed", AT)
    assert change_status(m, S.DONE, "other", AT).status is S.DONE


def test_only_the_assigned_reviewer_accepts() -> None:
    m = change_status(update_fields(fresh(), owner="ed", reviewer="rev"), S.IN_REVIEW, "ed", AT)
    with pytest.raises(NotAllowed, match="only the assigned reviewer"):
        change_status(m, S.DONE, "someone", AT)


def test_done_only_through_review() -> None:
    for start in (S.TODO, S.IN_PROGRESS):
        m = fresh() if start is S.TODO else change_status(fresh(), S.IN_PROGRESS, "ed", AT)
        with pytest.raises(TransitionNotAllowed, match=f"from {start.value} to done"):
            change_status(m, S.DONE, "rev", AT)


def test_not_applicable_needs_a_reason() -> None:
    for reason in (None, "", "   "):
        with pytest.raises(InvalidInput) as info:
            change_status(fresh(), S.NOT_APPLICABLE, "ed", AT, reason=reason)
        assert info.value.errors[0].startswith("reason:")
    m = change_status(fresh(), S.NOT_APPLICABLE, "ed", AT, reason=" no workers affected ")
    assert m.reason == "no workers affected" and m.satisfied
    with pytest.raises(InvalidInput, match="longer than"):
        change_status(fresh(), S.NOT_APPLICABLE, "ed", AT, reason="x" * 3000)


def test_reopen_clears_acceptance() -> None:
    m = change_status(change_status(fresh(), S.IN_REVIEW, "ed", AT), S.DONE, "rev", AT)
    reopened = change_status(m, S.IN_PROGRESS, "ed", AT)
    assert reopened.accepted_by is None and reopened.status is S.IN_PROGRESS
    back = change_status(change_status(fresh(), S.NOT_APPLICABLE, "ed", AT, reason="r"), S.TODO, "ed", AT)
    assert back.reason is None


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("target", list(S))
def test_transition_table_is_enforced(start: S, target: S) -> None:
    m = MeasureItem(measure_id="x.y", title={}, status=start, owner="ed")
    if target in TRANSITIONS[start]:
        out = change_status(m, target, "rev", AT, reason="because")
        assert out.status is target
    else:
        with pytest.raises(TransitionNotAllowed):
            change_status(m, target, "rev", AT, reason="because")


def test_parse_status() -> None:
    assert parse_status("in_review") is S.IN_REVIEW
    with pytest.raises(InvalidInput, match="unknown status 'finished'"):
        parse_status("finished")


def test_update_fields_validation() -> None:
    with pytest.raises(InvalidInput, match="reviewer must differ"):
        update_fields(fresh(), owner="ed", reviewer="ed")
    with pytest.raises(InvalidInput) as info:
        update_fields(fresh(), links=["https://ok.example", "javascript:alert(1)"])
    assert info.value.errors[0].startswith("links[1]:") and "javascript:alert(1)" in info.value.errors[0]
    with pytest.raises(InvalidInput):
        update_fields(fresh(), links=["//evil.example/x"])
    with pytest.raises(InvalidInput, match="longer than"):
        update_fields(fresh(), notes="x" * 20_001)
    m = update_fields(fresh(), links=["/entries/3/fria", "https://a.example", "https://a.example", ""])
    assert m.links == ("/entries/3/fria", "https://a.example")


def test_no_op_update_keeps_the_version() -> None:
    m = update_fields(fresh(), notes="n")
    assert update_fields(m, notes="n") is m
    assert update_fields(m, owner="  ").owner is None


def test_evidence_is_attached_once_per_content() -> None:
    ref = EvidenceRef("b" * 64, "audit.pdf", "application/pdf", 10, "ed", AT)
    m = add_evidence(fresh(), ref)
    assert add_evidence(m, ref) is m and m.evidence == (ref,)
