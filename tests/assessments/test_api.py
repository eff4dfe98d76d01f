"""JSON API: the welfare-fraud IAMA end to end, error bodies, permissions and canaries."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from .conftest import INTERNAL_CANARY, PUBLIC_CANARY, SUPERVISOR_CANARY
from .helpers import RISK, complete_iama_answers, make_entry, public_id


def _answers() -> dict[str, Any]:
    return {**complete_iama_answers(), "2B.3": SUPERVISOR_CANARY, "2A.4": INTERNAL_CANARY}


def approved(client: Any, token_for: Any, world: Any, publish: bool = True) -> tuple[int, str]:
    ed, ap = token_for("editor"), token_for("approver")
    pid = public_id(world, make_entry(world, publish=publish))
    r = client.post(f"/api/v1/entries/{pid}/assessments", json={"instrument": "iama"}, headers=ed)
    assert r.status_code == 201, r.text
    aid = r.json()["assessment"]["id"]
    body = {
        "version": r.json()["assessment"]["version"],
        "answers": _answers(),
        "review_date": "2027-12-01",
        "answer_visibility": {"2A.4": "internal"},
        "public_summary": f"Summary {PUBLIC_CANARY}",
    }
    r = client.put(f"/api/v1/assessments/{aid}", json=body, headers=ed)
    assert r.status_code == 200, r.text
    r = client.post(
        f"/api/v1/assessments/{aid}/risks",
        json={**RISK, "description": INTERNAL_CANARY, "visibility": "internal"},
        headers=ed,
    )
    assert r.status_code == 201, r.text
    assert (
        client.post(
            f"/api/v1/assessments/{aid}/transitions", json={"action": "submit"}, headers=ed
        ).status_code
        == 200
    )
    r = client.post(f"/api/v1/assessments/{aid}/transitions", json={"action": "approve"}, headers=ap)
    assert r.status_code == 200, r.text
    return aid, pid


def test_instruments_are_published(anon: Any) -> None:
    items = anon.get("/api/v1/instruments").json()["items"]
    assert {i["id"] for i in items} == {"iama", "fria", "huderia"}
    huderia = anon.get("/api/v1/instruments/huderia").json()["instrument"]
    assert "No official numeric scoring" in huderia["risk_model_note"]["en"]
    r = anon.get("/api/v1/instruments/dpia")
    assert r.status_code == 422 and r.json()["errors"] == [
        "instrument: unknown instrument 'dpia' (known: iama, fria, huderia)"
    ]


def test_welfare_iama_end_to_end(anon: Any, token_for: Any, world: Any) -> None:
    aid, pid = approved(anon, token_for, world)
    staff = anon.get(f"/api/v1/assessments/{aid}", headers=token_for("editor")).json()["assessment"]
    assert (
        staff["state"] == "approved"
        and staff["approver"] == "approver@a.example"
        and staff["actions"] == ["reopen"]
    )
    listing = anon.get(f"/api/v1/entries/{pid}/assessments").json()
    assert {r["instrument"]: r["level"] for r in listing["requirements"]}["fria"] == "required"
    [status] = listing["status"]
    assert status["done"] and status["approved_at"] and PUBLIC_CANARY in status["public_summary"]
    dash = anon.get("/api/v1/assessment-dashboard?today=2026-12-07", headers=token_for("editor")).json()[
        "items"
    ]
    assert [(d["kind"], d["days_overdue"]) for d in dash] == [("mitigation", 36)]


def test_canaries_across_api_and_exports(anon: Any, token_for: Any, world: Any) -> None:
    aid, _ = approved(anon, token_for, world)
    sup = token_for("supervisor")
    cases = [
        (anon.get(f"/api/v1/assessments/{aid}").text, {PUBLIC_CANARY}, {SUPERVISOR_CANARY, INTERNAL_CANARY}),
        (
            anon.get(f"/api/v1/assessments/{aid}/export.md").text,
            {PUBLIC_CANARY},
            {SUPERVISOR_CANARY, INTERNAL_CANARY},
        ),
        (
            anon.get(f"/api/v1/assessments/{aid}/export.json?variant=internal").text,
            {PUBLIC_CANARY},
            {SUPERVISOR_CANARY, INTERNAL_CANARY},
        ),
        (anon.get(f"/api/v1/assessments/{aid}", headers=sup).text, {SUPERVISOR_CANARY}, {INTERNAL_CANARY}),
        (
            anon.get(f"/api/v1/assessments/{aid}/export.md", headers=sup).text,
            {SUPERVISOR_CANARY},
            {INTERNAL_CANARY},
        ),
        (
            anon.get(f"/api/v1/assessments/{aid}?variant=public", headers=token_for("editor")).text,
            {PUBLIC_CANARY},
            {SUPERVISOR_CANARY, INTERNAL_CANARY},
        ),
        (
            anon.get(f"/api/v1/assessments/{aid}", headers=token_for("editor")).text,
            {PUBLIC_CANARY, SUPERVISOR_CANARY, INTERNAL_CANARY},
            set(),
        ),
    ]
    for text, seen, hidden in cases:
        for c in seen:
            assert c in text
        for c in hidden:
            assert c not in text
    r = anon.get(f"/api/v1/assessments/{aid}/export.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("attachment;")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "Openbare versie" in text and SUPERVISOR_CANARY not in text and INTERNAL_CANARY not in text


def test_drafts_and_unpublished_entries_are_hidden(anon: Any, token_for: Any, world: Any) -> None:
    aid, _ = approved(anon, token_for, world, publish=False)
    assert anon.get(f"/api/v1/assessments/{aid}").status_code == 404
    assert anon.get(f"/api/v1/assessments/{aid}", headers=token_for("supervisor")).status_code == 200
    assert anon.get(f"/api/v1/assessments/{aid}", headers=token_for("editor_b")).status_code == 404


def test_error_bodies_name_field_and_value(anon: Any, token_for: Any, world: Any) -> None:
    ed = token_for("editor")
    pid = public_id(world, make_entry(world))
    aid = anon.post(f"/api/v1/entries/{pid}/assessments", json={"instrument": "fria"}, headers=ed).json()[
        "assessment"
    ]["id"]
    r = anon.put(f"/api/v1/assessments/{aid}", json={"answers": {"b.first_use": "1 januari"}}, headers=ed)
    assert r.status_code == 422
    assert r.json() == {
        "ok": False,
        "status": 422,
        "error": "answers.b.first_use: expects a date YYYY-MM-DD, got '1 januari'",
        "errors": ["answers.b.first_use: expects a date YYYY-MM-DD, got '1 januari'"],
    }
    r = anon.post(
        f"/api/v1/assessments/{aid}/transitions", json={"action": "approve"}, headers=token_for("approver")
    )
    assert r.status_code == 409 and "not possible from state 'draft'" in r.json()["error"]
    r = anon.post(f"/api/v1/assessments/{aid}/transitions", json={"action": "submit"}, headers=ed)
    assert r.status_code == 422 and "answers.a.processes: is required" in r.json()["errors"]
    r = anon.put(f"/api/v1/assessments/{aid}", json={"version": 99, "answers": {}}, headers=ed)
    assert r.status_code == 409 and r.json()["errors"] == ["version: 99 is not the current version 1"]
    r = anon.post(f"/api/v1/entries/{pid}/assessments", json={"instrument": "fria"}, headers=ed)
    assert r.status_code == 409
    r = anon.put(f"/api/v1/assessments/{aid}", json={"answers": {}, "colour": "red"}, headers=ed)
    assert r.status_code == 422 and r.json()["errors"][0].startswith("colour:")


def test_prefill_and_mitigation_update(anon: Any, token_for: Any, world: Any) -> None:
    ed = token_for("editor")
    aid, pid = approved(anon, token_for, world)
    fria = anon.post(f"/api/v1/entries/{pid}/assessments", json={"instrument": "fria"}, headers=ed).json()[
        "assessment"
    ]
    assert fria["prefilled"]["a.processes"] == "iama:3.1"
    assert anon.post(f"/api/v1/assessments/{fria['id']}/prefill", headers=ed).json()["filled"] == []
    r = anon.patch(f"/api/v1/assessments/{aid}/risks/r1/mitigations/m1", json={"status": "done"}, headers=ed)
    assert r.status_code == 200 and r.json()["mitigation"]["status"] == "done"
    r = anon.patch(
        f"/api/v1/assessments/{aid}/risks/r1/mitigations/m1", json={"status": "stalled"}, headers=ed
    )
    assert r.status_code == 422 and "'stalled' is not one of" in r.json()["error"]
    revisions = anon.get(f"/api/v1/assessments/{aid}/revisions", headers=ed).json()["items"]
    assert [r["state"] for r in revisions] == ["approved"]
