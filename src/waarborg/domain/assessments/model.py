"""Instrument model: an instrument is a versioned questionnaire loaded from YAML (see ``loader``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuestionType = Literal["open", "choice", "yesno", "date", "link", "number", "table"]
Visibility = Literal["public", "supervisor", "internal"]
VISIBILITIES: tuple[Visibility, ...] = ("public", "supervisor", "internal")


@dataclass(frozen=True)
class Text:
    """A user-facing text in Dutch and English."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class Source:
    article: str
    url: str
    certainty: str = "V-primary"


@dataclass(frozen=True)
class Option:
    id: str
    label: Text


@dataclass(frozen=True)
class Column:
    id: str
    label: Text
    type: QuestionType
    required: bool = False
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Condition:
    question: str
    equals: str | bool


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    label: Text
    source: Source
    section: str
    help: Text | None = None
    required: bool = False
    required_if: Condition | None = None
    multiple: bool = False
    options: tuple[Option, ...] = ()
    columns: tuple[Column, ...] = ()
    check: str | None = None  # an extra semantic check on the answer, e.g. "audit-thresholds"

    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    visibility: Visibility
    questions: tuple[Question, ...]
    help: Text | None = None


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: Text
    description: Text
    binding: bool
    source: Source
    sections: tuple[Section, ...]
    note: Text | None = None
    _index: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, qid: str) -> Question | None:
        if not self._index:
            self._index.update({q.id: q for q in self.questions()})
        return self._index.get(qid)

    def section(self, sid: str) -> Section | None:
        return next((s for s in self.sections if s.id == sid), None)


@dataclass(frozen=True)
class Level:
    id: str
    label: Text
    rank: int


@dataclass(frozen=True)
class Factor:
    id: str
    label: Text
    help: Text
    levels: tuple[Level, ...]

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)


@dataclass(frozen=True)
class Band:
    id: str
    min_score: float
    label: Text


@dataclass(frozen=True)
class RiskModel:
    """Ordinal factors and a configurable aggregation (no official HUDERIA scoring exists)."""

    version: str
    note: Text
    factors: tuple[Factor, ...]
    severity_method: str
    severity_factors: tuple[str, ...]
    likelihood_factor: str
    bands: tuple[Band, ...]

    def factor(self, fid: str) -> Factor | None:
        return next((f for f in self.factors if f.id == fid), None)
