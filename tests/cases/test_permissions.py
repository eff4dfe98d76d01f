"""Permission matrix at domain level: a status link opens its own case only, organisations see their own
cases, supervisors all; personal data only for the citizen and the people handling the case."""

from __future__ import annotations

import pytest

from tests.cases.helpers import actor, view
from waarborg.domain.cases.catalogue import load_catalogue
from waarborg.domain.cases.machine import can_see_personal_data, can_view

CAT = load_catalogue()
OWN, OTHER = 1, 2

# (viewer, case type) -> sees own-org case, sees other-org case, sees personal data of own-org case
MATRIX = {
    ("citizen-own", "complaint"): (True, None, True),
    ("citizen-other", "complaint"): (False, None, False),
    ("editor", "complaint"): (True, False, True),
    ("approver", "explanation-request"): (True, False, True),
    ("supervisor", "complaint"): (True, True, False),
    ("anonymous", "complaint"): (False, False, False),
    ("admin", "complaint"): (False, False, False),
    ("editor", "escalation"): (True, False, False),
    ("supervisor", "escalation"): (True, True, True),
    ("citizen-own", "escalation"): (True, None, True),
    ("citizen-own", "serious-incident"): (False, None, False),
    ("editor", "serious-incident"): (True, False, False),
    ("supervisor", "serious-incident"): (True, True, False),
    ("editor", "investigation"): (True, False, False),
    ("editor", "measure"): (True, False, False),
    ("anonymous", "measure"): (False, False, False),
    ("supervisor", "fria-notification"): (True, True, False),
}


def _viewer(name: str):
    if name == "citizen-own":
        return actor("citizen", case_id=7)
    if name == "citizen-other":
        return actor("citizen", case_id=8)
    return actor(name, org=OWN)


@pytest.mark.parametrize(("key", "expected"), MATRIX.items(), ids=[f"{a}-{b}" for a, b in MATRIX])
def test_permission_matrix(key, expected) -> None:
    who, case_type = key
    own_ok, other_ok, personal_ok = expected
    m = CAT.machine(case_type)
    state = m.initial
    own = view(case_type, state, id=7, organisation_id=OWN)
    assert bool(can_view(m, own, _viewer(who))) is own_ok
    if other_ok is not None:
        other = view(case_type, state, id=9, organisation_id=OTHER)
        assert bool(can_view(m, other, _viewer(who))) is other_ok
    assert bool(can_see_personal_data(m, own, _viewer(who))) is personal_ok


def test_supervisor_sees_personal_data_of_a_complaint_once_escalated() -> None:
    m = CAT.machine("complaint")
    before = view("complaint", "answered", id=7)
    after = view("complaint", "escalated", id=7, escalated=True)
    sup = actor("supervisor")
    assert not can_see_personal_data(m, before, sup)
    verdict = can_see_personal_data(m, after, sup)
    assert verdict and "since its escalation" in verdict.reason


def test_every_verdict_gives_a_reason() -> None:
    m = CAT.machine("complaint")
    assert can_view(m, view("complaint", "received", id=9), actor("citizen", case_id=7)).reason == (
        "a status link opens its own case only"
    )
    assert (
        "another organisation"
        in can_view(m, view("complaint", "received", organisation_id=2), actor("editor")).reason
    )


def test_explanation_right_follows_the_classification() -> None:
    from waarborg.domain.cases.applicability import complaint_right, explanation_right

    assert explanation_right({"high_risk": {"route": "annex-iii", "point": "4(a)"}}).statutory
    crit = explanation_right({"high_risk": {"route": "annex-iii", "point": "2"}})
    assert not crit.statutory and "point 2" in crit.reason("en") and "punt 2" in crit.reason("nl")
    assert not explanation_right({"high_risk": {"route": "annex-i", "point": None}}).statutory
    assert not explanation_right({"high_risk": None}).statutory
    assert not explanation_right(None).statutory
    assert complaint_right(None).statutory and not complaint_right({"in_scope": False}).statutory
