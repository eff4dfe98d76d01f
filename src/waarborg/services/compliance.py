"""Compliance tracking use cases: generate and merge an entry's checklist from its stored
classification, update measures (versioned, audit-logged), review, evidence files, and work done
elsewhere that satisfies measures by itself (see docs/compliance.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain import compliance as dom
from waarborg.domain.attachments import EvidencePolicy, download_headers, inspect_upload
from waarborg.domain.compliance import measures as measure_ops
from waarborg.domain.compliance.model import EvidenceRef, MeasureItem, MeasureStatus, RequirementItem
from waarborg.domain.compliance.policy import may
from waarborg.domain.errors import Conflict, NotAllowed, NotFound
from waarborg.domain.policy import Actor
from waarborg.engines.evidence_store import EvidenceStore, FileEvidenceStore, store_from_url
from waarborg.services import auditlog
from waarborg.settings import Settings
from waarborg.storage.base import utcnow
from waarborg.storage.models import Entry
from waarborg.storage.models_compliance import (
    ComplianceChecklist,
    ComplianceEvidence,
    ComplianceItem,
    ComplianceMeasure,
    ComplianceMeasureVersion,
)

UNSET: Any = measure_ops.UNSET


@cache
def catalogue() -> dom.Catalogue:
    return dom.load_catalogue()


def evidence_store(settings: Settings) -> EvidenceStore:
    """The configured store: ``evidence_store_url`` (e.g. s3://bucket/prefix) if set, else ``evidence_dir``."""
    url = settings.evidence_store_url.strip()
    return store_from_url(url) if url else FileEvidenceStore(settings.evidence_dir)


def evidence_policy(settings: Settings) -> EvidencePolicy:
    return EvidencePolicy(max_bytes=int(settings.evidence_max_bytes))


def require(actor: Actor, action: str, entry: Entry) -> None:
    decision = may(actor, action, entry.organisation_id, published=entry.is_public)
    if not decision:
        raise NotAllowed(decision.reason)


# --------------------------------------------------------------------------- persistence


def load(session: Session, entry: Entry) -> list[RequirementItem]:
    items = session.scalars(
        select(ComplianceItem).where(ComplianceItem.entry_id == entry.id).order_by(ComplianceItem.position)
    ).all()
    rows = session.scalars(
        select(ComplianceMeasure)
        .where(ComplianceMeasure.entry_id == entry.id)
        .order_by(ComplianceMeasure.position)
    ).all()
    by_item: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by_item.setdefault(r.item_id, []).append(r.data)
    return [
        dom.requirement_from_dict(
            {
                **i.data,
                "requirement_id": i.requirement_id,
                "applicability": i.applicability,
                "applies_from": i.applies_from,
                "measures": by_item.get(i.id, []),
            }
        )
        for i in items
    ]


def checklist_row(session: Session, entry: Entry) -> ComplianceChecklist | None:
    return session.scalar(select(ComplianceChecklist).where(ComplianceChecklist.entry_id == entry.id))


def _measure_rows(session: Session, entry: Entry) -> dict[str, ComplianceMeasure]:
    rows = session.scalars(select(ComplianceMeasure).where(ComplianceMeasure.entry_id == entry.id))
    return {r.measure_id: r for r in rows}


def _save(
    session: Session, actor: Actor | str, entry: Entry, items: list[RequirementItem], note: str
) -> None:
    """Write the checklist; a measure whose version went up gets a version row and an audit line."""
    who = actor if isinstance(actor, str) else actor.label
    existing = {
        i.requirement_id: i
        for i in session.scalars(select(ComplianceItem).where(ComplianceItem.entry_id == entry.id))
    }
    mrows = _measure_rows(session, entry)
    now = utcnow()
    for pos, item in enumerate(items):
        payload = dom.to_dict(item)
        payload.pop("measures")
        row = existing.get(item.requirement_id)
        if row is None:
            row = ComplianceItem(
                entry_id=entry.id, organisation_id=entry.organisation_id, requirement_id=item.requirement_id
            )
            session.add(row)
        row.position, row.applicability, row.applies_from = pos, item.applicability.value, item.applies_from
        row.data, row.updated_at = payload, now
        if row.id is None:
            session.flush()
        for mpos, m in enumerate(item.measures):
            _save_measure(session, who, entry, row, mrows.get(m.measure_id), m, pos * 100 + mpos, note)


def _save_measure(
    session: Session,
    who: str,
    entry: Entry,
    item_row: ComplianceItem,
    row: ComplianceMeasure | None,
    m: MeasureItem,
    position: int,
    note: str,
) -> None:
    data = dom.to_dict(m)
    new_version = row is None or m.version > row.version
    if row is None:
        row = ComplianceMeasure(
            entry_id=entry.id, organisation_id=entry.organisation_id, measure_id=m.measure_id
        )
        session.add(row)
    elif row.data == data and row.item_id == item_row.id and row.position == position:
        return
    before = dict(row.data or {})
    row.item_id, row.position, row.status, row.owner, row.reviewer = (
        item_row.id,
        position,
        m.status.value,
        m.owner,
        m.reviewer,
    )
    row.due, row.in_catalogue, row.version, row.data, row.updated_at = (
        m.due,
        m.in_catalogue,
        m.version,
        data,
        utcnow(),
    )
    if not new_version:
        return
    if row.id is None:
        session.flush()
    session.add(
        ComplianceMeasureVersion(measure_row_id=row.id, version=m.version, data=data, author=who, note=note)
    )
    if not before:  # created by a checklist generation, which has its own audit line
        return
    changed = sorted(k for k in data if before.get(k) != data[k] and k != "version")
    auditlog.record(
        session,
        who,
        "compliance.measure",
        "compliance_measure",
        row.id,
        {
            "entry": entry.public_id,
            "measure": m.measure_id,
            "version": m.version,
            "status": m.status.value,
            "changed": changed,
            "note": note[:200],
        },
    )


# --------------------------------------------------------------------------- checklist


def checklist(session: Session, actor: Actor, entry: Entry) -> list[RequirementItem]:
    require(actor, "compliance.view", entry)
    return load(session, entry)


def _generate(session: Session, actor: Actor | str, entry: Entry, today: date) -> list[dom.ChecklistChange]:
    cat = catalogue()
    cls = entry.classification or {}
    merged, changes = dom.merge_checklist(load(session, entry), dom.build_checklist(cls, cat, today))
    _save(session, actor, entry, merged, "checklist generated")
    head = checklist_row(session, entry)
    if head is None:
        head = ComplianceChecklist(entry_id=entry.id, organisation_id=entry.organisation_id)
        session.add(head)
    who = actor if isinstance(actor, str) else actor.label
    head.catalogue, head.ruleset = cat.ref, str(cls.get("ruleset") or "")
    head.classified_as_of, head.risk_class = str(cls.get("as_of") or ""), str(cls.get("risk_class") or "")
    head.generated_at, head.generated_by = utcnow(), who
    session.flush()
    auditlog.record(
        session,
        who,
        "compliance.generated",
        "entry",
        entry.id,
        {"catalogue": cat.ref, "ruleset": head.ruleset, "changes": [c.to_dict() for c in changes][:50]},
    )
    if entry.is_public:  # work already done elsewhere counts for a fresh checklist too
        record_work(session, actor, entry, "entry.published", f"/register/{entry.public_id}")
    return changes


def generate(
    session: Session, actor: Actor, entry: Entry, today: date | None = None
) -> list[dom.ChecklistChange]:
    """Build the checklist from the entry's stored classification and merge it into the stored one."""
    require(actor, "compliance.work", entry)
    return _generate(session, actor, entry, today or date.today())


@dataclass(frozen=True)
class MeasureChange:
    expected_version: int
    status: str | None = None
    reason: str | None = None
    owner: Any = UNSET
    reviewer: Any = UNSET
    due: Any = UNSET
    notes: Any = UNSET
    links: Any = UNSET
    note: str = ""


def _find(items: list[RequirementItem], measure_id: str) -> tuple[int, int]:
    for i, item in enumerate(items):
        for j, m in enumerate(item.measures):
            if m.measure_id == measure_id:
                return i, j
    raise NotFound(f"measure {measure_id!r} is not on this entry's checklist")


def _replace_measure(items: list[RequirementItem], i: int, j: int, m: MeasureItem) -> list[RequirementItem]:
    ms = list(items[i].measures)
    ms[j] = m
    return [*items[:i], replace(items[i], measures=tuple(ms)), *items[i + 1 :]]


def update_measure(
    session: Session, actor: Actor, entry: Entry, measure_id: str, change: MeasureChange
) -> MeasureItem:
    """Edit fields and/or move the status. Accepting (to done) needs an approver other than the owner."""
    require(actor, "compliance.work", entry)
    items = load(session, entry)
    i, j = _find(items, measure_id)
    m = items[i].measures[j]
    if change.expected_version != m.version:
        raise Conflict(
            f"measure {measure_id} changed to version {m.version} since you loaded version "
            f"{change.expected_version}; reload and try again",
            [f"version: {change.expected_version} is not the current version {m.version}"],
        )
    m = measure_ops.update_fields(
        m,
        owner=change.owner,
        reviewer=change.reviewer,
        due=change.due,
        notes=change.notes,
        links=change.links,
    )
    if change.status is not None:
        target = measure_ops.parse_status(change.status)
        if target is not m.status:
            if target is MeasureStatus.DONE:
                require(actor, "compliance.accept", entry)
            m = measure_ops.change_status(m, target, actor.label, utcnow().isoformat(), reason=change.reason)
    if m != items[i].measures[j]:  # one request is one new version, however many fields changed
        m = replace(m, version=items[i].measures[j].version + 1)
    _save(session, actor, entry, _replace_measure(items, i, j, m), change.note or "measure updated")
    return m


def upload_evidence(
    session: Session,
    actor: Actor,
    entry: Entry,
    measure_id: str,
    filename: str,
    data: bytes,
    *,
    store: EvidenceStore,
    policy: EvidencePolicy,
) -> EvidenceRef:
    require(actor, "compliance.work", entry)
    info = inspect_upload(filename, data, policy)
    items = load(session, entry)
    i, j = _find(items, measure_id)
    key = store.put(data)
    ref = EvidenceRef(
        sha256=key,
        filename=info.filename,
        media_type=info.media_type,
        size=info.size,
        uploaded_by=actor.label,
        uploaded_at=utcnow().isoformat(),
    )
    m = measure_ops.add_evidence(items[i].measures[j], ref)
    _save(session, actor, entry, _replace_measure(items, i, j, m), f"evidence {info.filename}")
    row = _measure_rows(session, entry)[measure_id]
    session.add(
        ComplianceEvidence(
            entry_id=entry.id,
            organisation_id=entry.organisation_id,
            measure_row_id=row.id,
            sha256=key,
            filename=info.filename,
            media_type=info.media_type,
            size=info.size,
            uploaded_by=actor.label,
        )
    )
    auditlog.record(
        session,
        actor,
        "compliance.evidence",
        "compliance_measure",
        row.id,
        {
            "entry": entry.public_id,
            "measure": measure_id,
            "sha256": key,
            "size": info.size,
            "media_type": info.media_type,
            "filename": info.filename,
        },
    )
    session.flush()
    return ref


def evidence_download(
    session: Session, actor: Actor, entry: Entry, sha256: str, store: EvidenceStore
) -> tuple[bytes, dict[str, str]]:
    require(actor, "compliance.view", entry)
    row = session.scalar(
        select(ComplianceEvidence).where(
            ComplianceEvidence.entry_id == entry.id, ComplianceEvidence.sha256 == sha256
        )
    )
    if row is None:
        raise NotFound(f"evidence {sha256} not found on entry {entry.public_id}")
    data = store.get(sha256)
    return data, download_headers(row.filename, row.media_type, len(data))


def measure_history(
    session: Session, actor: Actor, entry: Entry, measure_id: str
) -> list[ComplianceMeasureVersion]:
    require(actor, "compliance.view", entry)
    row = _measure_rows(session, entry).get(measure_id)
    if row is None:
        raise NotFound(f"measure {measure_id!r} is not on this entry's checklist")
    q = select(ComplianceMeasureVersion).where(ComplianceMeasureVersion.measure_row_id == row.id)
    return list(session.scalars(q.order_by(ComplianceMeasureVersion.version.desc())))


# --------------------------------------------------------------------------- linked work


def record_work(
    session: Session, actor: Actor | str, entry: Entry, kind: str, ref: str | None
) -> list[dom.ChecklistChange]:
    """Work done elsewhere (``fria.approved``, ``entry.published``…) satisfies or reopens measures."""
    if kind not in catalogue().event_kinds:
        return []
    items = load(session, entry)
    if not items:
        return []
    at = utcnow().isoformat()
    new, changes = dom.apply_event(items, catalogue(), dom.WorkEvent(kind, ref, at))
    if changes:
        _save(session, actor, entry, new, f"{kind} {ref or ''}".strip())
    return changes
