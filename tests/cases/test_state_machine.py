"""Every allowed step works for every allowed role; every other (state, step) and (role, step) is refused."""

from __future__ import annotations

import pytest

from tests.cases.helpers import ROLES, TODAY, actor, all_steps, view
from waarborg.domain.cases.catalogue import load_catalogue
from waarborg.domain.cases.machine import apply, available, check, may_file
from waarborg.domain.errors import InvalidInput, NotAllowed, TransitionNotAllowed

CAT = load_catalogue()
STEPS = all_steps(CAT)
REASON = "Reasoned: the answer addresses every point raised."


def _ids(item: tuple[str, object]) -> str:
    return f"{item[0]}.{item[1].id}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("item", STEPS, ids=[_ids(s) for s in STEPS])
def test_allowed_step_from_each_source_state_for_each_allowed_role(item) -> None:
    case_type, t = item
    machine = CAT.machine(case_type)
    for state in t.sources:
        for role in t.roles:
            out = apply(machine, view(case_type, state, t.guard), t.id, actor(role), TODAY, REASON)
            assert out.from_state == state
            assert out.to_state == (t.target or state)
            assert out.effects == t.effects
            assert out.audit()["step"] == t.id and out.audit()["actor_role"] == role


@pytest.mark.parametrize("item", STEPS, ids=[_ids(s) for s in STEPS])
def test_every_forbidden_source_state_is_refused(item) -> None:
    case_type, t = item
    machine = CAT.machine(case_type)
    role = sorted(t.roles)[0]
    forbidden = [s for s in machine.states if s not in t.sources]
    for state in forbidden:
        with pytest.raises(TransitionNotAllowed, match=rf"{t.id}: not possible from state '{state}'"):
            apply(machine, view(case_type, state, t.guard), t.id, actor(role), TODAY, REASON)


@pytest.mark.parametrize("item", STEPS, ids=[_ids(s) for s in STEPS])
def test_every_forbidden_role_is_refused(item) -> None:
    case_type, t = item
    machine = CAT.machine(case_type)
    for role in (r for r in ROLES if r not in t.roles):
        with pytest.raises(NotAllowed, match=rf"role {role} may not take this step"):
            apply(machine, view(case_type, t.sources[0], t.guard), t.id, actor(role), TODAY, REASON)


@pytest.mark.parametrize("item", [s for s in STEPS if s[1].guard], ids=[_ids(s) for s in STEPS if s[1].guard])
def test_guard_blocks_when_its_condition_fails(item) -> None:
    case_type, t = item
    opposite = {
        "deadline_passed": "deadline_not_passed",
        "deadline_not_passed": "deadline_passed",
        "escalation_window_open": "escalation_window_passed",
        "escalation_window_passed": "escalation_window_open",
    }[t.guard]
    role = sorted(t.roles)[0]
    with pytest.raises(TransitionNotAllowed):
        apply(
            CAT.machine(case_type), view(case_type, t.sources[0], opposite), t.id, actor(role), TODAY, REASON
        )


@pytest.mark.parametrize(
    "item", [s for s in STEPS if s[1].requires_reason], ids=[_ids(s) for s in STEPS if s[1].requires_reason]
)
def test_reason_is_required_where_the_data_says_so(item) -> None:
    case_type, t = item
    role = sorted(t.roles)[0]
    with pytest.raises(InvalidInput, match="reason: .* needs a reason"):
        apply(CAT.machine(case_type), view(case_type, t.sources[0], t.guard), t.id, actor(role), TODAY, "   ")


def test_extension_only_once() -> None:
    m = CAT.machine("complaint")
    case = view("complaint", "in_progress", "deadline_not_passed", step_counts={"extend": 1})
    with pytest.raises(TransitionNotAllowed, match="already taken 1 time"):
        apply(
            m, case, "extend", actor("editor"), TODAY, "Extra advice needed from the data protection officer"
        )


def test_citizen_cannot_escalate_before_the_deadline_but_can_after() -> None:
    m = CAT.machine("complaint")
    early = view("complaint", "received", "deadline_not_passed")
    verdict = check(m, early, "escalate_unanswered", actor("citizen"), TODAY)
    assert not verdict and "possible only after it" in verdict.reason
    late = view("complaint", "received", "deadline_passed")
    out = apply(m, late, "escalate_unanswered", actor("citizen"), TODAY)
    assert out.to_state == "escalated" and "open_escalation" in out.effects


def test_unknown_step_and_wrong_type_are_bad_input() -> None:
    m = CAT.machine("complaint")
    with pytest.raises(InvalidInput, match="'fly' is not a step of complaint"):
        apply(m, view("complaint", "received"), "fly", actor("editor"), TODAY)
    with pytest.raises(InvalidInput, match="case 7 is a escalation, not a complaint"):
        apply(m, view("escalation", "received"), "start", actor("editor"), TODAY)


def test_available_steps_for_the_ui() -> None:
    m = CAT.machine("complaint")
    steps = {
        t.id
        for t in available(m, view("complaint", "received", "deadline_not_passed"), actor("editor"), TODAY)
    }
    assert steps == {"start", "extend", "reply", "link_finding", "trigger_reassessment"}
    citizen = {
        t.id
        for t in available(
            m, view("complaint", "answered", "escalation_window_open"), actor("citizen"), TODAY
        )
    }
    assert citizen == {"escalate_unsatisfied", "accept", "withdraw"}


def test_withdrawal_measure_effect_and_revocation_lifts_it() -> None:
    assert "mark_register_withdrawn" in CAT.measure_kind("withdrawal").effects
    out = apply(
        CAT.machine("measure"), view("measure", "issued"), "revoke", actor("supervisor"), TODAY, REASON
    )
    assert out.to_state == "revoked" and "lift_register_mark" in out.effects


def test_who_may_file() -> None:
    assert may_file(CAT.machine("complaint"), actor("anonymous"))
    assert not may_file(CAT.machine("serious-incident"), actor("citizen"))
    assert may_file(CAT.machine("serious-incident"), actor("approver"))
    assert not may_file(CAT.machine("investigation"), actor("editor"))
