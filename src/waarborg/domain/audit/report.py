"""View model of the HTML report: texts in one language and the geometry of the inline SVG charts."""

from __future__ import annotations

from typing import Any

from waarborg.domain.audit.texts import LABELS, group_text, metric_name, number

WIDTH = 640
LEFT = 190
RIGHT = 20
ROW = 20
PALETTE = ("#1f5f9f", "#b8860b", "#2e7d32", "#ad1457", "#6a1b9a", "#00838f", "#c62828", "#4e342e")
CHART_METRICS = ("selection_rate", "fpr", "tpr")


def report_view(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything the template shows, already translated and laid out."""
    metrics = [m for m in CHART_METRICS if result["label"] is not None or m == "selection_rate"]
    attrs = list(dict.fromkeys(g["attribute"] for g in result["groups"]))
    return {
        "t": {k: v[lang] for k, v in LABELS.items()},
        "summary": result["summary"][lang],
        "meta": [(LABELS[f"meta_{key}"][lang], value) for key, value in _meta(result, lang)],
        "findings": [_finding_row(f, lang) for f in result["findings"]],
        "sections": [_section(result, attr, metrics, lang) for attr in attrs],
        "over_time": [_time_chart(result, attr) for attr in attrs if "×" not in attr]
        if result["windows"]
        else [],
        "four_fifths": number(0.8, lang, 1),
        "suppression": LABELS["suppression_text"][lang].format(
            k=result["suppression"]["min_group_size"],
            primary=result["suppression"]["primary"],
            complementary=result["suppression"]["complementary"],
        ),
    }


def _meta(result: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    items = [
        ("rows", f"{result['rows']:,}"),
        ("engine", result["engine"]),
        ("decision", result["prediction"]),
        ("label", result["label"] or "—"),
        ("protected", ", ".join(result["protected"])),
    ]
    if result.get("window"):
        window = LABELS.get(f"window_{result['window']}", {}).get(lang, result["window"])
        items.append(("window", f"{window} ({result['time']})"))
    return items


def _finding_row(f: dict[str, Any], lang: str) -> dict[str, str]:
    return {
        "severity": f["severity"],
        "severity_text": LABELS[f"severity_{f['severity']}"][lang],
        "message": f["message"] if lang == "en" else f["message_nl"],
        "window": f["window"] or LABELS["whole_log"][lang],
    }


def _section(result: dict[str, Any], attr: str, metrics: list[str], lang: str) -> dict[str, Any]:
    groups = [g for g in result["groups"] if g["attribute"] == attr]
    disparities = [d for d in result["disparities"] if d["attribute"] == attr]
    reference = disparities[0]["reference_group"] if disparities else None
    return {
        "attribute": attr,
        "reference": group_text(reference) if reference else "—",
        "charts": [_interval_chart(groups, m, lang) for m in metrics],
        "disparities": [
            {
                "group": group_text(d["group"]),
                "metric": metric_name(d["metric"], lang),
                "difference": number(d["difference"], lang),
                "ratio": number(d["ratio"], lang),
                "p_value": number(d["p_value"], lang, 4),
            }
            for d in disparities
        ],
    }


def _x(value: float) -> float:
    return round(LEFT + value * (WIDTH - LEFT - RIGHT), 2)


def _interval_chart(groups: list[dict[str, Any]], metric: str, lang: str) -> dict[str, Any]:
    """One row per group: the rate as a dot, its Wilson interval as a bar; suppressed rows say so."""
    rows = []
    for i, g in enumerate(groups):
        y = 24 + i * ROW
        row: dict[str, Any] = {"y": y, "label": group_text(g["attributes"]), "text_y": y + 4, "note": None}
        value, ci = g[metric], g["ci"].get(metric)
        if g["suppressed"]:
            row["note"] = LABELS["suppressed"][lang]
        elif value is None:
            row["note"] = "—"
        else:
            row.update(cx=_x(value), value=number(value, lang))
            if ci:
                row.update(x1=_x(ci[0]), x2=_x(ci[1]))
        rows.append(row)
    height = 24 + len(groups) * ROW + 10
    ticks = [{"x": _x(v / 4), "label": number(v / 4, lang, 2)} for v in range(5)]
    return {
        "title": metric_name(metric, lang),
        "width": WIDTH,
        "height": height,
        "rows": rows,
        "ticks": ticks,
    }


def _time_chart(result: dict[str, Any], attr: str) -> dict[str, Any]:
    """Selection-rate ratio to the reference group, per window, one line per group."""
    windows = result["windows"]
    top, bottom = 20, 190
    step = (WIDTH - 60 - RIGHT) / max(1, len(windows) - 1)
    series: dict[str, list[tuple[float, float] | None]] = {}
    for w, window in enumerate(windows):
        for d in window["disparities"]:
            if d["attribute"] == attr and d["metric"] == "selection_rate" and d["ratio"] is not None:
                points = series.setdefault(group_text(d["group"]), [None] * len(windows))
                points[w] = (round(60 + w * step, 2), round(bottom - d["ratio"] * (bottom - top), 2))
    lines = []
    for i, (name, points) in enumerate(sorted(series.items())):
        lines.append(
            {
                "name": name,
                "color": PALETTE[i % len(PALETTE)],
                "segments": _segments(points),
                "dots": [p for p in points if p is not None],
            }
        )
    return {
        "attribute": attr,
        "width": WIDTH,
        "height": bottom + 70 + 14 * len(lines),
        "legend_y": bottom + 70,
        "lines": lines,
        "four_fifths_y": round(bottom - 0.8 * (bottom - top), 2),
        "top": top,
        "bottom": bottom,
        "labels": [{"x": round(60 + w * step, 2), "text": win["start"]} for w, win in enumerate(windows)],
    }


def _segments(points: list[tuple[float, float] | None]) -> list[str]:
    """Polyline point strings, broken where a window has no value."""
    out: list[str] = []
    current: list[tuple[float, float]] = []
    for p in [*points, None]:
        if p is None:
            if len(current) > 1:
                out.append(" ".join(f"{x},{y}" for x, y in current))
            current = []
        else:
            current.append(p)
    return out
