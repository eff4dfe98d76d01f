"""Differential tests: every rate and spread equals fairlearn's MetricFrame on random logs (to 1e-12)."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from sklearn.metrics import precision_score

from tests.audit.conftest import cube_of, random_log
from waarborg.domain.audit import AuditConfig, audit_result

METRICS = {
    "selection_rate": selection_rate,
    "tpr": true_positive_rate,
    "fpr": false_positive_rate,
    "fnr": false_negative_rate,
    "tnr": true_negative_rate,
    "ppv": functools.partial(precision_score, zero_division=np.nan),
}


def _audit(df: pd.DataFrame) -> dict[str, Any]:
    config = AuditConfig(protected=["race", "sex"], prediction="p", label="y", min_group_size=0)
    config.validate()
    return audit_result(cube_of(df, config), config, "test")


def _denominator(c: dict[str, int], metric: str) -> int:
    return {
        "selection_rate": c["tp"] + c["fp"] + c["fn"] + c["tn"],
        "tpr": c["tp"] + c["fn"],
        "fnr": c["tp"] + c["fn"],
        "fpr": c["fp"] + c["tn"],
        "tnr": c["fp"] + c["tn"],
        "ppv": c["tp"] + c["fp"],
    }[metric]


def _by_group(result: dict[str, Any], attribute: str) -> dict[tuple[str, ...], dict[str, Any]]:
    return {tuple(g["attributes"].values()): g for g in result["groups"] if g["attribute"] == attribute}


@pytest.mark.parametrize("seed", range(5))
def test_rates_per_group_and_intersection_match_metricframe(seed: int) -> None:
    df = random_log(seed, n=1500 + 500 * seed)
    result = _audit(df)
    for attribute, features in (("race", ["race"]), ("sex", ["sex"]), ("race×sex", ["race", "sex"])):
        frame = MetricFrame(metrics=METRICS, y_true=df["y"], y_pred=df["p"], sensitive_features=df[features])
        ours = _by_group(result, attribute)
        expected = frame.by_group
        sizes = df.groupby(features).size()
        assert len(ours) == len(expected)
        for key, row in expected.iterrows():
            group = ours[key if isinstance(key, tuple) else (key,)]
            assert group["n"] == sizes[key]
            for metric in METRICS:
                if _denominator(group["counts"], metric) == 0:
                    assert group[metric] is None  # fairlearn says 0 or NaN here; the contract says null
                else:
                    assert group[metric] == pytest.approx(row[metric], abs=1e-12, rel=0)


@pytest.mark.parametrize("seed", range(3))
def test_spreads_match_fairlearn_difference_and_ratio(seed: int) -> None:
    df = random_log(100 + seed, n=3000)
    summaries = {s["attribute"]: s for s in _audit(df)["attribute_summary"]}
    for attribute in ("race", "sex"):
        kwargs = {"y_true": df["y"], "y_pred": df["p"], "sensitive_features": df[attribute]}
        s = summaries[attribute]
        assert s["demographic_parity_difference"] == pytest.approx(
            demographic_parity_difference(**kwargs), abs=1e-12
        )
        assert s["demographic_parity_ratio"] == pytest.approx(demographic_parity_ratio(**kwargs), abs=1e-12)
        assert s["equalized_odds_difference"] == pytest.approx(equalized_odds_difference(**kwargs), abs=1e-12)


def test_disparities_are_group_minus_reference() -> None:
    df = random_log(7, n=4000)
    result = _audit(df)
    frame = MetricFrame(metrics=METRICS, y_true=df["y"], y_pred=df["p"], sensitive_features=df["race"])
    reference = df["race"].value_counts().idxmax()
    for d in result["disparities"]:
        if d["attribute"] != "race" or d["metric"] == "equalized_odds":
            continue
        assert d["reference_group"] == {"race": reference}
        diff = (
            frame.by_group.loc[d["group"]["race"], d["metric"]] - frame.by_group.loc[reference, d["metric"]]
        )
        assert d["difference"] == pytest.approx(diff, abs=1e-12)
