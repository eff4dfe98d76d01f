"""The plain entry record every format converts to and from, and whole-file validation.

A record is a dict (``EntryRecord``): ``fields`` (entry field key -> value) plus optional metadata.
Formats that carry no metadata leave it out; the service fills in what the database knows.
"""

from __future__ import annotations

import re
from typing import Any, TypedDict

from waarborg.domain.entries import STATUSES, catalogue, validate_entry_data, validate_visibility
from waarborg.domain.errors import InvalidInput

MAX_PROBLEMS = 50
_PUBLIC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}$")


class EntryRecord(TypedDict, total=False):
    fields: dict[str, Any]
    visibility: dict[str, str]
    public_id: str
    organisation: str  # slug
    organisation_name: str
    public_body: bool
    status: str  # workflow status: draft, in_review, published, retracted, archived
    version: int
    published_at: str


class Problems:
    """Collects every problem of a file, so one run reports them all (up to ``MAX_PROBLEMS``)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        if len(self.lines) < MAX_PROBLEMS:
            self.lines.append(line)
        elif len(self.lines) == MAX_PROBLEMS:
            self.lines.append("… more problems not shown")

    def raise_if_any(self) -> None:
        if self.lines:
            raise InvalidInput(
                f"the file was refused ({len(self.lines)} problem(s)); first: {self.lines[0]}", self.lines
            )


def record_label(n: int) -> str:
    return f"record {n}"


def _rewrite(line: str, prefix: str, where: dict[str, str]) -> str:
    """``record 3: goal: …`` -> ``record 3: tier_2.benefit (goal): …`` so the file's own key is named."""
    rest = line[len(prefix) :] if line.startswith(prefix) else None
    if rest is None:
        return line
    m = re.match(r"([a-z_0-9]+)", rest)
    if m and m.group(1) in where and where[m.group(1)] != m.group(1):
        key = m.group(1)
        return f"{prefix}{where[key]} ({key}){rest[len(key) :]}"
    return line


def _drop_bad_choices(fields: dict[str, Any], prefix: str, problems: Problems) -> dict[str, Any]:
    """Choice values must be text; anything else is reported here (and left out of the field check)."""
    cat = catalogue()
    out = dict(fields)
    for key, value in fields.items():
        f = cat.by_key.get(key)
        if f is None or f.type not in ("choice", "multi_choice"):
            continue
        items = value if f.type == "multi_choice" and isinstance(value, list) else [value]
        bad = [v for v in items if v is not None and not isinstance(v, str)]
        if bad:
            allowed = ", ".join(cat.choices[f.choices or ""])
            problems.add(f"{prefix}{key}: {bad[0]!r:.60} is not one of {allowed}")
            del out[key]
    return out


def validate_fields(
    fields: Any, n: int, problems: Problems, where: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run the register's own field validation; report each error under the record number."""
    prefix = f"{record_label(n)}: "
    if isinstance(fields, dict):
        fields = _drop_bad_choices(fields, prefix, problems)
    try:
        return validate_entry_data(fields, prefix=prefix)
    except InvalidInput as exc:
        for line in exc.errors or [exc.message]:
            problems.add(_rewrite(line if line.startswith(prefix) else prefix + line, prefix, where or {}))
        return {}


def validate_meta(rec: EntryRecord, n: int, problems: Problems) -> None:
    """Check the native metadata a record may carry (public id, organisation, status, visibility)."""
    label = record_label(n)
    pid = rec.get("public_id")
    if pid is not None and (not isinstance(pid, str) or not _PUBLIC_ID.match(pid)):
        problems.add(f"{label}: public_id: {pid!r:.60} is not a register id (letters, digits, . _ -; ≤40)")
    slug = rec.get("organisation")
    if slug is not None and (not isinstance(slug, str) or not _SLUG.match(slug)):
        problems.add(f"{label}: organisation: {slug!r:.60} is not an organisation slug")
    status = rec.get("status")
    if status is not None and status not in STATUSES:
        problems.add(f"{label}: status: {status!r:.60} is not one of {', '.join(STATUSES)}")
    vis = rec.get("visibility")
    if vis is None:
        return
    if not isinstance(vis, dict):
        problems.add(f"{label}: visibility: expected an object field -> level, got {type(vis).__name__}")
        return
    try:
        rec["visibility"] = validate_visibility(vis)
    except InvalidInput as exc:
        for line in exc.errors or [exc.message]:
            problems.add(f"{label}: {line}")


def check_unique_ids(records: list[EntryRecord], problems: Problems) -> None:
    seen: dict[str, int] = {}
    for n, rec in enumerate(records, 1):
        pid = rec.get("public_id")
        if isinstance(pid, str):
            if pid in seen:
                problems.add(f"{record_label(n)}: public_id: {pid!r} appears already in record {seen[pid]}")
            seen.setdefault(pid, n)
