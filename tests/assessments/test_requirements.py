"""requirement_for: Art. 27 FRIA, IAMA practice, HUDERIA under the Convention."""

from __future__ import annotations

from typing import Any

import pytest

from waarborg.domain.assessments import requirement_for
from waarborg.domain.errors import InvalidInput


def classification(
    point: str | None = "5(a)",
    route: str = "annex-iii",
    roles: tuple[str, ...] = ("deployer",),
    risk_class: str = "high-risk",
    convention: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleset": "ai-act@1",
        "as_of": "2026-12-07",
        "risk_class": risk_class,
        "roles": list(roles),
        "high_risk": {"route": route, "point": point} if risk_class == "high-risk" else None,
        "prohibited": [],
        "obligations": [
            {
                "id": "fria",
                "article": "Art. 27",
                "title": "FRIA",
                "holder": "deployer",
                "applies_from": "2027-12-02",
                "status": "not-yet-applicable",
                "note": "",
            }
        ],
        "convention": {"applies": convention, "in_force": False, "reason": "", "articles": ["Art. 16"]},
    }
    result.update(extra)
    return result


def levels(reqs: list[Any]) -> dict[str, str]:
    return {r.instrument: r.level for r in reqs}


def test_public_body_deploying_welfare_system() -> None:
    reqs = requirement_for(classification("5(a)"), "public-authority")
    assert levels(reqs) == {"fria": "required", "iama": "recommended", "huderia": "recommended"}
    assert (
        reqs[0].instrument == "fria"
        and reqs[0].article == "Art. 27(1)"
        and reqs[0].applies_from == "2027-12-02"
    )
    assert "Feb 2026 IAMA" in reqs[1].reason or "Feb 2026 IAMA" in reqs[2].reason


@pytest.mark.parametrize("point", ["5(b)", "5(c)"])
def test_credit_and_insurance_need_a_fria_for_every_deployer(point: str) -> None:
    reqs = requirement_for(classification(point, convention=False), "private")
    assert levels(reqs) == {"fria": "required"}
    assert point in reqs[0].reason


def test_private_entity_providing_public_services() -> None:
    assert levels(requirement_for(classification("3(a)", convention=False), "private-public-service")) == {
        "fria": "required"
    }


def test_other_private_deployer_is_only_recommended() -> None:
    reqs = requirement_for(classification("4(a)", convention=False), "private")
    assert levels(reqs) == {"fria": "recommended"}


def test_critical_infrastructure_is_excepted() -> None:
    assert "fria" not in levels(requirement_for(classification("2"), "public-authority"))


def test_providers_and_non_high_risk_systems_need_no_fria() -> None:
    assert "fria" not in levels(
        requirement_for(classification("5(a)", roles=("provider",)), "public-authority")
    )
    assert "fria" not in levels(requirement_for(classification(risk_class="minimal"), "public-authority"))
    assert "fria" not in levels(
        requirement_for(classification(route="annex-i", point=None), "public-authority")
    )


def test_realtime_biometric_identification_needs_a_fria_first() -> None:
    reqs = requirement_for(
        classification(risk_class="prohibited", prohibited=["5(1)(h)"]), "public-authority"
    )
    fria = next(r for r in reqs if r.instrument == "fria")
    assert fria.level == "required" and fria.article == "Art. 5(2)"


def test_huderia_follows_convention_scope_and_says_it_is_non_binding() -> None:
    reqs = requirement_for(classification(risk_class="minimal", convention=True), "private")
    assert levels(reqs) == {"huderia": "recommended"}
    assert (
        "non-binding" in reqs[0].reason
        and "not yet in force" in reqs[0].reason
        and reqs[0].certainty == "V-secondary"
    )


def test_bad_input_is_named() -> None:
    with pytest.raises(InvalidInput, match="'ngo' is not one of"):
        requirement_for(classification(), "ngo")
    with pytest.raises(InvalidInput, match="classification.risk_class"):
        requirement_for({}, "private")


def test_reasons_are_given_in_dutch_too() -> None:
    for req in requirement_for(classification("5(a)"), "public-authority"):
        assert req.reason_nl and req.reason_in("nl") == req.reason_nl and req.reason_in("en") == req.reason
