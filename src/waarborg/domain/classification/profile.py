"""Profiles: validation (fast, precompiled per question) and the published JSON Schema.

A profile is a flat mapping ``{question_id: answer}``. ``null`` means "not answered". Keys starting with
``x-`` and ``$schema`` are ignored (free annotations). Multi-choice answers become frozensets, so their
order never matters; dates accept ``YYYY-MM-DD`` strings or date objects; numbers accept numeric strings
(YAML reads ``1e25`` as a string).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from waarborg.domain.classification.model import Question
from waarborg.domain.errors import InvalidInput

Checker = Callable[[str, Any], Any]
# Numbers may come as text (YAML 1.1 reads ``1e25`` as a string); the exponent is bounded so it stays finite.
NUMBER_PATTERN = r"^[0-9]+(\.[0-9]+)?([eE]\+?[0-9]{1,2})?$"
NUMBER_TEXT = re.compile(NUMBER_PATTERN)


def _bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidInput.at(field, f"expected true or false, got {value!r}")


def _text(field: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    raise InvalidInput.at(field, f"expected text, got {value!r}")


def _number(field: str, value: Any) -> float:
    if isinstance(value, bool):
        raise InvalidInput.at(field, f"expected a number, got {value!r}")
    if isinstance(value, int | float) or isinstance(value, str) and NUMBER_TEXT.match(value):
        number = float(value)
    else:
        raise InvalidInput.at(field, f"expected a number, got {value!r}")
    if not math.isfinite(number) or number < 0:
        raise InvalidInput.at(field, f"expected a finite number >= 0, got {value!r}")
    return number


def _date(field: str, value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput.at(field, f"expected a date YYYY-MM-DD, got {value!r}")


def _choice(options: frozenset[str]) -> Checker:
    listed = ", ".join(sorted(options))

    def check(field: str, value: Any) -> str:
        if isinstance(value, str) and value in options:
            return value
        raise InvalidInput.at(field, f"{value!r} is not one of: {listed}")

    return check


def _multi(options: frozenset[str]) -> Checker:
    listed = ", ".join(sorted(options))

    def check(field: str, value: Any) -> frozenset[str]:
        if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
            raise InvalidInput.at(field, f"expected a list of values from: {listed}; got {value!r}")
        for item in value:
            if not isinstance(item, str) or item not in options:
                raise InvalidInput.at(field, f"{item!r} is not one of: {listed}")
        result = frozenset(value)
        if len(result) != len(value):
            raise InvalidInput.at(field, f"duplicate values in {list(value)!r}")
        return result

    return check


_SIMPLE: dict[str, Checker] = {"bool": _bool, "text": _text, "number": _number, "date": _date}


def _checker(question: Question) -> Checker:
    options = frozenset(o.value for o in question.options)
    if question.type == "choice":
        return _choice(options)
    if question.type == "multi":
        return _multi(options)
    return _SIMPLE[question.type]


def _is_annotation(key: str) -> bool:
    return key.startswith("x-") or key == "$schema"


class ProfileValidator:
    """Checks and normalises a profile in one pass, without jsonschema (fast enough for the hot path)."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.questions = tuple(questions)
        self.checkers = {q.id: _checker(q) for q in self.questions}
        self.defaults: dict[str, Any] = {}
        for q in self.questions:
            empty: Any = frozenset() if q.type == "multi" else (False if q.type == "bool" else None)
            self.defaults[q.id] = empty if q.default is None else self.checkers[q.id](q.id, q.default)

    def normalise(self, profile: Mapping[str, Any]) -> dict[str, Any]:
        """The answers given (``None`` dropped), checked and normalised; raises InvalidInput naming the field."""
        if not isinstance(profile, Mapping):
            raise InvalidInput.at("profile", f"expected a mapping of answers, got {type(profile).__name__}")
        checkers = self.checkers
        out: dict[str, Any] = {}
        for key, value in profile.items():
            check = checkers.get(key)
            if check is None:
                if isinstance(key, str) and _is_annotation(key):
                    continue
                raise InvalidInput.at(str(key), f"unknown question '{key}'")
            if value is not None:
                out[key] = check(key, value)
        return out

    def facts(self, profile: Mapping[str, Any]) -> dict[str, Any]:
        """Defaults overlaid with the normalised answers."""
        facts = dict(self.defaults)
        facts.update(self.normalise(profile))
        return facts


def json_schema(questions: Iterable[Question], ruleset_ref: str) -> dict[str, Any]:
    """The published JSON Schema of a profile for the given questions."""
    props: dict[str, Any] = {}
    for q in questions:
        values = [o.value for o in q.options]
        prop: dict[str, Any]
        if q.type == "bool":
            prop = {"type": ["boolean", "null"]}
        elif q.type == "choice":
            prop = {"enum": [*values, None]}
        elif q.type == "multi":
            prop = {"type": ["array", "null"], "items": {"enum": values}, "uniqueItems": True}
        elif q.type == "date":
            prop = {"type": ["string", "null"], "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
        elif q.type == "number":
            prop = {
                "oneOf": [
                    {"type": "number", "minimum": 0},
                    {"type": "string", "pattern": NUMBER_PATTERN},
                    {"type": "null"},
                ]
            }
        else:
            prop = {"type": ["string", "null"]}
        prop["title"] = q.text.en
        prop["description"] = f"{q.text.nl} — {q.source.article}"
        if q.default is not None:
            prop["default"] = q.default
        props[q.id] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://waarborg.eu/schema/profile/{ruleset_ref}.json",
        "title": f"Waarborg system profile ({ruleset_ref})",
        "type": "object",
        "properties": props,
        "patternProperties": {"^x-": {}, "^\\$schema$": {"type": "string"}},
        "additionalProperties": False,
    }
