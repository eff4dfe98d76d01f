"""Permission matrix for the classification routes."""

from __future__ import annotations

from tests.classification_web.helpers import CV, entry_pk, form_for, new_entry
from tests.matrix_support import Case, MatrixWorld
from tests.register.helpers import publish


def setup(m: MatrixWorld) -> dict[str, str]:
    c, ed = m.api("editor")
    draft = new_entry(c, ed, name="Concept CV-selectie")
    r = c.post(f"/api/v1/entries/{draft['id']}/classification", json={"profile": CV}, headers=ed)
    assert r.status_code == 201, r.text
    pub = new_entry(c, ed, name="Gepubliceerde CV-selectie", risk_class="high-risk")
    c.post(f"/api/v1/entries/{pub['id']}/classification", json={"profile": CV}, headers=ed)
    publish(c, ed, m.token_for("approver"), pub)
    return {
        "draft": draft["id"],
        "draft_pk": str(entry_pk(m.world.db, draft["id"])),
        "pub": pub["id"],
        "pub_pk": str(entry_pk(m.world.db, pub["id"])),
    }


EVERYONE = ("anon", "editor", "approver", "editor_b", "approver_b", "supervisor", "admin")
ALL_200 = {r: 200 for r in EVERYONE}
# Staff of org-a (and admins); unpublished entries read as not found to everyone else.
STAFF_DRAFT = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 404,
    "approver_b": 404,
    "supervisor": 404,
    "admin": 200,
}
STAFF_PUBLISHED = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 403,
    "approver_b": 403,
    "supervisor": 403,
    "admin": 200,
}

PAGE_DRAFT = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 404,
    "approver_b": 404,
    "supervisor": 404,
    "admin": 200,
}
PAGE_PUBLISHED = {"anon": 401, "editor": 200, "editor_b": 403, "supervisor": 403, "admin": 200}
CLASSIFY = form_for(CV, action="classify")

CASES = [
    Case("GET", "/classify", ALL_200),
    Case("POST", "/classify", ALL_200, form=CLASSIFY),
    Case("GET", "/org/entries/{draft_pk}/classify", PAGE_DRAFT),
    Case("GET", "/org/entries/{pub_pk}/classify", PAGE_PUBLISHED),
    Case("POST", "/org/entries/{draft_pk}/classify", PAGE_DRAFT, form=CLASSIFY),
    Case(
        "POST",
        "/org/entries/{pub_pk}/classify",
        {"anon": 401, "editor": 303, "approver": 303, "editor_b": 403, "supervisor": 403, "admin": 303},
        form=form_for(CV, action="save"),
        fresh=True,
    ),
    Case("GET", "/org/entries/{draft_pk}/classification", PAGE_DRAFT),
    Case("GET", "/org/entries/{pub_pk}/classification", PAGE_PUBLISHED),
    Case("GET", "/org/entries/{draft_pk}/classification.md", PAGE_DRAFT),
    Case("GET", "/org/entries/{pub_pk}/classification.md", PAGE_PUBLISHED),
    Case(
        "GET",
        "/org/entries/{draft_pk}/classification.pdf",
        {"anon": 401, "editor": 200, "editor_b": 404, "supervisor": 404},
    ),
    Case("POST", "/api/v1/classify", ALL_200, json={"profile": CV}),
    Case("GET", "/api/v1/classify/schema", ALL_200),
    Case("GET", "/api/v1/entries/{draft}/classification", STAFF_DRAFT),
    Case("GET", "/api/v1/entries/{pub}/classification", STAFF_PUBLISHED),
    Case(
        "POST",
        "/api/v1/entries/{draft}/classification",
        {"anon": 401, "editor": 201, "approver": 201, "editor_b": 404, "supervisor": 404, "admin": 201},
        json={"profile": CV},
    ),
    Case(
        "POST",
        "/api/v1/entries/{pub}/classification",
        {"anon": 401, "editor": 201, "editor_b": 403, "supervisor": 403},
        json={"profile": CV},
        fresh=True,
    ),
]
