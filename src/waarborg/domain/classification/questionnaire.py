"""Questionnaire support: every question, and the ones that still matter given the answers so far."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from waarborg.domain.classification.engine import classify_facts
from waarborg.domain.classification.model import Question
from waarborg.domain.classification.ruleset import Ruleset

_RELEVANCE_DATE = date(2030, 1, 1)


def questions(ruleset: Ruleset) -> list[Question]:
    """All questions of the ruleset, in questionnaire order."""
    return list(ruleset.questions)


def relevant_questions(profile: Mapping[str, Any], ruleset: Ruleset) -> list[Question]:
    """Questions still relevant given ``profile`` (answered ones included while they stay relevant).

    Unanswered questions take their ``assume`` value (else their default) and the engine is run on that
    provisional profile, so ``ask_if`` conditions can use derived facts such as ``ai_system`` and
    ``scope_excluded``. A question without ``ask_if`` is always relevant.
    """
    answers = ruleset.validator.normalise(profile)
    provisional = dict(ruleset.validator.defaults)
    for key, value in ruleset.assumed.items():
        if key not in answers:
            provisional[key] = ruleset.validator.checkers[key](key, value)
    provisional.update(answers)
    facts = dict(provisional)
    classify_facts(ruleset, facts, _RELEVANCE_DATE)
    dates, _info = ruleset.dates_at(_RELEVANCE_DATE)
    out = []
    for question in ruleset.questions:
        condition = ruleset.ask_if.get(question.id)
        if condition is None or condition(facts, dates):
            out.append(question)
    return out
