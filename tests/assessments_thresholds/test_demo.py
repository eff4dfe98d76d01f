"""Demo: the welfare-fraud IAMA sets the thresholds its bias audit runs under; findings show on it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from waarborg.services import assessment_thresholds, audits_demo, demo
from waarborg.services.unit import unit
from waarborg.storage.db import Database
from waarborg.storage.models_assessments import AssessmentRow
from waarborg.storage.models_audits import Audit, AuditThresholds


def test_demo_audit_runs_under_the_iama_thresholds(
    database: Database, settings: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(audits_demo, "get_settings", lambda: settings)
    demo.load(database)
    with unit(database, write=False) as s:
        iama = s.scalar(select(AssessmentRow).where(AssessmentRow.instrument == "iama"))
        assert iama is not None
        source = f"iama {iama.id} revision 1"
        row = s.scalar(select(AuditThresholds).where(AuditThresholds.entry_id == iama.entry_id))
        assert row is not None and row.source == source
        assert row.thresholds == {"min_disparate_impact_ratio": 0.8, "max_fpr_difference": 0.1}
        [audit] = s.scalars(select(Audit).where(Audit.entry_id == iama.entry_id))
        assert audit.thresholds_source == source and audit.status == "done"
        findings = assessment_thresholds.findings_for(s, iama, "internal")
        assert findings and {f["audit_id"] for f in findings} == {audit.id}
        assert assessment_thresholds.findings_for(s, iama, "public") is None
