"""Print layout of the compliance PDF: table rows never split across pages, headers repeat."""

from importlib import resources


def _css(path: str) -> str:
    return resources.files("waarborg").joinpath(path).read_text("utf-8")


def test_compliance_report_rows_do_not_split() -> None:
    css = _css("services/templates/compliance/report.html")
    assert "tr { page-break-inside: avoid;" in css
    assert "thead { display: table-header-group; }" in css


def test_assessment_report_margin_boxes_use_the_body_font() -> None:
    css = _css("services/templates/assessment/report.html.j2")
    page_rule = css[css.index("@page {") : css.index("@page cover")]
    assert 'font-family: "DejaVu Sans"' in page_rule
