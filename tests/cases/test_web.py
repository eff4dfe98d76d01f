"""Remedies through HTTP: the Dutch complaint form without JavaScript, the status link, the inbox, the
supervisor's withdrawal on the public entry, and canaries for personal data in every public output."""

from __future__ import annotations

import re

from tests.cases.fixtures import CANARY_EMAIL, CANARY_NAME, CANARY_TEXT, published_entry

PDF = b"%PDF-1.7\n%%EOF"


def _file(anon, pid: str, **extra):  # type: ignore[no-untyped-def]
    data = {
        "subject": "decision",
        "description": CANARY_TEXT,
        "name": CANARY_NAME,
        "email": CANARY_EMAIL,
        "language": "nl",
        "website": "",
        **extra,
    }
    return anon.post(
        f"/register/{pid}/complaint",
        data={"csrf_token": anon.csrf(), **data},
        files=[("attachments", ("besluit.pdf", PDF, "application/pdf"))],
        follow_redirects=False,
    )


def test_complaint_form_status_and_inbox(client_for, token_for, anon) -> None:
    pid = published_entry(client_for, token_for)
    page = anon.get(f"/register/{pid}")
    assert f"/register/{pid}/complaint" in page.text and f"/register/{pid}/explanation" in page.text
    form = anon.get(f"/register/{pid}/complaint", headers={"accept-language": "nl"})
    assert form.status_code == 200 and "Klacht indienen over" in form.text and 'name="website"' in form.text
    r = _file(anon, pid)
    assert r.status_code == 303, r.text
    status_url = r.headers["location"]
    token = re.search(r"/status/([A-Za-z0-9_-]+)", status_url).group(1)
    status = anon.get(status_url)
    assert status.status_code == 200 and "K-20" in status.text and "uiterlijk" in status.text
    assert status.headers["cache-control"] == "no-store"
    editor = client_for("editor")
    inbox = editor.get("/org/cases")
    number = re.search(r"/cases/(K-\d{4}-\d{6})", inbox.text).group(1)
    detail = editor.get(f"/cases/{number}")
    assert CANARY_NAME in detail.text and CANARY_EMAIL in detail.text
    att = re.search(rf"/cases/{number}/attachments/(\d+)", detail.text).group(0)
    dl = editor.get(att)
    assert dl.headers["content-type"] == "application/pdf" and dl.headers["content-disposition"].startswith(
        "attachment"
    )
    assert client_for("editor_b").get(f"/cases/{number}").status_code == 404
    assert client_for("supervisor").get(f"/cases/{number}").status_code == 200
    assert CANARY_NAME not in client_for("supervisor").get(f"/cases/{number}").text  # not escalated yet
    r = editor.post_form(
        f"/cases/{number}/steps", {"step": "reply", "reason": "Wij hebben uw klacht onderzocht."}
    )
    assert r.status_code == 303
    assert "Wij hebben uw klacht onderzocht." in anon.get(f"/status/{token}").text
    other = anon.get("/status/" + "B" * 43)
    assert other.status_code == 404


def test_honeypot_and_validation_rerender_the_form(client_for, token_for, anon) -> None:
    pid = published_entry(client_for, token_for)
    r = _file(anon, pid, website="http://spam.example")
    assert r.status_code == 422 and "website" in r.text
    r = _file(anon, pid, description="kort", email="geen-adres")
    assert r.status_code == 422 and "geen-adres" in r.text and CANARY_NAME in r.text  # nothing typed is lost
    evil = anon.post(
        f"/register/{pid}/complaint",
        data={"csrf_token": anon.csrf(), "description": CANARY_TEXT},
        files=[("attachments", ("x.html", b"<html><script>alert(1)</script>", "text/html"))],
        follow_redirects=False,
    )
    assert evil.status_code == 422 and "not an allowed file type" in evil.text
    no_csrf = anon.post(
        f"/register/{pid}/complaint", data={"description": CANARY_TEXT}, follow_redirects=False
    )
    assert no_csrf.status_code == 403


