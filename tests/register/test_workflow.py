"""Draft → in review → published → retracted / archived, with four eyes and per-role rules."""

from __future__ import annotations

from tests.register.helpers import create_entry, entry_fields, publish


def _act(client, headers, entry_id, action, version=None):  # type: ignore[no-untyped-def]
    body = {"action": action} | ({"version": version} if version is not None else {})
    return client.post(f"/api/v1/entries/{entry_id}/transitions", json=body, headers=headers)


def test_editor_cannot_publish(anon, token_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    assert _act(anon, ed, e["id"], "submit").status_code == 200
    r = _act(anon, ed, e["id"], "publish")
    assert r.status_code == 409
    assert r.json()["error"].startswith("role editor may not publish")


def test_four_eyes_author_cannot_publish_own_version(anon, token_for):  # type: ignore[no-untyped-def]
    ap = token_for("approver")
    e = create_entry(anon, ap)
    assert _act(anon, ap, e["id"], "submit").status_code == 200
    r = _act(anon, ap, e["id"], "publish")
    assert r.status_code == 409
    assert "four-eyes" in r.json()["error"]
    assert anon.get(f"/api/v1/entries/{e['id']}").status_code == 404


def test_forbidden_transitions_name_the_allowed_ones(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(anon, ed)
    r = _act(anon, ap, e["id"], "publish")
    assert r.status_code == 409
    assert r.json()["error"] == "cannot publish an entry that is draft; allowed: archive, submit"
    assert _act(anon, ap, e["id"], "retract").status_code == 409
    r = _act(anon, ap, e["id"], "fly")
    assert r.status_code == 422 and r.json()["errors"][0].startswith("action: 'fly' is not one of")


def test_publish_needs_the_reviewed_version(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(anon, ed)
    _act(anon, ed, e["id"], "submit")
    r = _act(anon, ap, e["id"], "publish", version=7)
    assert r.status_code == 409 and "version" in r.json()["errors"][0]


def test_edit_after_publication_keeps_the_public_snapshot_until_republished(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(anon, ed, name="Eerste naam")
    publish(anon, ed, ap, e)
    r = anon.put(
        f"/api/v1/entries/{e['id']}",
        json={"version": 1, "fields": entry_fields(name="Tweede naam")},
        headers=ed,
    )
    assert r.status_code == 200 and r.json()["entry"]["status"] == "draft"
    assert anon.get(f"/api/v1/entries/{e['id']}").json()["entry"]["fields"]["name"] == "Eerste naam"
    # The published entry can still be retracted while its working copy is a draft.
    assert _act(anon, ap, e["id"], "retract").status_code == 200
    assert anon.get(f"/api/v1/entries/{e['id']}").status_code == 404
    assert anon.get("/api/v1/entries").json()["total"] == 0
    assert _act(anon, ed, e["id"], "submit").status_code == 200
    assert _act(anon, ap, e["id"], "publish", version=2).status_code == 200
    assert anon.get(f"/api/v1/entries/{e['id']}").json()["entry"]["fields"]["name"] == "Tweede naam"


def test_archive_removes_from_public_register_and_blocks_edits(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(anon, ed)
    publish(anon, ed, ap, e)
    assert _act(anon, ap, e["id"], "archive").status_code == 200
    assert anon.get(f"/register/{e['id']}").status_code == 404
    r = anon.put(f"/api/v1/entries/{e['id']}", json={"version": 1, "fields": entry_fields()}, headers=ed)
    assert r.status_code == 422 and r.json()["errors"] == ["status: an archived entry cannot be edited"]


def test_every_transition_is_in_the_audit_log(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap, sup = token_for("editor"), token_for("approver"), token_for("supervisor")
    e = create_entry(anon, ed)
    publish(anon, ed, ap, e)
    items = anon.get(f"/api/v1/entries/{e['id']}/history", headers=sup).json()["items"]
    assert [i["action"] for i in items] == ["entry.publish", "entry.submit", "entry.created"]
    assert items[0]["actor"] == "approver@a.example"


def test_substantial_modification_flags_for_reclassification(anon, token_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    r = anon.post(
        f"/api/v1/entries/{e['id']}/events",
        json={"kind": "put_into_service", "date": "2025-01-01"},
        headers=ed,
    )
    assert r.status_code == 201 and r.json()["needs_reclassification"] is False
    r = anon.post(
        f"/api/v1/entries/{e['id']}/events",
        json={"kind": "substantial_modification", "date": "2026-11-01", "note": "nieuw model"},
        headers=ed,
    )
    assert r.status_code == 201 and r.json()["needs_reclassification"] is True
    got = anon.get(f"/api/v1/entries/{e['id']}", headers=ed).json()["entry"]
    assert got["needs_reclassification"] is True
    r = anon.post(
        f"/api/v1/entries/{e['id']}/events", json={"kind": "exploded", "date": "2026-11-01"}, headers=ed
    )
    assert r.status_code == 422 and r.json()["errors"][0].startswith("kind: 'exploded' is not one of")
