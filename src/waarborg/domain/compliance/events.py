"""Auto-satisfaction: work done elsewhere in Waarborg (an approved FRIA, a published register entry,
a bias audit without findings) satisfies measures, as declared in the catalogue's ``auto_satisfaction``
rules. When the linked work changes (FRIA reopened, entry retracted, audit with findings) the measures
that were satisfied automatically go back to ``in_progress``; measures accepted by a reviewer by hand
are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from waarborg.domain.compliance.catalogue import Catalogue
from waarborg.domain.compliance.merge import ChecklistChange
from waarborg.domain.compliance.model import (
    SATISFIED,
    Applicability,
    AutoSatisfaction,
    MeasureItem,
    MeasureStatus,
    RequirementItem,
)
from waarborg.domain.errors import InvalidInput


@dataclass(frozen=True)
class WorkEvent:
    kind: str  # e.g. "fria.approved"
    ref: str | None  # what changed, e.g. "/assessments/12" (also stored as a link)
    at: str  # ISO timestamp


def _satisfy(m: MeasureItem, ev: WorkEvent) -> MeasureItem | None:
    if m.status in SATISFIED:
        return None
    links = m.links if (ev.ref is None or ev.ref in m.links) else (*m.links, ev.ref)
    return replace(
        m,
        status=MeasureStatus.DONE,
        satisfied_by=AutoSatisfaction(event=ev.kind, ref=ev.ref, at=ev.at),
        accepted_by=f"system:{ev.kind}",
        accepted_at=ev.at,
        links=links,
        reason=None,
        version=m.version + 1,
    )


def _revoke(m: MeasureItem, ev: WorkEvent) -> MeasureItem | None:
    sat = m.satisfied_by
    if m.status is not MeasureStatus.DONE or sat is None:
        return None
    if ev.ref is not None and sat.ref is not None and sat.ref != ev.ref:
        return None
    note = f"[{ev.at}] reopened automatically: {ev.kind}" + (f" ({ev.ref})" if ev.ref else "")
    return replace(
        m,
        status=MeasureStatus.IN_PROGRESS,
        satisfied_by=None,
        accepted_by=None,
        accepted_at=None,
        notes=(m.notes + "\n" + note).strip(),
        version=m.version + 1,
    )


def apply_event(
    items: Sequence[RequirementItem], catalogue: Catalogue, event: WorkEvent
) -> tuple[list[RequirementItem], list[ChecklistChange]]:
    """Apply one work event to a checklist; returns the new checklist and the measures it changed."""
    rules = catalogue.rules_for(event.kind)
    if not rules:
        known = ", ".join(catalogue.event_kinds)
        raise InvalidInput.at("event.kind", f"unknown event kind {event.kind!r}; known: {known}")
    satisfies = {m for r in rules for m in r.satisfies}
    revokes = {m for r in rules for m in r.revokes}
    changes: list[ChecklistChange] = []
    out: list[RequirementItem] = []
    for item in items:
        if item.applicability is Applicability.DROPPED:
            out.append(item)
            continue
        measures: list[MeasureItem] = []
        for m in item.measures:
            new = None
            if m.measure_id in satisfies:
                new = _satisfy(m, event)
                kind = "measure-satisfied"
            elif m.measure_id in revokes:
                new = _revoke(m, event)
                kind = "measure-reopened"
            if new is not None:
                changes.append(ChecklistChange(kind, item.requirement_id, event.kind, m.measure_id))
            measures.append(new or m)
        out.append(replace(item, measures=tuple(measures)))
    return out, changes
