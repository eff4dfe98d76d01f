"""Builders for register tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from waarborg.services.unit import unit
from waarborg.storage.models import Entry


def entry_fields(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Risicoscore bijstand",
        "description_short": "Schat de kans op onrechtmatigheid van een aanvraag.",
        "status": "in_use",
        "contact_email": "algoritmes@alfa.example",
        "publication_category": "high_risk_ai",
        "themes": ["social_security"],
        "risk_class": "high-risk",
    }
    base.update(overrides)
    return base


def create_entry(client: Any, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    r = client.post("/api/v1/entries", json={"fields": entry_fields(**overrides)}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()["entry"]


def publish(
    client: Any, editor: dict[str, str], approver: dict[str, str], entry: dict[str, Any]
) -> dict[str, Any]:
    r = client.post(f"/api/v1/entries/{entry['id']}/transitions", json={"action": "submit"}, headers=editor)
    assert r.status_code == 200, r.text
    version = r.json()["entry"]["version"]
    r = client.post(
        f"/api/v1/entries/{entry['id']}/transitions",
        json={"action": "publish", "version": version},
        headers=approver,
    )
    assert r.status_code == 200, r.text
    return r.json()["entry"]


def entry_pk(db: Any, public_id: str) -> int:
    """The numeric id of an entry (the organisation's pages use it) from its public id."""
    with unit(db, write=False) as s:
        pk = s.scalar(select(Entry.id).where(Entry.public_id == public_id))
    assert pk is not None
    return int(pk)
