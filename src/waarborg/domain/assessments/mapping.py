"""Cross-instrument answer mapping: an answer in one instrument pre-fills the same question elsewhere.

Groups are symmetric: every member pre-fills every other member, so IAMA -> FRIA and FRIA -> IAMA
use the same data. Only unanswered target questions are filled; each pre-fill says where it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from waarborg.domain.errors import InvalidInput

from .answers import is_blank
from .loader import _read_yaml, all_instruments, instruments_dir, validate_against
from .model import Instrument, Question


@dataclass(frozen=True)
class Member:
    instrument: str
    question: str

    def __str__(self) -> str:
        return f"{self.instrument}:{self.question}"


@dataclass(frozen=True)
class MappingGroup:
    id: str
    note: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Prefill:
    question: str
    value: Any
    source: str  # "iama:3.1"
    group: str


def _compatible(a: Question, b: Question) -> str | None:
    if a.type != b.type:
        return f"types differ ({a.type} vs {b.type})"
    if a.type == "choice" and a.option_ids() != b.option_ids():
        return "choice options differ"
    if a.type == "table" and not {c.id for c in a.columns} & {c.id for c in b.columns}:
        return "tables share no column"
    return None


def build_mappings(
    doc: Any, instruments: Mapping[str, Instrument], where: str = "mappings.yaml"
) -> tuple[MappingGroup, ...]:
    validate_against(doc, "mappings.schema.json", where)
    groups = []
    for gi, g in enumerate(doc["groups"]):
        gwhere = f"{where}: groups[{gi}] (id {g['id']!r})"
        members = []
        for ref in g["members"]:
            inst_id, qid = ref.split(":", 1)
            inst = instruments.get(inst_id)
            question = inst.question(qid) if inst else None
            if question is None:
                raise InvalidInput.at(gwhere, f"member {ref!r} names no known instrument question")
            members.append(Member(inst_id, qid))
        first = members[0]
        for other in members[1:]:
            problem = _compatible(_q(instruments, first), _q(instruments, other))
            if problem:
                raise InvalidInput.at(gwhere, f"{first} and {other} cannot map: {problem}")
        groups.append(MappingGroup(id=g["id"], note=g["note"], members=tuple(members)))
    return tuple(groups)


def _q(instruments: Mapping[str, Instrument], m: Member) -> Question:
    question = instruments[m.instrument].question(m.question)
    assert question is not None
    return question


_CACHE: list[tuple[MappingGroup, ...]] = []


def mappings() -> tuple[MappingGroup, ...]:
    if not _CACHE:
        path = instruments_dir() / "mappings.yaml"
        _CACHE.append(build_mappings(_read_yaml(path), all_instruments(), path.name))
    return _CACHE[0]


def _project(value: Any, source: Question, target: Question) -> Any:
    if target.type != "table":
        return value
    shared = {c.id for c in source.columns} & {c.id for c in target.columns}
    rows = [{k: v for k, v in row.items() if k in shared} for row in value]
    return [r for r in rows if r] or None


def prefill(
    target: Instrument,
    target_answers: Mapping[str, Any],
    sources: Mapping[str, Mapping[str, Any]],
    groups: tuple[MappingGroup, ...] | None = None,
) -> dict[str, Prefill]:
    """Pre-fills for ``target``'s unanswered questions from ``sources`` ({instrument id: answers}).

    The first member of a group (in the order of the mapping file) that has an answer wins.
    """
    instruments = all_instruments()
    out: dict[str, Prefill] = {}
    for group in groups if groups is not None else mappings():
        targets = [m for m in group.members if m.instrument == target.id]
        for tm in targets:
            if not is_blank(target_answers.get(tm.question)) or tm.question in out:
                continue
            for sm in group.members:
                value = sources.get(sm.instrument, {}).get(sm.question)
                if sm.instrument == target.id or is_blank(value):
                    continue
                projected = _project(value, _q(instruments, sm), _q(instruments, tm))
                if projected is not None:
                    out[tm.question] = Prefill(tm.question, projected, str(sm), group.id)
                    break
    return out
