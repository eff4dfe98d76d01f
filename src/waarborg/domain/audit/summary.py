"""A short plain-language summary of an audit result, in English and Dutch."""

from __future__ import annotations

from typing import Any

from waarborg.domain.audit.texts import number

_TEXT = {
    "en": {
        "intro": "{rows} decisions were audited on {attrs}{windows}.",
        "windows": " over {n} {window} windows",
        "four_fifths_ok": "For {attr}, the lowest selection rate is {ratio} of the highest: the four-fifths rule holds.",
        "four_fifths_bad": "For {attr}, the lowest selection rate is only {ratio} of the highest: the four-fifths rule is breached.",
        "no_label": "No ground-truth label was given, so only selection rates were compared.",
        "findings_none": "No configured threshold was breached.",
        "findings": "{n} finding(s) breach a threshold, {high} of them statistically significant. The most serious: {worst}",
        "suppressed": "{n} group(s) with fewer than {k} decisions, and {m} more to prevent recovery by subtraction, are hidden.",
    },
    "nl": {
        "intro": "Er zijn {rows} beslissingen onderzocht op {attrs}{windows}.",
        "windows": " over {n} periodes ({window})",
        "four_fifths_ok": "Voor {attr} is het laagste selectiepercentage {ratio} van het hoogste: de vier-vijfderegel wordt gehaald.",
        "four_fifths_bad": "Voor {attr} is het laagste selectiepercentage maar {ratio} van het hoogste: de vier-vijfderegel wordt geschonden.",
        "no_label": "Er is geen werkelijke uitkomst (label) opgegeven, dus alleen selectiepercentages zijn vergeleken.",
        "findings_none": "Geen enkele ingestelde drempel is overschreden.",
        "findings": "{n} bevinding(en) overschrijden een drempel, waarvan {high} statistisch significant. De ernstigste: {worst}",
        "suppressed": "{n} groep(en) met minder dan {k} beslissingen, en {m} extra om terugrekenen te voorkomen, zijn verborgen.",
    },
}
_WINDOW_NL = {"week": "week", "month": "maand", "quarter": "kwartaal"}


def summary(result: dict[str, Any], lang: str) -> str:
    """A few sentences for non-specialists: scope, four-fifths rule per attribute, findings, suppression."""
    t = _TEXT[lang]
    windows = ""
    if result.get("windows"):
        window = result["window"] if lang == "en" else _WINDOW_NL.get(result["window"], result["window"])
        windows = t["windows"].format(n=len(result["windows"]), window=window)
    lines = [
        t["intro"].format(
            rows=_count(result["rows"], lang), attrs=", ".join(result["protected"]), windows=windows
        )
    ]
    for s in result.get("attribute_summary", []):
        if "×" in s["attribute"] or s["demographic_parity_ratio"] is None:
            continue
        key = "four_fifths_ok" if s["four_fifths_rule"] else "four_fifths_bad"
        lines.append(t[key].format(attr=s["attribute"], ratio=number(s["demographic_parity_ratio"], lang, 2)))
    if result["label"] is None:
        lines.append(t["no_label"])
    lines.append(_findings_line(result["findings"], lang))
    sup = result.get("suppression", {})
    if sup.get("primary") or sup.get("complementary"):
        lines.append(
            t["suppressed"].format(n=sup["primary"], k=sup["min_group_size"], m=sup["complementary"])
        )
    return " ".join(lines)


def _findings_line(findings: list[dict[str, Any]], lang: str) -> str:
    t = _TEXT[lang]
    if not findings:
        return t["findings_none"]
    high = [f for f in findings if f["severity"] == "high"]
    worst = min(high or findings, key=lambda f: f["p_value"] if f["p_value"] is not None else 2.0)
    text = worst["message"] if lang == "en" else worst["message_nl"]
    return t["findings"].format(n=len(findings), high=len(high), worst=text)


def _count(n: int, lang: str) -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "nl" else text
