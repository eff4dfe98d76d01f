"""In-process domain events: how a change in one place flows on (re-open an assessment, update a
checklist, flag for re-classification). Handlers run inside the same unit of work as the change."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from waarborg.domain.policy import Actor

Handler = Callable[[Session, Actor, dict[str, Any]], None]
_HANDLERS: dict[str, list[Handler]] = defaultdict(list)

# Event names published by the core:
#   entry.created, entry.updated, entry.published, entry.retracted, entry.archived
#   entry.event            payload: entry_id, kind, date  (lifecycle event recorded)
#   entry.modified         payload: entry_id, reason      (substantial modification / change of purpose)
#   entry.classified       payload: entry_id, classification, previous
#   entry.market_measure   payload: entry_id, measure


def subscribe(event: str) -> Callable[[Handler], Handler]:
    def deco(fn: Handler) -> Handler:
        if fn not in _HANDLERS[event]:
            _HANDLERS[event].append(fn)
        return fn

    return deco


def publish(session: Session, actor: Actor, event: str, payload: dict[str, Any]) -> None:
    for handler in list(_HANDLERS.get(event, ())):
        handler(session, actor, payload)
