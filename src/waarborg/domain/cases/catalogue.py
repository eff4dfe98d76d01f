"""The case catalogue: case types, state machines, deadlines and measure kinds, loaded from
``waarborg/rules/cases/cases.yaml`` and validated against ``cases.schema.json`` plus cross-references.

A broken file is refused with a message naming the node (``machines.complaint.transitions[2].to``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import yaml

from waarborg.domain.cases.periods import Period
from waarborg.domain.errors import InvalidInput, NotFound

Text = dict[str, str]


def pick(text: Text, lang: str) -> str:
    return text["nl"] if lang == "nl" else text["en"]


@dataclass(frozen=True)
class Source:
    id: str
    article: str
    url: str
    certainty: str
    note: str = ""

    @property
    def verified(self) -> bool:
        """True only for items checked against the primary legal text."""
        return self.certainty == "V-primary"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": self.article,
            "url": self.url,
            "certainty": self.certainty,
            "verified": self.verified,
            "note": self.note,
        }


@dataclass(frozen=True)
class Extension:
    period: Period
    max_times: int
    source: Source


@dataclass(frozen=True)
class Category:
    id: str
    period: Period
    source: Source
    label: Text


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    label: Text
    period: Period
    source: Source
    roll_forward: bool
    roll_forward_source: Source | None = None
    extension: Extension | None = None
    categories: dict[str, Category] = field(default_factory=dict)


@dataclass(frozen=True)
class State:
    id: str
    label: Text
    next: Text
    clock_running: bool
    terminal: bool


@dataclass(frozen=True)
class Transition:
    id: str
    sources: tuple[str, ...]
    target: str | None  # None: the state stays the same (an action such as "extend")
    roles: frozenset[str]
    label: Text
    effects: tuple[str, ...]
    requires_reason: bool = False
    max_times: int | None = None
    guard: str | None = None


@dataclass(frozen=True)
class Retention:
    period: Period
    after: str
    source: Source


@dataclass(frozen=True)
class Machine:
    id: str
    kind: str
    prefix: str
    label: Text
    sources: tuple[Source, ...]
    filed_by: frozenset[str]
    handler: str
    initial: str
    states: dict[str, State]
    transitions: tuple[Transition, ...]
    retention: Retention
    personal_fields: tuple[str, ...]
    personal_data_visible_to: tuple[tuple[str, str], ...]
    visible_to: frozenset[str]
    deadline: DeadlineRule | None = None
    deadline_starts: str = "received"
    reminders_days_before: tuple[int, ...] = ()
    origins: tuple[str, ...] = ()

    def transition(self, transition_id: str) -> Transition:
        for t in self.transitions:
            if t.id == transition_id:
                return t
        known = ", ".join(t.id for t in self.transitions)
        raise InvalidInput.at("transition", f"{transition_id!r} is not a step of {self.id}; known: {known}")


@dataclass(frozen=True)
class MeasureKind:
    id: str
    label: Text
    legal_basis: tuple[Source, ...]
    deadline: str  # required | optional | none
    effects: tuple[str, ...]
    default_period: Period | None = None


@dataclass(frozen=True)
class RateLimitRule:
    max: int
    window_minutes: int


@dataclass(frozen=True)
class Limits:
    description_max_chars: int
    description_min_chars: int
    name_max_chars: int
    reference_max_chars: int
    reply_max_chars: int
    reason_max_chars: int
    attachments_max_count: int
    attachment_max_bytes: int
    honeypot_field: str
    per_address: RateLimitRule
    per_entry: RateLimitRule


@dataclass(frozen=True)
class CaseCatalogue:
    id: str
    version: str
    roles: dict[str, Text]
    sources: dict[str, Source]
    deadlines: dict[str, DeadlineRule]
    machines: dict[str, Machine]
    measure_kinds: dict[str, MeasureKind]
    limits: Limits
    mail_retry_minutes: tuple[int, ...]

    @property
    def ruleset(self) -> str:
        return f"{self.id}@{self.version}"

    def machine(self, case_type: str) -> Machine:
        try:
            return self.machines[case_type]
        except KeyError:
            raise NotFound(f"case_type: unknown case type {case_type!r}") from None

    def measure_kind(self, kind: str) -> MeasureKind:
        try:
            return self.measure_kinds[kind]
        except KeyError:
            known = ", ".join(self.measure_kinds)
            raise InvalidInput.at("kind", f"{kind!r} is not a measure kind; known: {known}") from None

    def case_types(self) -> list[str]:
        return [m.id for m in self.machines.values() if m.kind == "case"]


class CatalogueError(ValueError):
    """The case catalogue file is broken; the message names the node."""


def _read(name: str) -> str:
    return resources.files("waarborg").joinpath(f"rules/cases/{name}").read_text("utf-8")


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_read("cases.schema.json"))
    return loaded


@cache
def load_catalogue() -> CaseCatalogue:
    return parse_catalogue(yaml.safe_load(_read("cases.yaml")))


def _node(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"


def parse_catalogue(raw: Any) -> CaseCatalogue:
    """Validate ``raw`` (the parsed YAML) and build the catalogue; raise CatalogueError naming the node."""
    errors = sorted(jsonschema.Draft202012Validator(schema()).iter_errors(raw), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        raise CatalogueError(f"cases.yaml: {_node(first.absolute_path)}: {first.message}")
    return _Builder(raw).build()


class _Builder:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.sources = {k: Source(id=k, **v) for k, v in raw["sources"].items()}

    def source(self, source_id: str, node: str) -> Source:
        if source_id not in self.sources:
            raise CatalogueError(f"cases.yaml: {node}: unknown source {source_id!r}")
        return self.sources[source_id]

    def build(self) -> CaseCatalogue:
        deadlines = {k: self.deadline(k, v) for k, v in self.raw["deadlines"].items()}
        machines = {k: self.machine(k, v, deadlines) for k, v in self.raw["machines"].items()}
        kinds = {k: self.measure_kind(k, v) for k, v in self.raw["measure_kinds"].items()}
        lim = dict(self.raw["limits"])
        rates = lim.pop("rate_limits")
        return CaseCatalogue(
            id=self.raw["id"],
            version=self.raw["version"],
            roles=self.raw["roles"],
            sources=self.sources,
            deadlines=deadlines,
            machines=machines,
            measure_kinds=kinds,
            limits=Limits(
                **lim,
                per_address=RateLimitRule(**rates["per_address"]),
                per_entry=RateLimitRule(**rates["per_entry"]),
            ),
            mail_retry_minutes=tuple(self.raw["mail_retry_minutes"]),
        )

    def deadline(self, key: str, d: dict[str, Any]) -> DeadlineRule:
        node = f"deadlines.{key}"
        ext = d.get("extension")
        cats = {
            cid: Category(
                cid,
                Period.from_mapping(c["period"]),
                self.source(c["source"], f"{node}.categories.{cid}.source"),
                c["label"],
            )
            for cid, c in d.get("categories", {}).items()
        }
        rf = d.get("roll_forward_source")
        return DeadlineRule(
            id=key,
            label=d["label"],
            period=Period.from_mapping(d["period"]),
            source=self.source(d["source"], f"{node}.source"),
            roll_forward=d["roll_forward"],
            roll_forward_source=self.source(rf, f"{node}.roll_forward_source") if rf else None,
            extension=Extension(
                Period.from_mapping(ext["period"]),
                ext["max_times"],
                self.source(ext["source"], f"{node}.extension.source"),
            )
            if ext
            else None,
            categories=cats,
        )

    def machine(self, key: str, m: dict[str, Any], deadlines: dict[str, DeadlineRule]) -> Machine:
        node = f"machines.{key}"
        states = {
            sid: State(sid, s["label"], s["next"], s["clock"] == "running", bool(s.get("terminal", False)))
            for sid, s in m["states"].items()
        }
        if m["initial"] not in states:
            raise CatalogueError(f"cases.yaml: {node}.initial: unknown state {m['initial']!r}")
        transitions = tuple(
            self.transition(f"{node}.transitions[{i}]", t, states) for i, t in enumerate(m["transitions"])
        )
        seen: set[str] = set()
        for i, t in enumerate(transitions):
            if t.id in seen:
                raise CatalogueError(f"cases.yaml: {node}.transitions[{i}].id: duplicate step {t.id!r}")
            seen.add(t.id)
        if m.get("deadline") and m["deadline"] not in deadlines:
            raise CatalogueError(f"cases.yaml: {node}.deadline: unknown deadline {m['deadline']!r}")
        ret = m["retention"]
        return Machine(
            id=key,
            kind=m["kind"],
            prefix=m["prefix"],
            label=m["label"],
            sources=tuple(self.source(s, f"{node}.sources[{i}]") for i, s in enumerate(m["sources"])),
            filed_by=frozenset(m["filed_by"]),
            handler=m["handler"],
            initial=m["initial"],
            states=states,
            transitions=transitions,
            retention=Retention(
                Period.from_mapping(ret["period"]),
                ret["after"],
                self.source(ret["source"], f"{node}.retention.source"),
            ),
            personal_fields=tuple(m["personal_fields"]),
            personal_data_visible_to=tuple((p["party"], p["when"]) for p in m["personal_data_visible_to"]),
            visible_to=frozenset(m["visible_to"]),
            deadline=deadlines[m["deadline"]] if m.get("deadline") else None,
            deadline_starts=m.get("deadline_starts", "received"),
            reminders_days_before=tuple(sorted(m.get("reminders_days_before", []), reverse=True)),
            origins=tuple(m.get("origins", [])),
        )

    @staticmethod
    def transition(node: str, t: dict[str, Any], states: dict[str, State]) -> Transition:
        for i, s in enumerate(t["from"]):
            if s not in states:
                raise CatalogueError(f"cases.yaml: {node}.from[{i}]: unknown state {s!r}")
            if states[s].terminal:
                raise CatalogueError(f"cases.yaml: {node}.from[{i}]: state {s!r} is terminal")
        if t.get("to") is not None and t["to"] not in states:
            raise CatalogueError(f"cases.yaml: {node}.to: unknown state {t['to']!r}")
        return Transition(
            id=t["id"],
            sources=tuple(t["from"]),
            target=t.get("to"),
            roles=frozenset(t["roles"]),
            label=t["label"],
            effects=tuple(t["effects"]),
            requires_reason=bool(t.get("requires_reason", False)),
            max_times=t.get("max_times"),
            guard=t.get("guard"),
        )

    def measure_kind(self, key: str, k: dict[str, Any]) -> MeasureKind:
        node = f"measure_kinds.{key}"
        if k["deadline"] == "required" and "default_period" not in k:
            raise CatalogueError(f"cases.yaml: {node}.default_period: required when deadline is 'required'")
        return MeasureKind(
            id=key,
            label=k["label"],
            legal_basis=tuple(
                self.source(s, f"{node}.legal_basis[{i}]") for i, s in enumerate(k["legal_basis"])
            ),
            deadline=k["deadline"],
            effects=tuple(k["effects"]),
            default_period=Period.from_mapping(k["default_period"]) if "default_period" in k else None,
        )
