"""Hypothesis properties of the audit: invariances, bounds, additivity, suppression leaves no single unknown."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.audit.conftest import cube_of
from waarborg.domain.audit import AuditConfig, audit_result

ROW = st.tuples(
    st.sampled_from(["a", "b", "c", "d"]),
    st.sampled_from(["f", "m", "x"]),
    st.integers(0, 1),
    st.integers(0, 1),
)
LOGS = st.lists(ROW, min_size=1, max_size=120).map(
    lambda rows: pd.DataFrame(rows, columns=["race", "sex", "y", "p"])
)
SETTINGS = settings(max_examples=60, deadline=None)


def _audit(df: pd.DataFrame, min_group_size: int = 0, label: bool = True) -> dict[str, Any]:
    config = AuditConfig(
        protected=["race", "sex"],
        prediction="p",
        label="y" if label else None,
        min_group_size=min_group_size,
        thresholds={"min_disparate_impact_ratio": 0.8, "max_fpr_difference": 0.1},
    )
    config.validate()
    return audit_result(cube_of(df, config), config, "test")


def _dump(result: dict[str, Any]) -> str:
    return json.dumps(result, sort_keys=True, allow_nan=False)


@SETTINGS
@given(LOGS, st.randoms(use_true_random=False), st.integers(0, 6))
def test_shuffling_rows_changes_nothing(df: pd.DataFrame, rnd: Any, k: int) -> None:
    order = list(range(len(df)))
    rnd.shuffle(order)
    assert _dump(_audit(df, k)) == _dump(_audit(df.iloc[order].reset_index(drop=True), k))


@SETTINGS
@given(LOGS, st.integers(0, 6))
def test_renaming_groups_changes_nothing_but_the_names(df: pd.DataFrame, k: int) -> None:
    renamed = df.assign(race="grp_" + df["race"], sex="grp_" + df["sex"])
    assert _dump(_audit(renamed, k)).replace("grp_", "") == _dump(_audit(df, k))


@SETTINGS
@given(LOGS, st.booleans())
def test_ratios_and_p_values_lie_in_the_unit_interval_and_nothing_is_nan(
    df: pd.DataFrame, label: bool
) -> None:
    result = _audit(df, label=label)
    _dump(result)  # allow_nan=False: raises on NaN or infinity
    for d in result["disparities"]:
        assert d["ratio"] is None or 0.0 <= d["ratio"] <= 1.0
        assert d["p_value"] is None or 0.0 <= d["p_value"] <= 1.0
    for s in result["attribute_summary"]:
        assert s["demographic_parity_ratio"] is None or 0.0 <= s["demographic_parity_ratio"] <= 1.0
    for g in result["groups"]:
        for low, high in g["ci"].values():
            assert 0.0 <= low <= high <= 1.0


@SETTINGS
@given(LOGS)
def test_intersections_sum_to_their_margins(df: pd.DataFrame) -> None:
    groups = _audit(df)["groups"]
    margins = {
        (g["attribute"], tuple(g["attributes"].values())): g for g in groups if "×" not in g["attribute"]
    }
    sums: dict[tuple[str, tuple[str, ...]], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in groups:
        if g["attribute"] == "race×sex":
            for attr in ("race", "sex"):
                for key, value in {"n": g["n"], **g["counts"]}.items():
                    sums[(attr, (g["attributes"][attr],))][key] += value
    assert set(sums) == set(margins)
    for key, total in sums.items():
        assert total == {"n": margins[key]["n"], **margins[key]["counts"]}
    assert sum(g["n"] for g in groups if g["attribute"] == "race") == len(df)


@SETTINGS
@given(LOGS, st.integers(2, 25))
def test_suppression_hides_small_groups_and_leaves_no_single_unknown(df: pd.DataFrame, k: int) -> None:
    result = _audit(df, k)
    groups = result["groups"]
    for g in groups:
        if g["suppressed"]:
            assert g["n"] is None and g["selection_rate"] is None and g["ci"] == {} and "counts" not in g
        else:
            assert g["n"] >= k
    status = {(g["attribute"], tuple(sorted(g["attributes"].items()))): g["suppressed"] for g in groups}
    for attr in ("race", "sex"):  # every attribute's groups add up to the published row total...
        if len(df) < k:  # ...except when the whole log is one small group: then everything is hidden
            assert all(status.values())
            continue
        assert [s for (a, _), s in status.items() if a == attr].count(True) != 1
    for drop in ("race", "sex"):  # every intersection row/column adds up to its published margin
        keep = "sex" if drop == "race" else "race"
        by_parent: dict[str, list[bool]] = defaultdict(list)
        for (a, key), s in status.items():
            if a == "race×sex":
                by_parent[dict(key)[keep]].append(s)
        for value, children in by_parent.items():
            if not status[(keep, ((keep, value),))]:
                assert children.count(True) != 1
    assert (
        sum(g["suppressed"] for g in groups)
        == result["suppression"]["primary"] + result["suppression"]["complementary"]
    )


@SETTINGS
@given(LOGS)
def test_findings_only_for_published_groups_and_breached_thresholds(df: pd.DataFrame) -> None:
    result = _audit(df, 5)
    published = {json.dumps(g["attributes"], sort_keys=True) for g in result["groups"] if not g["suppressed"]}
    for f in result["findings"]:
        assert json.dumps(f["group"], sort_keys=True) in published
        assert (f["value"] < f["threshold"]) if f["kind"] == "ratio" else (f["value"] > f["threshold"])
        assert f["severity"] in ("high", "medium")


@SETTINGS
@given(LOGS, st.integers(0, 120))
def test_cubes_of_two_batches_add_up_to_the_cube_of_the_whole(df: pd.DataFrame, cut: int) -> None:
    config = AuditConfig(protected=["race", "sex"], prediction="p", label="y", min_group_size=0)
    first, second = df.iloc[:cut], df.iloc[cut:]
    if first.empty or second.empty:
        return
    whole = cube_of(df, config)
    summed = cube_of(first, config).add(cube_of(second, config))
    assert summed.levels == whole.levels
    assert (summed.counts == whole.counts).all()
