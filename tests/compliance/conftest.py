"""Shared fixtures: the packaged catalogue and classification results shaped like CONTRACTS.md."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from waarborg.domain.compliance import Catalogue, load_catalogue

TODAY = date(2026, 12, 7)
ANNEX_III = "2027-12-02"  # amended (Digital Omnibus) date for Annex III high-risk duties


def ob(
    article: str, holder: str, applies_from: str | None, status: str | None = None, oid: str | None = None
) -> dict[str, Any]:
    if status is None:
        status = (
            "applicable"
            if applies_from is None or date.fromisoformat(applies_from) <= TODAY
            else "not-yet-applicable"
        )
    return {
        "id": oid or f"ob-{article.lower().replace('art. ', '').replace('(', '-').replace(')', '')}-{holder}",
        "article": article,
        "title": f"{article} duty",
        "holder": holder,
        "applies_from": applies_from,
        "status": status,
        "note": "",
    }


def classification(risk_class: str, obligations: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleset": "eu-ai-act@2026.12",
        "as_of": TODAY.isoformat(),
        "ai_system": risk_class != "not-ai-system",
        "in_scope": risk_class not in ("out-of-scope", "not-ai-system"),
        "exclusion": None,
        "roles": sorted({o["holder"] for o in obligations}) or ["deployer"],
        "risk_class": risk_class,
        "prohibited": [],
        "high_risk": None,
        "derogation": None,
        "transparency": [],
        "gpai": None,
        "obligations": obligations,
        "legacy": None,
        "convention": {"applies": False, "in_force": False, "reason": "private actor", "articles": []},
        "trace": [],
    }
    result.update(extra)
    return result


def cv_screening_deployer() -> dict[str, Any]:
    """A municipality deploying a CV-screening system (Annex III 4(a)); public body, so FRIA + Convention."""
    return classification(
        "high-risk",
        [
            ob("Art. 4", "deployer", "2025-02-02"),
            ob("Art. 26", "deployer", ANNEX_III),
            ob("Art. 27", "deployer", ANNEX_III),
            ob("Art. 49(3)", "deployer", ANNEX_III),
            ob("Art. 86", "deployer", ANNEX_III),
        ],
        high_risk={"route": "annex-iii", "point": "4(a)"},
        convention={
            "applies": True,
            "in_force": False,
            "reason": "public authority (Art. 3(1)(a))",
            "articles": ["Art. 16"],
        },
    )


def high_risk_provider() -> dict[str, Any]:
    arts = [
        "Art. 4",
        "Art. 9",
        "Art. 10",
        "Art. 11",
        "Art. 12",
        "Art. 13",
        "Art. 14",
        "Art. 15",
        "Art. 16",
        "Art. 17",
        "Art. 18",
        "Art. 19",
        "Art. 20",
        "Art. 43",
        "Art. 47",
        "Art. 48",
        "Art. 49(1)",
        "Art. 72",
        "Art. 73",
    ]
    return classification(
        "high-risk",
        [ob(a, "provider", "2025-02-02" if a == "Art. 4" else ANNEX_III) for a in arts],
        high_risk={"route": "annex-iii", "point": "4(a)"},
    )


def chatbot_provider() -> dict[str, Any]:
    return classification(
        "transparency",
        [ob("Art. 4", "provider", "2025-02-02"), ob("Art. 50(1)", "provider", "2026-08-02")],
        transparency=["50(1)"],
    )


def minimal() -> dict[str, Any]:
    return classification("minimal", [ob("Art. 4", "deployer", "2025-02-02")])


def prohibited() -> dict[str, Any]:
    return classification(
        "prohibited", [ob("Art. 5(1)(c)", "deployer", "2025-02-02")], prohibited=["5(1)(c)"]
    )


def gpai_systemic() -> dict[str, Any]:
    return classification(
        "minimal",
        [ob("Art. 53", "provider", "2025-08-02"), ob("Art. 55", "provider", "2025-08-02")],
        gpai="gpai-model-systemic-risk",
    )


def derogation_provider() -> dict[str, Any]:
    return classification(
        "minimal",
        [ob("Art. 6(4)", "provider", "2026-08-02"), ob("Art. 49(2)", "provider", "2026-08-02")],
        derogation="6(3)(a)",
    )


def out_of_scope() -> dict[str, Any]:
    return classification("out-of-scope", [], exclusion="2(3)")


def not_ai_system() -> dict[str, Any]:
    return classification("not-ai-system", [])


CLASSIFICATIONS = {
    "cv-screening-deployer": cv_screening_deployer,
    "high-risk-provider": high_risk_provider,
    "transparency": chatbot_provider,
    "minimal": minimal,
    "prohibited": prohibited,
    "gpai-systemic": gpai_systemic,
    "derogation": derogation_provider,
    "out-of-scope": out_of_scope,
    "not-ai-system": not_ai_system,
}


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()
