"""Checklist records: one RequirementItem per applicable requirement, each with its MeasureItems.

Records are immutable; every change returns a new object with ``version`` + 1 (the storage layer keeps
each version). ``to_dict``/``from_dict`` give the JSON shape used by storage and the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum
from typing import Any


class MeasureStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


SATISFIED = frozenset({MeasureStatus.DONE, MeasureStatus.NOT_APPLICABLE})


class Applicability(StrEnum):
    APPLICABLE = "applicable"
    NOT_YET = "not-yet-applicable"
    EXEMPT = "exempt"
    DROPPED = "no-longer-applicable"


@dataclass(frozen=True)
class EvidenceRef:
    sha256: str
    filename: str
    media_type: str
    size: int
    uploaded_by: str
    uploaded_at: str


@dataclass(frozen=True)
class AutoSatisfaction:
    event: str
    ref: str | None
    at: str


@dataclass(frozen=True)
class ObligationRef:
    id: str | None
    article: str
    title: str
    holder: str | None
    applies_from: date | None
    status: str


@dataclass(frozen=True)
class MeasureItem:
    measure_id: str
    title: Mapping[str, str]
    status: MeasureStatus = MeasureStatus.TODO
    owner: str | None = None
    reviewer: str | None = None
    due: date | None = None
    notes: str = ""
    links: tuple[str, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    reason: str | None = None
    accepted_by: str | None = None
    accepted_at: str | None = None
    satisfied_by: AutoSatisfaction | None = None
    in_catalogue: bool = True
    version: int = 1

    @property
    def satisfied(self) -> bool:
        return self.status in SATISFIED

    @property
    def has_recorded_work(self) -> bool:
        """True once anyone touched the measure; such a measure is never dropped by a merge."""
        return bool(
            self.status is not MeasureStatus.TODO
            or self.owner
            or self.reviewer
            or self.due
            or self.notes
            or self.links
            or self.evidence
            or self.version > 1
        )


@dataclass(frozen=True)
class RequirementItem:
    requirement_id: str
    title: Mapping[str, str]
    summary: Mapping[str, str]
    source: Mapping[str, Any]
    applicability: Applicability
    applies_from: date | None
    holders: tuple[str, ...]
    obligations: tuple[ObligationRef, ...]
    measures: tuple[MeasureItem, ...]
    catalogue: str = ""
    references: tuple[Mapping[str, str], ...] = field(default=())

    def measure(self, measure_id: str) -> MeasureItem | None:
        return next((m for m in self.measures if m.measure_id == measure_id), None)

    def applies_on(self, day: date) -> bool:
        """Whether the requirement binds on ``day`` (dropped and exempt ones never do)."""
        if self.applicability in (Applicability.DROPPED, Applicability.EXEMPT):
            return False
        if self.applies_from is None:
            return self.applicability is Applicability.APPLICABLE
        return self.applies_from <= day


# --------------------------------------------------------------------------- serialisation


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def to_dict(item: RequirementItem | MeasureItem) -> dict[str, Any]:
    out: dict[str, Any] = _plain(item)
    return out


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def measure_from_dict(raw: Mapping[str, Any]) -> MeasureItem:
    sat = raw.get("satisfied_by")
    return MeasureItem(
        measure_id=raw["measure_id"],
        title=dict(raw.get("title") or {}),
        status=MeasureStatus(raw.get("status", "todo")),
        owner=raw.get("owner"),
        reviewer=raw.get("reviewer"),
        due=_date(raw.get("due")),
        notes=raw.get("notes") or "",
        links=tuple(raw.get("links") or ()),
        evidence=tuple(EvidenceRef(**e) for e in raw.get("evidence") or ()),
        reason=raw.get("reason"),
        accepted_by=raw.get("accepted_by"),
        accepted_at=raw.get("accepted_at"),
        satisfied_by=AutoSatisfaction(**sat) if sat else None,
        in_catalogue=bool(raw.get("in_catalogue", True)),
        version=int(raw.get("version", 1)),
    )


def obligation_from_dict(raw: Mapping[str, Any]) -> ObligationRef:
    return ObligationRef(
        id=raw.get("id"),
        article=str(raw.get("article", "")),
        title=str(raw.get("title", "")),
        holder=raw.get("holder"),
        applies_from=_date(raw.get("applies_from")),
        status=str(raw.get("status", "applicable")),
    )


def requirement_from_dict(raw: Mapping[str, Any]) -> RequirementItem:
    return RequirementItem(
        requirement_id=raw["requirement_id"],
        title=dict(raw.get("title") or {}),
        summary=dict(raw.get("summary") or {}),
        source=dict(raw.get("source") or {}),
        applicability=Applicability(raw.get("applicability", "applicable")),
        applies_from=_date(raw.get("applies_from")),
        holders=tuple(raw.get("holders") or ()),
        obligations=tuple(obligation_from_dict(o) for o in raw.get("obligations") or ()),
        measures=tuple(measure_from_dict(m) for m in raw.get("measures") or ()),
        catalogue=str(raw.get("catalogue", "")),
        references=tuple(dict(r) for r in raw.get("references") or ()),
    )


def for_audience(items: list[RequirementItem], audience: str) -> list[RequirementItem]:
    """What an audience may see. Staff ("internal") see everything; supervisors see status, dates,
    owners, links and evidence but not the organisation's working notes; the public sees nothing."""
    if audience == "internal":
        return list(items)
    if audience != "supervisor":
        return []
    return [replace(item, measures=tuple(replace(m, notes="") for m in item.measures)) for item in items]
