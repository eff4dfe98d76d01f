"""Checklist generation from each classification class."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.compliance.conftest import (
    CLASSIFICATIONS,
    TODAY,
    classification,
    cv_screening_deployer,
    high_risk_provider,
    ob,
)
from waarborg.domain.compliance import Applicability, article_matches, build_checklist, canonical_article
from waarborg.domain.compliance.catalogue import Catalogue
from waarborg.domain.errors import InvalidInput

GDPR_ALWAYS = {"gdpr-05-principles", "gdpr-25-privacy-by-design", "gdpr-32-security"}


def ids(cls: dict[str, Any], catalogue: Catalogue, as_of: date = TODAY) -> set[str]:
    return {i.requirement_id for i in build_checklist(cls, catalogue, as_of)}


@pytest.mark.parametrize(
    ("sample", "must", "must_not"),
    [
        (
            "cv-screening-deployer",
            {
                "aia-04-ai-literacy",
                "aia-05-prohibited-practices",
                "aia-26-deployer-obligations",
                "aia-27-fria",
                "aia-49-registration",
                "aia-86-right-to-explanation",
                "gdpr-35-dpia",
                "cets-16-risk-impact-management",
                "cets-10-non-discrimination",
                "nl-algoritmeregister",
            }
            | GDPR_ALWAYS,
            {
                "aia-09-risk-management",
                "aia-17-quality-management",
                "aia-50-1-interaction-notice",
                "aia-53-gpai-provider",
            },
        ),
        (
            "high-risk-provider",
            {
                "aia-09-risk-management",
                "aia-10-data-governance",
                "aia-11-technical-documentation",
                "aia-12-record-keeping",
                "aia-13-transparency-to-deployers",
                "aia-14-human-oversight",
                "aia-15-accuracy-robustness-security",
                "aia-16-provider-obligations",
                "aia-17-quality-management",
                "aia-18-retention",
                "aia-20-corrective-actions",
                "aia-43-conformity-assessment",
                "aia-49-registration",
                "aia-72-post-market-monitoring",
                "aia-73-serious-incidents",
            },
            {
                "aia-26-deployer-obligations",
                "aia-27-fria",
                "cets-16-risk-impact-management",
                "nl-algoritmeregister",
            },
        ),
        (
            "transparency",
            {"aia-50-1-interaction-notice", "aia-04-ai-literacy"} | GDPR_ALWAYS,
            {"aia-50-2-content-marking", "aia-09-risk-management", "gdpr-35-dpia"},
        ),
        (
            "minimal",
            {"aia-04-ai-literacy", "aia-05-prohibited-practices"} | GDPR_ALWAYS,
            {"aia-09-risk-management", "aia-26-deployer-obligations", "aia-50-1-interaction-notice"},
        ),
        (
            "prohibited",
            {"aia-05-prohibited-practices", "gdpr-35-dpia"},
            {"aia-04-ai-literacy", "aia-27-fria"},
        ),
        ("gpai-systemic", {"aia-53-gpai-provider", "aia-55-gpai-systemic-risk"}, {"aia-09-risk-management"}),
        (
            "derogation",
            {"aia-06-not-high-risk-assessment", "aia-49-registration"},
            {"aia-09-risk-management"},
        ),
        ("out-of-scope", GDPR_ALWAYS, {"aia-04-ai-literacy", "aia-05-prohibited-practices"}),
        ("not-ai-system", GDPR_ALWAYS, {"aia-04-ai-literacy", "aia-50-1-interaction-notice"}),
    ],
)
def test_checklist_per_classification_class(
    sample: str, must: set[str], must_not: set[str], catalogue: Catalogue
) -> None:
    got = ids(CLASSIFICATIONS[sample](), catalogue)
    assert must <= got, must - got
    assert not (must_not & got), must_not & got


def test_every_requirement_is_reachable_from_some_sample(catalogue: Catalogue) -> None:
    reached: set[str] = set()
    for make in CLASSIFICATIONS.values():
        reached |= ids(make(), catalogue)
    extra = classification(
        "transparency",
        [ob(a, "deployer", "2026-08-02") for a in ("Art. 50(2)", "Art. 50(3)", "Art. 50(4)")]
        + [ob("Art. 54", "provider", "2025-08-02"), ob("Art. 23", "importer", "2027-12-02")],
        transparency=["50(2)", "50(3)", "50(4)"],
    )
    reached |= ids(extra, catalogue)
    assert reached == {r.id for r in catalogue.requirements}


def test_items_carry_obligations_holders_and_dates(catalogue: Catalogue) -> None:
    items = {i.requirement_id: i for i in build_checklist(cv_screening_deployer(), catalogue, TODAY)}
    fria = items["aia-27-fria"]
    assert fria.holders == ("deployer",)
    assert fria.applies_from == date(2027, 12, 2)
    assert fria.applicability is Applicability.NOT_YET
    assert [o.article for o in fria.obligations] == ["Art. 27"]
    assert fria.catalogue == "waarborg-compliance@2026.12.2"
    assert fria.source["article"] == "Art. 27"
    assert [m.measure_id for m in fria.measures] == [
        "aia-27-fria.assessment",
        "aia-27-fria.notify-authority",
        "aia-27-fria.update",
    ]
    literacy = items["aia-04-ai-literacy"]
    assert literacy.applicability is Applicability.APPLICABLE and literacy.applies_from == date(2025, 2, 2)
    assert items["gdpr-32-security"].holders == ("organisation",)
    assert items["aia-49-registration"].obligations[0].article == "Art. 49(3)"


def test_as_of_decides_applicability(catalogue: Catalogue) -> None:
    later = {
        i.requirement_id: i for i in build_checklist(cv_screening_deployer(), catalogue, date(2027, 12, 2))
    }
    assert later["aia-27-fria"].applicability is Applicability.APPLICABLE


def test_measure_level_selectors(catalogue: Catalogue) -> None:
    items = {i.requirement_id: i for i in build_checklist(cv_screening_deployer(), catalogue, TODAY)}
    assert items["aia-26-deployer-obligations"].measure("aia-26-deployer-obligations.inform-affected")
    assert items["aia-05-prohibited-practices"].measure("aia-05-prohibited-practices.cease") is None
    annex_i = cv_screening_deployer() | {"high_risk": {"route": "annex-i", "point": None}}
    items = {i.requirement_id: i for i in build_checklist(annex_i, catalogue, TODAY)}
    assert items["aia-26-deployer-obligations"].measure("aia-26-deployer-obligations.inform-affected") is None
    prohibited = {
        i.requirement_id: i for i in build_checklist(CLASSIFICATIONS["prohibited"](), catalogue, TODAY)
    }
    assert prohibited["aia-05-prohibited-practices"].measure("aia-05-prohibited-practices.cease")


def test_exempt_obligations_give_an_exempt_item(catalogue: Catalogue) -> None:
    cls = classification(
        "high-risk",
        [ob("Art. 26", "deployer", ANNEX := "2027-12-02", status="exempt")],
        high_risk={"route": "annex-iii", "point": "4(a)"},
    )
    item = next(
        i for i in build_checklist(cls, catalogue, TODAY) if i.requirement_id == "aia-26-deployer-obligations"
    )
    assert item.applicability is Applicability.EXEMPT
    assert item.applies_from == date.fromisoformat(ANNEX)


def test_obligation_without_date(catalogue: Catalogue) -> None:
    cls = classification(
        "high-risk",
        [
            ob("Art. 73", "provider", None, status="applicable"),
            ob("Art. 72", "provider", None, status="not-yet-applicable"),
        ],
    )
    items = {i.requirement_id: i for i in build_checklist(cls, catalogue, TODAY)}
    assert items["aia-73-serious-incidents"].applicability is Applicability.APPLICABLE
    assert items["aia-72-post-market-monitoring"].applicability is Applicability.NOT_YET


def test_obligation_id_selector_and_ranges(catalogue: Catalogue) -> None:
    cls = classification("high-risk", [ob("Arts. 8-15", "provider", "2027-12-02")])
    got = ids(cls, catalogue)
    assert {"aia-09-risk-management", "aia-15-accuracy-robustness-security"} <= got


def test_missing_or_empty_classification(catalogue: Catalogue) -> None:
    assert ids({}, catalogue) == GDPR_ALWAYS
    assert {i.requirement_id for i in build_checklist(None, catalogue, TODAY)} == GDPR_ALWAYS


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"obligations": ["Art. 4"]}, "classification.obligations[0]"),
        (
            {"obligations": [{"article": "Art. 4", "applies_from": "2 Feb 2025"}]},
            "classification.obligations[0].applies_from",
        ),
    ],
)
def test_bad_classification_is_refused_with_the_field(
    bad: dict[str, Any], field: str, catalogue: Catalogue
) -> None:
    with pytest.raises(InvalidInput) as info:
        build_checklist(bad, catalogue, TODAY)
    assert info.value.errors[0].startswith(field + ":")


@pytest.mark.parametrize(
    ("selector", "article", "expected"),
    [
        ("Art. 50(1)", "Art. 50(1)", True),
        ("Art. 50(1)", "Art. 50(1)(a)", True),
        ("Art. 50(1)", "Art. 50(2)", False),
        ("Art. 50(1)", "Art. 50", False),
        ("Art. 9", "Art. 92", False),
        ("Art. 9", "Art. 9(2)", True),
        ("Art. 26", "Article 26 (8)", True),
        ("Art. 26(8)", "Art. 26(8) / Annex VIII C", True),
        ("Art. 10", "Arts. 8–15", True),
        ("Art. 16", "Arts. 8-15", False),
        ("Art. 5", "Annex III 4(a)", False),
        ("Art. 5", "", False),
    ],
)
def test_article_matching(selector: str, article: str, expected: bool) -> None:
    assert article_matches(selector, article) is expected


def test_canonical_article() -> None:
    assert canonical_article("article 6 (4)") == "Art. 6(4)"
    assert canonical_article("Annex III") is None


def test_build_is_deterministic(catalogue: Catalogue) -> None:
    cls = high_risk_provider()
    assert build_checklist(cls, catalogue, TODAY) == build_checklist(cls, catalogue, TODAY)
