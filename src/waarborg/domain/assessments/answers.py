"""Answer validation per question type, and the completeness check.

``validate_answer`` accepts typed values (from JSON) and form strings alike and returns the
normalised value; a bad value raises ``InvalidInput`` naming ``answers.<question id>`` and the value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from waarborg.domain.errors import InvalidInput

from .model import Column, Instrument, Question
from .thresholds import check_answer

MAX_TEXT = 20_000
MAX_ROWS = 200
_YES = {"yes", "ja", "true", "1", "on", "y", "j"}
_NO = {"no", "nee", "false", "0", "off", "n"}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _open(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput.at(field, f"expects text, got {_short(value)}")
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput.at(field, f"text is {len(text)} characters long; at most {MAX_TEXT} allowed")
    return text


def _yesno(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    raise InvalidInput.at(field, f"expects yes or no, got {_short(value)}")


def _date(value: Any, field: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise InvalidInput.at(field, f"expects a date YYYY-MM-DD, got {_short(value)}")


def _link(value: Any, field: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or any(c.isspace() for c in text):
        raise InvalidInput.at(field, f"expects an http(s) link, got {_short(value)}")
    return text


def _number(value: Any, field: str) -> float:
    """A finite number; form text may use a decimal comma (``0,8``)."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise InvalidInput.at(field, f"expects a number, got {_short(value)}")
    return number


def _choice(value: Any, allowed: tuple[str, ...], multiple: bool, field: str) -> str | list[str]:
    values = value if multiple and isinstance(value, list) else [value]
    if not multiple and isinstance(value, list):
        raise InvalidInput.at(field, f"expects one choice, got a list {_short(value)}")
    for v in values:
        if not isinstance(v, str) or v not in allowed:
            raise InvalidInput.at(field, f"{_short(v)} is not one of {', '.join(allowed)}")
    return list(values) if multiple else values[0]


def _scalar(kind: str, value: Any, options: tuple[str, ...], multiple: bool, field: str) -> Any:
    if kind == "open":
        return _open(value, field)
    if kind == "yesno":
        return _yesno(value, field)
    if kind == "date":
        return _date(value, field)
    if kind == "link":
        return _link(value, field)
    if kind == "number":
        return _number(value, field)
    return _choice(value, options, multiple, field)


def _row(columns: tuple[Column, ...], row: Any, field: str) -> dict[str, Any]:
    if not isinstance(row, Mapping):
        raise InvalidInput.at(field, f"a table row must be an object, got {_short(row)}")
    known = {c.id for c in columns}
    unknown = sorted(set(row) - known)
    if unknown:
        raise InvalidInput.at(field, f"unknown column(s) {unknown}; columns are {sorted(known)}")
    out: dict[str, Any] = {}
    for col in columns:
        cell = row.get(col.id)
        if is_blank(cell):
            if col.required:
                raise InvalidInput.at(f"{field}.{col.id}", f"is required, got {_short(cell)}")
            continue
        options = tuple(o.id for o in col.options)
        out[col.id] = _scalar(col.type, cell, options, False, f"{field}.{col.id}")
    return out


def _table(question: Question, value: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise InvalidInput.at(field, f"expects a list of rows, got {_short(value)}")
    if len(value) > MAX_ROWS:
        raise InvalidInput.at(field, f"has {len(value)} rows; at most {MAX_ROWS} allowed")
    rows = [_row(question.columns, r, f"{field}[{i}]") for i, r in enumerate(value) if not is_blank_row(r)]
    return rows


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def is_blank_row(row: Any) -> bool:
    return isinstance(row, Mapping) and all(is_blank(v) for v in row.values())


def validate_answer(question: Question, value: Any) -> Any:
    """Return the normalised answer, ``None`` for a blank one; raise ``InvalidInput`` otherwise."""
    field = f"answers.{question.id}"
    if is_blank(value):
        return None
    if question.type == "table":
        rows = _table(question, value, field)
        check_answer(question, rows)
        return rows or None
    return _scalar(question.type, value, question.option_ids(), question.multiple, field)


def validate_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a whole set; all bad answers are reported together. Blank answers are dropped."""
    errors: list[str] = []
    clean: dict[str, Any] = {}
    for qid, value in answers.items():
        question = instrument.question(qid)
        if question is None:
            errors.append(f"answers.{qid}: unknown question {qid!r} in {instrument.ref}")
            continue
        try:
            normal = validate_answer(question, value)
        except InvalidInput as exc:
            errors.extend(exc.errors)
            continue
        if normal is not None:
            clean[qid] = normal
    if errors:
        raise InvalidInput(errors[0], errors)
    return clean


@dataclass(frozen=True)
class Completeness:
    answered: int
    required: int
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def is_required(question: Question, answers: Mapping[str, Any]) -> bool:
    cond = question.required_if
    if cond is None:
        return question.required
    return question.required or answers.get(cond.question) == cond.equals


def completeness(instrument: Instrument, answers: Mapping[str, Any]) -> Completeness:
    """Which required answers (including conditional ones) are still missing."""
    required = [q for q in instrument.questions() if is_required(q, answers)]
    missing = tuple(q.id for q in required if is_blank(answers.get(q.id)))
    answered = sum(1 for q in instrument.questions() if not is_blank(answers.get(q.id)))
    return Completeness(answered=answered, required=len(required), missing=missing)
