"""From a count cube to the contract JSON ("Bias audit result" in CONTRACTS.md)."""

from __future__ import annotations

from typing import Any

from waarborg.domain.audit.config import AuditConfig
from waarborg.domain.audit.cube import Counts, Cube
from waarborg.domain.audit.disparities import attribute_summary, disparities
from waarborg.domain.audit.findings import findings
from waarborg.domain.audit.groups import GroupSet, group_records, group_set, subsets
from waarborg.domain.audit.summary import summary
from waarborg.domain.audit.suppression import Cell, mask, suppress
from waarborg.domain.audit.windows import trends, window_end
from waarborg.domain.errors import InvalidInput

OVERALL = -1


def check_reference(cube: Cube, config: AuditConfig) -> None:
    """A chosen reference value must occur in the log."""
    for attr, value in config.reference.items():
        levels = cube.levels[cube.attributes.index(attr)]
        if value not in levels:
            shown = ", ".join(levels[:20]) + (", …" if len(levels) > 20 else "")
            raise InvalidInput.at(
                f"reference.{attr}", f"value {value!r} does not occur in column {attr!r} (values: {shown})"
            )


def audit_result(cube: Cube, config: AuditConfig, engine: str) -> dict[str, Any]:
    """Every group, disparity, finding and window of the audit, with suppression applied throughout."""
    check_reference(cube, config)
    combos = subsets(config.protected, config.proxies)
    scopes: dict[int, list[GroupSet]] = {OVERALL: _sets(cube.overall(), cube, combos)}
    timed = config.time is not None
    if timed:
        for w in range(len(cube.windows)):
            scopes[w] = _sets(cube.counts[w], cube, combos)
    hidden, primary, complementary = suppress(scopes, config.min_group_size)
    groups, disp, summaries = _scope(scopes[OVERALL], OVERALL, hidden, cube.has_label, config, summarise=True)
    all_findings = findings(disp, config.thresholds)
    windows = []
    for w, start in enumerate(cube.windows if timed else ()):
        assert start is not None
        w_groups, w_disp, _ = _scope(scopes[w], w, hidden, cube.has_label, config, summarise=False)
        window = config.window_or_default or "month"
        windows.append(
            {
                "start": start.isoformat(),
                "end": window_end(start, window).isoformat(),
                "groups": w_groups,
                "disparities": w_disp,
            }
        )
        all_findings += findings(w_disp, config.thresholds, window=start.isoformat())
    result: dict[str, Any] = {
        "rows": cube.rows,
        "engine": engine,
        "label": config.label,
        "prediction": config.decision_name,
        "protected": list(config.protected),
        "proxies": list(config.proxies),
        "time": config.time,
        "window": config.window_or_default,
        "groups": groups,
        "disparities": disp,
        "attribute_summary": summaries,
        "findings": all_findings,
        "windows": windows,
        "trends": trends(windows) if len(windows) > 1 else [],
        "thresholds": dict(config.thresholds),
        "reference": dict(config.reference),
        "suppression": {
            "min_group_size": config.min_group_size,
            "primary": primary,
            "complementary": complementary,
            "method": "primary suppression of groups with 0 < n < min_group_size, then complementary "
            "suppression so that no margin, window total or row total reveals a hidden group by subtraction",
        },
    }
    result["summary"] = {lang: summary(result, lang) for lang in ("en", "nl")}
    return result


def _sets(counts: Counts, cube: Cube, combos: list[tuple[int, ...]]) -> list[GroupSet]:
    return [group_set(counts, cube.attributes, cube.levels, c) for c in combos]


def _scope(
    sets: list[GroupSet],
    scope: int,
    hidden: dict[Cell, bool],
    has_label: bool,
    config: AuditConfig,
    *,
    summarise: bool,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    groups: list[dict[str, Any]] = []
    disp: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    for gs in sets:
        suppressed = mask(gs, scope, hidden)
        groups += group_records(gs, suppressed, has_label)
        disp += disparities(gs, ~suppressed, config.reference, has_label)
        if summarise:
            summaries.append(attribute_summary(gs, ~suppressed, has_label))
    return groups, disp, summaries
