"""Mapped JSON standards (Algoritmeregister v1.0, ATRS, Annex VIII): one engine driven by the mapping rows.

Export: entry record -> nested dict in the standard's keys and value lists (empty values left out).
Import: nested dict -> entry fields, naming the record and the file's key for every problem.
"""

from __future__ import annotations

import json
from typing import Any

from waarborg.domain.entries import catalogue
from waarborg.domain.exchange.mapping import FormatMapping, Row, get_path, set_path, unknown_paths
from waarborg.domain.exchange.records import (
    EntryRecord,
    Problems,
    record_label,
    validate_fields,
)

_LIST_TYPES = ("multi_choice", "string_list", "links")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


# --- export --------------------------------------------------------------------------------------


def export_value(row: Row, rec: EntryRecord) -> Any:
    if row.const is not None:
        return row.const
    if row.meta is not None:
        return rec.get(row.meta)
    value: Any = rec.get("fields", {}).get(row.field or "")
    if _is_empty(value):
        return None
    if row.values is not None:
        to_std = row.values.to_std
        return [to_std[v] for v in value] if isinstance(value, list) else to_std[value]
    if row.item_keys is not None:
        tk, lk = row.item_keys
        return [{tk: item.get("title", ""), lk: item.get("link", "")} for item in value]
    if row.wrap_join is not None:
        return [{row.wrap_item: value}] if row.wrap_item else [value]
    return value


def export_record(
    fm: FormatMapping, rec: EntryRecord, skip_roots: frozenset[str] = frozenset()
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in fm.rows:
        if row.path.split(".", 1)[0] in skip_roots:
            continue
        value = export_value(row, rec)
        if not _is_empty(value):
            set_path(out, row.path, value)
    return out


def dump_json(docs: list[dict[str, Any]]) -> str:
    return json.dumps(docs, ensure_ascii=False, indent=2) + "\n"


# --- import --------------------------------------------------------------------------------------


def _map_value(row: Row, raw: Any, where: str, problems: Problems) -> Any:
    vm = row.values
    assert vm is not None
    if isinstance(raw, str) and raw in vm.from_std:
        return vm.from_std[raw]
    problems.add(f"{where}: {raw!r:.60} is not one of {vm.allowed()}")
    return None


def _links(row: Row, raw: Any, where: str, problems: Problems) -> Any:
    assert row.item_keys is not None
    tk, lk = row.item_keys
    if not isinstance(raw, list):
        problems.add(f"{where}: expected a list of {{{tk}, {lk}}}, got {type(raw).__name__} {raw!r:.60}")
        return None
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or set(item) - {tk, lk}:
            problems.add(f"{where}[{i}]: expected an object with {tk} and {lk}, got {item!r:.80}")
            continue
        out.append({"title": item.get(tk, ""), "link": item.get(lk, "")})
    return out


def _unwrap(row: Row, raw: Any, where: str, problems: Problems) -> Any:
    if not isinstance(raw, list):
        problems.add(f"{where}: expected a list, got {type(raw).__name__} {raw!r:.60}")
        return None
    parts = []
    for i, item in enumerate(raw):
        value = item.get(row.wrap_item) if row.wrap_item and isinstance(item, dict) else item
        if not isinstance(value, str) or (row.wrap_item and set(item) - {row.wrap_item}):
            expected = f"an object with {row.wrap_item}" if row.wrap_item else "text"
            problems.add(f"{where}[{i}]: expected {expected}, got {item!r:.80}")
            continue
        parts.append(value)
    return (row.wrap_join or "").join(parts)


def import_value(row: Row, raw: Any, where: str, problems: Problems) -> Any:
    if row.values is not None:
        ftype = catalogue().by_key[row.field or ""].type
        if ftype in _LIST_TYPES:
            if not isinstance(raw, list):
                problems.add(f"{where}: expected a list, got {type(raw).__name__} {raw!r:.60}")
                return None
            mapped = [_map_value(row, v, f"{where}[{i}]", problems) for i, v in enumerate(raw)]
            return [v for v in mapped if v is not None]
        return _map_value(row, raw, where, problems)
    if row.item_keys is not None:
        return _links(row, raw, where, problems)
    if row.wrap_join is not None:
        return _unwrap(row, raw, where, problems)
    return raw


def import_fields(fm: FormatMapping, doc: Any, n: int, problems: Problems) -> dict[str, Any] | None:
    """The raw (not yet validated) entry fields of one record; None if it is no object."""
    label = record_label(n)
    if not isinstance(doc, dict):
        problems.add(f"{label}: expected an object, got {type(doc).__name__} {doc!r:.60}")
        return None
    known = {r.path for r in fm.rows}
    for line in unknown_paths(doc, known):
        problems.add(f"{label}: {line}")
    fields: dict[str, Any] = {}
    for row in fm.rows:
        if not row.imports:
            continue
        found, raw = get_path(doc, row.path)
        if not found or raw is None:
            continue
        value = import_value(row, raw, f"{label}: {row.path}", problems)
        if value is not None:
            fields[row.field or ""] = value
    return fields


def complete(fm: FormatMapping, fields: dict[str, Any]) -> dict[str, Any]:
    """Defaults and fallbacks for required fields the standard does not carry."""
    for key, value in fm.defaults.items():
        if _is_empty(fields.get(key)):
            fields[key] = value
    for key, (sources, limit) in fm.fallbacks.items():
        if not _is_empty(fields.get(key)):
            continue
        src = next((fields[s] for s in sources if isinstance(fields.get(s), str) and fields[s].strip()), None)
        if src is not None:
            text = " ".join(src.split())
            fields[key] = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return fields


def parse_json(text: str, problems: Problems) -> list[Any]:
    """A JSON array of records (or one record object)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(f"file: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
        return []
    if isinstance(doc, dict):
        return [doc]
    if not isinstance(doc, list):
        problems.add(f"file: expected a JSON array of records, got {type(doc).__name__} {doc!r:.60}")
        return []
    return doc


def load_records(fm: FormatMapping, docs: list[Any], problems: Problems) -> list[EntryRecord]:
    where = fm.import_paths()
    out: list[EntryRecord] = []
    for n, doc in enumerate(docs, 1):
        fields = import_fields(fm, doc, n, problems)
        if fields is None:
            continue
        out.append({"fields": validate_fields(complete(fm, fields), n, problems, where)})
    return out


def dump(fm: FormatMapping, records: list[EntryRecord]) -> str:
    return dump_json([export_record(fm, r) for r in records])


def load(fm: FormatMapping, text: str, problems: Problems) -> list[EntryRecord]:
    return load_records(fm, parse_json(text, problems), problems)
