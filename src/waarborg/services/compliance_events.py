"""Event handlers of compliance tracking: a classification (re)builds the checklist; work done
elsewhere (published entry, approved FRIA or assessment, bias audit) satisfies measures, and changes to
that work re-open them. Listed in ``HANDLER_MODULES`` (services/wiring.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from waarborg.domain.policy import Actor
from waarborg.services import events
from waarborg.services.compliance import _generate, catalogue, record_work
from waarborg.storage.models import Entry


def _entry(session: Session, payload: dict[str, Any]) -> Entry | None:
    entry_id = payload.get("entry_id")
    return session.get(Entry, int(entry_id)) if entry_id is not None else None


@events.subscribe("entry.classified")
def _on_classified(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
    entry = _entry(session, payload)
    if entry is not None:
        _generate(session, actor, entry, date.today())


def work_ref(entry: Entry, payload: dict[str, Any]) -> str | None:
    """Where the linked work lives, kept as a link on the measure."""
    if payload.get("ref"):
        return str(payload["ref"])
    if payload.get("assessment_id") is not None:
        return f"/assessments/{payload['assessment_id']}"
    if payload.get("audit_id") is not None:
        return f"/org/audits/{payload['audit_id']}"
    return f"/register/{entry.public_id}" if entry.is_public else None


def _forward(kind: str) -> None:
    @events.subscribe(kind)
    def handler(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
        entry = _entry(session, payload)
        if entry is not None:
            record_work(session, actor, entry, kind, work_ref(entry, payload))


for _kind in catalogue().event_kinds:
    _forward(_kind)


@events.subscribe("audit.completed")
def _on_audit(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
    """A bias audit finished: without findings it satisfies the bias measures, with findings it reopens them."""
    entry = _entry(session, payload)
    if entry is not None:
        findings = payload.get("findings")
        kind = "audit.completed_with_findings" if findings else "audit.completed_without_findings"
        record_work(session, actor, entry, kind, work_ref(entry, payload))


@events.subscribe("finding.opened")
def _on_finding(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
    entry = _entry(session, payload)
    if entry is not None:
        record_work(session, actor, entry, "audit.completed_with_findings", work_ref(entry, payload))


@events.subscribe("entry.modified")
def _on_modified(session: Session, actor: Actor, payload: dict[str, Any]) -> None:
    """A substantial modification re-opens approved assessments; measures they satisfied re-open too."""
    entry = _entry(session, payload)
    if entry is not None:
        for kind in ("fria.reopened", "assessment.reopened"):
            record_work(session, actor, entry, kind, None)
