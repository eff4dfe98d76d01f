"""Compiled, immutable rule objects (built once when a ruleset is loaded)."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from waarborg.domain.classification.expr import Condition
from waarborg.domain.classification.model import TraceStep

# Evaluation stages in order, and the derived facts each stage produces. A condition may read the facts
# of its own stage (set by earlier rules of that stage) and of every earlier stage.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("definition", ("ai_system",)),
    (
        "role",
        (
            "provider",
            "deployer",
            "importer",
            "distributor",
            "authorised_representative",
            "product_manufacturer",
        ),
    ),
    ("scope", ("territorial", "scope_excluded")),
    ("prohibited", ("prohibited", "prohibited_upcoming", "prohibited_points")),
    (
        "high-risk",
        (
            "high_risk",
            "annex_i",
            "annex_i_section_a",
            "annex_i_section_b",
            "annex_iii",
            "annex_iii_listed",
            "derogation",
            "high_risk_points",
        ),
    ),
    ("role-shift", ()),
    ("transparency", ("transparency", "transparency_paragraphs")),
    ("gpai", ("gpai", "gpai_systemic")),
    ("scope-late", ("in_scope",)),
    ("legacy", ()),
    ("obligations", ()),
    ("convention", ()),
)
STAGE_INDEX = {name: n for n, (name, _facts) in enumerate(STAGES)}
DERIVED_STAGE = {fact: n for n, (_name, facts) in enumerate(STAGES) for fact in facts}
SET_FACTS = frozenset({"prohibited_points", "high_risk_points", "transparency_paragraphs"})
DERIVED_DEFAULTS: dict[str, Any] = {f: (frozenset() if f in SET_FACTS else False) for f in DERIVED_STAGE}
SPECIAL_DATES = ("@high_risk", "@prohibited")
ROLE_FACT = {
    "provider": "provider",
    "deployer": "deployer",
    "importer": "importer",
    "distributor": "distributor",
    "authorised-representative": "authorised_representative",
    "product-manufacturer": "product_manufacturer",
}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    step: str
    stage: str
    article: str
    url: str
    verified: bool
    when: Condition
    unless: Condition | None
    when_ast: ast.expr
    unless_ast: ast.expr | None
    yes: TraceStep
    no: TraceStep
    exc: TraceStep | None
    not_in_force: TraceStep
    upcoming: TraceStep
    applies_from: str | None
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ObligationRule:
    node: str
    id: str
    article: str
    title_en: str
    title_nl: str
    holder: str
    when: Condition
    when_ast: ast.expr
    exempt_if: Condition | None
    applies_from: str
    groups: frozenset[str]
    note: str
    url: str
    verified: bool


@dataclass(frozen=True, slots=True)
class DateValue:
    """A legal date on one evaluation date: the value in force, the original, and what amended it."""

    value: date | None
    original: date | None
    amended_by: str | None
    verified: bool


@dataclass(frozen=True, slots=True)
class DatedKey:
    key: str
    original: date | None
    amended: tuple[tuple[str, date, date | None], ...]  # (amendment, amendment in force, new value)
    verified: bool

    def at(self, as_of: date) -> DateValue:
        value, by, verified = self.original, None, self.verified
        for name, in_force, new in self.amended:
            if as_of >= in_force:
                value, by, verified = new, name, False
        return DateValue(value, self.original, by, verified if by is None else False)
