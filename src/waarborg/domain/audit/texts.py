"""User-facing words of the audit in English and Dutch (report labels, findings, summary)."""

from __future__ import annotations

LANGS = ("en", "nl")

METRIC_NAMES: dict[str, dict[str, str]] = {
    "selection_rate": {"en": "selection rate", "nl": "selectiepercentage"},
    "tpr": {"en": "true positive rate", "nl": "terecht-positiefpercentage"},
    "fpr": {"en": "false positive rate", "nl": "fout-positiefpercentage"},
    "fnr": {"en": "false negative rate", "nl": "fout-negatiefpercentage"},
    "tnr": {"en": "true negative rate", "nl": "terecht-negatiefpercentage"},
    "ppv": {"en": "precision", "nl": "precisie"},
    "equalized_odds": {"en": "equalised odds", "nl": "gelijke foutkansen (equalised odds)"},
}

LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Bias audit report", "nl": "Rapport biasaudit"},
    "summary": {"en": "Summary", "nl": "Samenvatting"},
    "findings": {"en": "Findings", "nl": "Bevindingen"},
    "no_findings": {"en": "No thresholds were breached.", "nl": "Er zijn geen drempels overschreden."},
    "groups": {"en": "Groups", "nl": "Groepen"},
    "group": {"en": "Group", "nl": "Groep"},
    "attribute": {"en": "Attribute", "nl": "Kenmerk"},
    "metric": {"en": "Metric", "nl": "Maatstaf"},
    "value": {"en": "Value", "nl": "Waarde"},
    "threshold": {"en": "Threshold", "nl": "Drempel"},
    "severity": {"en": "Severity", "nl": "Ernst"},
    "window": {"en": "Window", "nl": "Periode"},
    "whole_log": {"en": "whole log", "nl": "hele logboek"},
    "reference": {"en": "reference", "nl": "referentie"},
    "suppressed": {"en": "suppressed", "nl": "onderdrukt"},
    "disparities": {"en": "Disparities", "nl": "Verschillen"},
    "difference": {"en": "Difference", "nl": "Verschil"},
    "ratio": {"en": "Ratio", "nl": "Verhouding"},
    "p_value": {"en": "p-value", "nl": "p-waarde"},
    "over_time": {"en": "Disparity over time", "nl": "Verschil door de tijd"},
    "interval_note": {
        "en": "Bars show 95% Wilson confidence intervals.",
        "nl": "Balken tonen 95%-betrouwbaarheidsintervallen (Wilson).",
    },
    "over_time_note": {
        "en": "Selection-rate ratio of each group to the reference group per window; the dashed line is 0.8 (four-fifths rule).",
        "nl": "Verhouding van het selectiepercentage van elke groep tot de referentiegroep per periode; de stippellijn is 0,8 (vier-vijfderegel).",
    },
    "suppression": {"en": "Small-group protection", "nl": "Bescherming van kleine groepen"},
    "how_to_read": {"en": "How to read this report", "nl": "Zo leest u dit rapport"},
    "how_to_read_text": {
        "en": "Each group's rates are computed from the decision log alone. Differences and ratios compare "
        "a group with the reference group of the same attribute; a small p-value means the difference is "
        "unlikely to be chance. A ratio below 0.8 for the selection rate breaches the four-fifths rule.",
        "nl": "De percentages per groep zijn alleen uit het beslislogboek berekend. Verschillen en verhoudingen "
        "vergelijken een groep met de referentiegroep van hetzelfde kenmerk; een kleine p-waarde betekent dat "
        "het verschil waarschijnlijk geen toeval is. Een verhouding onder 0,8 voor het selectiepercentage "
        "schendt de vier-vijfderegel.",
    },
    "meta_rows": {"en": "decisions", "nl": "beslissingen"},
    "meta_engine": {"en": "engine", "nl": "rekenmachine"},
    "meta_decision": {"en": "decision", "nl": "beslissing"},
    "meta_label": {"en": "ground truth", "nl": "werkelijke uitkomst"},
    "meta_protected": {"en": "protected attributes", "nl": "beschermde kenmerken"},
    "meta_window": {"en": "time window", "nl": "periode"},
    "suppression_text": {
        "en": "Groups with fewer than {k} decisions are hidden ({primary}), and {complementary} more so that "
        "no hidden group can be worked out by subtracting published groups from a total, a margin or the "
        "whole-log figure.",
        "nl": "Groepen met minder dan {k} beslissingen zijn verborgen ({primary}), en nog {complementary} "
        "extra zodat geen verborgen groep terug te rekenen is door gepubliceerde groepen af te trekken van "
        "een totaal, een deeltotaal of het cijfer over het hele logboek.",
    },
    "severity_high": {"en": "high", "nl": "hoog"},
    "severity_medium": {"en": "medium", "nl": "middel"},
    "window_week": {"en": "week", "nl": "week"},
    "window_month": {"en": "month", "nl": "maand"},
    "window_quarter": {"en": "quarter", "nl": "kwartaal"},
    "back": {"en": "Back to the audit", "nl": "Terug naar de audit"},
}


def metric_name(metric: str, lang: str) -> str:
    return METRIC_NAMES.get(metric, {}).get(lang, metric)


def label(key: str, lang: str) -> str:
    return LABELS[key][lang if lang in LANGS else "en"]


def group_text(group: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in group.items())


def number(value: float | None, lang: str, digits: int = 3) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    if value > 0 and float(text) == 0:
        text = f"< {10**-digits:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text
