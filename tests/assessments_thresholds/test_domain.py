"""The fairness-thresholds question: instrument data, answer validation, mapping and source labels."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from waarborg.domain.assessments import instrument, prefill, risk_model, validate_answer, validate_answers
from waarborg.domain.assessments.loader import build_instrument, instruments_dir
from waarborg.domain.assessments.thresholds import (
    parse_source,
    source_label,
    threshold_question,
    thresholds_in,
)
from waarborg.domain.audit.config import THRESHOLD_ALIASES, threshold_names
from waarborg.domain.errors import InvalidInput

ROWS = [
    {"metric": "min_disparate_impact_ratio", "value": "0,5"},
    {"metric": "max_fpr_difference", "value": 0.1},
]


def _question(instrument_id: str) -> Any:
    question = threshold_question(instrument(instrument_id))
    assert question is not None
    return question


def _refused(question: Any, value: Any) -> list[str]:
    with pytest.raises(InvalidInput) as exc:
        validate_answer(question, value)
    return exc.value.errors


def test_iama_and_huderia_ask_for_thresholds_with_the_audit_names() -> None:
    iama, huderia = _question("iama"), _question("huderia")
    assert (iama.id, iama.section) == ("4.thresholds", "4")
    assert (huderia.id, huderia.section) == ("ria.thresholds", "ria")
    assert threshold_question(instrument("fria")) is None
    for q in (iama, huderia):
        assert not q.required and q.required_if is None
        assert q.help is not None and "0,8" in q.help.nl and "0.8" in q.help.en
        assert "CETS 225 Art. 10" in q.source.article and "26(5)" in q.source.article
        assert q.source.certainty == "UNVERIFIED"  # Art. 10(2)(f)-(g) wording is not in FACTS.md
        cols = {c.id: c for c in q.columns}
        assert cols["value"].type == "number" and cols["metric"].type == "choice"
    options = [o.id for o in iama.columns[0].options]
    assert options == [o.id for o in huderia.columns[0].options]
    assert set(options) <= set(threshold_names()) and "significance_level" in options
    canonical = [THRESHOLD_ALIASES.get(o, o) for o in options]
    assert len(set(canonical)) == len(canonical)  # no alias offered next to its canonical name
    assert instrument("iama").version == "2021.2" and instrument("huderia").version == "2025.2"


def test_good_rows_are_normalised_and_read_as_thresholds() -> None:
    q = _question("iama")
    rows = validate_answer(q, ROWS)
    assert rows == [
        {"metric": "min_disparate_impact_ratio", "value": 0.5},
        {"metric": "max_fpr_difference", "value": 0.1},
    ]
    assert thresholds_in(instrument("iama"), {"4.thresholds": rows}) == {
        "min_disparate_impact_ratio": 0.5,
        "max_fpr_difference": 0.1,
    }
    assert thresholds_in(instrument("iama"), {}) is None
    assert thresholds_in(instrument("fria"), {"a.processes": "x"}) is None


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"metric": "min_disparate_impact_ratio", "value": 1.5},
            "answers.4.thresholds[0].value: 1.5 is out of range for min_disparate_impact_ratio"
            " (expected a number between 0 and 1)",
        ),
        (
            {"metric": "max_fpr_difference", "value": "-0,2"},
            "answers.4.thresholds[0].value: -0.2 is out of range for max_fpr_difference"
            " (expected a number of 0 or more)",
        ),
        (
            {"metric": "significance_level", "value": "2"},
            "answers.4.thresholds[0].value: 2.0 is out of range for significance_level"
            " (expected a number between 0 and 1)",
        ),
        (
            {"metric": "max_fpr_difference", "value": "veel"},
            "answers.4.thresholds[0].value: expects a number, got 'veel'",
        ),
        (
            {"metric": "max_fpr_difference", "value": "nan"},
            "answers.4.thresholds[0].value: expects a number, got 'nan'",
        ),
        (
            {"metric": "min_happiness", "value": 0.5},
            "answers.4.thresholds[0].metric: 'min_happiness' is not one of",
        ),
        (
            {"metric": "max_fpr_difference"},
            "answers.4.thresholds[0].value: is required",
        ),
    ],
)
def test_bad_rows_are_refused_naming_question_and_value(row: dict[str, Any], expected: str) -> None:
    errors = _refused(_question("iama"), [row])
    assert errors[0].startswith(expected), errors


def test_a_metric_given_twice_is_refused() -> None:
    rows = [{"metric": "max_fpr_difference", "value": 0.1}, {"metric": "max_fpr_difference", "value": 0.2}]
    errors = _refused(_question("huderia"), rows)
    assert errors == ["answers.ria.thresholds[1].metric: 'max_fpr_difference' is already given in row 1"]


def test_all_bad_answers_are_reported_together() -> None:
    with pytest.raises(InvalidInput) as exc:
        validate_answers(
            instrument("iama"),
            {"4.thresholds": [{"metric": "max_tpr_difference", "value": 3e400}], "4.1": "misschien"},
        )
    assert [e.split(":")[0] for e in exc.value.errors] == ["answers.4.thresholds[0].value", "answers.4.1"]


def test_thresholds_map_between_iama_and_huderia_both_ways() -> None:
    rows = validate_answer(_question("iama"), ROWS)
    fills = prefill(instrument("huderia"), {}, {"iama": {"4.thresholds": rows}})
    assert fills["ria.thresholds"].value == rows and fills["ria.thresholds"].source == "iama:4.thresholds"
    back = prefill(instrument("iama"), {}, {"huderia": {"ria.thresholds": rows}})
    assert back["4.thresholds"].value == rows and back["4.thresholds"].source == "huderia:ria.thresholds"


def _raw_iama() -> Any:
    return yaml.safe_load((instruments_dir() / "iama.yaml").read_text(encoding="utf-8"))


def _thresholds_node(doc: Any) -> dict[str, Any]:
    part4 = next(s for s in doc["sections"] if s["id"] == "4")
    node: dict[str, Any] = next(q for q in part4["questions"] if q["id"] == "4.thresholds")
    return node


def test_a_broken_thresholds_question_is_refused_naming_the_node() -> None:
    doc = copy.deepcopy(_raw_iama())
    _thresholds_node(doc)["columns"][1]["type"] = "open"
    with pytest.raises(InvalidInput) as exc:
        build_instrument(doc, risk_model(), "test.yaml")
    assert "(id '4.thresholds')" in exc.value.message and "number column 'value'" in exc.value.message
    doc = copy.deepcopy(_raw_iama())
    _thresholds_node(doc)["columns"][0]["options"].append({"id": "max_luck", "label": {"nl": "x", "en": "y"}})
    with pytest.raises(InvalidInput) as exc:
        build_instrument(doc, risk_model(), "test.yaml")
    assert "['max_luck'] are not bias-audit threshold names" in exc.value.message
    doc = copy.deepcopy(_raw_iama())
    _thresholds_node(doc)["check"] = "vibes"
    with pytest.raises(InvalidInput) as exc:
        build_instrument(doc, risk_model(), "test.yaml")
    assert "check" in exc.value.message and "(id '4.thresholds')" in exc.value.message


def test_source_labels_round_trip() -> None:
    label = source_label("iama", 12, 3)
    assert label == "iama 12 revision 3" and parse_source(label) == ("iama", 12, 3)
    assert parse_source("entry") is None and parse_source("default") is None and parse_source(None) is None
