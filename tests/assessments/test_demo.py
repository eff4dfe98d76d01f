"""The assessment demo content loads on top of the core demo, is valid, and is idempotent."""

from __future__ import annotations

from sqlalchemy import select

from waarborg.services import assessments_demo, demo
from waarborg.services.unit import unit
from waarborg.storage.db import Database
from waarborg.storage.models_assessments import AssessmentRow


def test_demo_iama_is_approved_and_fria_prefilled(database: Database) -> None:
    demo.load(database)
    summary = demo.Summary()
    assessments_demo.load_demo(database, summary)  # loaded already if listed in DEMO_EXTENSIONS
    assessments_demo.load_demo(database, summary)
    assert summary.notes[-1].startswith("Assessments: 0 demo")
    with unit(database, write=False) as s:
        rows = {r.instrument: r for r in s.scalars(select(AssessmentRow))}
        assert {k: r.revisions[-1].state for k, r in rows.items()} == {"iama": "approved", "fria": "draft"}
        assert rows["fria"].revisions[-1].prefilled.get("a.processes") == "iama:3.1"
        assert len(rows["iama"].revisions[-1].risks) == 2
