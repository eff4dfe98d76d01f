"""The compliance catalogue: requirements and measures as data, loaded from schema-checked YAML.

A broken catalogue is refused at load time with a message naming the node (requirement or measure id)
and the bad value. See docs/compliance.md for the format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from waarborg.domain.errors import InvalidInput

Text = Mapping[str, str]

_PACKAGE = "waarborg.catalogue"
_DEFAULT_FILE = "compliance.yaml"
_SCHEMA_FILE = "compliance.schema.json"


@dataclass(frozen=True)
class Source:
    law: str
    article: str
    url: str
    certainty: str = "V-primary"
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "law": self.law,
            "article": self.article,
            "url": self.url,
            "certainty": self.certainty,
        }
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Selector:
    """One `applies_when` item. All given keys must match; None means "not constrained"."""

    article: str | None = None
    article_exact: str | None = None
    obligation: str | None = None
    holder: str | None = None
    role: str | None = None
    risk_class: tuple[str, ...] = ()
    high_risk_route: str | None = None
    derogation: bool | None = None
    transparency: str | None = None
    gpai: tuple[str, ...] = ()
    convention: bool | None = None
    always: bool = False


@dataclass(frozen=True)
class Measure:
    id: str
    title: Text
    source: Source
    guidance: Text | None = None
    references: tuple[Mapping[str, str], ...] = ()
    applies_when: tuple[Selector, ...] = ()


@dataclass(frozen=True)
class Requirement:
    id: str
    title: Text
    summary: Text
    source: Source
    applies_when: tuple[Selector, ...]
    measures: tuple[Measure, ...]
    holder: str | None = None
    applies_from: date | None = None
    references: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True)
class AutoRule:
    event: str
    description: Text
    satisfies: tuple[str, ...] = ()
    revokes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    name: str
    version: str
    released: date
    requirements: tuple[Requirement, ...]
    auto_rules: tuple[AutoRule, ...]
    _measures: Mapping[str, tuple[Requirement, Measure]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    def requirement(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def measure(self, measure_id: str) -> Measure | None:
        found = self._measures.get(measure_id)
        return found[1] if found else None

    def rules_for(self, event_kind: str) -> tuple[AutoRule, ...]:
        return tuple(r for r in self.auto_rules if r.event == event_kind)

    @property
    def event_kinds(self) -> tuple[str, ...]:
        return tuple(sorted({r.event for r in self.auto_rules}))


def load_schema() -> dict[str, Any]:
    text = resources.files(_PACKAGE).joinpath(_SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a catalogue file (the packaged one when ``path`` is None)."""
    if path is None:
        text = resources.files(_PACKAGE).joinpath(_DEFAULT_FILE).read_text(encoding="utf-8")
        origin = _DEFAULT_FILE
    else:
        origin = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput.at("catalogue", f"cannot read {origin!r}: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput.at("catalogue", f"{origin}: not valid YAML: {exc}") from exc
    return parse_catalogue(data, origin=origin)


def parse_catalogue(data: Any, origin: str = "<catalogue>") -> Catalogue:
    """Validate plain data against the JSON Schema and the cross-references, then build the model."""
    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        messages = [f"{_node_name(data, list(e.absolute_path))}: {e.message}" for e in errors[:20]]
        raise InvalidInput(f"{origin}: catalogue refused: {messages[0]}", messages)
    catalogue = _build(data)
    problems = _cross_check(catalogue)
    if problems:
        raise InvalidInput(f"{origin}: catalogue refused: {problems[0]}", problems)
    return catalogue


def _node_name(data: Any, path: Sequence[Any]) -> str:
    """Render a JSON path, naming every node that has an id: requirements[3](aia-10-...).measures[1](...)."""
    parts: list[str] = []
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            parts.append(str(key))
            break
        if isinstance(key, int):
            label = f"[{key}]"
            if isinstance(node, Mapping) and isinstance(node.get("id"), str):
                label += f"({node['id']})"
            elif isinstance(node, Mapping) and isinstance(node.get("event"), str):
                label += f"({node['event']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(key))
    return "".join(parts) or "<root>"


def _source(raw: Mapping[str, Any]) -> Source:
    return Source(
        law=raw["law"],
        article=raw["article"],
        url=raw["url"],
        certainty=raw.get("certainty", "V-primary"),
        note=raw.get("note"),
    )


def _selector(raw: Mapping[str, Any]) -> Selector:
    return Selector(
        article=raw.get("article"),
        article_exact=raw.get("article_exact"),
        obligation=raw.get("obligation"),
        holder=raw.get("holder"),
        role=raw.get("role"),
        risk_class=tuple(raw.get("risk_class", ())),
        high_risk_route=raw.get("high_risk_route"),
        derogation=raw.get("derogation"),
        transparency=raw.get("transparency"),
        gpai=tuple(raw.get("gpai", ())),
        convention=raw.get("convention"),
        always=bool(raw.get("always", False)),
    )


def _measure(raw: Mapping[str, Any], parent_source: Source) -> Measure:
    return Measure(
        id=raw["id"],
        title=dict(raw["title"]),
        source=_source(raw["source"]) if "source" in raw else parent_source,
        guidance=dict(raw["guidance"]) if "guidance" in raw else None,
        references=tuple(dict(r) for r in raw.get("references", ())),
        applies_when=tuple(_selector(s) for s in raw.get("applies_when", ())),
    )


def _requirement(raw: Mapping[str, Any]) -> Requirement:
    source = _source(raw["source"])
    return Requirement(
        id=raw["id"],
        title=dict(raw["title"]),
        summary=dict(raw["summary"]),
        source=source,
        applies_when=tuple(_selector(s) for s in raw["applies_when"]),
        measures=tuple(_measure(m, source) for m in raw["measures"]),
        holder=raw.get("holder"),
        applies_from=date.fromisoformat(raw["applies_from"]) if raw.get("applies_from") else None,
        references=tuple(dict(r) for r in raw.get("references", ())),
    )


def _build(data: Mapping[str, Any]) -> Catalogue:
    requirements = tuple(_requirement(r) for r in data["requirements"])
    index: dict[str, tuple[Requirement, Measure]] = {}
    for req in requirements:
        for m in req.measures:
            index.setdefault(m.id, (req, m))
    rules = tuple(
        AutoRule(
            event=r["event"],
            description=dict(r["description"]),
            satisfies=tuple(r.get("satisfies", ())),
            revokes=tuple(r.get("revokes", ())),
        )
        for r in data["auto_satisfaction"]
    )
    return Catalogue(
        name=data["catalogue"],
        version=data["version"],
        released=date.fromisoformat(str(data["released"])),
        requirements=requirements,
        auto_rules=rules,
        _measures=index,
    )


def _cross_check(cat: Catalogue) -> list[str]:
    """Checks a JSON Schema cannot express: unique ids, measure ids under their requirement, known targets."""
    problems: list[str] = []
    seen_req: set[str] = set()
    seen_measure: set[str] = set()
    for req in cat.requirements:
        if req.id in seen_req:
            problems.append(f"requirement {req.id!r}: duplicate requirement id")
        seen_req.add(req.id)
        for m in req.measures:
            if m.id in seen_measure:
                problems.append(f"measure {m.id!r} (requirement {req.id!r}): duplicate measure id")
            seen_measure.add(m.id)
            if not m.id.startswith(req.id + "."):
                problems.append(
                    f"measure {m.id!r} (requirement {req.id!r}): id must start with {req.id + '.'!r}"
                )
    for rule in cat.auto_rules:
        for target in (*rule.satisfies, *rule.revokes):
            if target not in seen_measure:
                problems.append(f"auto_satisfaction {rule.event!r}: unknown measure id {target!r}")
    return problems
