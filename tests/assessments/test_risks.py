"""Risk register: validation, configurable scoring, residual risk, overdue mitigations, dashboard."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from waarborg.domain.assessments import (
    dashboard,
    inherent_risk,
    overdue_mitigations,
    parse_risk,
    residual_risk,
    risk_model,
)
from waarborg.domain.assessments.risks import score
from waarborg.domain.errors import InvalidInput

from .conftest import TODAY, make_assessment, welfare_risks

FACTORS = {"scale": "serious", "scope": "group", "reversibility": "effort", "probability": "likely"}


def test_inherent_and_residual_scores_explain_their_rule() -> None:
    r1 = welfare_risks()[0]
    inherent = inherent_risk(r1, risk_model())
    assert (inherent.severity_rank, inherent.likelihood_rank, inherent.score, inherent.band.id) == (
        3,
        3,
        9,
        "high",
    )
    assert "not an official HUDERIA score" in inherent.reason
    residual = residual_risk(r1, risk_model())
    assert (residual.basis, residual.score, residual.band.id) == ("residual", 4, "medium")


def test_residual_falls_back_to_inherent_and_says_so() -> None:
    r2 = welfare_risks()[1]
    residual = residual_risk(r2, risk_model())
    assert residual.basis == "inherent" and residual.reason.startswith("residual risk not yet assessed")


def test_aggregation_is_configurable() -> None:
    mean_model = dataclasses.replace(risk_model(), severity_method="mean")
    assert score(FACTORS, mean_model).severity_rank == 2  # mean(3, 2, 2) rounds to 2
    assert score(FACTORS, risk_model()).severity_rank == 3  # max


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "risk.title: is required text"),
        ({"owner": None}, "risk.owner: is required text, got None"),
        ({"factors": {**FACTORS, "scale": "huge"}}, "risk.factors.scale: 'huge' is not one of"),
        ({"factors": {"scale": "minor"}}, "risk.factors.scope: is required"),
        ({"factors": {**FACTORS, "impact": "x"}}, "risk.factors.impact: unknown factor 'impact'"),
        ({"residual": {"scale": "minor"}}, "risk.residual: give all factors or none"),
        ({"visibility": "secret"}, "risk.visibility: 'secret' is not one of"),
        (
            {"mitigations": [{"description": "x", "status": "stalled"}]},
            "risk.mitigations[0].status: 'stalled'",
        ),
        (
            {"mitigations": [{"description": "x", "due": "next week"}]},
            "risk.mitigations[0].due: expects a date YYYY-MM-DD, got 'next week'",
        ),
    ],
)
def test_bad_risks_are_named(change: dict[str, object], message: str) -> None:
    raw = {"title": "T", "right": "Privacy", "owner": "O", "factors": FACTORS, **change}
    with pytest.raises(InvalidInput) as exc:
        parse_risk(raw, risk_model())
    assert exc.value.errors[0].startswith(message)


def test_overdue_mitigations_given_today() -> None:
    overdue = overdue_mitigations(welfare_risks(), TODAY)
    assert [(o.mitigation.id, o.days_overdue) for o in overdue] == [("m1", 36)]  # m2 is done, m3 not yet due
    assert overdue_mitigations(welfare_risks(), dt.date(2026, 11, 1)) == []


def test_dashboard_lists_overdue_mitigations_and_reviews() -> None:
    current = make_assessment(review_date=dt.date(2026, 12, 1))
    superseded = make_assessment(id="a0", state="superseded", review_date=dt.date(2026, 1, 1))
    soon = make_assessment(id="a2", risks=(), review_date=dt.date(2026, 12, 20))
    items = dashboard([current, superseded, soon], TODAY)
    assert [(i.kind, i.assessment_id, i.days_overdue) for i in items] == [
        ("mitigation", "a1", 36),
        ("review", "a1", 6),
        ("review", "a2", -13),
    ]
    assert items[1].overdue and not items[2].overdue
    assert dashboard([make_assessment(risks=(), review_date=dt.date(2027, 12, 1))], TODAY) == []
