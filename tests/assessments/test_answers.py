"""Answer validation per question type, completeness, and hostile input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waarborg.domain.assessments import completeness, instrument, validate_answer, validate_answers
from waarborg.domain.errors import InvalidInput

from .conftest import welfare_answers


def q(inst: str, qid: str) -> Any:
    question = instrument(inst).question(qid)
    assert question is not None
    return question


@pytest.mark.parametrize(
    ("inst", "qid", "value", "expected"),
    [
        ("iama", "1.1", "  text  ", "text"),
        ("iama", "4.1", "ja", True),
        ("iama", "4.1", "no", False),
        ("iama", "4.1", False, False),
        ("fria", "b.first_use", "2027-01-15", "2027-01-15"),
        ("fria", "d.provider_information", "https://example.org/ifu", "https://example.org/ifu"),
        ("fria", "b.frequency", "weekly", "weekly"),
        ("iama", "1.1", "   ", None),
        (
            "fria",
            "c.categories",
            [{"category": "Applicants", "vulnerable": "ja"}, {"category": ""}],
            [{"category": "Applicants", "vulnerable": True}],
        ),
    ],
)
def test_valid_answers_are_normalised(inst: str, qid: str, value: Any, expected: Any) -> None:
    assert validate_answer(q(inst, qid), value) == expected


@pytest.mark.parametrize(
    ("inst", "qid", "value", "message"),
    [
        ("iama", "1.1", 42, "answers.1.1: expects text, got 42"),
        ("iama", "4.1", "maybe", "answers.4.1: expects yes or no, got 'maybe'"),
        (
            "fria",
            "b.first_use",
            "15-01-2027",
            "answers.b.first_use: expects a date YYYY-MM-DD, got '15-01-2027'",
        ),
        (
            "fria",
            "d.provider_information",
            "javascript:alert(1)",
            "answers.d.provider_information: expects an http(s) link, got 'javascript:alert(1)'",
        ),
        ("fria", "b.frequency", "hourly", "answers.b.frequency: 'hourly' is not one of continuous, daily"),
        ("fria", "b.frequency", ["daily"], "answers.b.frequency: expects one choice, got a list"),
        (
            "fria",
            "c.categories",
            "Applicants",
            "answers.c.categories: expects a list of rows, got 'Applicants'",
        ),
        (
            "fria",
            "c.categories",
            [{"category": "A", "age": 3}],
            "answers.c.categories[0]: unknown column(s) ['age']",
        ),
        (
            "fria",
            "c.categories",
            [{"description": "no category"}],
            "answers.c.categories[0].category: is required",
        ),
        (
            "huderia",
            "ria.impacts",
            [
                {
                    "right": "Privacy",
                    "description": "d",
                    "scale": "huge",
                    "scope": "group",
                    "reversibility": "easy",
                    "probability": "likely",
                }
            ],
            "answers.ria.impacts[0].scale: 'huge' is not one of minor",
        ),
    ],
)
def test_invalid_answers_name_question_and_value(inst: str, qid: str, value: Any, message: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        validate_answer(q(inst, qid), value)
    assert exc.value.errors[0].startswith(message)


def test_validate_answers_reports_every_problem_and_unknown_ids() -> None:
    with pytest.raises(InvalidInput) as exc:
        validate_answers(instrument("iama"), {"1.1": 1, "4.1": "perhaps", "9.9": "x", "1.2": "fine"})
    assert exc.value.errors == [
        "answers.1.1: expects text, got 1",
        "answers.4.1: expects yes or no, got 'perhaps'",
        "answers.9.9: unknown question '9.9' in iama@2021.2",
    ]


def test_completeness_counts_conditional_requirements() -> None:
    iama = instrument("iama")
    answers = validate_answers(iama, welfare_answers())
    assert completeness(iama, answers).complete
    no_rights = {k: v for k, v in answers.items() if k != "4.rights"}
    assert completeness(iama, no_rights).missing == ("4.rights",)
    no_rights["4.1"] = False
    assert completeness(iama, no_rights).complete
    empty = completeness(iama, {})
    assert not empty.complete and "1.1" in empty.missing and "4.rights" not in empty.missing
    assert empty.answered == 0


def test_fria_dpia_link_required_only_when_a_dpia_exists() -> None:
    fria = instrument("fria")
    assert "g.dpia_link" in completeness(fria, {"g.dpia": True}).missing
    assert "g.dpia_link" not in completeness(fria, {"g.dpia": False}).missing


@given(
    st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text()), st.dictionaries(st.text(), st.text()))
)
def test_hostile_input_only_ever_raises_invalid_input(value: Any) -> None:
    for inst, qid in [
        ("iama", "1.1"),
        ("iama", "4.1"),
        ("fria", "b.first_use"),
        ("fria", "d.provider_information"),
        ("fria", "b.frequency"),
        ("fria", "c.categories"),
    ]:
        try:
            validate_answer(q(inst, qid), value)
        except InvalidInput as exc:
            assert exc.errors and exc.errors[0].startswith(f"answers.{qid}")
