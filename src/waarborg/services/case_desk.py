"""What other capabilities put on the supervisor's desk: open bias-audit findings across organisations,
each organisation's compliance dashboard, and an inbox notification when an audit of a high-risk system
opens high-severity findings. Holds an event handler, so it is listed in ``HANDLER_MODULES``
(services/wiring.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from waarborg.domain.policy import Actor
from waarborg.services import accounts, auditlog, audits, events
from waarborg.storage.models import Entry, Notification
from waarborg.storage.models_audits import AuditFinding

HIGH_RISK = "high-risk"
BIAS_KIND = "bias-finding"
BIAS_ARTICLE = "Art. 72 / Art. 26(5)"


def bias_findings(session: Session, actor: Actor, limit: int = 20) -> list[dict[str, Any]]:
    """Open findings the actor may see (all organisations for a supervisor), high severity first."""
    rows = sorted(audits.open_findings(session, actor, None), key=lambda f: (f.severity != "high", -f.id))
    rows = rows[:limit]
    names = {o.id: o.name for o in accounts.list_organisations(session)}
    ids = {f.entry_id for f in rows}
    systems = {e.id: e.pub_name or e.name for e in session.scalars(select(Entry).where(Entry.id.in_(ids)))}
    return [
        {
            "id": f.id,
            "ref": f"F-{f.id}",
            "href": f"/org/audits/{f.audit_id}#finding-{f.id}",
            "organisation": names.get(f.organisation_id, ""),
            "system": systems.get(f.entry_id, ""),
            "severity": f.severity,
            "message": f.message,
            "message_nl": f.message_nl or f.message,
            "created_at": f.created_at,
        }
        for f in rows
    ]


def organisations(session: Session) -> list[dict[str, Any]]:
    """Every organisation with its number of open findings and its compliance dashboard."""
    q = (
        select(AuditFinding.organisation_id, func.count())
        .where(AuditFinding.status == "open")
        .group_by(AuditFinding.organisation_id)
    )
    counts: dict[int, int] = {int(org): int(n) for org, n in session.execute(q)}
    return [
        {
            "slug": o.slug,
            "name": o.name,
            "open_findings": counts.get(o.id, 0),
            "compliance": f"/compliance?org={o.slug}",
        }
        for o in accounts.list_organisations(session)
    ]


def is_high_risk(entry: Entry) -> bool:
    """High-risk by its stored classification or, before one is stored, by the entry's own field."""
    return (entry.classification or {}).get("risk_class") == HIGH_RISK or (entry.data or {}).get(
        "risk_class"
    ) == HIGH_RISK


@events.subscribe("finding.opened")
def _on_finding_opened(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
    """Bias findings flow into oversight: a high-risk system's audit with high-severity findings becomes a
    notification for the supervisor (once per audit)."""
    entry = session.get(Entry, int(payload["entry_id"])) if payload.get("entry_id") is not None else None
    audit_id = payload.get("audit_id")
    if entry is None or audit_id is None or not is_high_risk(entry):
        return
    high = list(
        session.scalars(
            select(AuditFinding)
            .where(AuditFinding.audit_id == int(audit_id), AuditFinding.severity == "high")
            .order_by(AuditFinding.id)
        )
    )
    already = session.scalar(
        select(Notification.id).where(
            Notification.kind == BIAS_KIND,
            Notification.object_type == "audit",
            Notification.object_id == str(audit_id),
        )
    )
    if not high or already is not None:
        return
    system = entry.pub_name or entry.name
    refs = ", ".join(f"F-{f.id}" for f in high[:10]) + (" …" if len(high) > 10 else "")
    note = Notification(
        kind=BIAS_KIND,
        organisation_id=entry.organisation_id,
        entry_id=entry.id,
        object_type="audit",
        object_id=str(audit_id),
        title=f"Bias-audit met ernstige bevindingen / bias audit with high-severity findings: {system}"[:300],
        body=(
            f"{len(high)} bevinding(en) met hoge ernst in audit {audit_id} van een hoog-risicosysteem / "
            f"{len(high)} high-severity finding(s) in audit {audit_id} of a high-risk system: {refs}. "
            f"/org/audits/{audit_id}"
        ),
        article=BIAS_ARTICLE,
    )
    session.add(note)
    session.flush()
    auditlog.record(
        session,
        actor,
        "oversight.bias_notified",
        "notification",
        note.id,
        {"entry": entry.public_id, "audit": int(audit_id), "findings": len(high)},
    )
