"""Time windows (week, month, quarter) and trends of disparities across them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from scipy import stats as sps  # type: ignore[import-untyped]

TREND_ALPHA = 0.05
TREND_MIN_POINTS = 3


def window_end(start: dt.date, window: str) -> dt.date:
    """Last day of the window that starts on ``start`` (weeks start on Monday, as date_trunc does)."""
    if window == "week":
        return start + dt.timedelta(days=6)
    months = 1 if window == "month" else 3
    month0 = start.month - 1 + months
    first_next = dt.date(start.year + month0 // 12, month0 % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def trend(values: Sequence[float | None]) -> dict[str, Any]:
    """Least-squares slope per window of a series (gaps allowed) and its direction.

    ``direction`` is ``rising`` or ``falling`` when the slope differs from zero at the 5% level, ``flat``
    otherwise, and null with fewer than three known points.
    """
    points = [(i, v) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
    if len(points) < TREND_MIN_POINTS:
        return {"slope": None, "p_value": None, "direction": None}
    xs, ys = zip(*points, strict=True)
    if max(ys) == min(ys):
        return {"slope": 0.0, "p_value": None, "direction": "flat"}
    fit = sps.linregress(xs, ys)
    slope, p = float(fit.slope), float(fit.pvalue)
    direction = "flat"
    if math.isfinite(p) and p < TREND_ALPHA:
        direction = "rising" if slope > 0 else "falling"
    return {"slope": slope, "p_value": p if math.isfinite(p) else None, "direction": direction}


def trends(windows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One trend per (attribute, metric, group) disparity seen in any window, over its differences."""
    series: dict[tuple[str, str, str], dict[str, Any]] = {}
    for w, window in enumerate(windows):
        for d in window["disparities"]:
            key = (d["attribute"], d["metric"], _key(d["group"]))
            entry = series.setdefault(
                key,
                {
                    "attribute": d["attribute"],
                    "metric": d["metric"],
                    "group": d["group"],
                    "differences": [None] * len(windows),
                    "ratios": [None] * len(windows),
                },
            )
            entry["differences"][w] = d["difference"]
            entry["ratios"][w] = d["ratio"]
    out = []
    for entry in series.values():
        entry.update(trend(entry["differences"]))
        out.append(entry)
    return out


def _key(group: dict[str, str]) -> str:
    return "\x1f".join(f"{k}={v}" for k, v in sorted(group.items()))
