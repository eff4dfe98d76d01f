"""Demo data: organisations, logins and register entries across risk classes. Idempotent."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from waarborg.services import accounts, entries
from waarborg.services.bootstrap import cli_actor
from waarborg.services.unit import unit
from waarborg.storage.db import Database
from waarborg.storage.models import Entry, Organisation, User

DEMO_PASSWORD = "demo-password"


def demo_data() -> dict[str, Any]:
    text = resources.files("waarborg").joinpath("demo/data.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@dataclass
class Summary:
    organisations: int = 0
    users: list[tuple[str, str, str]] = field(default_factory=list)
    entries: int = 0
    created: int = 0
    notes: list[str] = field(default_factory=list)  # one line per capability's demo content

    def text(self, url: str) -> str:
        lines = [
            f"Waarborg demo: {self.organisations} organisations, {self.entries} register entries "
            f"({self.created} new).",
            f"Open {url}",
            f"Demo logins (password: {DEMO_PASSWORD}):",
        ]
        lines += [f"  {email:<34} {role:<10} {org}" for email, role, org in self.users]
        lines += self.notes
        return "\n".join(lines)


def _ensure_orgs_and_users(session, data: dict[str, Any], summary: Summary) -> None:  # type: ignore[no-untyped-def]
    system = cli_actor("demo")
    for o in data["organisations"]:
        if session.scalar(select(Organisation).where(Organisation.slug == o["slug"])) is None:
            accounts.create_organisation(
                session,
                system,
                slug=o["slug"],
                name=o["name"],
                kind=o["kind"],
                public_body=o.get("public_body", True),
            )
        summary.organisations += 1
    for u in data["users"]:
        if session.scalar(select(User).where(User.email == u["email"])) is None:
            accounts.create_user(
                session,
                system,
                email=u["email"],
                password=DEMO_PASSWORD,
                role=u["role"],
                org_slug=u.get("org"),
                name=u.get("name", ""),
            )
        summary.users.append((u["email"], u["role"], u.get("org", "")))


def _actor(session, email: str):  # type: ignore[no-untyped-def]
    user = session.scalar(select(User).where(User.email == email))
    return accounts.actor_for(user)


def _load_entry(session, item: dict[str, Any], summary: Summary) -> None:  # type: ignore[no-untyped-def]
    org = accounts.organisation_by_slug(session, item["org"])
    exists = session.scalar(
        select(Entry).where(Entry.organisation_id == org.id, Entry.name == item["fields"]["name"])
    )
    summary.entries += 1
    if exists is not None:
        return
    editor = _actor(session, f"editor@{item['org']}.example")
    approver = _actor(session, f"approver@{item['org']}.example")
    entry = entries.create(session, editor, org, item["fields"], item.get("visibility", {}), note="demo data")
    for ev in item.get("events", []):
        entries.add_event(
            session, editor, entry, ev["kind"], date.fromisoformat(str(ev["date"])), ev.get("note", "")
        )
    target = item.get("state", "published")
    if target in ("in_review", "published"):
        entries.transition(session, editor, entry, "submit")
    if target == "published":
        entries.transition(session, approver, entry, "publish", expected_version=entry.version)
    summary.created += 1


# Capabilities add demo content with ``(db, summary) -> None`` functions listed here as
# "module:function"; each must be idempotent (check before creating) and runs after the core demo data.
DEMO_EXTENSIONS: tuple[str, ...] = (
    "waarborg.services.classification_demo:load_demo",
    "waarborg.services.assessments_demo:load_demo",  # before the audit: its IAMA sets the thresholds
    "waarborg.services.audits_demo:load_demo",
    "waarborg.services.compliance_demo:load_demo",
    "waarborg.services.cases_demo:load_demo",
)


def load(db: Database) -> Summary:
    data = demo_data()
    summary = Summary()
    with unit(db) as s:
        _ensure_orgs_and_users(s, data, summary)
    for item in data["entries"]:
        with unit(db) as s:
            _load_entry(s, item, summary)
    for ref in DEMO_EXTENSIONS:
        module, _, func = ref.partition(":")
        getattr(importlib.import_module(module), func)(db, summary)
    return summary
