"""Permission matrix for the assessment routes (API and pages)."""

from __future__ import annotations

from tests.assessments.helpers import RISK, complete_iama_answers
from tests.matrix_support import Case, MatrixWorld
from tests.register.helpers import create_entry, publish


def setup(m: MatrixWorld) -> dict[str, str]:
    c, ed = m.api("editor")
    ap = m.token_for("approver")
    pub = create_entry(c, ed, name="Gepubliceerd met toets")
    publish(c, ed, ap, pub)
    approved = c.post(
        f"/api/v1/entries/{pub['id']}/assessments", json={"instrument": "iama"}, headers=ed
    ).json()["assessment"]["id"]
    body = {"answers": complete_iama_answers(), "review_date": "2027-12-01"}
    assert c.put(f"/api/v1/assessments/{approved}", json=body, headers=ed).status_code == 200
    assert c.post(f"/api/v1/assessments/{approved}/risks", json=RISK, headers=ed).status_code == 201
    assert (
        c.post(
            f"/api/v1/assessments/{approved}/transitions", json={"action": "submit"}, headers=ed
        ).status_code
        == 200
    )
    assert (
        c.post(
            f"/api/v1/assessments/{approved}/transitions", json={"action": "approve"}, headers=ap
        ).status_code
        == 200
    )
    hidden = create_entry(c, ed, name="Concept met toets")
    draft = c.post(
        f"/api/v1/entries/{hidden['id']}/assessments", json={"instrument": "iama"}, headers=ed
    ).json()["assessment"]["id"]
    assert c.put(f"/api/v1/assessments/{draft}", json=body, headers=ed).status_code == 200
    assert c.post(f"/api/v1/assessments/{draft}/risks", json=RISK, headers=ed).status_code == 201
    from sqlalchemy import select

    from waarborg.services.unit import unit
    from waarborg.storage.models import Entry

    with unit(m.world.db, write=False) as s:
        pk = s.scalar(select(Entry.id).where(Entry.public_id == hidden["id"]))
    return {
        "pub": pub["id"],
        "hidden": hidden["id"],
        "hidden_pk": str(pk),
        "approved": str(approved),
        "draft": str(draft),
        "fmt": "md",
    }


ROLES = ("anon", "editor", "approver", "editor_b", "approver_b", "supervisor", "admin")
ALL_200 = {r: 200 for r in ROLES}
STAFF_A = {
    "anon": 404,
    "editor": 200,
    "approver": 200,
    "editor_b": 404,
    "approver_b": 404,
    "supervisor": 404,
    "admin": 200,
}
LOGGED_404 = {"anon": 401, "editor_b": 404, "supervisor": 404}
RISK_FORM = {
    "title": "Nieuw risico",
    "right": "Privacy",
    "owner": "CISO",
    "visibility": "internal",
    **{f"f:{k}": v for k, v in RISK["factors"].items()},
}

CASES = [
    Case("GET", "/api/v1/instruments", ALL_200),
    Case("GET", "/api/v1/instruments/iama", ALL_200),
    Case("GET", "/api/v1/entries/{pub}/assessments", ALL_200),
    Case("GET", "/api/v1/entries/{hidden}/assessments", STAFF_A),
    Case(
        "POST",
        "/api/v1/entries/{hidden}/assessments",
        {**LOGGED_404, "editor": 201, "approver": 201, "admin": 201},
        json={"instrument": "huderia"},
        fresh=True,
    ),
    Case("GET", "/api/v1/assessments/{approved}", ALL_200),
    Case("GET", "/api/v1/assessments/{draft}", STAFF_A),
    Case(
        "PUT",
        "/api/v1/assessments/{draft}",
        {**LOGGED_404, "editor": 200, "admin": 200},
        json={"answers": {"1.1": "Bewerkt"}},
    ),
    Case("POST", "/api/v1/assessments/{draft}/prefill", {**LOGGED_404, "editor": 200}),
    Case(
        "POST",
        "/api/v1/assessments/{draft}/transitions",
        {**LOGGED_404, "editor": 200, "admin": 200},
        json={"action": "submit"},
        fresh=True,
    ),
    Case("POST", "/api/v1/assessments/{draft}/risks", {**LOGGED_404, "editor": 201}, json=RISK),
    Case("PUT", "/api/v1/assessments/{draft}/risks/r1", {**LOGGED_404, "editor": 200}, json=RISK),
    Case("DELETE", "/api/v1/assessments/{draft}/risks/r1", {**LOGGED_404, "editor": 200}, fresh=True),
    Case(
        "PATCH",
        "/api/v1/assessments/{approved}/risks/r1/mitigations/m1",
        {**LOGGED_404, "editor": 200, "approver": 200, "approver_b": 404, "admin": 200},
        json={"status": "in_progress"},
    ),
    Case("GET", "/api/v1/assessments/{approved}/revisions", ALL_200),
    Case("GET", "/api/v1/assessments/{approved}/export.{fmt}", ALL_200),
    Case("GET", "/api/v1/assessments/{draft}/export.{fmt}", STAFF_A),
    Case("GET", "/api/v1/assessment-dashboard", {**{r: 200 for r in ROLES}, "anon": 401}),
    Case(
        "POST",
        "/org/entries/{hidden_pk}/assessments",
        {**LOGGED_404, "editor": 303},
        form={"instrument": "huderia"},
        fresh=True,
    ),
    Case("GET", "/assessments/{approved}", ALL_200),
    Case("GET", "/assessments/{draft}", STAFF_A),
    Case("GET", "/assessments/{draft}/edit", {**LOGGED_404, "editor": 200, "approver": 200, "admin": 200}),
    Case(
        "POST",
        "/assessments/{draft}/edit",
        {**LOGGED_404, "editor": 303},
        form={"a:1.1": "Via formulier"},
        fresh=True,
    ),
    Case("POST", "/assessments/{draft}/prefill", {**LOGGED_404, "editor": 303}, form={}),
    Case(
        "POST",
        "/assessments/{draft}/transition",
        {**LOGGED_404, "editor": 303},
        form={"action": "submit"},
        fresh=True,
    ),
    Case("POST", "/assessments/{draft}/risks", {**LOGGED_404, "editor": 303}, form=RISK_FORM),
    Case("POST", "/assessments/{draft}/risks/r1/delete", {**LOGGED_404, "editor": 303}, form={}, fresh=True),
    Case(
        "POST",
        "/assessments/{approved}/risks/r1/mitigations/m1",
        {**LOGGED_404, "editor": 303},
        form={"status": "in_progress"},
    ),
    Case("GET", "/assessments", {**{r: 200 for r in ROLES}, "anon": 401}),
    Case("GET", "/register/{pub}/assessments/{approved}", ALL_200),
]
