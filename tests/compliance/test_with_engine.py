"""Alignment with the real classification engine (docs/classification.md, "Obligation ids"): every
obligation the ruleset can emit lands on some requirement, and the example profiles give the expected
checklists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.compliance.conftest import TODAY, classification
from waarborg.domain.classification import classify, load_ruleset
from waarborg.domain.compliance import build_checklist
from waarborg.domain.compliance.catalogue import Catalogue

PROFILES = Path(__file__).parents[2] / "examples" / "profiles"
# Scope notes rather than work: "only Arts. 6(1), 102-109 and 112 apply" to Annex I Section B products.
NOT_WORK = {"art-2-2-annex-i-section-b-sectoral"}


def test_every_obligation_of_the_ruleset_has_a_requirement(catalogue: Catalogue) -> None:
    missing = []
    for rule in load_ruleset().obligations:
        if rule.id in NOT_WORK:
            continue
        cls = classification(
            "high-risk",
            [
                {
                    "id": rule.id,
                    "article": rule.article,
                    "title": rule.title_en,
                    "holder": rule.holder,
                    "applies_from": "2025-02-02",
                    "status": "applicable",
                    "note": "",
                }
            ],
        )
        items = build_checklist(cls, catalogue, TODAY)
        linked = [i for i in items if any(o.id == rule.id for o in i.obligations)]
        if not linked or not any(i.measures for i in linked):
            missing.append(f"{rule.id} ({rule.article})")
    assert not missing, "obligations without requirement or measures: " + ", ".join(missing)


def engine(name: str) -> dict:  # type: ignore[type-arg]
    profile = yaml.safe_load((PROFILES / name).read_text(encoding="utf-8"))
    return classify(profile, date(2026, 12, 7), load_ruleset()).to_dict()


@pytest.mark.skipif(not PROFILES.exists(), reason="example profiles not present")
def test_example_profiles(catalogue: Catalogue) -> None:
    cv = {i.requirement_id: i for i in build_checklist(engine("cv-screening.yaml"), catalogue, TODAY)}
    assert {
        "aia-09-risk-management",
        "aia-26-deployer-obligations",
        "aia-18-retention",
        "aia-20-corrective-actions",
    } <= set(cv)
    deployer = {m.measure_id for m in cv["aia-26-deployer-obligations"].measures}
    assert "aia-26-deployer-obligations.use-per-instructions" in deployer
    assert cv["aia-09-risk-management"].applies_from == date(2027, 12, 2)  # amended Annex III date
    gpai = {i.requirement_id: i for i in build_checklist(engine("open-gpai-model.yaml"), catalogue, TODAY)}
    measures = {m.measure_id for m in gpai["aia-53-gpai-provider"].measures}
    assert measures == {"aia-53-gpai-provider.copyright-policy", "aia-53-gpai-provider.training-summary"}
    table = {i.requirement_id for i in build_checklist(engine("decision-table.yaml"), catalogue, TODAY)}
    assert table == {"gdpr-05-principles", "gdpr-25-privacy-by-design", "gdpr-32-security"}
