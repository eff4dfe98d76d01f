"""Import the modules that subscribe to domain events, once, at start-up (web app and CLI)."""

from __future__ import annotations

import importlib

# Capabilities add the modules that hold their ``@events.subscribe`` handlers here.
HANDLER_MODULES: tuple[str, ...] = (
    "waarborg.services.compliance_events",
    "waarborg.services.assessment_workflow",
    "waarborg.services.assessment_thresholds",
    "waarborg.services.case_desk",
)


def wire_event_handlers() -> None:
    for name in HANDLER_MODULES:
        importlib.import_module(name)
