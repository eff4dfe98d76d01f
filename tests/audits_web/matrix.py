"""Permission matrix for bias-audit routes."""

from __future__ import annotations

from sqlalchemy import select

from tests.audits_web.helpers import MAPPING, decision_log_csv, upload_log
from tests.matrix_support import Case, MatrixWorld
from tests.register.helpers import create_entry, entry_pk
from waarborg.services.unit import unit
from waarborg.storage.models_audits import AuditFinding


def setup(m: MatrixWorld) -> dict[str, str]:
    c, ed = m.api("editor")
    e = create_entry(c, ed, name="Audit systeem")
    r = upload_log(c, ed, e["id"])
    assert r.status_code == 202, r.text
    audit_id = r.json()["audit"]["id"]
    pk = entry_pk(m.world.db, e["id"])
    with unit(m.world.db, write=False) as s:
        fid = s.scalar(select(AuditFinding.id).where(AuditFinding.audit_id == audit_id))
    return {"entry": e["id"], "pk": str(pk), "audit": str(audit_id), "finding": str(fid)}


STAFF = {"anon": 401, "editor": 200, "approver": 200, "editor_b": 404, "supervisor": 200, "admin": 200}
ENTRY_STAFF = {"anon": 401, "editor": 200, "approver": 200, "editor_b": 404, "supervisor": 404, "admin": 200}

CASES = [
    Case(
        "POST",
        "/api/v1/entries/{entry}/audits",
        {"anon": 401, "editor": 202, "editor_b": 404, "supervisor": 404},
        form=MAPPING,
        files={"file": ("log.csv", decision_log_csv(), "text/csv")},
    ),
    Case("GET", "/api/v1/audits/{audit}", STAFF),
    Case("GET", "/api/v1/entries/{entry}/audits", ENTRY_STAFF),
    Case(
        "PUT",
        "/api/v1/entries/{entry}/audit-thresholds",
        {"anon": 401, "editor": 200, "editor_b": 404, "supervisor": 404, "admin": 200},
        json={"thresholds": {"min_disparate_impact_ratio": 0.9}},
    ),
    Case("GET", "/api/v1/findings", {"anon": 401, "editor": 200, "editor_b": 200, "supervisor": 200}),
    Case(
        "POST",
        "/api/v1/findings/{finding}/status",
        {"anon": 401, "editor": 200, "editor_b": 403, "supervisor": 403},
        json={"status": "acknowledged"},
    ),
    Case("GET", "/org/entries/{pk}/audits", ENTRY_STAFF),
    Case(
        "POST",
        "/org/entries/{pk}/audits",
        {"anon": 401, "editor": 303, "editor_b": 404, "supervisor": 404},
        form=MAPPING,
        files={"file": ("log.csv", decision_log_csv(), "text/csv")},
    ),
    Case(
        "POST",
        "/org/entries/{pk}/audit-thresholds",
        {"anon": 401, "editor": 303, "editor_b": 404, "supervisor": 404},
        form={"thresholds": "min_disparate_impact_ratio = 0.8"},
    ),
    Case("GET", "/org/audits/{audit}", STAFF),
    Case("GET", "/org/audits/{audit}/report", STAFF),
    Case("GET", "/org/audits/{audit}/result.json", STAFF),
    Case(
        "POST",
        "/org/findings/{finding}/status",
        {"anon": 401, "editor": 303, "editor_b": 403, "supervisor": 403},
        form={"status": "resolved"},
    ),
]
