"""Fairness thresholds from assessments: the bridge between assessments and bias audits.

* When an assessment whose answers give fairness thresholds (IAMA 4.thresholds, HUDERIA
  ria.thresholds) is approved, they become the entry's audit thresholds, with the source
  ``"<instrument> <assessment id> revision <n>"`` (handler on ``assessment.approved``).
* The rule is "the latest setting wins": thresholds set on the entry afterwards (source ``"entry"``)
  override them until another assessment revision with thresholds is approved. An approved revision
  without thresholds leaves the entry's thresholds as they are.
* Every audit records the source of the thresholds it ran under (``Audit.thresholds_source``), so the
  assessment shows the open findings of the audits that ran under its thresholds (staff and
  supervisors only; public variants show none).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain import assessments as dom
from waarborg.domain.assessments.thresholds import (
    parse_source,
    source_label,
    threshold_question,
    thresholds_in,
)
from waarborg.domain.policy import Actor
from waarborg.services import audits, events
from waarborg.storage.models import Entry
from waarborg.storage.models_assessments import AssessmentRow
from waarborg.storage.models_audits import Audit, AuditFinding

SHOWN_TO = ("internal", "supervisor")


@events.subscribe("assessment.approved")
def _on_approved(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
    row = session.get(AssessmentRow, int(payload["assessment_id"]))
    if row is None:
        return
    rev = next((r for r in row.revisions if r.revision == int(payload["revision"])), None)
    if rev is None:
        return
    thresholds = thresholds_in(dom.instrument(row.instrument), rev.answers)
    entry = session.get(Entry, row.entry_id)
    if thresholds is None or entry is None:
        return
    audits.set_thresholds(
        session, actor, entry, thresholds, source=source_label(row.instrument, row.id, rev.revision)
    )


def entry_thresholds(session: Session, row: AssessmentRow) -> dict[str, Any]:
    """The entry's current audit thresholds and whether they come from this assessment (which revision)."""
    entry = session.get(Entry, row.entry_id)
    assert entry is not None
    thresholds, source = audits.thresholds_for(session, entry)
    origin = parse_source(source)
    from_here = origin is not None and origin[:2] == (row.instrument, row.id)
    return {
        "thresholds": thresholds,
        "source": source,
        "from_this_assessment": from_here,
        "revision": origin[2] if from_here and origin else None,
    }


def _audits_under(session: Session, row: AssessmentRow) -> dict[int, int]:
    """Audit id -> assessment revision, for the entry's audits that ran under this assessment's thresholds."""
    prefix = f"{row.instrument} {row.id} revision "
    q = select(Audit.id, Audit.thresholds_source).where(
        Audit.entry_id == row.entry_id, Audit.thresholds_source.like(prefix + "%")
    )
    out = {}
    for audit_id, source in session.execute(q):
        origin = parse_source(source)
        if origin is not None and origin[:2] == (row.instrument, row.id):
            out[audit_id] = origin[2]
    return out


def findings_for(session: Session, row: AssessmentRow, audience: str) -> list[dict[str, Any]] | None:
    """Open bias findings of audits under this assessment's thresholds, for staff and supervisors.

    None when the reader may not see findings (public) or the instrument asks for no thresholds.
    """
    if audience not in SHOWN_TO or threshold_question(dom.instrument(row.instrument)) is None:
        return None
    under = _audits_under(session, row)
    if not under:
        return []
    q = (
        select(AuditFinding)
        .where(AuditFinding.audit_id.in_(list(under)), AuditFinding.status == "open")
        .order_by(AuditFinding.id)
    )
    return [_finding(f, under[f.audit_id]) for f in session.scalars(q)]


def _finding(f: AuditFinding, revision: int) -> dict[str, Any]:
    return {
        "id": f.id,
        "audit_id": f.audit_id,
        "revision": revision,
        "severity": f.severity,
        "metric": f.metric,
        "group": ", ".join(f"{k}={v}" for k, v in sorted((f.group or {}).items())),
        "message": f.message,
        "threshold": f.threshold,
        "value": f.value,
        "window": f.window,
    }
