"""Builders for remedies tests that use the database: a published entry and a filed complaint."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tests.register.helpers import create_entry, publish
from waarborg.services import case_intake, cases
from waarborg.services.unit import unit

SECRET = "test-secret-" + "x" * 32
LINKS = cases.Links("http://testserver", SECRET)
CANARY_NAME = "Zacharias Canarius"
CANARY_EMAIL = "canary-7f3a@example.org"
CANARY_TEXT = "CANARY-COMPLAINT-TEXT-91c2 mijn uitkering is ten onrechte stopgezet"


def published_entry(client_for: Any, token_for: Any, name: str = "Risicoscore bijstand") -> str:
    c = client_for(None)
    ed, ap = token_for("editor"), token_for("approver")
    entry = create_entry(c, ed, name=name)
    publish(c, ed, ap, entry)
    return str(entry["id"])


def file_complaint(
    db: Any,
    public_id: str,
    *,
    case_type: str = "complaint",
    address: str = "192.0.2.1",
    now: datetime | None = None,
    **form: str,
) -> tuple[str, str]:
    data = {
        "case_type": case_type,
        "description": CANARY_TEXT,
        "name": CANARY_NAME,
        "email": CANARY_EMAIL,
        "language": "nl",
        "decision_reference": "BESL-1",
        **form,
    }
    with unit(db) as s:
        case, token = case_intake.submit(
            s,
            LINKS,
            public_id,
            data,
            [],
            address=address,
            now=now or datetime(2026, 12, 7, 10, 0).astimezone(),
        )
        return case.number, token


TODAY = date(2026, 12, 7)


def add_finding(db: Any, public_id: str, *, severity: str = "high") -> tuple[int, int]:
    """A finished bias audit with one open finding on the entry ``public_id``; returns (audit id, finding id).
    Written straight to the tables: the audit engine has its own tests (tests/audits_web)."""
    from sqlalchemy import select

    from waarborg.storage.models import Entry
    from waarborg.storage.models_audits import Audit, AuditFinding

    with unit(db) as s:
        entry = s.scalar(select(Entry).where(Entry.public_id == public_id))
        assert entry is not None
        audit = Audit(
            entry_id=entry.id,
            organisation_id=entry.organisation_id,
            status="done",
            config={},
            source_name="log.csv",
            source_path="/dev/null",
            source_sha256="0" * 64,
            findings_count=1,
            rows=120,
            result={"summary": {"nl": "Eén bevinding.", "en": "One finding."}, "rows": 120},
            created_by="editor@a.example",
        )
        s.add(audit)
        s.flush()
        finding = AuditFinding(
            audit_id=audit.id,
            entry_id=entry.id,
            organisation_id=entry.organisation_id,
            severity=severity,
            metric="disparate_impact",
            group={"sex": "b"},
            message="Selection rate of sex=b is 0.33 of the reference group",
            message_nl="Selectiepercentage van sex=b is 0,33 van de referentiegroep",
        )
        s.add(finding)
        s.flush()
        return audit.id, finding.id
