"""Update an existing checklist to a new one (re-classification, substantial modification, new
ruleset or catalogue version) without losing anything already recorded.

Rules:
- a requirement in both keeps all its measures' recorded work; its applicability, dates, holders and
  obligations come from the new build; measures new in the catalogue are added;
- a measure that left the catalogue is kept (``in_catalogue=False``) when it carries recorded work,
  and dropped only when nobody ever touched it;
- a requirement that no longer applies is kept with applicability ``no-longer-applicable`` and all
  its measures; if it comes back later it is ``restored`` with that work intact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from waarborg.domain.compliance.model import Applicability, MeasureItem, RequirementItem


@dataclass(frozen=True)
class ChecklistChange:
    kind: str  # added | dropped | restored | changed | measure-added | measure-retired
    requirement_id: str
    detail: str
    measure_id: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "requirement_id": self.requirement_id,
            "measure_id": self.measure_id,
            "detail": self.detail,
        }


def _merge_measures(
    old: RequirementItem, new: RequirementItem, changes: list[ChecklistChange]
) -> tuple[MeasureItem, ...]:
    fresh = {m.measure_id: m for m in new.measures}
    kept: list[MeasureItem] = []
    for m in old.measures:
        if m.measure_id in fresh:
            updated = replace(m, title=fresh[m.measure_id].title, in_catalogue=True)
            kept.append(updated)
        elif m.has_recorded_work:
            if m.in_catalogue:
                changes.append(
                    ChecklistChange(
                        "measure-retired", old.requirement_id, "kept: has recorded work", m.measure_id
                    )
                )
            kept.append(replace(m, in_catalogue=False))
    known = {m.measure_id for m in kept}
    for m in new.measures:
        if m.measure_id not in known:
            kept.append(m)
            changes.append(
                ChecklistChange("measure-added", new.requirement_id, "new in catalogue", m.measure_id)
            )
    return tuple(kept)


def _describe(old: RequirementItem, new: RequirementItem) -> str | None:
    parts = []
    if old.applicability != new.applicability:
        parts.append(f"applicability {old.applicability.value} -> {new.applicability.value}")
    if old.applies_from != new.applies_from:
        parts.append(f"applies_from {old.applies_from} -> {new.applies_from}")
    if old.holders != new.holders:
        parts.append(f"holders {list(old.holders)} -> {list(new.holders)}")
    return "; ".join(parts) or None


def merge_checklist(
    existing: Sequence[RequirementItem], new: Sequence[RequirementItem]
) -> tuple[list[RequirementItem], list[ChecklistChange]]:
    """Merge ``new`` (a fresh build) into ``existing`` (stored); returns the result and what changed."""
    changes: list[ChecklistChange] = []
    old_by_id = {r.requirement_id: r for r in existing}
    new_ids = {r.requirement_id for r in new}
    merged: list[RequirementItem] = []
    for fresh in new:
        old = old_by_id.get(fresh.requirement_id)
        if old is None:
            merged.append(fresh)
            changes.append(ChecklistChange("added", fresh.requirement_id, fresh.applicability.value))
            continue
        item = replace(fresh, measures=_merge_measures(old, fresh, changes))
        if old.applicability is Applicability.DROPPED:
            changes.append(ChecklistChange("restored", fresh.requirement_id, fresh.applicability.value))
        else:
            detail = _describe(old, fresh)
            if detail:
                changes.append(ChecklistChange("changed", fresh.requirement_id, detail))
        merged.append(item)
    for old in existing:
        if old.requirement_id in new_ids:
            continue
        if old.applicability is not Applicability.DROPPED:
            changes.append(
                ChecklistChange("dropped", old.requirement_id, "no longer applicable; measures kept")
            )
        merged.append(replace(old, applicability=Applicability.DROPPED))
    return merged, changes
