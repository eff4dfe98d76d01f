"""Compliance pages in Dutch and English, forms that keep what was typed, uploads, CSV and PDF exports,
and the supervisor's read-only view without internal notes (canary)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from pypdf import PdfReader

from tests.compliance.helpers import checklist, cv_entry, measure, patch
from tests.register.helpers import entry_pk, publish

CANARY = "CANARY-werknotitie-8812"


def make(client_for: Any, token_for: Any, world: Any, anon: Any) -> tuple[Any, dict[str, Any]]:
    ed = token_for("editor")
    entry = cv_entry(anon, ed, world.db)
    return client_for("editor"), entry


def test_checklist_page_in_both_languages(client_for, token_for, world, anon) -> None:  # type: ignore[no-untyped-def]
    web, entry = make(client_for, token_for, world, anon)
    nl = web.get(f"/compliance/entries/{entry['id']}?lang=nl")
    assert nl.status_code == 200
    assert (
        "Vereisten en maatregelen" in nl.text
        and "Effectbeoordeling op het gebied van grondrechten" in nl.text
    )
    assert "Voldoet nog niet aan de verplichtingen die gelden op" in nl.text
    en = web.get(f"/compliance/entries/{entry['id']}?lang=en")
    assert "Fundamental rights impact assessment (FRIA)" in en.text and "Art. 27" in en.text
    assert en.text.count("<h1") == 1 and 'name="csrf_token"' in en.text


def test_form_error_keeps_what_was_typed(client_for, token_for, world, anon) -> None:  # type: ignore[no-untyped-def]
    web, entry = make(client_for, token_for, world, anon)
    r = web.post_form(
        f"/compliance/entries/{entry['id']}/measures/aia-26-deployer-obligations.inform-workers",
        {
            "version": "1",
            "status": "not_applicable",
            "reason": "",
            "notes": "typed text stays",
            "owner": "editor@a.example",
        },
    )
    assert r.status_code == 422
    assert "typed text stays" in r.text and "needs a reason" in r.text
    ok = web.post_form(
        f"/compliance/entries/{entry['id']}/measures/aia-26-deployer-obligations.inform-workers",
        {"version": "1", "status": "not_applicable", "reason": "geen werknemers betrokken"},
    )
    assert ok.status_code == 303
    ed = token_for("editor")
    m = measure(checklist(anon, ed, entry["id"]), "aia-26-deployer-obligations.inform-workers")
    assert m["status"] == "not_applicable" and m["reason"] == "geen werknemers betrokken"
    bad_date = web.post_form(
        f"/compliance/entries/{entry['id']}/measures/aia-27-fria.assessment",
        {"version": "1", "due": "31-12-2027"},
    )
    assert bad_date.status_code == 422 and "31-12-2027" in bad_date.text


def test_page_upload_and_refusal(client_for, token_for, world, anon) -> None:  # type: ignore[no-untyped-def]
    web, entry = make(client_for, token_for, world, anon)
    url = f"/compliance/entries/{entry['id']}/measures/aia-04-ai-literacy.plan/evidence"
    token = web.csrf()
    ok = web.post(
        url,
        data={"csrf_token": token},
        files={"file": ("plan.txt", b"Plan AI-geletterdheid\n", "text/plain")},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    page = web.get(f"/compliance/entries/{entry['id']}")
    link = re.search(r'href="(/compliance/entries/[^"]+/evidence/[0-9a-f]{64})">plan.txt', page.text)
    assert link
    d = web.get(link.group(1))
    assert d.headers["content-type"] == "text/plain; charset=utf-8" and d.headers[
        "content-disposition"
    ].startswith("attachment")
    bad = web.post(
        url,
        data={"csrf_token": token},
        files={"file": ("x.svg", b"<svg onload=alert(1)>", "image/svg+xml")},
        follow_redirects=False,
    )
    assert bad.status_code == 422 and "x.svg" in bad.text


def test_dashboard_csv_and_due_soon(client_for, token_for, world, anon) -> None:  # type: ignore[no-untyped-def]
    web, entry = make(client_for, token_for, world, anon)
    page = web.get("/compliance?lang=en")
    assert page.status_code == 200 and entry["id"] in page.text and "Compliant today" in page.text
    rows = list(csv.DictReader(io.StringIO(web.get("/compliance.csv?lang=en").text)))
    fria = [r for r in rows if r["requirement"] == "aia-27-fria"]
    assert fria and all(r["applies_from"] == "2027-12-02" and r["binds_today"] == "no" for r in fria)
    soon = list(csv.DictReader(io.StringIO(web.get("/compliance.csv?today=2027-11-15&horizon=30").text)))
    assert {r["measure"] for r in soon if r["due_soon"] == "yes"} >= {"aia-27-fria.assessment"}
    literacy = [r for r in rows if r["requirement"] == "aia-04-ai-literacy"]
    assert all(r["overdue"] == "yes" for r in literacy)


def test_csv_cells_cannot_start_formulas(client_for, token_for, world, anon) -> None:  # type: ignore[no-untyped-def]
    web, entry = make(client_for, token_for, world, anon)
    ed = token_for("editor")
    patch(anon, ed, entry["id"], "aia-04-ai-literacy.plan", version=1, owner='=HYPERLINK("http://x")')
    text = web.get(f"/compliance/entries/{entry['id']}/report.csv").text
    assert "'=HYPERLINK" in text


def test_supervisor_sees_status_read_only_without_notes(client_for, token_for, world, anon) -> None:  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    entry = cv_entry(anon, ed, world.db)
    patch(anon, ed, entry["id"], "aia-04-ai-literacy.plan", version=1, notes=CANARY)
    publish(anon, ed, ap, entry)
    sup = client_for("supervisor")
    page = sup.get(f"/compliance/entries/{entry['id']}")
    assert (
        page.status_code == 200 and "read-only" in sup.get(f"/compliance/entries/{entry['id']}?lang=en").text
    )
    assert '<form method="post" action="/compliance/entries' not in page.text
    outputs = [
        page.text,
        sup.get("/compliance").text,
        sup.get("/compliance.csv").text,
        sup.get(f"/compliance/entries/{entry['id']}/report.csv").text,
    ]
    pdf = sup.get(f"/compliance/entries/{entry['id']}/report.pdf?lang=nl")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Nalevingsrapport" in text and "Voldoet nog niet" in text and "CV-screening werving" in text
    outputs.append(text)
    for out in outputs:
        assert CANARY not in out
    assert CANARY in client_for("editor").get(f"/compliance/entries/{entry['id']}").text


def test_entry_page_panel_links_to_checklist(client_for, token_for, world, anon) -> None:  # type: ignore[no-untyped-def]
    web, entry = make(client_for, token_for, world, anon)

    pk = entry_pk(world.db, entry["id"])
    page = web.get(f"/org/entries/{pk}?lang=en")
    assert f'href="/compliance/entries/{entry["id"]}"' in page.text and "measures done" in page.text
    assert 'href="/compliance"' in web.get("/org").text


def test_auto_satisfied_measure_and_roles_in_words(client_for, token_for, world, anon) -> None:  # type: ignore[no-untyped-def]
    from tests.compliance.test_linked_work import fire

    web, entry = make(client_for, token_for, world, anon)
    fire(world.db, entry["id"], "fria.approved", assessment_id=12)
    nl = web.get(f"/compliance/entries/{entry['id']}?lang=nl").text
    assert "Vanzelf voldaan: de grondrechteneffectbeoordeling (FRIA) is goedgekeurd." in nl
    assert "system:fria.approved" not in nl and "Gebruiksverantwoordelijke" in nl
    en = web.get(f"/compliance/entries/{entry['id']}?lang=en").text
    assert "Done by itself: the fundamental rights impact assessment (FRIA) was approved." in en
    assert "Deployer" in en and "deployer," not in en
    pdf = web.get(f"/compliance/entries/{entry['id']}/report.pdf?lang=nl")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "vanzelf voldaan" in text and "system:fria" not in text
