"""Builders for exchange tests: complete entries with canaries, a seeded register, DB snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from waarborg.domain.entries import catalogue
from waarborg.services import accounts, entries
from waarborg.services.bootstrap import cli_actor
from waarborg.services.unit import unit
from waarborg.storage.db import Database
from waarborg.storage.models import AuditLog, Entry, EntryVersion, Organisation
from waarborg.storage.registry import load_all_models

CANARY = "KANARIE-7f3a9c"


def rich_fields(name: str, **overrides: Any) -> dict[str, Any]:
    """Every catalogue field filled; non-public fields carry the canary."""
    out: dict[str, Any] = {}
    for f in catalogue().fields:
        if f.type in ("string", "text"):
            text = f"{CANARY} {f.key}" if f.visibility != "public" else f"{f.key} van {name}"
            out[f.key] = text[: f.max]
        elif f.type == "url":
            out[f.key] = f"https://example.org/{f.key}"
        elif f.type == "month":
            out[f.key] = "2024-03" if f.key == "begin_date" else "2030-12"
        elif f.type == "links":
            out[f.key] = [
                {"title": f"{f.key} 1", "link": "https://wetten.overheid.nl/BWBR0015703"},
                {"title": "DPIA", "link": ""},
            ]
        elif f.type == "string_list":
            out[f.key] = ["NL", "BE"]
    out.update(
        name=name,
        themes=["social_security", "work"],
        status="in_use",
        contact_email="algoritmes@alfa.example",
        publication_category="high_risk_ai",
        roles=["provider", "deployer"],
        risk_class="high-risk",
        market_status="on_market",
        lang="nld",
    )
    out.update(overrides)
    return {k: v for k, v in out.items() if v is not None}


@dataclass
class Seeded:
    published: list[str]  # names of entries in the public register
    hidden: list[str]  # names of entries that must never appear in a public export


def _make(s, editor, approver, org, fields, vis=None, state="published"):  # type: ignore[no-untyped-def]
    e = entries.create(s, editor, org, fields, vis)
    if state in ("in_review", "published", "retracted"):
        entries.transition(s, editor, e, "submit")
    if state in ("published", "retracted"):
        entries.transition(s, approver, e, "publish")
    if state == "retracted":
        entries.transition(s, approver, e, "retract")
    if state == "archived":
        entries.transition(s, approver, e, "archive")
    return e


def seed(world: Any) -> Seeded:
    """A register with every workflow status, all three Annex VIII sections and canaries everywhere."""
    ed, ap = world.actor("editor@a.example"), world.actor("approver@a.example")
    ed_b, ap_b = world.actor("editor@b.example"), world.actor("approver@b.example")
    with unit(world.db) as s:
        a, b = s.get(Organisation, world.org_a), s.get(Organisation, world.org_b)
        secret_vis = {"goal": "internal", "human_intervention": "supervisor"}
        fields_a = rich_fields(
            "Alfa risicoscore",
            art_6_3_condition=None,
            art_6_3_grounds=None,
            goal=f"{CANARY} goal",
            human_intervention=f"{CANARY} human",
        )
        _make(s, ed, ap, a, fields_a, secret_vis)
        _make(
            s,
            ed,
            ap,
            a,
            rich_fields(
                "Alfa zelfbeoordeling", roles=["provider"], risk_class="minimal", art_6_3_condition="a"
            ),
        )
        _make(
            s, ed, ap, a, rich_fields("Alfa overig", roles=[], risk_class="minimal", art_6_3_condition=None)
        )
        edited = _make(s, ed, ap, a, rich_fields("Alfa bewerkt", art_6_3_condition=None))
        entries.update(
            s, ed, edited, {**edited.data, "goal": f"{CANARY} werkversie"}, expected_version=edited.version
        )
        _make(s, ed, ap, a, rich_fields(f"{CANARY} concept"), state="draft")
        _make(s, ed, ap, a, rich_fields(f"{CANARY} ter beoordeling"), state="in_review")
        _make(s, ed, ap, a, rich_fields(f"{CANARY} ingetrokken"), state="retracted")
        _make(s, ed, ap, a, rich_fields(f"{CANARY} gearchiveerd"), state="archived")
        _make(s, ed_b, ap_b, b, rich_fields("Beta kredietscore", roles=["deployer"], art_6_3_condition=None))
    published = [
        "Alfa bewerkt",
        "Alfa overig",
        "Alfa risicoscore",
        "Alfa zelfbeoordeling",
        "Beta kredietscore",
    ]
    hidden = [f"{CANARY} {w}" for w in ("concept", "ter beoordeling", "ingetrokken", "gearchiveerd")]
    return Seeded(published, hidden)


def snapshot(db: Database) -> tuple[Any, ...]:
    """What an import could change: row counts, the audit chain head and every entry's version."""
    with unit(db, write=False) as s:
        return (
            s.scalar(select(func.count()).select_from(Entry)),
            s.scalar(select(func.count()).select_from(EntryVersion)),
            s.scalar(select(func.max(AuditLog.seq))),
            tuple(s.execute(select(Entry.public_id, Entry.version, Entry.status).order_by(Entry.id))),
        )


def reset(db: Database) -> None:
    """Empty every table and recreate the two organisations (same slugs, names and kinds)."""
    with unit(db) as s:
        for table in reversed(load_all_models().sorted_tables):
            s.execute(delete(table))
    with unit(db) as s:
        system = cli_actor("test")
        accounts.create_organisation(s, system, slug="org-a", name="Gemeente Alfa", kind="municipality")
        accounts.create_organisation(
            s, system, slug="org-b", name="Bank Beta", kind="bank", public_body=False
        )
