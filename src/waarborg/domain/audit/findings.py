"""Findings: disparities that breach a configured threshold, each with severity and its reasons."""

from __future__ import annotations

from typing import Any

from waarborg.domain.audit.config import DEFAULT_SIGNIFICANCE, canonical_thresholds
from waarborg.domain.audit.texts import group_text, metric_name, number

_SENTENCES = {
    "difference": {
        "en": "{metric} of {group} is {value} against {ref_value} for the reference group {ref}{when}: "
        "the difference {observed} exceeds the maximum {threshold} ({significance}).",
        "nl": "Het {metric} van {group} is {value} tegenover {ref_value} voor referentiegroep {ref}{when}: "
        "het verschil {observed} is groter dan het maximum {threshold} ({significance}).",
    },
    "ratio": {
        "en": "{metric} of {group} is {value} against {ref_value} for the reference group {ref}{when}: "
        "the ratio {observed} is below the minimum {threshold} ({significance}).",
        "nl": "Het {metric} van {group} is {value} tegenover {ref_value} voor referentiegroep {ref}{when}: "
        "de verhouding {observed} is lager dan het minimum {threshold} ({significance}).",
    },
}
_COMPARED = {
    "en": "{metric} of {group} compared with the reference group {ref}{when}: ",
    "nl": "{metric} van {group} vergeleken met referentiegroep {ref}{when}: ",
}
_SIGNIFICANCE = {
    True: {"en": "statistically significant, p {p}", "nl": "statistisch significant, p {p}"},
    False: {"en": "not statistically significant, p {p}", "nl": "niet statistisch significant, p {p}"},
}


def findings(
    disparities: list[dict[str, Any]], thresholds: dict[str, float], window: str | None = None
) -> list[dict[str, Any]]:
    """A finding per disparity and breached threshold; ``high`` if significant, else ``medium``."""
    alpha = thresholds.get("significance_level", DEFAULT_SIGNIFICANCE)
    limits = canonical_thresholds(thresholds)
    out = []
    for d in disparities:
        for kind in ("difference", "ratio"):
            canonical = (
                f"max_{d['metric']}_difference" if kind == "difference" else f"min_{d['metric']}_ratio"
            )
            if canonical not in limits or d[kind] is None:
                continue
            name, limit = limits[canonical]
            observed = abs(d[kind]) if kind == "difference" else d[kind]
            if (kind == "difference" and observed > limit) or (kind == "ratio" and observed < limit):
                out.append(_finding(d, kind, name, limit, observed, alpha, window))
    return out


def _finding(
    d: dict[str, Any], kind: str, name: str, limit: float, observed: float, alpha: float, window: str | None
) -> dict[str, Any]:
    significant = d["p_value"] is not None and d["p_value"] < alpha
    messages = {lang: _message(d, kind, limit, observed, significant, window, lang) for lang in ("en", "nl")}
    return {
        "severity": "high" if significant else "medium",
        "message": messages["en"],
        "message_nl": messages["nl"],
        "metric": d["metric"],
        "attribute": d["attribute"],
        "group": d["group"],
        "reference_group": d["reference_group"],
        "threshold": limit,
        "threshold_name": name,
        "kind": kind,
        "value": observed,
        "p_value": d["p_value"],
        "window": window,
    }


def _message(
    d: dict[str, Any],
    kind: str,
    limit: float,
    observed: float,
    significant: bool,
    window: str | None,
    lang: str,
) -> str:
    when = ""
    if window is not None:
        when = f" in the window starting {window}" if lang == "en" else f" in de periode vanaf {window}"
    p = number(d["p_value"], lang, 4) if d["p_value"] is not None else "—"
    p = p if p.startswith("<") else f"= {p}"
    template = _SENTENCES[kind][lang]
    if d.get("value") is None:
        template = _COMPARED[lang] + template.split(": ", 1)[1]
    text = template.format(
        metric=metric_name(d["metric"], lang),
        group=group_text(d["group"]),
        ref=group_text(d["reference_group"]),
        value=number(d.get("value"), lang),
        ref_value=number(d.get("reference_value"), lang),
        when=when,
        observed=number(observed, lang),
        threshold=number(limit, lang),
        significance=_SIGNIFICANCE[significant][lang].format(p=p),
    )
    return text[0].upper() + text[1:]
