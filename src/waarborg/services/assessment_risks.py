"""Risk register of an assessment: risks per right, mitigations with status and due date."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from waarborg.domain import assessments as dom
from waarborg.domain.assessments.risks import parse_mitigation
from waarborg.domain.errors import NotFound, TransitionNotAllowed
from waarborg.domain.policy import Actor
from waarborg.services.assessments import _editable, _require_work, _touch, current
from waarborg.storage.models_assessments import AssessmentRow


def _next_id(prefix: str, used: list[str]) -> str:
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def _risk_dict(risk: dom.Risk) -> dict[str, Any]:
    return {
        "id": risk.id,
        "title": risk.title,
        "right": risk.right,
        "owner": risk.owner,
        "description": risk.description,
        "visibility": risk.visibility,
        "factors": dict(risk.factors),
        "residual": dict(risk.residual),
        "mitigations": [
            {
                "id": m.id,
                "description": m.description,
                "status": m.status,
                "due": m.due.isoformat() if m.due else None,
                "owner": m.owner,
            }
            for m in risk.mitigations
        ],
    }


def put_risk(
    session: Session, actor: Actor, row: AssessmentRow, raw: dict[str, Any], risk_id: str | None = None
) -> dict[str, Any]:
    """Add a risk (``risk_id`` None) or replace one, in the draft."""
    rev = _editable(session, actor, row, None)
    risks = list(rev.risks)
    ids = [r["id"] for r in risks]
    if risk_id is not None and risk_id not in ids:
        raise NotFound(f"risk {risk_id!r} not found in this assessment")
    rid = risk_id or _next_id("r", ids)
    mitigations = [dict(m) for m in raw.get("mitigations") or [] if isinstance(m, dict)]
    used: list[str] = [str(m.get("id")) for m in mitigations if m.get("id")]
    for m in mitigations:
        if not m.get("id"):
            m["id"] = _next_id("m", used)
            used.append(m["id"])
    risk = _risk_dict(dom.parse_risk({**raw, "id": rid, "mitigations": mitigations}, dom.risk_model()))
    rev.risks = [risk if r["id"] == rid else r for r in risks] if risk_id else [*risks, risk]
    _touch(session, actor, row, rev, "risk_saved")
    return risk


def delete_risk(session: Session, actor: Actor, row: AssessmentRow, risk_id: str) -> None:
    rev = _editable(session, actor, row, None)
    if risk_id not in [r["id"] for r in rev.risks]:
        raise NotFound(f"risk {risk_id!r} not found in this assessment")
    rev.risks = [r for r in rev.risks if r["id"] != risk_id]
    _touch(session, actor, row, rev, "risk_deleted")


def update_mitigation(
    session: Session,
    actor: Actor,
    row: AssessmentRow,
    risk_id: str,
    mitigation_id: str,
    status: str,
    due: str | None = None,
) -> dict[str, Any]:
    """Track progress: a mitigation's status (and due date) may change in a draft or an approved revision."""
    _require_work(actor, row.organisation_id)
    rev = current(row)
    if rev.state not in ("draft", "approved"):
        raise TransitionNotAllowed(
            f"mitigations of a revision in state {rev.state!r} cannot change", [f"state: {rev.state!r}"]
        )
    risks = [dict(r) for r in rev.risks]
    risk = next((r for r in risks if r["id"] == risk_id), None)
    mitigation = next((m for m in (risk or {}).get("mitigations", []) if m["id"] == mitigation_id), None)
    if risk is None or mitigation is None:
        raise NotFound(f"mitigation {risk_id}/{mitigation_id} not found")
    field = f"risks.{risk_id}.mitigations.{mitigation_id}"
    parsed = parse_mitigation(
        {**mitigation, "status": status, "due": due if due is not None else mitigation["due"]}, field
    )
    risk["mitigations"] = [
        {**m, "status": parsed.status, "due": parsed.due.isoformat() if parsed.due else None}
        if m["id"] == mitigation_id
        else m
        for m in risk["mitigations"]
    ]
    rev.risks = risks
    _touch(session, actor, row, rev, "mitigation_updated")
    return next(m for m in risk["mitigations"] if m["id"] == mitigation_id)
