"""Builders for compliance tests that need the database and the web app."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.compliance.conftest import cv_screening_deployer
from tests.register.helpers import create_entry
from waarborg.services import events
from waarborg.services.bootstrap import cli_actor
from waarborg.services.unit import unit
from waarborg.storage.db import Database
from waarborg.storage.models import Entry


def classify(db: Database, public_id: str, classification: dict[str, Any] | None = None) -> None:
    """Store a classification result on the entry and announce it, as the classification service does."""
    result = classification if classification is not None else cv_screening_deployer()
    with unit(db) as s:
        entry = s.scalar(select(Entry).where(Entry.public_id == public_id))
        assert entry is not None
        previous, entry.classification = entry.classification, result
        events.publish(
            s,
            cli_actor("test"),
            "entry.classified",
            {"entry_id": entry.id, "classification": result, "previous": previous},
        )


def cv_entry(client: Any, headers: dict[str, str], db: Database, **overrides: Any) -> dict[str, Any]:
    """A CV-screening system of org-a with its checklist generated from the classification."""
    entry = create_entry(client, headers, name=overrides.pop("name", "CV-screening werving"), **overrides)
    classify(db, entry["id"])
    return entry


def checklist(client: Any, headers: dict[str, str], public_id: str, **params: str) -> dict[str, Any]:
    r = client.get(f"/api/v1/entries/{public_id}/compliance", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def measure(data: dict[str, Any], measure_id: str) -> dict[str, Any]:
    return next(m for i in data["items"] for m in i["measures"] if m["measure_id"] == measure_id)


def patch(client: Any, headers: dict[str, str], public_id: str, measure_id: str, **body: Any) -> Any:
    return client.patch(
        f"/api/v1/entries/{public_id}/compliance/measures/{measure_id}", json=body, headers=headers
    )
