"""Measures follow the linked work through the core and capability events (no manual step)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.compliance.helpers import checklist, cv_entry, measure
from waarborg.services import events
from waarborg.services.bootstrap import cli_actor
from waarborg.services.unit import unit
from waarborg.storage.models import Entry


def fire(db: Any, public_id: str, name: str, **payload: Any) -> None:
    with unit(db) as s:
        entry = s.scalar(select(Entry).where(Entry.public_id == public_id))
        assert entry is not None
        events.publish(s, cli_actor("test"), name, {"entry_id": entry.id, **payload})


def test_fria_and_assessment_approval_and_modification(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    entry = cv_entry(anon, ed, world.db)
    fire(world.db, entry["id"], "fria.approved", assessment_id=12)
    m = measure(checklist(anon, ed, entry["id"]), "aia-27-fria.assessment")
    assert (
        m["status"] == "done"
        and m["satisfied_by"]["ref"] == "/assessments/12"
        and "/assessments/12" in m["links"]
    )
    fire(world.db, entry["id"], "entry.modified", reason="substantial modification")
    data = checklist(anon, ed, entry["id"])
    assert measure(data, "aia-27-fria.assessment")["status"] == "in_progress"
    assert measure(data, "cets-16-risk-impact-management.assessment")["status"] == "in_progress"
    fire(world.db, entry["id"], "assessment.approved", assessment_id=13, instrument="huderia", revision=2)
    assert (
        measure(checklist(anon, ed, entry["id"]), "cets-16-risk-impact-management.assessment")["status"]
        == "done"
    )


def test_bias_audit_results(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    entry = cv_entry(anon, ed, world.db)
    fire(world.db, entry["id"], "audit.completed", audit_id=5, findings=0)
    m = measure(checklist(anon, ed, entry["id"]), "cets-10-non-discrimination.bias-audit")
    assert m["status"] == "done" and m["satisfied_by"]["event"] == "audit.completed_without_findings"
    fire(world.db, entry["id"], "audit.completed", audit_id=5, findings=3)
    assert (
        measure(checklist(anon, ed, entry["id"]), "cets-10-non-discrimination.bias-audit")["status"]
        == "in_progress"
    )
    fire(world.db, entry["id"], "audit.completed", audit_id=6, findings=0)
    fire(world.db, entry["id"], "finding.opened", audit_id=6, count=1)
    assert (
        measure(checklist(anon, ed, entry["id"]), "cets-10-non-discrimination.bias-audit")["status"]
        == "in_progress"
    )


def test_events_before_any_checklist_are_harmless(anon, token_for, world) -> None:  # type: ignore[no-untyped-def]
    from tests.register.helpers import create_entry

    ed = token_for("editor")
    entry = create_entry(anon, ed, name="Nog niet geclassificeerd")
    fire(world.db, entry["id"], "fria.approved", assessment_id=1)
    data = checklist(anon, ed, entry["id"])
    assert data["generated"] is False and data["items"] == []
