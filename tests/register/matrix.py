"""Permission matrix for the register's routes."""

from __future__ import annotations

from tests.matrix_support import Case, MatrixWorld
from tests.register.helpers import create_entry, entry_fields, entry_pk, publish


def setup(m: MatrixWorld) -> dict[str, str]:
    c, ed = m.api("editor")
    ap = m.token_for("approver")
    published = create_entry(c, ed, name="Gepubliceerd systeem")
    publish(c, ed, ap, published)
    draft = create_entry(c, ed, name="Concept systeem")

    draft_pk = entry_pk(m.world.db, draft["id"])
    return {"pub": published["id"], "draft": draft["id"], "draft_pk": str(draft_pk)}


ALL_200 = {r: 200 for r in ("anon", "editor", "approver", "editor_b", "approver_b", "supervisor", "admin")}
STAFF_A = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 404,
    "approver_b": 404,
    "supervisor": 404,
    "admin": 200,
}
PAGE_STAFF_A = {
    "anon": 401,
    "editor": 200,
    "approver": 200,
    "editor_b": 404,
    "approver_b": 404,
    "supervisor": 404,
    "admin": 200,
}

CASES = [
    Case("GET", "/", {r: 303 for r in ALL_200}),
    Case("GET", "/healthz", ALL_200),
    Case("GET", "/register", ALL_200),
    Case("GET", "/register/{pub}", ALL_200),
    Case("GET", "/register/{draft}", {r: 404 for r in ALL_200}),
    Case("GET", "/register/open-data.csv", ALL_200),
    Case("GET", "/register/open-data.json", ALL_200),
    Case("GET", "/login", ALL_200),
    Case("POST", "/login", {"anon": 401}, form={"email": "nobody@x.example", "password": "wrong-password"}),
    Case("POST", "/logout", {r: 303 for r in ALL_200}, form={}),
    Case("GET", "/account/tokens", {"anon": 401, "editor": 200, "supervisor": 200, "admin": 200}),
    Case("POST", "/account/tokens", {"anon": 401, "editor": 200, "supervisor": 200}, form={"name": "script"}),
    Case("GET", "/api/v1/entries", ALL_200),
    Case("GET", "/api/v1/entries/{pub}", ALL_200),
    Case(
        "GET",
        "/api/v1/entries/{draft}",
        {
            "anon": 404,
            "editor": 200,
            "approver": 200,
            "editor_b": 404,
            "approver_b": 404,
            "supervisor": 404,
            "admin": 200,
        },
    ),
    Case(
        "POST",
        "/api/v1/entries",
        {"anon": 401, "editor": 201, "approver": 201, "editor_b": 201, "supervisor": 403, "admin": 403},
        json={"fields": entry_fields(name="Nieuw")},
    ),
    Case(
        "PUT",
        "/api/v1/entries/{draft}",
        {"anon": 401, "editor": 200, "editor_b": 404, "supervisor": 404, "admin": 200},
        json={"version": 1, "fields": entry_fields(name="Bewerkt")},
        fresh=True,
    ),
    Case(
        "POST",
        "/api/v1/entries/{draft}/transitions",
        {"anon": 401, "editor": 200, "approver": 200, "editor_b": 404, "supervisor": 404, "admin": 200},
        json={"action": "submit"},
        fresh=True,
    ),
    Case(
        "POST",
        "/api/v1/entries/{draft}/events",
        {"anon": 401, "editor": 201, "editor_b": 404, "supervisor": 404},
        json={"kind": "put_into_service", "date": "2026-01-01"},
        fresh=True,
    ),
    Case("GET", "/api/v1/entries/{draft}/versions", STAFF_A),
    Case(
        "GET",
        "/api/v1/entries/{pub}/history",
        {"anon": 401, "editor": 200, "editor_b": 403, "supervisor": 200, "admin": 200},
    ),
    Case("GET", "/api/v1/organisations", ALL_200),
    Case("GET", "/org", {"anon": 401, "editor": 200, "approver": 200, "supervisor": 403}),
    Case("GET", "/org/entries/new", {"anon": 401, "editor": 200, "supervisor": 403}),
    Case(
        "POST",
        "/org/entries/new",
        {"anon": 401, "editor": 303, "supervisor": 403},
        form=entry_fields(name="Via formulier", themes="work"),
    ),
    Case("GET", "/org/entries/{draft_pk}", PAGE_STAFF_A),
    Case("GET", "/org/entries/{draft_pk}/edit", PAGE_STAFF_A),
    Case(
        "POST",
        "/org/entries/{draft_pk}/edit",
        {"anon": 401, "editor": 303, "editor_b": 404, "supervisor": 404},
        form={**entry_fields(name="Bewerkt via formulier", themes="work"), "version": "1"},
        fresh=True,
    ),
    Case(
        "POST",
        "/org/entries/{draft_pk}/transition",
        {"anon": 401, "editor": 303, "editor_b": 404, "supervisor": 404},
        form={"action": "submit"},
        fresh=True,
    ),
    Case(
        "POST",
        "/org/entries/{draft_pk}/events",
        {"anon": 401, "editor": 303, "editor_b": 404, "supervisor": 404},
        form={"kind": "placed_on_market", "date": "2026-02-01"},
        fresh=True,
    ),
    Case("GET", "/org/entries/{draft_pk}/versions", PAGE_STAFF_A),
    Case("GET", "/org/entries/{draft_pk}/diff?a=1&b=1", PAGE_STAFF_A),
    Case("GET", "/admin", {"anon": 401, "editor": 403, "supervisor": 403, "admin": 200}),
    Case(
        "POST",
        "/admin/organisations",
        {"anon": 401, "editor": 403, "supervisor": 403, "admin": 303},
        form={"slug": "nieuw-org", "name": "Nieuwe organisatie", "kind": "other"},
        fresh=True,
    ),
    Case(
        "POST",
        "/admin/users",
        {"anon": 401, "editor": 403, "supervisor": 403, "admin": 303},
        form={"email": "new@x.example", "role": "supervisor", "password": "long-enough-pw"},
        fresh=True,
    ),
    Case("GET", "/admin/auditlog", {"anon": 401, "editor": 403, "supervisor": 200, "admin": 200}),
]
