"""Invariants checked with Hypothesis: order independence, prohibited wins, determinism."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.classification.support import profile
from waarborg.domain.classification import Ruleset, classify, load_ruleset

RS = load_ruleset()
PROHIBITING: list[dict[str, Any]] = [
    {"manipulative_techniques": True, "material_distortion": True, "significant_harm": True},
    {"exploits_vulnerabilities": ["disability"], "material_distortion": True, "significant_harm": True},
    {"social_scoring": True, "score_detriment": ["unrelated-context"]},
    {"crime_prediction": "solely-profiling"},
    {"face_scraping": True},
    {"emotion_recognition": True, "emotion_context": ["workplace"], "emotion_purpose": "other"},
    {"biometric_categorisation": True, "infers_sensitive_traits": True, "categorisation_exception": "none"},
    {"biometric_identification": "remote-real-time", "publicly_accessible_space": True, "law_enforcement": True,
     "rbi_objective": "none"},
    {"generates_ncii": True},
    {"generates_csam": True},
]  # fmt: skip
# Questions a random profile may answer freely without taking the system out of scope.
SCOPE_FIXED = {
    "machine_based", "autonomy", "objectives", "infers_outputs", "output_types", "influences_environment",
    "activities", "own_name", "established_in_eu", "output_used_in_eu", "organisation_type", "personal_use",
    "defence_purpose", "third_country_le_cooperation", "adequate_safeguards", "sole_purpose_research",
    "development_stage", "name", "intended_purpose",
}  # fmt: skip


def _answer(question: Any) -> st.SearchStrategy[Any]:
    values = [o.value for o in question.options]
    strategies: dict[str, st.SearchStrategy[Any]] = {
        "bool": st.booleans(),
        "choice": st.sampled_from(values) if values else st.none(),
        "multi": st.lists(st.sampled_from(values), unique=True) if values else st.none(),
        "date": st.dates(date(2023, 1, 1), date(2031, 1, 1)),
        "number": st.one_of(st.integers(0, 10**6), st.floats(0, 1e27)),
        "text": st.text(max_size=10),
    }
    return st.one_of(st.none(), strategies[question.type])


def any_profile(ruleset: Ruleset, exclude: set[str] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    fields = {q.id: _answer(q) for q in ruleset.questions if q.id not in (exclude or set())}
    return st.fixed_dictionaries({}, optional=fields)


AS_OF = st.dates(date(2024, 8, 1), date(2032, 12, 31))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=any_profile(RS), as_of=AS_OF, seed=st.integers(0, 2**32))
def test_result_does_not_depend_on_order(answers: dict[str, Any], as_of: date, seed: int) -> None:
    rng = random.Random(seed)
    items = list(answers.items())
    rng.shuffle(items)
    shuffled = {k: (rng.sample(v, len(v)) if isinstance(v, list) else v) for k, v in items}
    assert classify(shuffled, as_of, RS).to_dict() == classify(answers, as_of, RS).to_dict()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=any_profile(RS, exclude=SCOPE_FIXED),
    practice=st.sampled_from(PROHIBITING),
    as_of=st.dates(date(2026, 12, 2), date(2032, 12, 31)),
    base=st.sampled_from(["provider", "deployer", "vendor"]),
)
def test_prohibited_practice_always_prohibited(
    answers: dict[str, Any], practice: dict[str, Any], as_of: date, base: str
) -> None:
    result = classify(profile(base, **{**answers, **practice}), as_of, RS)
    assert result.risk_class == "prohibited"
    assert result.prohibited
    assert any(
        o.id == "art-5-cease-prohibited-practice" and o.status == "applicable" for o in result.obligations
    )


@settings(max_examples=100, deadline=None)
@given(answers=any_profile(RS), as_of=AS_OF)
def test_result_is_well_formed(answers: dict[str, Any], as_of: date) -> None:
    result = classify(answers, as_of, RS)
    data = result.to_dict()
    assert data["risk_class"] in (
        "prohibited",
        "high-risk",
        "transparency",
        "minimal",
        "out-of-scope",
        "not-ai-system",
    )
    assert data == classify(answers, as_of, RS).to_dict()
    for ob in data["obligations"]:
        assert ob["status"] in ("applicable", "not-yet-applicable", "exempt")
        if ob["status"] == "applicable":
            assert ob["applies_from"] <= as_of.isoformat()
    pairs = [(o["id"], o["holder"]) for o in data["obligations"]]
    assert len(pairs) == len(set(pairs))
    for step in data["trace"]:
        assert step["article"] and step["source"].startswith("http"), step
        assert step["step"] in ("scope", "definition", "role", "prohibited", "high-risk", "transparency", "gpai",
                                "obligations", "legacy", "convention")  # fmt: skip
    if not data["in_scope"]:
        assert data["obligations"] == [] and data["prohibited"] == []