def test_api_flow_escalation_withdrawal_and_public_entry(client_for, token_for, anon) -> None:
    pid = published_entry(client_for, token_for)
    r = anon.post(
        f"/api/v1/register/{pid}/cases",
        json={
            "case_type": "complaint",
            "description": CANARY_TEXT,
            "email": CANARY_EMAIL,
            "name": CANARY_NAME,
        },
    )
    assert r.status_code == 201, r.text
    token, number = r.json()["token"], r.json()["number"]
    ed, sup = token_for("editor"), token_for("supervisor")
    r = anon.post(f"/api/v1/cases/{number}/steps", json={"step": "reply", "reason": "Antwoord."}, headers=ed)
    assert r.status_code == 200, r.text
    r = anon.post(f"/api/v1/status/{token}/steps", json={"step": "escalate_unsatisfied", "reason": "Oneens."})
    assert r.status_code == 200 and r.json()["case"]["state"] == "escalated"
    esc = r.json()["case"]["escalations"][0]["number"]
    assert anon.get(f"/api/v1/cases/{esc}", headers=sup).json()["case"]["personal"]["email"] == CANARY_EMAIL
    anon.post(f"/api/v1/cases/{esc}/steps", json={"step": "take_up"}, headers=sup)
    r = anon.post(
        f"/api/v1/cases/{esc}/steps", json={"step": "open_investigation", "reason": "Onderzoek."}, headers=sup
    )
    inv = r.json()["created"]
    r = anon.post(
        f"/api/v1/cases/{inv}/measures",
        headers=sup,
        json={
            "kind": "withdrawal",
            "legal_basis": ["ai-act-79"],
            "reasoning": "Discriminatie op postcode vastgesteld.",
            "public_text": "Uit de handel genomen op last van de toezichthouder.",
        },
    )
    assert r.status_code == 201, r.text
    entry_page = anon.get(f"/register/{pid}")
    assert "Uit de handel genomen op last van de toezichthouder." in entry_page.text
    assert anon.get(f"/api/v1/entries/{pid}").json()["entry"]["market_measure"]["kind"] == "withdrawal"
    stats = anon.get("/api/v1/statistics").json()
    assert stats["systems"][pid]["escalated"] == 1 and stats["systems"][pid]["measures"] == {"withdrawal": 1}
    # canaries: no public output carries the complainant's data
    public = [
        anon.get(u).text
        for u in (
            f"/register/{pid}",
            "/register",
            "/statistics",
            "/api/v1/statistics",
            f"/api/v1/entries/{pid}",
            "/register/open-data.csv",
            "/register/open-data.json",
            "/api/v1/entries",
        )
    ]
    for text in public:
        for canary in (CANARY_NAME, CANARY_EMAIL, "CANARY-COMPLAINT-TEXT"):
            assert canary not in text
    for who in ("editor_b", "approver_b"):
        assert anon.get(f"/api/v1/cases/{number}", headers=token_for(who)).status_code == 404


def test_explanation_request_in_english_and_org_response_on_the_entry(client_for, token_for, anon) -> None:
    pid = published_entry(client_for, token_for)
    form = anon.get(f"/register/{pid}/explanation?lang=en")
    assert "Ask for an explanation about" in form.text and "AI Act Art. 86" in form.text
    r = anon.post(
        f"/register/{pid}/explanation",
        data={
            "csrf_token": anon.csrf(),
            "subject": "decision",
            "description": "Why was my application refused?",
            "decision_reference": "DEC-7",
            "language": "en",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    status = anon.get(r.headers["location"] + "&lang=en")
    assert "U-20" in status.text and "main elements of the decision" in status.text
    stats = anon.get("/api/v1/statistics").json()
    assert stats["organisations"]["org-a"]["by_type"] == {"explanation-request": 1}


def test_incident_form_reports_to_the_supervisor(client_for, token_for) -> None:
    pid = published_entry(client_for, token_for)
    editor = client_for("editor")
    assert "Ernstig incident melden" in editor.get("/org/cases?lang=nl").text
    r = editor.post_form(
        "/org/incidents",
        {
            "entry": pid,
            "categories": ["death", "other"],
            "aware_on": "2026-12-01",
            "description": "Verkeerde triage met ernstige gevolgen.",
        },
    )
    assert r.status_code == 303
    detail = editor.get(r.headers["location"])
    assert "I-20" in detail.text and "2026-12-11" in detail.text  # 10 days for a death (Art. 73)
    workspace = client_for("supervisor").get("/supervisor")
    assert "I-20" in workspace.text
