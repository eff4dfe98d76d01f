"""Turn an HTML form into answers and back, so a form that fails validation keeps what was typed.

Field names: ``a:<question>`` for a single value (repeated for a multiple choice),
``a:<question>:<row>:<column>`` for a table cell, ``v:<question>`` for an answer's visibility and
``sv:<section>`` for a section's visibility (an empty choice means "inherit").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .answers import is_blank_row
from .model import Instrument

EXTRA_ROWS = 2  # empty rows offered below a table's answered rows


@dataclass
class FormInput:
    answers: dict[str, Any] = field(default_factory=dict)
    answer_visibility: dict[str, str] = field(default_factory=dict)
    section_visibility: dict[str, str] = field(default_factory=dict)


def answers_from_form(instrument: Instrument, items: Iterable[tuple[str, str]]) -> FormInput:
    """Raw (unvalidated) answers and visibility choices from form items (``multi_items()``)."""
    answers: dict[str, Any] = {}
    out = FormInput(answers=answers)
    tables: dict[str, dict[int, dict[str, str]]] = {}
    for name, value in items:
        kind, _, rest = name.partition(":")
        if kind in ("v", "sv") and rest:
            if value:
                (out.answer_visibility if kind == "v" else out.section_visibility)[rest] = value
            continue
        if kind != "a" or not rest:
            continue
        qid, _, cell = rest.partition(":")
        question = instrument.question(qid)
        if question is None:
            answers[rest] = value  # reported as an unknown question by validation
        elif question.type == "table":
            row, _, col = cell.partition(":")
            if row.isdigit() and col:
                tables.setdefault(qid, {}).setdefault(int(row), {})[col] = value
        elif question.multiple:
            answers.setdefault(qid, []).append(value)
        else:
            answers[qid] = value
    for qid, rows in tables.items():
        answers[qid] = [rows[i] for i in sorted(rows) if not is_blank_row(rows[i])]
    return out


def form_rows(value: Any, extra: int = EXTRA_ROWS) -> list[Mapping[str, Any]]:
    """Rows to show for a table question: the answered (or re-typed) rows plus empty ones."""
    rows = [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []
    return [*rows, *({} for _ in range(extra))]


def form_value(value: Any) -> str:
    """A stored or typed value as a form control's value."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "" if value is None else str(value)
