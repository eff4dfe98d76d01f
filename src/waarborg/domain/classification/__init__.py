"""Classification engine: what the EU AI Act and CETS 225 mean for one system, every step cited and dated.

Public API (used by the web questionnaire, API, register, compliance checklist and assessments)::

    rs = load_ruleset()                      # latest EU AI Act ruleset, cached
    result = classify(profile, date(2026, 12, 7), rs)
    result.risk_class, result.obligations, result.trace, result.to_dict()
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from waarborg.domain.classification import questionnaire as _questionnaire
from waarborg.domain.classification.engine import classify_profile
from waarborg.domain.classification.loader import (
    RulesetError,
    find_manifest,
    list_refs,
    resolve_document,
    validate_document,
)
from waarborg.domain.classification.model import (
    ClassificationResult,
    ConventionResult,
    Legacy,
    Obligation,
    Question,
    TraceStep,
)
from waarborg.domain.classification.profile import json_schema
from waarborg.domain.classification.ruleset import Ruleset
from waarborg.domain.errors import InvalidInput

DEFAULT_RULESET_ID = "eu-ai-act"

__all__ = [
    "ClassificationResult",
    "ConventionResult",
    "Legacy",
    "Obligation",
    "Question",
    "Ruleset",
    "RulesetError",
    "TraceStep",
    "available_rulesets",
    "classify",
    "load_ruleset",
    "load_ruleset_file",
    "profile_schema",
    "questions",
    "relevant_questions",
    "validate_profile",
]


def available_rulesets() -> list[str]:
    """Installed rulesets as ``id@version``, oldest version first."""
    return list_refs()


def load_ruleset_file(path: Path | str, search_dir: Path | None = None) -> Ruleset:
    """Load, validate and compile a ruleset manifest from a path (``extends`` looked up in ``search_dir``)."""
    path = Path(path)
    doc = resolve_document(path, search_dir)
    validate_document(doc, path.name)
    return Ruleset(doc, path.name)


@cache
def _load(ref: str) -> Ruleset:
    return load_ruleset_file(find_manifest(ref))


def load_ruleset(ref: str | None = None) -> Ruleset:
    """A compiled ruleset by ``id@version`` (or ``id`` for its latest version); default: latest EU AI Act."""
    ref = ref or DEFAULT_RULESET_ID
    if "@" not in ref:
        versions = [r for r in list_refs() if r.split("@", 1)[0] == ref]
        if not versions:
            raise RulesetError.at("ruleset", f"unknown ruleset '{ref}'; available: {', '.join(list_refs())}")
        ref = versions[-1]
    return _load(ref)


def classify(profile: Mapping[str, Any], as_of: date, ruleset: Ruleset | None = None) -> ClassificationResult:
    """Classify one profile on ``as_of``. Raises InvalidInput naming the field and value on bad input."""
    if type(as_of) is not date:
        if not isinstance(as_of, datetime):
            raise InvalidInput.at("as_of", f"expected a date, got {as_of!r}")
        as_of = as_of.date()
    return classify_profile(ruleset or load_ruleset(), profile, as_of)


def validate_profile(profile: Mapping[str, Any], ruleset: Ruleset | None = None) -> dict[str, Any]:
    """The normalised answers (multi-choice as sorted lists, dates as ISO strings); raises InvalidInput."""
    answers = (ruleset or load_ruleset()).validator.normalise(profile)
    return {k: _plain(v) for k, v in answers.items()}


def profile_schema(ruleset: Ruleset | None = None) -> dict[str, Any]:
    """The published JSON Schema of a profile (``waarborg classify --schema``)."""
    rs = ruleset or load_ruleset()
    return json_schema(rs.questions, rs.ref)


def questions(ruleset: Ruleset | None = None) -> list[Question]:
    """Every question of the ruleset (default: latest EU AI Act), with types, options, texts and sources."""
    return _questionnaire.questions(ruleset or load_ruleset())


def relevant_questions(profile: Mapping[str, Any], ruleset: Ruleset | None = None) -> list[Question]:
    """The questions that still matter given the answers so far (see questionnaire.relevant_questions)."""
    return _questionnaire.relevant_questions(profile, ruleset or load_ruleset())


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
