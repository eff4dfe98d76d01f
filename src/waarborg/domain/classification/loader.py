"""Finding, reading, merging and schema-validating ruleset documents.

A ruleset is a YAML manifest ``rules/<id>/<version>.yaml``. It may ``include`` further YAML files (their
lists are appended, their mappings merged) and may ``extends: <id>@<version>`` another ruleset, in which
case items with the same id replace the parent's, new items are added and ``remove: [ids]`` drops items.
The merged document is validated against ``rules/schema/ruleset.schema.json``; errors name the node id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from waarborg.domain.errors import InvalidInput

ID_LISTS = ("questions", "rules", "obligations")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.-]*$")  # ruleset manifests are named <version>.yaml
MERGED_MAPS = ("sources", "amendments", "dates", "convention")


class RulesetError(InvalidInput):
    """A ruleset file is broken; the message names the file, the node id and the reason."""

    @classmethod
    def at(cls, field: str, message: str) -> RulesetError:
        return cls(f"{field}: {message}", [f"{field}: {message}"], field=field)


def rules_dir() -> Path:
    return Path(str(resources.files("waarborg") / "rules"))


def node_key(section: str, item: Mapping[str, Any]) -> str:
    """The id an item is known by: obligations are ``id#variant`` when they have a variant."""
    ident = str(item.get("id", "?"))
    if section == "obligations" and item.get("variant"):
        return f"{ident}#{item['variant']}"
    return ident


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_YAML_LOADER)
    except OSError as exc:
        raise RulesetError.at(str(path), f"cannot read ruleset file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise RulesetError.at(str(path), f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RulesetError.at(str(path), "a ruleset file must be a mapping")
    result: dict[str, Any] = _stringify_dates(data)
    return result


def _stringify_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _stringify_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _merge_into(target: dict[str, Any], extra: Mapping[str, Any]) -> None:
    for key, value in extra.items():
        if key in ID_LISTS:
            target.setdefault(key, []).extend(value or [])
        elif key in MERGED_MAPS and isinstance(value, dict):
            target.setdefault(key, {}).update(value)
        else:
            target[key] = value


def read_document(path: Path) -> dict[str, Any]:
    """Read a manifest with its includes (not yet extended or validated)."""
    doc = _read_yaml(path)
    for rel in doc.pop("include", None) or []:
        _merge_into(doc, _read_yaml(path.parent / str(rel)))
    return doc


def _apply_child(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = json.loads(json.dumps(parent))
    removed = set(child.get("remove") or [])
    for section in ID_LISTS:
        items = [i for i in merged.get(section, []) if node_key(section, i) not in removed]
        index = {node_key(section, i): n for n, i in enumerate(items)}
        for item in child.get(section) or []:
            key = node_key(section, item)
            if key in index:
                items[index[key]] = item
            else:
                index[key] = len(items)
                items.append(item)
        merged[section] = items
    for section in MERGED_MAPS:
        if section == "convention" and "convention" in child:
            for key, value in child["convention"].items():
                if isinstance(value, dict):
                    merged.setdefault("convention", {}).setdefault(key, {}).update(value)
                else:
                    merged.setdefault("convention", {})[key] = value
        elif section in child:
            merged.setdefault(section, {}).update(child[section])
    for key, value in child.items():
        if key not in ID_LISTS and key not in MERGED_MAPS and key not in ("remove", "extends"):
            merged[key] = value
    merged["extends"] = child.get("extends")
    return merged


def resolve_document(path: Path, search_dir: Path | None = None, _depth: int = 0) -> dict[str, Any]:
    """Read ``path`` and apply ``extends`` (looked up in ``search_dir``, then the package rules)."""
    doc = read_document(path)
    parent_ref = doc.get("extends")
    if not parent_ref:
        return doc
    if _depth > 5:
        raise RulesetError.at(str(path), f"extends chain too deep at '{parent_ref}'")
    parent_path = find_manifest(str(parent_ref), search_dir)
    parent = resolve_document(parent_path, search_dir, _depth + 1)
    return _apply_child(parent, doc)


def find_manifest(ref: str, search_dir: Path | None = None) -> Path:
    if "@" not in ref:
        raise RulesetError.at("ruleset", f"ruleset reference '{ref}' must read <id>@<version>")
    ident, version = ref.split("@", 1)
    for base in (search_dir, rules_dir()):
        if base is not None and (base / ident / f"{version}.yaml").is_file():
            return base / ident / f"{version}.yaml"
    raise RulesetError.at("ruleset", f"unknown ruleset '{ref}'; available: {', '.join(list_refs())}")


def list_refs(base: Path | None = None) -> list[str]:
    base = base or rules_dir()
    refs = [f"{p.parent.name}@{p.stem}" for p in base.glob("*/*.yaml") if _VERSION.match(p.stem)]
    return sorted(refs, key=_ref_sort_key)


def _ref_sort_key(ref: str) -> tuple[str, tuple[int | str, ...]]:
    ident, version = ref.split("@", 1)
    return ident, tuple(int(p) if p.isdigit() else p for p in version.split("."))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(ruleset_schema())


@cache
def ruleset_schema() -> dict[str, Any]:
    with (rules_dir() / "schema" / "ruleset.schema.json").open(encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


def validate_document(doc: Mapping[str, Any], origin: str) -> None:
    """Validate against the JSON Schema; the first error (by path) is raised naming the node id."""
    errors = sorted(_validator().iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    err = min(errors, key=lambda e: len(e.absolute_path))
    err = errors[0] if not err.absolute_path else err
    path = list(err.absolute_path)
    where = _describe(doc, path)
    raise RulesetError.at(f"{origin}: {where}", _reason(err))


def _describe(doc: Mapping[str, Any], path: list[Any]) -> str:
    if len(path) >= 2 and path[0] in ID_LISTS and isinstance(path[1], int):
        items = doc.get(path[0]) or []
        item = items[path[1]] if path[1] < len(items) else {}
        key = node_key(str(path[0]), item) if isinstance(item, dict) else "?"
        rest = ".".join(str(p) for p in path[2:])
        return f"{path[0]} node '{key}'" + (f" field '{rest}'" if rest else "")
    return "/".join(str(p) for p in path) or "document"


def _reason(err: jsonschema.ValidationError) -> str:
    if err.validator in ("oneOf", "anyOf", "allOf", "if") and err.context:
        inner = min(err.context, key=lambda e: len(e.absolute_path))
        return f"{inner.message}"
    return err.message
