"""HTML report and plain-language summary: self-contained, both languages, charts, findings, suppression."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.audit.conftest import random_log, write
from waarborg.domain.audit import AuditConfig
from waarborg.domain.errors import InvalidInput
from waarborg.services.audit import render_report, run_audit


@pytest.fixture(scope="module")
def result(tmp_path_factory: Any) -> dict[str, Any]:
    log = write(random_log(11, 3000, with_time=True), tmp_path_factory.mktemp("r") / "log.parquet")
    config = AuditConfig(
        protected=["race", "sex"],
        prediction="p",
        label="y",
        time="t",
        window="month",
        min_group_size=30,
        thresholds={"min_disparate_impact_ratio": 0.8, "max_fpr_difference": 0.1},
    )
    return run_audit(log, config)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_is_self_contained_with_inline_svg(result: dict[str, Any], lang: str) -> None:
    html = render_report(result, lang)
    assert f'<html lang="{lang}">' in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html
    assert html.count("<svg") >= 4 and "<polyline" in html  # interval charts and the over-time chart
    assert 'class="ci"' in html


def test_report_speaks_the_language_and_shows_findings(result: dict[str, Any]) -> None:
    en, nl = render_report(result, "en"), render_report(result, "nl")
    assert "Summary" in en and "Findings" in en and "selection rate" in en
    assert "Samenvatting" in nl and "Bevindingen" in nl and "selectiepercentage" in nl
    assert result["findings"], "the fixture log is built to breach the four-fifths rule"
    first = result["findings"][0]
    assert first["message"].split(":")[0] in en.replace("&#39;", "'")
    assert first["message_nl"].split(":")[0] in nl.replace("&#39;", "'")


def test_report_says_groups_were_suppressed(result: dict[str, Any]) -> None:
    assert result["suppression"]["primary"] > 0
    en, nl = render_report(result, "en"), render_report(result, "nl")
    assert "Groups with fewer than 30 decisions are hidden" in en and "suppressed" in en
    assert "Groepen met minder dan 30 beslissingen zijn verborgen" in nl and "onderdrukt" in nl


def test_summary_in_both_languages(result: dict[str, Any]) -> None:
    assert result["summary"]["en"].startswith("3,000 decisions were audited on race, sex over")
    assert result["summary"]["nl"].startswith("Er zijn 3.000 beslissingen onderzocht op race, sex")
    assert "four-fifths rule" in result["summary"]["en"] and "vier-vijfderegel" in result["summary"]["nl"]


def test_findings_carry_severity_metric_group_threshold_value(result: dict[str, Any]) -> None:
    for f in result["findings"]:
        assert f["severity"] in ("high", "medium")
        assert {"message", "metric", "group", "threshold", "value"} <= set(f)
    high = [f for f in result["findings"] if f["severity"] == "high"]
    assert all(f["p_value"] < 0.05 for f in high)


def test_unknown_language_is_refused(result: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput, match="'de' is not one of"):
        render_report(result, "de")
