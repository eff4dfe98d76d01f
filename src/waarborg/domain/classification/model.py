"""Result and metadata types of the classification engine (immutable, plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

RISK_CLASSES = ("prohibited", "high-risk", "transparency", "minimal", "out-of-scope", "not-ai-system")
ROLES = (
    "provider",
    "deployer",
    "importer",
    "distributor",
    "authorised-representative",
    "product-manufacturer",
)
QUESTION_TYPES = ("bool", "choice", "multi", "date", "number", "text")


@dataclass(frozen=True, slots=True)
class Text:
    """A user-facing text in Dutch and English."""

    en: str
    nl: str

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "nl": self.nl}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule comes from: article and URL, and whether the text was checked against the primary law."""

    article: str
    url: str
    verified: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "url": self.url, "verified": self.verified}


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the profile questionnaire (kept as data in the ruleset YAML)."""

    id: str
    type: str
    section: str
    text: Text
    help: Text | None
    options: tuple[Option, ...]
    source: Source
    ask_if: str | None = None
    default: Any = None
    required: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "section": self.section,
            "text": self.text.to_dict(),
            "help": self.help.to_dict() if self.help else None,
            "options": [{"value": o.value, "label": o.label.to_dict()} for o in self.options],
            "source": self.source.to_dict(),
            "ask_if": self.ask_if,
            "default": self.default,
        }


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One evaluated rule: which step, which rule, the article, what came out, and the source URL."""

    step: str
    rule: str
    article: str
    outcome: str
    source: str
    verified: bool = True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "step": self.step,
            "rule": self.rule,
            "article": self.article,
            "outcome": self.outcome,
            "source": self.source,
        }
        if not self.verified:
            out["verified"] = False
        return out


@dataclass(frozen=True, slots=True)
class Obligation:
    """A duty that follows from the classification, with its holder and application date."""

    id: str
    article: str
    title: str
    holder: str
    applies_from: date | None
    status: str
    note: str
    title_nl: str = ""
    applies_from_original: date | None = None
    amended_by: str | None = None
    source: str = ""
    verified: bool = True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "article": self.article,
            "title": self.title,
            "holder": self.holder,
            "applies_from": _iso(self.applies_from),
            "status": self.status,
            "note": self.note,
            "title_nl": self.title_nl,
            "source": self.source,
            "verified": self.verified,
            "applies_from_original": _iso(self.applies_from_original),
            "amended_by": self.amended_by,
        }
        return out


@dataclass(frozen=True, slots=True)
class Legacy:
    placed_on_market: date | None
    exempt: bool
    deadline: date | None
    article: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "placed_on_market": _iso(self.placed_on_market),
            "exempt": self.exempt,
            "deadline": _iso(self.deadline),
            "article": self.article,
        }


@dataclass(frozen=True, slots=True)
class ConventionResult:
    applies: bool
    in_force: bool | None
    reason: str
    articles: tuple[str, ...]
    eu_implementation: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "applies": self.applies,
            "in_force": self.in_force,
            "reason": self.reason,
            "articles": list(self.articles),
            "eu_implementation": [{"article": a, "implemented_by": b} for a, b in self.eu_implementation],
        }


@dataclass(slots=True)
class ClassificationResult:
    """What the law means for one system on one date. ``to_dict()`` gives the CONTRACTS JSON."""

    ruleset: str
    as_of: date
    ai_system: bool
    in_scope: bool
    exclusion: str | None
    roles: list[str]
    risk_class: str
    prohibited: list[str]
    high_risk: dict[str, str | None] | None
    derogation: str | None
    transparency: list[str]
    gpai: str | None
    obligations: list[Obligation]
    legacy: Legacy | None
    convention: ConventionResult
    trace: list[TraceStep]
    impactful_algorithm: bool = False
    unverified: list[str] = field(default_factory=list)
    upcoming_prohibitions: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset": self.ruleset,
            "as_of": self.as_of.isoformat(),
            "ai_system": self.ai_system,
            "in_scope": self.in_scope,
            "exclusion": self.exclusion,
            "roles": list(self.roles),
            "risk_class": self.risk_class,
            "prohibited": list(self.prohibited),
            "high_risk": dict(self.high_risk) if self.high_risk is not None else None,
            "derogation": self.derogation,
            "transparency": list(self.transparency),
            "gpai": self.gpai,
            "obligations": [o.to_dict() for o in self.obligations],
            "legacy": self.legacy.to_dict() if self.legacy else None,
            "convention": self.convention.to_dict(),
            "trace": [t.to_dict() for t in self.trace],
            "impactful_algorithm": self.impactful_algorithm,
            "unverified": list(self.unverified),
            "upcoming_prohibitions": [dict(u) for u in self.upcoming_prohibitions],
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
