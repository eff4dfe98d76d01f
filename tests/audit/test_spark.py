"""The Spark engine gives the same JSON as DuckDB (all but the ``engine`` key) and the same errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.audit.conftest import random_log, write
from waarborg.domain.audit import AuditConfig
from waarborg.domain.errors import InvalidInput
from waarborg.services.audit import run_audit

pytestmark = pytest.mark.spark


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    assert (a.pop("engine"), b.pop("engine")) == ("duckdb", "spark")
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_spark_and_duckdb_give_identical_json(spark: Any, tmp_path: Path, suffix: str) -> None:
    log = write(random_log(21, 3000, with_time=True), tmp_path / f"log{suffix}")
    config = AuditConfig(
        protected=["race", "sex"],
        prediction="p",
        label="y",
        time="t",
        window="week",
        min_group_size=10,
        thresholds={"min_disparate_impact_ratio": 0.8, "max_fpr_difference": 0.1},
    )
    assert _same(run_audit(log, config, "duckdb"), run_audit(log, config, "spark"))


def test_spark_score_threshold_without_label(spark: Any, tmp_path: Path) -> None:
    df = random_log(22, 1000).assign(score=lambda d: d["p"] * 0.5 + d["y"] * 0.3)
    log = write(df, tmp_path / "log.parquet")
    config = AuditConfig(protected=["race"], score="score", threshold=0.5, min_group_size=5)
    assert _same(run_audit(log, config, "duckdb"), run_audit(log, config, "spark"))


@pytest.mark.parametrize(
    ("text", "mapping", "message"),
    [
        ("g,p\na,1\nb,yes\n", {"prediction": "p"}, "column 'p' at row 2 (line 3): value 'yes'"),
        (
            "g,s\na,0.1\nb,high\n",
            {"score": "s", "threshold": 0.5},
            "column 's' at row 2 (line 3): value 'high'",
        ),
        ("g,p\na,1\nb,0\n", {"prediction": "q"}, "column 'q' not found"),
        ("g,p\na,1\nb,0,1\n", {"prediction": "p"}, "line 3 has 3 fields, the header has 2"),
    ],
)
def test_spark_errors_match_duckdb(
    spark: Any, tmp_path: Path, text: str, mapping: dict[str, Any], message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    for engine in ("duckdb", "spark"):
        with pytest.raises(InvalidInput) as info:
            run_audit(path, AuditConfig(protected=["g"], **mapping), engine)
        assert message in info.value.message, engine
