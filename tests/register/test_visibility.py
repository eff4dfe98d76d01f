"""Visibility canaries: supervisor-only and internal content never reaches a public output."""

from __future__ import annotations

import pytest

from tests.register.helpers import create_entry, publish

SUP = "CANARY-SUPERVISOR-7f3a"
INT = "CANARY-INTERNAL-91bc"
OVR = "CANARY-OVERRIDE-55d0"


@pytest.fixture
def secret_entry(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    r = anon.post(
        "/api/v1/entries",
        headers=ed,
        json={
            "fields": {
                "name": "Canarysysteem",
                "description_short": "Heeft geheime velden.",
                "status": "in_use",
                "contact_email": "a@alfa.example",
                "publication_category": "impactful",
                "certificate": SUP,
                "security_measures": SUP,
                "internal_notes": INT,
                "goal": OVR,
            },
            "visibility": {"goal": "internal"},
        },
    )
    assert r.status_code == 201, r.text
    e = r.json()["entry"]
    publish(anon, ed, ap, e)
    return e


def _public_outputs(client, entry_id):  # type: ignore[no-untyped-def]
    return {
        "list page": client.get("/register").text,
        "search page": client.get("/register?q=canarysysteem").text,
        "entry page": client.get(f"/register/{entry_id}").text,
        "entry page en": client.get(f"/register/{entry_id}?lang=en").text,
        "api list": client.get("/api/v1/entries").text,
        "api entry": client.get(f"/api/v1/entries/{entry_id}").text,
        "csv": client.get("/register/open-data.csv").text,
        "json": client.get("/register/open-data.json").text,
    }


def test_public_outputs_show_no_restricted_field(anon, secret_entry):  # type: ignore[no-untyped-def]
    outputs = _public_outputs(anon, secret_entry["id"])
    assert "Canarysysteem" in outputs["entry page"] and "Canarysysteem" in outputs["csv"]
    for name, text in outputs.items():
        for canary in (SUP, INT, OVR):
            assert canary not in text, f"{canary} leaked in {name}"


def test_other_organisations_staff_see_only_public(client_for, token_for, anon, secret_entry):  # type: ignore[no-untyped-def]
    other = client_for("editor_b")
    for name, text in _public_outputs(other, secret_entry["id"]).items():
        for canary in (SUP, INT, OVR):
            assert canary not in text, f"{canary} leaked to another organisation in {name}"
    api = anon.get(f"/api/v1/entries/{secret_entry['id']}", headers=token_for("editor_b")).text
    assert SUP not in api and INT not in api


def test_supervisor_sees_supervisor_fields_but_not_internal(anon, token_for, client_for, secret_entry):  # type: ignore[no-untyped-def]
    api = anon.get(f"/api/v1/entries/{secret_entry['id']}", headers=token_for("supervisor")).json()
    assert api["entry"]["fields"]["certificate"] == SUP
    assert "internal_notes" not in api["entry"]["fields"] and "goal" not in api["entry"]["fields"]
    page = client_for("supervisor").get(f"/register/{secret_entry['id']}").text
    assert SUP in page and INT not in page and OVR not in page


def test_owning_staff_see_everything(anon, token_for, secret_entry):  # type: ignore[no-untyped-def]
    fields = anon.get(f"/api/v1/entries/{secret_entry['id']}", headers=token_for("editor")).json()["entry"][
        "fields"
    ]
    assert fields["internal_notes"] == INT and fields["goal"] == OVR and fields["certificate"] == SUP


def test_visibility_cannot_be_loosened_or_set_on_locked_fields(anon, token_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    r = anon.put(
        f"/api/v1/entries/{e['id']}",
        headers=ed,
        json={
            "version": 1,
            "fields": {
                "name": "X",
                "description_short": "Y",
                "status": "in_use",
                "contact_email": "a@b.nl",
                "publication_category": "other",
            },
            "visibility": {"internal_notes": "public", "name": "internal", "goal": "secret"},
        },
    )
    assert r.status_code == 422
    assert set(r.json()["errors"]) == {
        "visibility.internal_notes: cannot be less restrictive than the default 'internal'",
        "visibility.name: this field is always public",
        "visibility.goal: 'secret' is not one of public, supervisor, internal",
    }
