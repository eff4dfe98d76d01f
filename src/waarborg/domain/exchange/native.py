"""``waarborg-json``: the lossless native format (every field, per-field visibility, workflow status,
organisation slug and public id)."""

from __future__ import annotations

import json
from typing import Any

from waarborg.domain.entries import catalogue
from waarborg.domain.exchange.records import (
    EntryRecord,
    Problems,
    record_label,
    validate_fields,
    validate_meta,
)

FORMAT = "waarborg-json"
FORMAT_VERSION = 1
ENTRY_KEYS = (
    "public_id",
    "organisation",
    "organisation_name",
    "status",
    "version",
    "published_at",
    "fields",
    "visibility",
)
_INFO_ONLY = ("organisation_name", "version", "published_at")  # written for readers, ignored on import


def ordered_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Catalogue order, so equal entries give byte-identical files."""
    return {f.key: fields[f.key] for f in catalogue().fields if f.key in fields}


def _entry(rec: EntryRecord) -> dict[str, Any]:
    out: dict[str, Any] = {k: rec.get(k) for k in ENTRY_KEYS if k not in ("fields", "visibility")}
    out["fields"] = ordered_fields(rec.get("fields", {}))
    out["visibility"] = dict(sorted(rec.get("visibility", {}).items()))
    return out


def dump(records: list[EntryRecord], audience: str) -> str:
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "catalogue_version": catalogue().version,
        "audience": audience,
        "entries": [_entry(r) for r in records],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _document(text: str, problems: Problems) -> list[Any]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(f"file: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
        return []
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        got = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        problems.add(f"file: format: expected {FORMAT!r}, got {got!r:.60}")
        return []
    if doc.get("format_version") != FORMAT_VERSION:
        problems.add(f"file: format_version: {doc.get('format_version')!r:.20} is not {FORMAT_VERSION}")
    entries = doc.get("entries")
    if not isinstance(entries, list):
        problems.add(f"file: entries: expected a list, got {type(entries).__name__}")
        return []
    return entries


def _record(item: Any, n: int, problems: Problems) -> EntryRecord | None:
    label = record_label(n)
    if not isinstance(item, dict):
        problems.add(f"{label}: expected an object, got {type(item).__name__} {item!r:.60}")
        return None
    for key in item:
        if key not in ENTRY_KEYS:
            problems.add(f"{label}: {key}: unknown key (value {item[key]!r:.60})")
    rec: EntryRecord = {
        k: v for k, v in item.items() if k in ENTRY_KEYS and k not in _INFO_ONLY and v is not None
    }  # type: ignore[assignment]
    validate_meta(rec, n, problems)
    rec["fields"] = validate_fields(item.get("fields"), n, problems)
    return rec


def load(text: str, problems: Problems) -> list[EntryRecord]:
    out = []
    for n, item in enumerate(_document(text, problems), 1):
        rec = _record(item, n, problems)
        if rec is not None:
            out.append(rec)
    return out
