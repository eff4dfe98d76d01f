"""Optimistic locking: two editors save the same version; the second gets a conflict, nothing is lost."""

from __future__ import annotations

from tests.register.helpers import create_entry, entry_fields, entry_pk


def test_api_second_save_of_same_version_conflicts(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(anon, ed)
    first = anon.put(
        f"/api/v1/entries/{e['id']}",
        json={"version": 1, "fields": entry_fields(goal="Doel van A")},
        headers=ed,
    )
    assert first.status_code == 200 and first.json()["entry"]["version"] == 2
    second = anon.put(
        f"/api/v1/entries/{e['id']}",
        json={"version": 1, "fields": entry_fields(goal="Doel van B")},
        headers=ap,
    )
    assert second.status_code == 409
    body = second.json()
    assert body["ok"] is False and body["status"] == 409
    assert body["errors"] == ["version: 1 is not the current version 2"]
    versions = anon.get(f"/api/v1/entries/{e['id']}/versions", headers=ed).json()["items"]
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["fields"]["goal"] == "Doel van A"


def test_form_conflict_keeps_what_the_user_typed(client_for, anon, token_for, world):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    pk = entry_pk(world.db, e["id"])
    anon.put(
        f"/api/v1/entries/{e['id']}", json={"version": 1, "fields": entry_fields(goal="Eerst")}, headers=ed
    )
    browser = client_for("approver")
    form = {**entry_fields(goal="Mijn zorgvuldig getypte tekst", themes="work"), "version": "1"}
    form.pop("themes")
    r = browser.post_form(f"/org/entries/{pk}/edit", form)
    assert r.status_code == 409
    assert "Mijn zorgvuldig getypte tekst" in r.text
    assert "Iemand anders heeft deze registratie intussen opgeslagen" in r.text
