"""One revision of an assessment as plain data: what storage loads and reports render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from waarborg.domain.errors import InvalidInput

from .model import VISIBILITIES, Instrument, Visibility
from .risks import Risk


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True)
class HistoryItem:
    action: str
    source: str
    target: str
    actor: str
    at: dt.datetime
    comment: str = ""


@dataclass(frozen=True)
class Assessment:
    id: str
    entry_id: str
    entry_name: str
    instrument: str
    instrument_version: str
    revision: int
    state: str
    author: Person
    answers: Mapping[str, Any] = field(default_factory=dict)
    answer_visibility: Mapping[str, Visibility] = field(default_factory=dict)
    section_visibility: Mapping[str, Visibility] = field(default_factory=dict)
    risks: tuple[Risk, ...] = ()
    public_summary: str = ""
    approver: Person | None = None
    approved_at: dt.datetime | None = None
    review_date: dt.date | None = None
    reopen_reason: str = ""
    organisation: str = ""
    history: tuple[HistoryItem, ...] = ()
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


_ORDER = {v: i for i, v in enumerate(VISIBILITIES)}


def may_see(content: Visibility, audience: Visibility) -> bool:
    """public content is seen by all; supervisor content by supervisors and insiders; internal by insiders."""
    return _ORDER[content] <= _ORDER[audience]


def check_visibility(value: Any, field_: str) -> Visibility:
    if value not in VISIBILITIES:
        raise InvalidInput.at(field_, f"{value!r} is not one of {', '.join(VISIBILITIES)}")
    vis: Visibility = value
    return vis


def section_visibility(assessment: Assessment, instrument: Instrument, section_id: str) -> Visibility:
    section = instrument.section(section_id)
    default: Visibility = section.visibility if section else "internal"
    return assessment.section_visibility.get(section_id, default)


def answer_visibility(assessment: Assessment, instrument: Instrument, question_id: str) -> Visibility:
    """An answer's own setting wins; otherwise its section's (assessment override, then instrument default)."""
    if question_id in assessment.answer_visibility:
        return assessment.answer_visibility[question_id]
    question = instrument.question(question_id)
    return section_visibility(assessment, instrument, question.section) if question else "internal"
