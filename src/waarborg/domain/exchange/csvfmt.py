"""``csv``: one row per entry, every field; lossless and safe to open in a spreadsheet.

Columns: ``public_id``, ``organisation`` (slug), ``workflow_status``, every catalogue field in catalogue order,
``visibility``. Reversible flattening:
* list fields (themes, roles, member states, links) are compact JSON arrays, e.g. ``["work","health"]``
  or ``[{"title":"Wet","link":"https://…"}]``; on import a cell that does not start with ``[`` is read as
  a comma-separated list (choices and short texts only);
* ``visibility`` is a JSON object (field -> level) or empty;
* formula injection: a cell starting with ``= + - @ TAB CR`` or with ``'`` gets one extra leading ``'``;
  import removes exactly one leading ``'``, so every value survives the round trip.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, cast

from waarborg.domain.entries import catalogue
from waarborg.domain.exchange.records import (
    EntryRecord,
    Problems,
    record_label,
    validate_fields,
    validate_meta,
)

META_COLUMNS = ("public_id", "organisation", "workflow_status")
_META_KEYS = {"public_id": "public_id", "organisation": "organisation", "workflow_status": "status"}
_LIST_TYPES = ("multi_choice", "string_list", "links")
_ESCAPE_START = ("=", "+", "-", "@", "\t", "\r", "'")


def columns() -> list[str]:
    return [*META_COLUMNS, *(f.key for f in catalogue().fields), "visibility"]


def escape(text: str) -> str:
    return "'" + text if text.startswith(_ESCAPE_START) else text


def unescape(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _cell(key: str, value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    f = catalogue().by_key.get(key)
    if key == "visibility" or (f is not None and f.type in _LIST_TYPES):
        return escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return escape(str(value))


def dump(records: list[EntryRecord], audience: str) -> str:
    del audience  # the rows carry only what the audience may see already
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    cols = columns()
    writer.writerow(cols)
    for rec in records:
        merged: dict[str, Any] = {**rec.get("fields", {}), "visibility": rec.get("visibility", {})}
        merged.update({col: rec.get(key) for col, key in _META_KEYS.items()})
        writer.writerow([_cell(c, merged.get(c)) for c in cols])
    return buf.getvalue()


def _header(row: list[str], problems: Problems) -> list[str] | None:
    known = set(columns())
    bad = [c for c in row if c not in known]
    dupes = sorted({c for c in row if row.count(c) > 1})
    for c in bad:
        problems.add(f"header: column {c!r:.60} is not one of the register's columns (see docs/exchange.md)")
    for c in dupes:
        problems.add(f"header: column {c!r} appears more than once")
    if "name" not in row:
        problems.add("header: column 'name' is missing")
    return None if bad or dupes or "name" not in row else row


def _decode(key: str, cell: str, label: str, problems: Problems) -> Any:
    text = unescape(cell)
    f = catalogue().by_key.get(key)
    is_json = key == "visibility" or (f is not None and f.type in _LIST_TYPES)
    if not is_json or not text.startswith(("[", "{")):
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(f"{label}: {key}: {text!r:.60} is not valid JSON ({exc.msg})")
        return None


def _record(header: list[str], row: list[str], n: int, problems: Problems) -> EntryRecord | None:
    label = record_label(n)
    if len(row) != len(header):
        problems.add(f"{label}: {len(row)} cells, but the header has {len(header)} columns")
        return None
    values = {c: _decode(c, cell, label, problems) for c, cell in zip(header, row, strict=True) if cell != ""}
    rec = cast(EntryRecord, {key: values[col] for col, key in _META_KEYS.items() if col in values})
    if "visibility" in values:
        rec["visibility"] = values["visibility"]
    validate_meta(rec, n, problems)
    fields = {k: v for k, v in values.items() if k not in META_COLUMNS and k != "visibility"}
    rec["fields"] = validate_fields(fields, n, problems)
    return rec


def load(text: str, problems: Problems) -> list[EntryRecord]:
    text = text.removeprefix("\ufeff")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        problems.add(f"file: not valid CSV: {exc}")
        return []
    rows = [r for r in rows if r]  # blank lines
    if not rows:
        problems.add("file: empty; expected a header row and one row per entry")
        return []
    header = _header(rows[0], problems)
    if header is None:
        return []
    out = []
    for n, row in enumerate(rows[1:], 1):
        rec = _record(header, row, n, problems)
        if rec is not None:
            out.append(rec)
    return out
