"""The field mapping between register entries and exchange standards, loaded from YAML data.

``data/exchange_mapping.yaml`` is validated against ``data/exchange_mapping.schema.json`` and checked
against the entry field catalogue at load time; a broken table is refused naming the node.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import yaml

from waarborg.domain.entries import catalogue

META_KEYS = ("organisation_name", "published_at", "public_id")


@dataclass(frozen=True)
class ValueMap:
    name: str
    to_std: dict[str, str]
    from_std: dict[str, str]

    def allowed(self) -> str:
        return ", ".join(repr(v) for v in self.to_std.values())


@dataclass(frozen=True)
class Row:
    path: str
    field: str | None = None
    meta: str | None = None
    const: str | None = None
    values: ValueMap | None = None
    imports: bool = True
    point: str | None = None
    item_keys: tuple[str, str] | None = None  # (title key, link key)
    wrap_item: str | None = None
    wrap_join: str | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    when: dict[str, Any]
    implies: dict[str, Any]


@dataclass(frozen=True)
class FormatMapping:
    name: str
    title: str
    source: str
    default_audience: str
    defaults: dict[str, Any]
    fallbacks: dict[str, tuple[tuple[str, ...], int]]
    sections: dict[str, Section]
    rows: tuple[Row, ...]

    def import_paths(self) -> dict[str, str]:
        """Waarborg field -> the one path in the standard it is read from (for error messages)."""
        paths: dict[str, list[str]] = {}
        for r in self.rows:
            if r.field and r.imports:
                paths.setdefault(r.field, []).append(r.path)
        return {f: p[0] for f, p in paths.items() if len(p) == 1}


@dataclass(frozen=True)
class Mapping:
    version: str
    value_maps: dict[str, ValueMap]
    formats: dict[str, FormatMapping]


def _schema() -> dict[str, Any]:
    text = resources.files("waarborg.domain").joinpath("data/exchange_mapping.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _value_maps(raw: dict[str, Any]) -> dict[str, ValueMap]:
    out = {}
    for name, vm in raw.items():
        to_std = dict(vm["map"])
        from_std = {v: k for k, v in to_std.items()}
        for alias, key in vm.get("import_aliases", {}).items():
            if key not in to_std:
                raise ValueError(
                    f"exchange_mapping.yaml: value_maps.{name}.import_aliases.{alias}: unknown {key!r}"
                )
            from_std[alias] = key
        if len(from_std) < len(to_std):
            raise ValueError(
                f"exchange_mapping.yaml: value_maps.{name}: two values map to the same standard value"
            )
        out[name] = ValueMap(name, to_std, from_std)
    return out


def _check_field(node: str, key: str) -> None:
    if key not in catalogue().by_key:
        raise ValueError(f"exchange_mapping.yaml: {node}: unknown entry field {key!r}")


def _row(node: str, raw: dict[str, Any], maps: dict[str, ValueMap]) -> Row:
    cat = catalogue()
    field = raw.get("field")
    vm = None
    if field is not None:
        _check_field(node, field)
    if "values" in raw:
        vm = maps.get(raw["values"])
        if vm is None:
            raise ValueError(f"exchange_mapping.yaml: {node}: unknown value map {raw['values']!r}")
        choice_set = cat.by_key[field].choices if field else None
        if choice_set is None or set(vm.to_std) != set(cat.choices[choice_set]):
            raise ValueError(
                f"exchange_mapping.yaml: {node}: value map {vm.name} must cover exactly the choices of {field!r}"
            )
    keys = raw.get("item_keys")
    wrap = raw.get("wrap") or {}
    return Row(
        path=raw["path"],
        field=field,
        meta=raw.get("meta"),
        const=raw.get("const"),
        values=vm,
        imports=bool(raw.get("import", True)) and field is not None,
        point=raw.get("point"),
        item_keys=(keys["title"], keys["link"]) if keys else None,
        wrap_item=wrap.get("item_key"),
        wrap_join=wrap.get("join"),
    )


def _check_standard_keys(name: str, rows: tuple[Row, ...]) -> None:
    """The Dutch standard's keys are also recorded in the catalogue: both must agree."""
    by_field = {r.field: r.path for r in rows if r.field}
    for f in catalogue().fields:
        if f.standard_key and by_field.get(f.key) != f.standard_key:
            raise ValueError(
                f"exchange_mapping.yaml: formats.{name}: field {f.key!r} has standard_key "
                f"{f.standard_key!r} in entry_fields.yaml but maps to {by_field.get(f.key)!r}"
            )


def _format(name: str, raw: dict[str, Any], maps: dict[str, ValueMap]) -> FormatMapping:
    node = f"formats.{name}"
    rows = tuple(_row(f"{node}.rows[{i}]", r, maps) for i, r in enumerate(raw["rows"]))
    for key in raw["defaults"]:
        _check_field(f"{node}.defaults", key)
    fallbacks = {}
    for key, fb in raw.get("fallbacks", {}).items():
        _check_field(f"{node}.fallbacks", key)
        for source in fb["from"]:
            _check_field(f"{node}.fallbacks.{key}", source)
        fallbacks[key] = (tuple(fb["from"]), int(fb["max"]))
    sections = {}
    for key, sec in raw.get("sections", {}).items():
        for f in sec["implies"]:
            _check_field(f"{node}.sections.{key}.implies", f)
        sections[key] = Section(key, sec["title"], dict(sec["when"]), dict(sec["implies"]))
    if name == "algoritmeregister-v1":
        _check_standard_keys(name, rows)
    return FormatMapping(
        name=name,
        title=raw["title"],
        source=raw["source"],
        default_audience=raw["default_audience"],
        defaults=dict(raw["defaults"]),
        fallbacks=fallbacks,
        sections=sections,
        rows=rows,
    )


def parse_mapping(raw: Any) -> Mapping:
    """Validate a parsed mapping table; raise ValueError naming the first broken node."""
    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(raw), key=lambda e: list(e.path))
    if errors:
        where = ".".join(str(p) for p in errors[0].path) or "(root)"
        raise ValueError(f"exchange_mapping.yaml: {where}: {errors[0].message}")
    maps = _value_maps(raw["value_maps"])
    formats = {name: _format(name, fmt, maps) for name, fmt in raw["formats"].items()}
    return Mapping(version=str(raw["version"]), value_maps=maps, formats=formats)


@cache
def mapping() -> Mapping:
    text = resources.files("waarborg.domain").joinpath("data/exchange_mapping.yaml").read_text("utf-8")
    return parse_mapping(yaml.safe_load(text))


# --- nested paths --------------------------------------------------------------------------------


def get_path(doc: dict[str, Any], path: str) -> tuple[bool, Any]:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def unknown_paths(doc: dict[str, Any], known: set[str], prefix: str = "") -> list[str]:
    """Keys of ``doc`` that are no mapped path and no parent of one (dotted, for error messages)."""
    out = []
    for key, value in doc.items():
        path = f"{prefix}{key}"
        if path in known:
            continue
        if any(k.startswith(path + ".") for k in known):
            if isinstance(value, dict):
                out.extend(unknown_paths(value, known, path + "."))
            elif value is not None:
                out.append(f"{path}: expected an object, got {type(value).__name__} {value!r:.60}")
            continue
        out.append(f"{path}: unknown key (value {value!r:.60})")
    return out
