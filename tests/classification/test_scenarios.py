"""The scenario table (scenarios.yaml): risk class, points, obligations with dates, and citations."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.classification.support import TODAY, profile
from waarborg.domain.classification import Ruleset, classify

SCENARIOS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "scenarios.yaml").read_text("utf-8")
)
SIMPLE_KEYS = (
    "risk_class",
    "ai_system",
    "in_scope",
    "exclusion",
    "roles",
    "prohibited",
    "high_risk",
    "derogation",
    "transparency",
    "gpai",
    "impactful_algorithm",
    "upcoming_prohibitions",
)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _find_obligation(result: dict[str, Any], ident: str, holder: str | None) -> dict[str, Any]:
    found = [
        o for o in result["obligations"] if o["id"] == ident and (holder is None or o["holder"] == holder)
    ]
    assert found, (
        f"obligation {ident} (holder {holder}) missing; got {[o['id'] for o in result['obligations']]}"
    )
    return found[0]


def _check_obligations(result: dict[str, Any], expected: dict[str, dict[str, Any]]) -> None:
    for ident, fields in expected.items():
        ob = _find_obligation(result, ident, fields.get("holder"))
        for key, value in fields.items():
            assert ob[key] == _iso(value), f"{ident}.{key}: {ob[key]!r} != {value!r}"
        assert ob["article"].startswith("Art"), ob
        assert ob["source"].startswith("http"), ob


def _check_trace(result: dict[str, Any], rule_ids: list[str], ruleset: Ruleset) -> None:
    applies = {r.id: r.yes.outcome for rules, _stage in ruleset.groups.values() for r in rules}
    for rule_id in rule_ids:
        steps = [s for s in result["trace"] if s["rule"] == rule_id]
        assert steps, f"rule {rule_id} not in trace"
        assert steps[0]["outcome"] == applies[rule_id], steps[0]
        assert steps[0]["article"] and steps[0]["source"].startswith("http")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any], ruleset: Ruleset) -> None:
    as_of = scenario.get("as_of") or TODAY
    result = classify(
        profile(scenario.get("base", "provider"), **scenario["answers"]), as_of, ruleset
    ).to_dict()
    expect = scenario["expect"]
    for key in SIMPLE_KEYS:
        if key in expect:
            actual = result[key]
            if key == "high_risk" and actual is not None:
                actual = {k: actual[k] for k in expect[key]}
            assert actual == expect[key], f"{key}: {actual!r} != {expect[key]!r}"
    _check_obligations(result, expect.get("obligations", {}))
    ids = {o["id"] for o in result["obligations"]}
    for ident in expect.get("absent", []):
        assert ident not in ids, f"obligation {ident} should not apply"
    if "obligations_count" in expect:
        assert len(result["obligations"]) == expect["obligations_count"]
    if "legacy" in expect:
        if expect["legacy"] is None:
            assert result["legacy"] is None
        else:
            assert {k: result["legacy"][k] for k in expect["legacy"]} == expect["legacy"]
    if "convention" in expect:
        conv = dict(expect["convention"])
        include = conv.pop("articles_include", [])
        assert {k: result["convention"][k] for k in conv} == conv
        assert set(include) <= set(result["convention"]["articles"])
    _check_trace(result, expect.get("trace", []), ruleset)
    assert result["ruleset"] == "eu-ai-act@2026.12" and result["as_of"] == as_of.isoformat()


def test_table_covers_the_brief() -> None:
    ids = " ".join(s["id"] for s in SCENARIOS)
    assert len(SCENARIOS) >= 60
    for point in ("a", "b", "c", "d", "e", "f", "g", "h", "ba", "bb"):
        assert f"art5-{point}-" in ids, point
    for point in ("1a", "1b", "1c", "2", "3a", "3b", "3c", "3d", "4a", "4b", "5a", "5b", "5c", "5d",
                  "6a", "6b", "6c", "6d", "6e", "7a", "7b", "7c", "7d", "8a", "8b"):  # fmt: skip
        assert f"annex-iii-{point}" in ids, point
    for exclusion in ("2-3", "2-4", "2-6", "2-8", "2-10", "2-12"):
        assert f"scope-{exclusion}-" in ids
    for paragraph in ("50-1", "50-2", "50-3", "50-4"):
        assert f"art{paragraph}-" in ids
