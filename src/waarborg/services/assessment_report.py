"""Assessment reports: Markdown, JSON, HTML and PDF (WeasyPrint), for one audience.

Every variant is built from ``public_view``, the single visibility filter, so the public report
contains only public content whatever the format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from waarborg.domain.assessments import Assessment, Instrument, Visibility, public_view, risk_model
from waarborg.domain.assessments.model import Column, Question, RiskModel
from waarborg.domain.errors import InvalidInput

TEMPLATES = Path(__file__).parent / "templates" / "assessment"
FORMATS = {
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "report": "Assessment report",
        "contents": "Contents",
        "summary": "Public summary",
        "risks": "Risk register",
        "signoff": "Sign-off",
        "sources": "Sources and notes",
        "entry": "Register entry",
        "organisation": "Organisation",
        "instrument": "Instrument",
        "revision": "Revision",
        "state": "State",
        "approver": "Approved by",
        "approved_at": "Approved on",
        "review_date": "Next review",
        "audience": "Version",
        "no_answer": "Not answered",
        "yes": "Yes",
        "no": "No",
        "right": "Right",
        "owner": "Owner",
        "inherent": "Inherent risk",
        "residual": "Residual risk",
        "mitigations": "Mitigations",
        "status": "Status",
        "due": "Due",
        "none": "None",
        "not_approved": "Not approved yet",
        "history": "History",
        "risk": "Risk",
        "reopened": "Re-opened because",
        "no_summary": "No public summary yet.",
        "public": "Public version",
        "supervisor": "Version for the supervisory authority",
        "internal": "Internal version",
        "source": "Source",
        "binding": "Legally binding",
        "not_binding": "Not legally binding",
        "scoring": "Risk scoring",
        "not_assessed": "not assessed yet, inherent level shown",
        "findings": "Bias findings under this assessment's thresholds",
        "findings_intro": "Open findings of bias audits that ran under the fairness thresholds of this "
        "assessment (revision shown).",
        "no_findings": "No open findings from audits under this assessment's thresholds.",
        "severity": "Severity",
        "metric": "Metric",
        "group": "Group",
        "value": "Value",
        "threshold": "Threshold",
        "window": "Window",
        "whole_log": "whole log",
        "sev_high": "high",
        "sev_medium": "medium",
    },
    "nl": {
        "report": "Rapport van de beoordeling",
        "contents": "Inhoud",
        "summary": "Openbare samenvatting",
        "risks": "Risicoregister",
        "signoff": "Ondertekening",
        "sources": "Bronnen en toelichting",
        "entry": "Registervermelding",
        "organisation": "Organisatie",
        "instrument": "Instrument",
        "revision": "Revisie",
        "state": "Status",
        "approver": "Goedgekeurd door",
        "approved_at": "Goedgekeurd op",
        "review_date": "Volgende herbeoordeling",
        "audience": "Versie",
        "no_answer": "Niet beantwoord",
        "yes": "Ja",
        "no": "Nee",
        "right": "Recht",
        "owner": "Eigenaar",
        "inherent": "Bruto risico",
        "residual": "Restrisico",
        "mitigations": "Maatregelen",
        "status": "Status",
        "due": "Uiterlijk",
        "none": "Geen",
        "not_approved": "Nog niet goedgekeurd",
        "history": "Geschiedenis",
        "risk": "Risico",
        "reopened": "Heropend omdat",
        "no_summary": "Nog geen openbare samenvatting.",
        "public": "Openbare versie",
        "supervisor": "Versie voor de toezichthouder",
        "internal": "Interne versie",
        "source": "Bron",
        "binding": "Juridisch bindend",
        "not_binding": "Niet juridisch bindend",
        "scoring": "Risicoscore",
        "not_assessed": "nog niet beoordeeld, bruto niveau getoond",
        "findings": "Bevindingen uit bias-audits onder de drempels van deze beoordeling",
        "findings_intro": "Open bevindingen van bias-audits die draaiden met de eerlijkheidsdrempels van "
        "deze beoordeling (revisie vermeld).",
        "no_findings": "Geen open bevindingen uit audits met de drempels van deze beoordeling.",
        "severity": "Ernst",
        "metric": "Maatstaf",
        "group": "Groep",
        "value": "Waarde",
        "threshold": "Drempel",
        "window": "Periode",
        "whole_log": "hele log",
        "sev_high": "hoog",
        "sev_medium": "middel",
    },
}
STATUS_LABELS = {
    "en": {"planned": "Planned", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"},
    "nl": {"planned": "Gepland", "in_progress": "In uitvoering", "done": "Gereed", "dropped": "Vervallen"},
}


@dataclass(frozen=True)
class Report:
    """The display model shared by the HTML/PDF and Markdown templates."""

    lang: str
    t: dict[str, str]
    view: dict[str, Any]
    title: str
    sections: list[dict[str, Any]]
    risks: list[dict[str, Any]]
    instrument: Instrument
    model: RiskModel
    findings: list[dict[str, Any]] | None = None  # bias findings (staff and supervisors); None: not shown


def _label_of(question: Question | Column, value: Any, lang: str, t: dict[str, str]) -> str:
    if value is None or value == "":
        return t["no_answer"]
    if isinstance(value, bool):
        return t["yes"] if value else t["no"]
    options = {o.id: o.label.get(lang) for o in question.options}
    if isinstance(value, list):
        return ", ".join(options.get(v, str(v)) for v in value)
    return options.get(str(value), str(value))


def _answer(question: Question, value: Any, lang: str, t: dict[str, str]) -> dict[str, Any]:
    if question.type == "table" and isinstance(value, list):
        head = [c.label.get(lang) for c in question.columns]
        rows = [
            [
                _label_of(c, row.get(c.id), lang, t) if row.get(c.id) is not None else ""
                for c in question.columns
            ]
            for row in value
        ]
        return {"table": {"head": head, "rows": rows}, "text": None}
    return {"table": None, "text": _label_of(question, value, lang, t)}


def _sections(view: dict[str, Any], inst: Instrument, lang: str, t: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for number, s in enumerate(view["sections"], start=1):
        section = inst.section(s["id"])
        assert section is not None
        questions = []
        for qv in s["questions"]:
            question = inst.question(qv["id"])
            assert question is not None
            questions.append(
                {
                    "id": question.id,
                    "label": question.label.get(lang),
                    "source": question.source.article,
                    "visibility": qv["visibility"],
                    **_answer(question, qv["answer"], lang, t),
                }
            )
        out.append({"anchor": f"s{number}", "title": section.title.get(lang), "questions": questions})
    return out


def _risks(view: dict[str, Any], model: RiskModel, lang: str) -> list[dict[str, Any]]:
    bands = {b.id: b.label.get(lang) for b in model.bands}
    out = []
    for r in view["risks"]:
        factors = []
        for f in model.factors:
            level = f.level(r["factors"].get(f.id, ""))
            factors.append((f.label.get(lang), level.label.get(lang) if level else ""))
        mitigations = [
            {**m, "status_id": m["status"], "status": STATUS_LABELS[lang][m["status"]]}
            for m in r["mitigations"]
        ]
        residual = bands[r["residual"]["band"]]
        if r["residual"]["basis"] == "inherent":
            residual = f"{residual} ({LABELS[lang]['not_assessed']})"
        out.append(
            {
                **r,
                "factor_labels": factors,
                "inherent_label": bands[r["inherent"]["band"]],
                "residual_label": residual,
                "mitigations": mitigations,
            }
        )
    return out


def build_report(
    assessment: Assessment,
    inst: Instrument,
    audience: Visibility,
    lang: str = "en",
    findings: list[dict[str, Any]] | None = None,
) -> Report:
    lang = lang if lang in LABELS else "en"
    model = risk_model()
    view = public_view(assessment, inst, audience, model)
    t = LABELS[lang]
    return Report(
        lang=lang,
        t=t,
        view=view,
        title=f"{inst.title.get(lang)} — {assessment.entry_name}",
        sections=_sections(view, inst, lang, t),
        risks=_risks(view, model, lang),
        instrument=inst,
        model=model,
        findings=findings if audience != "public" else None,
    )


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = _md_cell
    env.filters["mdblock"] = _md_block
    return env


def _md_block(value: Any) -> str:
    """Escape a free-text answer for Markdown while keeping its paragraphs."""
    text = str(value if value is not None else "").replace("<", "&lt;").replace(">", "&gt;")
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(
        ("\\" + line) if line.lstrip().startswith(("#", "---", "===")) else line for line in lines
    )


def _md_cell(value: Any) -> str:
    """Make text safe inside a Markdown table cell or line: no pipes, no line breaks, no raw HTML."""
    text = str(value if value is not None else "")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def render_json(
    assessment: Assessment,
    inst: Instrument,
    audience: Visibility,
    findings: list[dict[str, Any]] | None = None,
) -> str:
    view = public_view(assessment, inst, audience, risk_model())
    if findings is not None and audience != "public":
        view["bias_findings"] = findings
    return json.dumps(view, ensure_ascii=False, indent=2, sort_keys=False)


def render_markdown(
    assessment: Assessment,
    inst: Instrument,
    audience: Visibility,
    lang: str = "en",
    findings: list[dict[str, Any]] | None = None,
) -> str:
    report = build_report(assessment, inst, audience, lang, findings)
    return _env().get_template("report.md.j2").render(r=report)


def render_html(
    assessment: Assessment,
    inst: Instrument,
    audience: Visibility,
    lang: str = "en",
    findings: list[dict[str, Any]] | None = None,
) -> str:
    report = build_report(assessment, inst, audience, lang, findings)
    return _env().get_template("report.html.j2").render(r=report)


def render_pdf(
    assessment: Assessment,
    inst: Instrument,
    audience: Visibility,
    lang: str = "en",
    findings: list[dict[str, Any]] | None = None,
) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # lazy: loading WeasyPrint takes a while

    html = render_html(assessment, inst, audience, lang, findings)
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return pdf


def render(
    fmt: str,
    assessment: Assessment,
    inst: Instrument,
    audience: Visibility,
    lang: str = "en",
    findings: list[dict[str, Any]] | None = None,
) -> tuple[bytes, str]:
    """Render in ``fmt`` (pdf, md, json, html); returns the body and its media type.

    ``findings`` (bias findings under the assessment's thresholds) are left out of public variants.
    """
    if fmt == "pdf":
        return render_pdf(assessment, inst, audience, lang, findings), FORMATS[fmt]
    if fmt == "md":
        return render_markdown(assessment, inst, audience, lang, findings).encode(), FORMATS[fmt]
    if fmt == "json":
        return render_json(assessment, inst, audience, findings).encode(), FORMATS[fmt]
    if fmt == "html":
        return render_html(assessment, inst, audience, lang, findings).encode(), FORMATS[fmt]
    raise InvalidInput.at("format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
