"""Fairness thresholds for bias monitoring, given as an assessment answer.

A question with ``check: audit-thresholds`` is a table with a ``metric`` column (a choice of the bias
audit's threshold names) and a ``value`` column (a number). Its rows are checked with the audit's own
``parse_thresholds`` when the answer is validated, so a value the audit would refuse never gets saved.
When the assessment is approved, the rows become the register entry's audit thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from waarborg.domain.audit.config import THRESHOLD_ALIASES, parse_thresholds, threshold_names
from waarborg.domain.errors import InvalidInput

from .model import Instrument, Question

CHECK = "audit-thresholds"
METRIC, VALUE = "metric", "value"
SOURCE_PATTERN = re.compile(r"^(?P<instrument>[a-z]+) (?P<assessment>\d+) revision (?P<revision>\d+)$")


def threshold_question(instrument: Instrument) -> Question | None:
    """The instrument's fairness-thresholds question, if it has one."""
    return next((q for q in instrument.questions() if q.check == CHECK), None)


def check_definition(question: Question, where: str) -> None:
    """Refuse a thresholds question whose shape the audit cannot use (loader check)."""
    if question.type != "table":
        raise InvalidInput.at(where, f"check {CHECK!r} needs a table, got type {question.type!r}")
    cols = {c.id: c for c in question.columns}
    metric, value = cols.get(METRIC), cols.get(VALUE)
    if metric is None or metric.type != "choice" or value is None or value.type != "number":
        raise InvalidInput.at(
            where, f"check {CHECK!r} needs a choice column {METRIC!r} and a number column {VALUE!r}"
        )
    unknown = sorted({o.id for o in metric.options} - set(threshold_names()))
    if unknown:
        raise InvalidInput.at(where, f"metric options {unknown} are not bias-audit threshold names")


def _hint(metric: str) -> str:
    if metric.startswith("max_"):
        return "a number of 0 or more"
    return "a number between 0 and 1"


def thresholds_from_rows(rows: Sequence[Mapping[str, Any]], field: str) -> dict[str, float]:
    """The thresholds mapping of validated table rows; a bad or repeated metric names row and value."""
    out: dict[str, float] = {}
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        metric, value = row.get(METRIC), row.get(VALUE)
        if metric is None or value is None:
            missing = METRIC if metric is None else VALUE
            raise InvalidInput.at(f"{field}[{i}].{missing}", f"is required in row {i + 1}, got {row!r}")
        canonical = THRESHOLD_ALIASES.get(str(metric), str(metric))
        if canonical in seen:
            raise InvalidInput.at(
                f"{field}[{i}].{METRIC}", f"{metric!r} is already given in row {seen[canonical] + 1}"
            )
        seen[canonical] = i
        try:
            out.update(parse_thresholds({metric: value}))
        except InvalidInput as exc:
            detail = exc.message.partition(": ")[2] or exc.message
            raise InvalidInput.at(
                f"{field}[{i}].{VALUE}", f"{detail} for {metric} (expected {_hint(str(metric))})"
            ) from None
    return out


def check_answer(question: Question, rows: Sequence[Mapping[str, Any]]) -> None:
    """Run the question's semantic check (called by answer validation)."""
    if question.check == CHECK:
        thresholds_from_rows(rows, f"answers.{question.id}")


def thresholds_in(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, float] | None:
    """The thresholds an assessment's answers set, or None when it gives none."""
    question = threshold_question(instrument)
    rows = answers.get(question.id) if question is not None else None
    if question is None or not isinstance(rows, list) or not rows:
        return None
    return thresholds_from_rows(rows, f"answers.{question.id}")


def source_label(instrument: str, assessment_id: int, revision: int) -> str:
    """How the entry's thresholds record where they came from: ``iama 12 revision 2``."""
    return f"{instrument} {assessment_id} revision {revision}"


def parse_source(source: str | None) -> tuple[str, int, int] | None:
    """(instrument, assessment id, revision) of a ``source_label``; None for other sources."""
    match = SOURCE_PATTERN.match(source or "")
    if match is None:
        return None
    return match["instrument"], int(match["assessment"]), int(match["revision"])
