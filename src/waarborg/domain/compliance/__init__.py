"""Compliance tracking: requirements and measures per register entry (see docs/compliance.md)."""

from waarborg.domain.compliance.build import article_matches, build_checklist, canonical_article
from waarborg.domain.compliance.catalogue import Catalogue, load_catalogue, parse_catalogue
from waarborg.domain.compliance.events import WorkEvent, apply_event
from waarborg.domain.compliance.measures import add_evidence, change_status, parse_status, update_fields
from waarborg.domain.compliance.merge import ChecklistChange, merge_checklist
from waarborg.domain.compliance.model import (
    Applicability,
    EvidenceRef,
    MeasureItem,
    MeasureStatus,
    RequirementItem,
    measure_from_dict,
    requirement_from_dict,
    to_dict,
)
from waarborg.domain.compliance.summary import ChecklistSummary, applying_from, effective_due, summarise

__all__ = [
    "Applicability",
    "Catalogue",
    "ChecklistChange",
    "ChecklistSummary",
    "EvidenceRef",
    "MeasureItem",
    "MeasureStatus",
    "RequirementItem",
    "WorkEvent",
    "add_evidence",
    "apply_event",
    "applying_from",
    "article_matches",
    "build_checklist",
    "canonical_article",
    "change_status",
    "effective_due",
    "load_catalogue",
    "measure_from_dict",
    "merge_checklist",
    "parse_catalogue",
    "parse_status",
    "requirement_from_dict",
    "summarise",
    "to_dict",
    "update_fields",
]
