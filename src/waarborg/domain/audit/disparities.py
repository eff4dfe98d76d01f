"""Differences and ratios against a reference group, their tests, and per-attribute summaries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from waarborg.domain.audit.config import LABEL_METRICS, RATE_METRICS
from waarborg.domain.audit.groups import GroupSet, metric_counts, rates
from waarborg.domain.audit.stats import as_json_number, ratio, two_proportion_test

FOUR_FIFTHS = 0.8


def reference_index(
    gs: GroupSet, published: npt.NDArray[np.bool_], reference: Mapping[str, str]
) -> int | None:
    """The chosen reference group (matching ``reference`` where it names this set's attributes) or else
    the largest published group; ties go to the first group in level order. None if none qualifies."""
    wanted = {a: v for a, v in reference.items() if a in gs.attrs}
    best: int | None = None
    sizes = gs.sizes
    for g in range(len(gs.keys)):
        if not published[g]:
            continue
        attrs = gs.attributes_of(g)
        if any(attrs[a] != v for a, v in wanted.items()):
            continue
        if best is None or sizes[g] > sizes[best]:
            best = g
    return best


def disparities(
    gs: GroupSet, published: npt.NDArray[np.bool_], reference: Mapping[str, str], has_label: bool
) -> list[dict[str, Any]]:
    """One record per metric and published non-reference group (``difference = group - reference``)."""
    ref = reference_index(gs, published, reference)
    if ref is None:
        return []
    values = rates(gs.counts, has_label)
    parts = metric_counts(gs.counts)
    metrics = [m for m in RATE_METRICS if has_label or m not in LABEL_METRICS]
    out: list[dict[str, Any]] = []
    for g in range(len(gs.keys)):
        if g == ref or not published[g]:
            continue
        by_metric = {m: _compare(values[m], parts[m], g, ref) for m in metrics}
        for m in metrics:
            out.append(_record(gs, m, g, ref, by_metric[m]))
        if has_label:
            out.append(
                _record(gs, "equalized_odds", g, ref, _equalized_odds(by_metric["tpr"], by_metric["fpr"]))
            )
    return out


def _compare(values: npt.NDArray[np.float64], parts: tuple[Any, Any], g: int, ref: int) -> dict[str, Any]:
    value, ref_value = float(values[g]), float(values[ref])
    num, den = parts
    test = two_proportion_test(int(num[g]), int(den[g]), int(num[ref]), int(den[ref]))
    return {
        "value": as_json_number(value),
        "reference_value": as_json_number(ref_value),
        "difference": as_json_number(value - ref_value),
        "ratio": ratio(value, ref_value),
        "p_value": test[0] if test else None,
        "test": test[1] if test else None,
    }


def _equalized_odds(tpr: dict[str, Any], fpr: dict[str, Any]) -> dict[str, Any]:
    """Largest absolute gap of TPR and FPR, smallest ratio; p-value Bonferroni-combined over the two."""
    diffs = [tpr["difference"], fpr["difference"]]
    ratios = [tpr["ratio"], fpr["ratio"]]
    ps = [tpr["p_value"], fpr["p_value"]]
    known_ps = [p for p in ps if p is not None]
    return {
        "value": None,
        "reference_value": None,
        "difference": None if None in diffs else max(abs(d) for d in diffs),
        "ratio": None if None in ratios else min(ratios),
        "p_value": min(1.0, 2 * min(known_ps)) if len(known_ps) == 2 else None,
        "test": "bonferroni(tpr, fpr)" if len(known_ps) == 2 else None,
    }


def _record(gs: GroupSet, metric: str, g: int, ref: int, comparison: dict[str, Any]) -> dict[str, Any]:
    rec = {
        "attribute": gs.name,
        "metric": metric,
        "reference_group": gs.attributes_of(ref),
        "group": gs.attributes_of(g),
        **comparison,
    }
    if metric == "selection_rate":
        rec["four_fifths"] = None if rec["ratio"] is None else rec["ratio"] >= FOUR_FIFTHS
    return rec


def attribute_summary(gs: GroupSet, published: npt.NDArray[np.bool_], has_label: bool) -> dict[str, Any]:
    """Between-groups spreads over the published groups (as fairlearn's ``*_difference``/``*_ratio``)."""
    values = rates(gs.counts[published], has_label)
    spread = {m: _spread(values[m]) for m in RATE_METRICS}
    dp_diff, dp_ratio = spread["selection_rate"]
    eo = [spread["tpr"][0], spread["fpr"][0]]
    return {
        "attribute": gs.name,
        "groups": int(len(gs.keys)),
        "published_groups": int(published.sum()),
        "demographic_parity_difference": dp_diff,
        "demographic_parity_ratio": dp_ratio,
        "four_fifths_rule": None if dp_ratio is None else dp_ratio >= FOUR_FIFTHS,
        "equal_opportunity_difference": spread["tpr"][0],
        "equalized_odds_difference": None if None in eo else max(x for x in eo if x is not None),
        "differences": {m: s[0] for m, s in spread.items()},
        "ratios": {m: s[1] for m, s in spread.items()},
    }


def _spread(values: npt.NDArray[np.float64]) -> tuple[float | None, float | None]:
    known = values[np.isfinite(values)]
    if len(known) < 2 or len(known) < len(values):
        return None, None
    low, high = float(known.min()), float(known.max())
    return high - low, (low / high if high > 0 else None)
