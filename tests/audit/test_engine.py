"""DuckDB engine: reading CSV and Parquet, windows, scores, and errors that name column, row and value."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.audit.conftest import cube_of, random_log, write
from waarborg.domain.audit import AuditConfig, audit_result
from waarborg.domain.errors import InvalidInput
from waarborg.services.audit import run_audit


def _config(**kw: object) -> AuditConfig:
    base: dict[str, object] = {
        "protected": ["race", "sex"],
        "prediction": "p",
        "label": "y",
        "min_group_size": 0,
    }
    base.update(kw)
    return AuditConfig(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_engine_result_equals_the_in_memory_cube(tmp_path: Path, suffix: str) -> None:
    df = random_log(3, n=3000)
    result = run_audit(write(df, tmp_path / f"log{suffix}"), _config())
    config = _config()
    config.validate()
    expected = audit_result(cube_of(df, config), config, "duckdb")
    assert json.dumps(result, sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_csv_and_parquet_give_the_same_result(tmp_path: Path) -> None:
    df = random_log(4, n=2000, with_time=True)
    config = _config(time="t", window="week", min_group_size=5)
    a = run_audit(write(df, tmp_path / "log.csv"), config)
    b = run_audit(write(df, tmp_path / "log.parquet"), config)
    assert a == b


def test_windows_have_iso_bounds_and_trends(tmp_path: Path) -> None:
    df = random_log(5, n=3000, with_time=True)
    result = run_audit(write(df, tmp_path / "log.parquet"), _config(time="t", window="quarter"))
    assert [(w["start"], w["end"]) for w in result["windows"]] == [
        ("2025-01-01", "2025-03-31"),
        ("2025-04-01", "2025-06-30"),
        ("2025-07-01", "2025-09-30"),
    ]
    assert sum(g["n"] for w in result["windows"] for g in w["groups"] if g["attribute"] == "race") == 3000
    assert {t["direction"] for t in result["trends"]} <= {"rising", "falling", "flat", None}
    weekly = run_audit(tmp_path / "log.parquet", _config(time="t", window="week"))
    assert all(dt.date.fromisoformat(w["start"]).weekday() == 0 for w in weekly["windows"])


def test_score_and_threshold_make_the_decision(tmp_path: Path) -> None:
    df = pd.DataFrame({"g": ["a", "a", "b", "b"], "s": [0.2, 0.7, 0.5, 0.49]})
    result = run_audit(
        write(df, tmp_path / "s.csv"),
        AuditConfig(protected=["g"], score="s", threshold=0.5, min_group_size=0),
    )
    rates = {g["attributes"]["g"]: g["selection_rate"] for g in result["groups"]}
    assert rates == {"a": 0.5, "b": 0.5}
    assert result["prediction"] == "s>=0.5"
    assert result["label"] is None and result["groups"][0]["tpr"] is None


def test_zero_denominators_give_null(tmp_path: Path) -> None:
    df = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 3, "y": [0] * 6, "p": [0, 1, 0, 0, 0, 0]})
    result = run_audit(
        write(df, tmp_path / "z.csv"),
        AuditConfig(protected=["g"], prediction="p", label="y", min_group_size=0),
    )
    b = next(g for g in result["groups"] if g["attributes"] == {"g": "b"})
    assert b["tpr"] is None and b["fnr"] is None and b["ppv"] is None and b["fpr"] == 0.0
    sel = next(d for d in result["disparities"] if d["metric"] == "selection_rate")
    assert sel["ratio"] == 0.0 and sel["four_fifths"] is False
    tpr = next(d for d in result["disparities"] if d["metric"] == "tpr")
    assert tpr["difference"] is None and tpr["ratio"] is None and tpr["p_value"] is None


def test_booleans_and_text_values_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("g,y,p\na,TRUE,false\na, 1 ,1\nb,False,0.0\nb,true,True\n")
    result = run_audit(path, AuditConfig(protected=["g"], prediction="p", label="y", min_group_size=0))
    assert [g["counts"] for g in result["groups"]] == [
        {"tp": 1, "fp": 0, "fn": 1, "tn": 0},
        {"tp": 1, "fp": 0, "fn": 0, "tn": 1},
    ]


def test_reference_group_can_be_chosen(tmp_path: Path) -> None:
    df = random_log(6, n=2000)
    result = run_audit(write(df, tmp_path / "log.parquet"), _config(reference={"race": "c"}))
    refs = {
        json.dumps(d["reference_group"], sort_keys=True)
        for d in result["disparities"]
        if d["attribute"] == "race"
    }
    assert refs == {'{"race": "c"}'}
    inter = {d["reference_group"]["race"] for d in result["disparities"] if d["attribute"] == "race×sex"}
    assert inter == {"c"}


CASES = [
    ("g,p\na,1\nb,yes\n", {"prediction": "p"}, "column 'p' at row 2 (line 3): value 'yes'"),
    (
        "g,p,y\na,1,0\nb,1,\n",
        {"prediction": "p", "label": "y"},
        "column 'y' at row 2 (line 3): an empty value",
    ),
    ("g,p\na,1\n,0\n", {"prediction": "p"}, "column 'g' at row 2 (line 3): an empty value"),
    ("g,p\na,1\nb,0\n", {"prediction": "q"}, "column 'q' not found"),
    (
        "g,s\na,0.1\nb,high\n",
        {"score": "s", "threshold": 0.5},
        "column 's' at row 2 (line 3): value 'high'; expected a number",
    ),
    (
        "g,p,t\na,1,2025-01-01\nb,0,yesterday\n",
        {"prediction": "p", "time": "t"},
        "column 't' at row 2 (line 3): value 'yesterday'",
    ),
    ("g,p\na,1\nb,0,1\n", {"prediction": "p"}, "line 3 has 3 fields, the header has 2"),
    ("g,p\n", {"prediction": "p"}, "holds no rows"),
    ("", {"prediction": "p"}, "is empty"),
]


@pytest.mark.parametrize(("text", "mapping", "message"), CASES)
def test_bad_input_names_the_column_row_and_value(
    tmp_path: Path, text: str, mapping: dict[str, object], message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(InvalidInput) as info:
        run_audit(path, AuditConfig(protected=["g"], **mapping))  # type: ignore[arg-type]
    assert message in info.value.message


def test_mixed_types_in_parquet_are_named(tmp_path: Path) -> None:
    df = pd.DataFrame({"g": ["a", "b", "c"], "p": ["1", "0", "2"]})
    with pytest.raises(InvalidInput, match=r"column 'p' at row 3: value '2'"):
        run_audit(write(df, tmp_path / "m.parquet"), AuditConfig(protected=["g"], prediction="p"))


def test_unknown_reference_value_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"value 'zz' does not occur in column 'race'"):
        run_audit(write(random_log(1, 100), tmp_path / "l.csv"), _config(reference={"race": "zz"}))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"prediction": None}, "give a prediction"),
        ({"score": "s"}, "either a prediction column or a score"),
        ({"window": "day", "time": "t"}, "'day' is not one of"),
        ({"thresholds": {"max_fpr_diff": 0.1}}, "unknown threshold 'max_fpr_diff'"),
        ({"thresholds": {"max_fpr_difference": "x"}}, "'x' is not a finite number"),
        ({"min_group_size": -1}, "-1 is negative"),
        ({"protected": []}, "at least one protected attribute"),
        ({"label": "race"}, "column 'race' is already used"),
    ],
)
def test_bad_mapping_is_refused(tmp_path: Path, kw: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        run_audit(tmp_path / "never-read.csv", _config(**kw))
