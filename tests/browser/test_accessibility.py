"""axe-core reports zero violations on every core page, for each kind of user."""

from __future__ import annotations

import pytest

from tests.register.helpers import create_entry, entry_fields, publish


@pytest.fixture
def entry_pk(anon, token_for, world):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from waarborg.services.unit import unit
    from waarborg.storage.models import Entry

    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(
        anon, ed, goal="Doel", lawful_basis_links=[{"title": "Wet", "link": "https://wetten.example/1"}]
    )
    anon.put(
        f"/api/v1/entries/{e['id']}",
        json={"version": 1, "fields": entry_fields(goal="Nieuw doel")},
        headers=ed,
    )
    publish(anon, ed, ap, e)
    with unit(world.db, write=False) as s:
        return s.scalar(select(Entry.id).where(Entry.public_id == e["id"])), e["id"]


PAGES = {
    None: [
        "/register",
        "/register?q=geen-resultaat&lang=en",
        "/register/{public_id}",
        "/login",
        "/register/WB-NOPE",
    ],
    "editor": [
        "/org",
        "/org/entries/new",
        "/org/entries/{pk}",
        "/org/entries/{pk}/edit",
        "/org/entries/{pk}/versions",
        "/org/entries/{pk}/diff?a=1&b=2",
        "/account/tokens",
    ],
    "admin": ["/admin", "/admin/auditlog"],
}


@pytest.mark.parametrize("role", list(PAGES))
def test_pages_have_no_axe_violations(role, live_server, page, login, axe_check, entry_pk):  # type: ignore[no-untyped-def]
    pk, public_id = entry_pk
    if role:
        login(page, role)
    for path in PAGES[role]:
        page.goto(live_server + path.format(pk=pk, public_id=public_id))
        axe_check(page)
