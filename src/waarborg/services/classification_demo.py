"""Demo content for classification: the demo entries with a natural profile, classified (idempotent)."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from waarborg.services import accounts
from waarborg.services.classification import latest, save
from waarborg.services.unit import unit
from waarborg.storage.db import Database
from waarborg.storage.models import Entry, User


def load_demo(db: Database, summary: Any) -> None:
    """Classify the demo entries that have a natural profile (idempotent: skips classified entries)."""
    text = resources.files("waarborg").joinpath("demo/classification.yaml").read_text("utf-8")
    added = 0
    for item in yaml.safe_load(text)["entries"]:
        with unit(db) as s:
            org = accounts.organisation_by_slug(s, item["org"])
            entry = s.scalar(select(Entry).where(Entry.organisation_id == org.id, Entry.name == item["name"]))
            if entry is None or latest(s, entry) is not None:
                continue
            user = s.scalar(select(User).where(User.email == f"editor@{item['org']}.example"))
            save(s, accounts.actor_for(user), entry, item["profile"], date.today(), source="demo")
            added += 1
    summary.notes.append(f"Classification: {added} demo entries classified with example profiles.")
