"""Permission matrix for the compliance routes (run by tests/test_route_matrix.py)."""

from __future__ import annotations

from tests.compliance.helpers import cv_entry
from tests.matrix_support import Case, MatrixWorld
from tests.register.helpers import publish

PDF = b"%PDF-1.7\n% matrix evidence\n%%EOF\n"


def setup(m: MatrixWorld) -> dict[str, str]:
    c, ed = m.api("editor")
    ap = m.token_for("approver")
    draft = cv_entry(c, ed, m.world.db, name="Concept werving")
    pub = cv_entry(c, ed, m.world.db, name="Gepubliceerde werving")
    publish(c, ed, ap, pub)
    r = c.post(
        f"/api/v1/entries/{pub['id']}/compliance/measures/aia-04-ai-literacy.plan/evidence",
        files={"file": ("plan.pdf", PDF, "application/pdf")},
        headers=ed,
    )
    assert r.status_code == 201, r.text
    return {
        "draft": draft["id"],
        "pub": pub["id"],
        "sha": r.json()["evidence"]["sha256"],
        "m": "aia-04-ai-literacy.plan",
        "m2": "aia-04-ai-literacy.system-briefing",
    }


DRAFT_VIEW = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 404,
    "approver_b": 404,
    "supervisor": 404,
    "admin": 200,
}
PUB_VIEW = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 403,
    "approver_b": 403,
    "supervisor": 200,
    "admin": 200,
}
SIGNED_IN = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 200,
    "approver_b": 200,
    "supervisor": 200,
    "admin": 200,
}
API = "/api/v1/entries/{%s}/compliance"

CASES = [
    Case("GET", API % "draft", DRAFT_VIEW),
    Case("GET", API % "pub", PUB_VIEW),
    Case(
        "POST",
        API % "draft" + "/generate",
        {"anon": 401, "editor": 200, "approver": 200, "editor_b": 404, "supervisor": 404, "admin": 200},
    ),
    Case("POST", API % "pub" + "/generate", {"editor": 200, "editor_b": 403, "supervisor": 403}),
    # one succeeding role per state-changing case, so no fresh setup is needed (approver/admin: test_api)
    Case(
        "PATCH",
        API % "draft" + "/measures/{m}",
        {"anon": 401, "editor": 200, "editor_b": 404, "supervisor": 404},
        json={"version": 1, "notes": "matrix"},
    ),
    Case(
        "PATCH",
        API % "pub" + "/measures/{m}",
        {"editor_b": 403, "supervisor": 403},
        json={"version": 2, "notes": "matrix"},
    ),
    Case("GET", API % "pub" + "/measures/{m}/history", PUB_VIEW),
    Case(
        "POST",
        API % "pub" + "/measures/{m}/evidence",
        {"anon": 401, "editor": 422, "approver": 422, "editor_b": 403, "supervisor": 403, "admin": 422},
    ),
    Case("GET", API % "pub" + "/evidence/{sha}", PUB_VIEW),
    Case("GET", API % "draft" + "/evidence/{sha}", {"editor": 404, "editor_b": 404, "supervisor": 404}),
    Case("GET", "/api/v1/compliance/dashboard", SIGNED_IN),
    Case("GET", "/compliance", SIGNED_IN),
    Case("GET", "/compliance.csv", SIGNED_IN),
    Case("GET", "/compliance.pdf", {"anon": 401, "supervisor": 200}),
    Case("GET", "/compliance/entries/{draft}", DRAFT_VIEW),
    Case("GET", "/compliance/entries/{pub}", PUB_VIEW),
    Case(
        "POST",
        "/compliance/entries/{draft}/generate",
        {"anon": 401, "editor": 303, "approver": 303, "editor_b": 404, "supervisor": 404, "admin": 303},
        form={},
    ),
    Case("POST", "/compliance/entries/{pub}/generate", {"editor_b": 403, "supervisor": 403}, form={}),
    Case(
        "POST",
        "/compliance/entries/{draft}/measures/{m2}",
        {"anon": 401, "editor": 303, "editor_b": 404, "supervisor": 404},
        form={"version": "1", "status": "in_progress"},
    ),
    Case(
        "POST",
        "/compliance/entries/{pub}/measures/{m}",
        {"editor_b": 403, "supervisor": 403},
        form={"version": "2", "status": "in_progress"},
    ),
    Case(
        "POST",
        "/compliance/entries/{pub}/measures/{m}/evidence",
        {"anon": 401, "editor": 422, "editor_b": 403, "supervisor": 403},
        form={},
    ),
    Case("GET", "/compliance/entries/{pub}/evidence/{sha}", PUB_VIEW),
    Case("GET", "/compliance/entries/{pub}/report.csv", PUB_VIEW),
    Case("GET", "/compliance/entries/{draft}/report.csv", DRAFT_VIEW),
    Case("GET", "/compliance/entries/{pub}/report.pdf", {"anon": 401, "editor": 200, "editor_b": 403}),
]
