"""Compliance through the JSON API: generation from the stored classification, measure updates,
review, evidence, auto-satisfaction, re-classification without loss, dashboards."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from tests.compliance.conftest import high_risk_provider, minimal
from tests.compliance.helpers import checklist, classify, cv_entry, measure, patch
from tests.register.helpers import publish
from waarborg.services.unit import unit
from waarborg.storage.models import AuditLog
from waarborg.storage.models_compliance import ComplianceMeasureVersion

PDF = b"%PDF-1.7\n% evidence of AI literacy training\n%%EOF\n"


def setup(anon: Any, token_for: Any, world: Any) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    ed, ap = token_for("editor"), token_for("approver")
    return ed, ap, cv_entry(anon, ed, world.db)


def test_classification_generates_the_checklist(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed, _, entry = setup(anon, token_for, world)
    data = checklist(anon, ed, entry["id"])
    ids = {i["requirement_id"] for i in data["items"]}
    assert {"aia-26-deployer-obligations", "aia-27-fria", "aia-04-ai-literacy", "gdpr-35-dpia"} <= ids
    fria = next(i for i in data["items"] if i["requirement_id"] == "aia-27-fria")
    assert fria["applies_from"] == "2027-12-02" and fria["holders"] == ["deployer"]
    assert fria["obligations"][0]["article"] == "Art. 27"
    assert data["generated"] and data["summary"]["compliant_today"] is False


def test_editor_submits_approver_accepts(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed, ap, entry = setup(anon, token_for, world)
    mid = "aia-04-ai-literacy.plan"
    r = patch(
        anon,
        ed,
        entry["id"],
        mid,
        version=1,
        owner="editor@a.example",
        notes="plan v1",
        links=["https://intranet.example/plan"],
        due="2027-01-31",
    )
    assert r.status_code == 200, r.text
    v = r.json()["measure"]["version"]
    r = patch(anon, ed, entry["id"], mid, version=v, status="in_review")
    assert r.status_code == 200 and r.json()["measure"]["status"] == "in_review"
    v = r.json()["measure"]["version"]
    # the editor cannot accept (role) and nobody can accept their own work
    assert patch(anon, ed, entry["id"], mid, version=v, status="done").status_code == 403
    r = patch(anon, ap, entry["id"], mid, version=v, status="done")
    assert r.status_code == 200, r.text
    m = r.json()["measure"]
    assert m["status"] == "done" and m["accepted_by"] == "approver@a.example"
    hist = anon.get(f"/api/v1/entries/{entry['id']}/compliance/measures/{mid}/history", headers=ed).json()[
        "items"
    ]
    assert [h["version"] for h in hist] == [4, 3, 2, 1] and hist[0]["author"] == "approver@a.example"
    with unit(world.db, write=False) as s:
        actions = [
            a.action for a in s.scalars(select(AuditLog).where(AuditLog.action == "compliance.measure"))
        ]
        assert len(actions) >= 3


def test_owner_who_is_approver_cannot_accept_own_work(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    _, ap, entry = setup(anon, token_for, world)
    mid = "aia-04-ai-literacy.plan"
    r = patch(anon, ap, entry["id"], mid, version=1, status="in_review")
    r = patch(anon, ap, entry["id"], mid, version=r.json()["measure"]["version"], status="done")
    assert r.status_code == 403 and "own work" in r.json()["error"]


def test_errors_name_the_field(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed, _, entry = setup(anon, token_for, world)
    r = patch(anon, ed, entry["id"], "aia-04-ai-literacy.plan", version=1, status="not_applicable")
    assert r.status_code == 422 and r.json()["errors"][0].startswith("reason:")
    r = patch(anon, ed, entry["id"], "aia-04-ai-literacy.plan", version=1, status="finished")
    assert r.status_code == 422 and "finished" in r.json()["errors"][0]
    r = patch(anon, ed, entry["id"], "aia-04-ai-literacy.plan", version=7, notes="x")
    assert r.status_code == 409 and r.json()["errors"][0].startswith("version:")
    r = patch(anon, ed, entry["id"], "no-such.measure", version=1, notes="x")
    assert r.status_code == 404
    r = patch(anon, ed, entry["id"], "aia-04-ai-literacy.plan", version=1, links=["javascript:alert(1)"])
    assert r.status_code == 422 and r.json()["errors"] == [
        "links[0]: 'javascript:alert(1)' is not an http(s) URL or a path inside Waarborg"
    ]
    r = patch(anon, ed, entry["id"], "aia-04-ai-literacy.plan", version=1, colour="red")
    assert r.status_code == 422


def test_evidence_upload_download_and_audit_hash(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed, _, entry = setup(anon, token_for, world)
    url = f"/api/v1/entries/{entry['id']}/compliance/measures/aia-04-ai-literacy.training-records/evidence"
    r = anon.post(url, files={"file": ("training.pdf", PDF, "text/html")}, headers=ed)
    assert r.status_code == 201, r.text
    ev = r.json()["evidence"]
    assert ev["sha256"] == hashlib.sha256(PDF).hexdigest() and ev["media_type"] == "application/pdf"
    d = anon.get(f"/api/v1/entries/{entry['id']}/compliance/evidence/{ev['sha256']}", headers=ed)
    assert d.status_code == 200 and d.content == PDF
    assert d.headers["content-type"] == "application/pdf"
    assert d.headers["content-disposition"].startswith("attachment;")
    assert d.headers["x-content-type-options"] == "nosniff"
    with unit(world.db, write=False) as s:
        rec = s.scalar(select(AuditLog).where(AuditLog.action == "compliance.evidence"))
        assert rec is not None and rec.record["data"]["sha256"] == ev["sha256"]
    assert (
        measure(checklist(anon, ed, entry["id"]), "aia-04-ai-literacy.training-records")["evidence"][0][
            "filename"
        ]
        == "training.pdf"
    )


def test_evidence_limits(anon, token_for, world, settings) -> None:  # type: ignore[no-untyped-def]
    ed, _, entry = setup(anon, token_for, world)
    url = f"/api/v1/entries/{entry['id']}/compliance/measures/aia-04-ai-literacy.plan/evidence"
    html = anon.post(
        url, files={"file": ("x.html", b"<html><script>alert(1)</script>", "text/html")}, headers=ed
    )
    assert html.status_code == 422 and "'x.html'" in html.json()["error"]
    fake = anon.post(url, files={"file": ("x.pdf", b"\x89PNG\r\n\x1a\n0000", "application/pdf")}, headers=ed)
    assert fake.status_code == 422 and "image/png" in fake.json()["error"]
    big = b"%PDF-1.7\n" + b"0" * settings.evidence_max_bytes
    r = anon.post(url, files={"file": ("big.pdf", big, "application/pdf")}, headers=ed)
    assert r.status_code == 413
    missing = anon.get(f"/api/v1/entries/{entry['id']}/compliance/evidence/{'0' * 64}", headers=ed)
    assert missing.status_code == 404


def test_published_entry_satisfies_registration_and_retraction_reopens(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed, ap, entry = setup(anon, token_for, world)
    publish(anon, ed, ap, entry)
    m = measure(checklist(anon, ed, entry["id"]), "aia-49-registration.register")
    assert m["status"] == "done" and m["satisfied_by"]["event"] == "entry.published"
    version = anon.get(f"/api/v1/entries/{entry['id']}", headers=ed).json()["entry"]["version"]
    r = anon.post(
        f"/api/v1/entries/{entry['id']}/transitions",
        json={"action": "retract", "version": version},
        headers=ap,
    )
    assert r.status_code == 200, r.text
    assert (
        measure(checklist(anon, ed, entry["id"]), "aia-49-registration.register")["status"] == "in_progress"
    )


def test_reclassification_keeps_recorded_work(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed, _, entry = setup(anon, token_for, world)
    r = patch(
        anon, ed, entry["id"], "aia-27-fria.assessment", version=1, notes="IAMA gestart", status="in_progress"
    )
    assert r.status_code == 200
    classify(world.db, entry["id"], minimal())
    data = checklist(anon, ed, entry["id"])
    fria = next(i for i in data["items"] if i["requirement_id"] == "aia-27-fria")
    assert fria["applicability"] == "no-longer-applicable"
    assert fria["measures"][0]["notes"] == "IAMA gestart" and fria["measures"][0]["status"] == "in_progress"
    classify(world.db, entry["id"], high_risk_provider())
    data = checklist(anon, ed, entry["id"])
    assert any(i["requirement_id"] == "aia-09-risk-management" for i in data["items"])
    with unit(world.db, write=False) as s:
        assert (
            s.scalar(select(ComplianceMeasureVersion).where(ComplianceMeasureVersion.version == 2))
            is not None
        )


def test_manual_generation_and_dashboard(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed, _, entry = setup(anon, token_for, world)
    r = anon.post(f"/api/v1/entries/{entry['id']}/compliance/generate", headers=ed)
    assert r.status_code == 200 and r.json()["changes"] == []
    dash = anon.get("/api/v1/compliance/dashboard", headers=ed).json()
    assert dash["organisation"] == "org-a" and dash["totals"]["systems"] == 1
    row = dash["systems"][0]
    assert row["entry"] == entry["id"] and row["compliant_today"] is False
    later = anon.get("/api/v1/compliance/dashboard", params={"today": "2027-12-02"}, headers=ed).json()
    assert later["systems"][0]["totals"]["binding_today"] > row["totals"]["binding_today"]
    bad = anon.get("/api/v1/compliance/dashboard", params={"today": "2027-13-40"}, headers=ed)
    assert bad.status_code == 422 and bad.json()["errors"][0].startswith("today:")


def test_supervisor_reads_published_status_without_notes(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed, ap, entry = setup(anon, token_for, world)
    canary = "CANARY-internal-note-4711"
    patch(anon, ed, entry["id"], "aia-04-ai-literacy.plan", version=1, notes=canary)
    sup = token_for("supervisor")
    assert anon.get(f"/api/v1/entries/{entry['id']}/compliance", headers=sup).status_code == 404
    publish(anon, ed, ap, entry)
    r = anon.get(f"/api/v1/entries/{entry['id']}/compliance", headers=sup)
    assert r.status_code == 200 and canary not in r.text
    hist = anon.get(
        f"/api/v1/entries/{entry['id']}/compliance/measures/aia-04-ai-literacy.plan/history", headers=sup
    )
    assert hist.status_code == 200 and canary not in hist.text
    assert patch(anon, sup, entry["id"], "aia-04-ai-literacy.plan", version=2, notes="x").status_code == 403
    dash = anon.get("/api/v1/compliance/dashboard", headers=sup).json()
    assert [s["entry"] for s in dash["systems"]] == [entry["id"]]
    assert canary in anon.get(f"/api/v1/entries/{entry['id']}/compliance", headers=ed).text
