"""Remedies and oversight: complaints, explanation requests (Art. 86), escalations, serious incidents
(Art. 73), FRIA notifications (Art. 27(3)), investigations and measures.

The case types and their state machines are data (``waarborg/rules/cases/cases.yaml``); this package
loads them (``catalogue``), runs them (``machine``), computes time limits (``periods``, ``deadlines``),
validates submissions and measures, decides retention, tallies statistics and words notices.
"""

from waarborg.domain.cases.catalogue import CaseCatalogue, CatalogueError, Machine, load_catalogue
from waarborg.domain.cases.machine import (
    CaseActor,
    CaseView,
    Outcome,
    apply,
    available,
    can_see_personal_data,
    can_view,
)

__all__ = [
    "CaseActor",
    "CaseCatalogue",
    "CaseView",
    "CatalogueError",
    "Machine",
    "Outcome",
    "apply",
    "available",
    "can_see_personal_data",
    "can_view",
    "load_catalogue",
]
