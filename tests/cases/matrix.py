"""Permission matrix for the remedies and oversight routes.

A status link opens its own case for whoever holds it; organisations see only their own cases; supervisors
see all cases (personal data only once escalated); admins manage accounts and have no access to cases.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.cases.fixtures import LINKS, published_entry
from tests.matrix_support import Case, MatrixWorld
from waarborg.services import case_intake, oversight
from waarborg.services.unit import unit
from waarborg.storage.models_cases import CaseAttachment

PDF = b"%PDF-1.7\n%%EOF"
ROLES = ("anon", "editor", "approver", "editor_b", "approver_b", "supervisor", "admin")


def setup(m: MatrixWorld) -> dict[str, str]:
    pid = published_entry(m.client_for, m.token_for)
    supervisor = m.world.actor("supervisor@test.example")
    form = {
        "case_type": "complaint",
        "description": "Matrix: een klacht over dit systeem.",
        "email": "m@example.org",
    }
    with unit(m.world.db) as s:
        case, token = case_intake.submit(s, LINKS, pid, form, [("besluit.pdf", PDF)], address="203.0.113.9")
        att = s.scalar(select(CaseAttachment.id).where(CaseAttachment.case_id == case.id))
        inv = oversight.open_investigation(
            s, supervisor, pid, origin="own_initiative", reason="Matrix-onderzoek."
        )
        measure = oversight.issue_measure(
            s,
            supervisor,
            inv,
            kind="request-information",
            legal_basis=["ai-act-21"],
            reasoning="Lever de logbestanden van het systeem aan.",
            today=date.today(),
        )
        return {
            "pid": pid,
            "token": token,
            "number": case.number,
            "att": str(att),
            "inv": inv.number,
            "m": measure.number,
        }


def every(status: int) -> dict[str, int]:
    return {r: status for r in ROLES}


STAFF_READ = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 404,
    "approver_b": 404,
    "supervisor": 200,
    "admin": 403,
}
LINK = {  # a risk keeps a free-text reference; bias findings are checked (tests/cases/test_links.py)
    "step": "link_finding",
    "reason": "Hangt samen met risico R-1.",
    "link_kind": "risk",
    "link_ref": "R-1",
}
RESPOND = {"step": "respond", "reason": "De logbestanden zijn aangeleverd."}
INCIDENT = {"categories": ["other"], "aware_on": "2026-12-01", "description": "Storing in de score."}
MEASURE = {
    "kind": "request-information",
    "legal_basis": ["ai-act-21"],
    "reasoning": "Lever de logbestanden aan, graag.",
}
INVESTIGATE = {"origin": "own_initiative", "reason": "Onderzoek op eigen initiatief."}

CASES = [
    Case("GET", "/register/{pid}/complaint", every(200)),
    Case("GET", "/register/{pid}/explanation", every(200)),
    Case("POST", "/register/{pid}/complaint", every(422), form={"description": ""}),
    Case("POST", "/register/{pid}/explanation", every(422), form={"description": ""}),
    Case("GET", "/status/{token}", every(200)),
    Case("POST", "/status/{token}/steps", every(409), form={"step": "accept"}),
    Case("GET", "/statistics", every(200)),
    Case(
        "GET",
        "/org/cases",
        {
            "anon": 401,
            "editor": 200,
            "approver": 200,
            "editor_b": 200,
            "approver_b": 200,
            "supervisor": 403,
            "admin": 403,
        },
    ),
    Case("GET", "/cases/{number}", STAFF_READ),
    Case(
        "POST",
        "/cases/{number}/steps",
        {"anon": 401, "editor": 303, "approver": 303, "editor_b": 404, "supervisor": 303, "admin": 403},
        form=LINK,
    ),
    Case(
        "GET",
        "/cases/{number}/attachments/{att}",
        {"anon": 401, "editor": 200, "approver": 200, "editor_b": 404, "supervisor": 404, "admin": 403},
    ),
    Case(
        "POST",
        "/cases/{inv}/measures",
        {"anon": 401, "editor": 403, "editor_b": 404, "supervisor": 303, "admin": 403},
        form=MEASURE,
    ),
    Case("GET", "/measures/{m}", STAFF_READ),
    Case(
        "POST",
        "/measures/{m}/steps",
        {"anon": 401, "editor": 303, "approver": 303, "editor_b": 404, "supervisor": 403, "admin": 403},
        form=RESPOND,
    ),
    # the page forms name the entry in a field; an unknown entry reads as not found to staff
    Case(
        "POST",
        "/org/incidents",
        {"anon": 401, "editor": 404, "editor_b": 404, "supervisor": 404, "admin": 403},
        form={"entry": "WB-UNKNOWN", **INCIDENT},
    ),
    Case(
        "GET",
        "/supervisor",
        {"anon": 401, "editor": 403, "approver": 403, "editor_b": 403, "supervisor": 200, "admin": 403},
    ),
    Case(
        "POST",
        "/supervisor/investigations",
        {"anon": 401, "editor": 403, "supervisor": 404, "admin": 403},
        form={"entry": "WB-UNKNOWN", **INVESTIGATE},
    ),
    Case(
        "POST",
        "/api/v1/register/{pid}/cases",
        every(422),
        json={"case_type": "complaint", "description": "kort"},
    ),
    Case("GET", "/api/v1/status/{token}", every(200)),
    Case("POST", "/api/v1/status/{token}/steps", every(409), json={"step": "accept"}),
    Case(
        "GET", "/api/v1/cases", {"anon": 401, "editor": 200, "editor_b": 200, "supervisor": 200, "admin": 403}
    ),
    Case("GET", "/api/v1/cases/{number}", STAFF_READ),
    Case(
        "POST",
        "/api/v1/cases/{number}/steps",
        {"anon": 401, "editor": 200, "approver": 200, "editor_b": 404, "supervisor": 200, "admin": 403},
        json=LINK,
    ),
    Case(
        "POST",
        "/api/v1/entries/{pid}/incidents",
        {"anon": 401, "editor": 201, "approver": 201, "editor_b": 403, "supervisor": 403, "admin": 403},
        json={**INCIDENT, "categories": ["death"]},
    ),
    Case(
        "POST",
        "/api/v1/entries/{pid}/fria-notifications",
        {"anon": 401, "editor": 403, "approver": 201, "approver_b": 403, "supervisor": 403, "admin": 403},
        json={"summary": "FRIA afgerond; risico's beperkt."},
    ),
    Case(
        "POST",
        "/api/v1/entries/{pid}/investigations",
        {"anon": 401, "editor": 403, "supervisor": 201, "admin": 403},
        json=INVESTIGATE,
    ),
    Case(
        "POST",
        "/api/v1/cases/{inv}/measures",
        {"anon": 401, "editor": 403, "editor_b": 403, "supervisor": 201, "admin": 403},
        json=MEASURE,
    ),
    Case("GET", "/api/v1/measures/{m}", STAFF_READ),
    Case(
        "POST",
        "/api/v1/measures/{m}/steps",
        {"anon": 401, "editor": 200, "editor_b": 404, "supervisor": 403, "admin": 403},
        json=RESPOND,
    ),
    Case("GET", "/api/v1/statistics", every(200)),
]
