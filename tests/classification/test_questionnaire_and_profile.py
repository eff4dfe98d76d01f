"""Questionnaire metadata, relevance of questions, profile validation and the published profile schema."""

from __future__ import annotations

from datetime import date
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.classification.support import AI_SYSTEM, profile
from waarborg.domain.classification import (
    Ruleset,
    classify,
    profile_schema,
    questions,
    relevant_questions,
    validate_profile,
)
from waarborg.domain.errors import InvalidInput


def test_every_question_is_bilingual_and_sourced(ruleset: Ruleset) -> None:
    qs = questions(ruleset)
    assert len(qs) >= 60
    for q in qs:
        assert q.type in ("bool", "choice", "multi", "date", "number", "text")
        assert q.text.en and q.text.nl and q.text.en != q.text.nl or q.id in ("name",), q.id
        assert q.source.article and q.source.url.startswith("http")
        assert q.help is not None and q.help.en and q.help.nl, q.id
        if q.type in ("choice", "multi"):
            assert q.options and all(o.label.en and o.label.nl for o in q.options)
    assert questions()[0].to_dict()["text"]["nl"] and questions() == qs


def _ids(answers: dict[str, Any], ruleset: Ruleset) -> set[str]:
    return {q.id for q in relevant_questions(answers, ruleset)}


def test_relevance_follows_answers(ruleset: Ruleset) -> None:
    start = _ids({}, ruleset)
    assert {"machine_based", "infers_outputs", "annex_iii_points", "social_scoring"} <= start
    assert "score_detriment" not in start and "rbi_objective" not in start
    not_ai = _ids({"infers_outputs": False}, ruleset)
    assert "annex_iii_points" not in not_ai and "social_scoring" not in not_ai
    assert "significant_effect" in not_ai
    excluded = _ids({**AI_SYSTEM, "defence_purpose": "exclusively"}, ruleset)
    assert "annex_iii_points" not in excluded and "interacts_with_persons" not in excluded
    follow_up = _ids({**AI_SYSTEM, "social_scoring": True, "annex_iii_points": ["5(b)"]}, ruleset)
    assert {"score_detriment", "fraud_detection_only", "no_significant_risk"} <= follow_up
    assert "travel_document_verification" not in follow_up
    gpai = _ids({**AI_SYSTEM, "is_gpai_model": True, "foss_licence": True}, ruleset)
    assert {"training_compute_flop", "weights_public"} <= gpai


@pytest.mark.parametrize(
    ("answers", "field", "value"),
    [
        ({"autonomy": "yes"}, "autonomy", "'yes'"),
        ({"organisation_type": "company"}, "organisation_type", "'company'"),
        ({"annex_iii_points": ["9(z)"]}, "annex_iii_points", "'9(z)'"),
        ({"annex_iii_points": "4(a)"}, "annex_iii_points", "'4(a)'"),
        ({"placed_on_market_date": "2025-13-01"}, "placed_on_market_date", "'2025-13-01'"),
        ({"training_compute_flop": "lots"}, "training_compute_flop", "'lots'"),
        ({"trainng_compute_flop": 1}, "trainng_compute_flop", "unknown question"),
    ],
)
def test_invalid_profile_names_field_and_value(answers: dict[str, Any], field: str, value: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_profile(answers)
    assert info.value.field == field
    assert value in info.value.message and info.value.errors[0].startswith(f"{field}: ")
    with pytest.raises(InvalidInput):
        classify(answers, date(2026, 12, 7))


def test_validate_profile_normalises() -> None:
    out = validate_profile(
        {
            "annex_iii_points": ["5(b)", "4(a)"],
            "placed_on_market_date": date(2025, 1, 1),
            "x-note": "ignored",
            "training_compute_flop": "1e25",
            "autonomy": None,
        }  # fmt: skip
    )
    assert out == {
        "annex_iii_points": ["4(a)", "5(b)"],
        "placed_on_market_date": "2025-01-01",
        "training_compute_flop": 1e25,
    }


def test_schema_accepts_examples_and_rejects_bad_values() -> None:
    schema = profile_schema()
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(
        validator.iter_errors(profile(annex_iii_points=["4(a)"], placed_on_market_date="2025-01-01"))
    )
    assert list(validator.iter_errors({"autonomy": "yes"}))
    assert list(validator.iter_errors({"unknown": 1}))
    assert schema["properties"]["annex_iii_points"]["items"]["enum"][0] == "1(a)"


@settings(max_examples=150, deadline=None)
@given(data=st.dictionaries(st.sampled_from(["autonomy", "organisation_type", "annex_iii_points", "training_compute_flop",
                                             "name", "bogus"]),
                            st.one_of(st.booleans(), st.text(max_size=6), st.integers(-5, 5), st.sampled_from(["private", "4(a)", "1", "2.5e24", "1e999", "-1"]),
                                      st.lists(st.sampled_from(["4(a)", "5(b)", "zz"]), max_size=3)),
                            max_size=4))  # fmt: skip
def test_fast_validator_agrees_with_published_schema(data: dict[str, Any]) -> None:
    schema_ok = not list(jsonschema.Draft202012Validator(profile_schema()).iter_errors(data))
    try:
        validate_profile(data)
        engine_ok = True
    except InvalidInput:
        engine_ok = False
    assert schema_ok == engine_ok, data


def test_as_of_must_be_a_date() -> None:
    from datetime import datetime

    assert classify({}, datetime(2026, 12, 7, 12, 0)).as_of == date(2026, 12, 7)
    with pytest.raises(InvalidInput, match="as_of: expected a date"):
        classify({}, "2026-12-07")  # type: ignore[arg-type]
