"""Supervisor measures: each has a kind, a legal basis chosen from the kind's allowed bases, a reasoned
decision and (where the kind needs one) a compliance deadline. Effects tell the services what follows,
e.g. ``mark_register_withdrawn`` shows the withdrawal on the public register entry.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import date
from typing import Any

from waarborg.domain.cases.catalogue import CaseCatalogue, Source
from waarborg.domain.cases.periods import Period, add_period
from waarborg.domain.errors import InvalidInput, NotAllowed

MIN_REASONING_CHARS = 20
REGISTER_MARKS = {
    "mark_register_withdrawn": "withdrawn",
    "mark_register_recalled": "recalled",
    "mark_register_restricted": "restricted",
}


@dataclass(frozen=True)
class MeasureDecision:
    kind: str
    legal_basis: tuple[Source, ...]
    reasoning: str
    issued_on: date
    due: date | None
    effects: tuple[str, ...]

    @property
    def register_mark(self) -> str | None:
        """What the public register entry shows after this measure (withdrawn, recalled, restricted)."""
        for effect in self.effects:
            if effect in REGISTER_MARKS:
                return REGISTER_MARKS[effect]
        return None

    @property
    def closes_case(self) -> bool:
        return "close_case" in self.effects

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "legal_basis": [s.as_dict() for s in self.legal_basis],
            "reasoning": self.reasoning,
            "issued_on": self.issued_on.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "effects": list(self.effects),
            "register_mark": self.register_mark,
        }


def decide_measure(
    catalogue: CaseCatalogue,
    *,
    kind: str,
    legal_basis: Sequence[str],
    reasoning: str,
    actor_role: str,
    today: date,
    due: date | None = None,
    period: Period | None = None,
    holidays: Set[date] = frozenset(),
) -> MeasureDecision:
    """Validate a supervisor's measure; raise NotAllowed for a non-supervisor, InvalidInput for bad fields."""
    if actor_role != "supervisor":
        raise NotAllowed(f"measures are taken by supervisors, not by role {actor_role}")
    mk = catalogue.measure_kind(kind)
    errors: list[str] = []
    allowed = {s.id: s for s in mk.legal_basis}
    chosen = list(dict.fromkeys(legal_basis))
    if not chosen:
        errors.append(f"legal_basis: choose at least one of {', '.join(allowed)}")
    errors += [
        f"legal_basis: {b!r} is not a legal basis for {kind}; allowed: {', '.join(allowed)}"
        for b in chosen
        if b not in allowed
    ]
    text = (reasoning or "").strip()
    if len(text) < MIN_REASONING_CHARS:
        errors.append(
            f"reasoning: a reasoned decision needs at least {MIN_REASONING_CHARS} characters; got {len(text)}"
        )
    if len(text) > catalogue.limits.reason_max_chars:
        errors.append(
            f"reasoning: {len(text)} characters, at most {catalogue.limits.reason_max_chars} allowed"
        )
    due = _due(mk.deadline, mk.default_period, due, period, today, holidays, errors)
    if errors:
        raise InvalidInput(f"measure {kind}: " + "; ".join(errors), errors)
    return MeasureDecision(kind, tuple(allowed[b] for b in chosen), text, today, due, mk.effects)


def _due(
    rule: str,
    default: Period | None,
    due: date | None,
    period: Period | None,
    today: date,
    holidays: Set[date],
    errors: list[str],
) -> date | None:
    if rule == "none":
        if due is not None or period is not None:
            errors.append("due: this kind of measure has no deadline")
        return None
    if due is None and period is not None:
        due = add_period(today, period, holidays)
    if due is None and rule == "required" and default is not None:
        due = add_period(today, default, holidays)
    if due is not None and due <= today:
        errors.append(f"due: {due.isoformat()} must lie after the decision date {today.isoformat()}")
    return due
