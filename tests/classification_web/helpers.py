"""Builders for classification web tests: example profiles and an entry to classify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from tests.register.helpers import create_entry
from waarborg.services.unit import unit
from waarborg.storage.models import Entry

EXAMPLES = Path(__file__).parents[2] / "examples" / "profiles"


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text("utf-8"))
    return data


CV = {
    "name": "CV screening",
    "machine_based": True,
    "autonomy": True,
    "objectives": True,
    "infers_outputs": True,
    "output_types": ["predictions", "recommendations"],
    "influences_environment": True,
    "significant_effect": True,
    "activities": ["develop", "put-into-service", "use"],
    "own_name": True,
    "organisation_type": "private",
    "annex_iii_points": ["4(a)"],
    "profiling": True,
    "decisions_about_persons": True,
    "personal_data": True,
}
MINIMAL = {
    "name": "Sewer maintenance",
    "machine_based": True,
    "autonomy": True,
    "objectives": True,
    "infers_outputs": True,
    "influences_environment": True,
    "output_types": ["predictions"],
    "activities": ["use"],
    "annex_iii_points": [],
}


def entry_pk(db: Any, public_id: str) -> int:
    with unit(db, write=False) as s:
        pk = s.scalar(select(Entry.id).where(Entry.public_id == public_id))
    assert pk is not None
    return int(pk)


def new_entry(client: Any, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    """A draft entry of org-a (the CV screening system by default), with its numeric ``pk``."""
    fields.setdefault("name", "CV-selectie")
    fields.setdefault("risk_class", "minimal")
    return create_entry(client, headers, **fields)
