"""Reports: Markdown, JSON, HTML and a real PDF read back with pypdf; audience canaries in each."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader

from waarborg.domain.assessments import instrument
from waarborg.domain.errors import InvalidInput
from waarborg.services.assessment_report import render, render_html, render_json, render_markdown, render_pdf

from .conftest import INTERNAL_CANARY, PUBLIC_CANARY, SUPERVISOR_CANARY, make_assessment

IAMA = instrument("iama")
EXPECT = {
    "public": ({PUBLIC_CANARY}, {SUPERVISOR_CANARY, INTERNAL_CANARY}),
    "supervisor": ({PUBLIC_CANARY, SUPERVISOR_CANARY}, {INTERNAL_CANARY}),
    "internal": ({PUBLIC_CANARY, SUPERVISOR_CANARY, INTERNAL_CANARY}, set()),
}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {
        "public": render_pdf(make_assessment(), IAMA, "public", "nl"),
        "internal": render_pdf(make_assessment(), IAMA, "internal", "en"),
    }


def test_pdf_has_cover_contents_answers_risks_and_signoff(pdfs: dict[str, bytes]) -> None:
    data = pdfs["internal"]
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 4
    cover = reader.pages[0].extract_text()
    assert (
        "ASSESSMENT REPORT" in cover and "Welfare fraud risk model" in cover and "Internal version" in cover
    )
    contents = reader.pages[1].extract_text()
    assert (
        "Contents" in contents and "Part 4 — Fundamental rights" in contents and "Risk register" in contents
    )
    assert re.search(r"Sign-off \.+ \d+", contents), "table of contents has page numbers"
    text = pdf_text(data)
    for expected in (
        "Part 1 — Why?",
        "What is the main goal",
        "Equal treatment",
        "Proceed with measures",
        "Indirect discrimination of single parents",
        "Bias audit per quarter",
        "Residual risk",
        "Bram Beoordelaar",
        "2027-12-01",
        "No official numeric scoring",
    ):
        assert expected in text, expected


def test_public_pdf_contains_only_public_content(pdfs: dict[str, bytes]) -> None:
    text = pdf_text(pdfs["public"])
    assert PUBLIC_CANARY in text and "Openbare versie" in text
    assert "Inhoud" in text and "Risicoregister" in text and "Ondertekening" in text
    assert SUPERVISOR_CANARY not in text and INTERNAL_CANARY not in text
    assert "Deel 2B" not in text and "Leak of case notes" not in text and "Anna Auteur" not in text


@pytest.mark.parametrize("audience", ["public", "supervisor", "internal"])
def test_markdown_json_html_canaries(audience: str) -> None:
    seen, hidden = EXPECT[audience]
    a = make_assessment()
    outputs = [
        render_markdown(a, IAMA, audience, "en"),
        render_json(a, IAMA, audience),
        render_html(a, IAMA, audience, "nl"),
    ]  # type: ignore[arg-type]
    for out in outputs:
        for canary in seen:
            assert canary in out
        for canary in hidden:
            assert canary not in out


def test_markdown_structure_and_escaping() -> None:
    a = make_assessment(public_summary="A | B <script>alert(1)</script>\n# not a heading")
    md = render_markdown(a, IAMA, "public", "en")
    assert "## Contents" in md and "## Risk register" in md and "## Sign-off" in md
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\# not a heading" in md
    table = render_markdown(make_assessment(answer_visibility={"4.rights": "public"}), IAMA, "public", "en")
    assert "| Equal treatment (Art. 1 Grondwet) | Algemene wet gelijke behandeling | Serious |" in table


def test_html_escapes_answers() -> None:
    html = render_html(make_assessment(public_summary="<img src=x onerror=alert(1)>"), IAMA, "public", "en")
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_json_is_the_public_view() -> None:
    data = json.loads(render_json(make_assessment(), IAMA, "public"))
    assert (
        data["audience"] == "public"
        and data["instrument"] == "iama"
        and data["approver"] == "Bram Beoordelaar"
    )
    assert [s["id"] for s in data["sections"]] == ["1", "3"]


def test_render_dispatch_and_unknown_format() -> None:
    body, media = render("md", make_assessment(), IAMA, "public")
    assert media.startswith("text/markdown") and PUBLIC_CANARY.encode() in body
    with pytest.raises(InvalidInput, match="format: 'docx' is not one of pdf, md, json, html"):
        render("docx", make_assessment(), IAMA, "public")


def test_fria_and_huderia_render_with_empty_answers() -> None:
    for inst_id in ("fria", "huderia"):
        a = make_assessment(
            instrument=inst_id, answers={}, risks=(), state="draft", approver=None, approved_at=None
        )
        md = render_markdown(a, instrument(inst_id), "internal", "en")
        assert "Not answered" in md and "Not approved yet" in md
