"""Builders for assessment service, API and page tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.conftest import USERS, World
from tests.register.helpers import entry_fields
from waarborg.domain.policy import Actor
from waarborg.services import entries
from waarborg.services.unit import unit
from waarborg.storage.models import Entry, Organisation

from .conftest import welfare_answers

WELFARE = {"name": "Risicomodel bijstandsfraude", "risk_class": "high-risk", "roles": ["deployer"]}


def actor(world: World, who: str) -> Actor:
    return world.actor(USERS[who][0])


def make_entry(world: World, who: str = "editor", publish: bool = False, **fields: Any) -> int:
    """Create (and optionally publish) an entry for the actor's organisation; returns its primary key."""
    ed = actor(world, who)
    with unit(world.db) as s:
        org = s.get(Organisation, ed.organisation_id)
        entry = entries.create(s, ed, org, entry_fields(**{**WELFARE, **fields}))
        entry.classification = {
            "risk_class": "high-risk",
            "roles": ["deployer"],
            "high_risk": {"route": "annex-iii", "point": "5(a)"},
            "prohibited": [],
            "convention": {"applies": True, "in_force": False},
            "obligations": [],
        }
        pk = entry.id
    if publish:
        approver = actor(world, "approver" if who == "editor" else "approver_b")
        with unit(world.db) as s:
            e = entries.get(s, pk)
            entries.transition(s, ed, e, "submit")
            entries.transition(s, approver, e, "publish")
    return pk


def public_id(world: World, pk: int) -> str:
    with unit(world.db, write=False) as s:
        return str(s.scalar(select(Entry.public_id).where(Entry.id == pk)))


def complete_iama_answers() -> dict[str, Any]:
    return welfare_answers()


RISK = {
    "title": "Indirect discrimination of single parents",
    "right": "Non-discrimination",
    "owner": "Head of Income",
    "visibility": "public",
    "factors": {"scale": "serious", "scope": "group", "reversibility": "effort", "probability": "likely"},
    "mitigations": [
        {"description": "Quarterly bias audit", "status": "planned", "due": "2026-11-01", "owner": "Data"}
    ],
}
