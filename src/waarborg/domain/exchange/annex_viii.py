"""AI Act Annex VIII sections A, B and C as JSON.

Which sections an entry yields is data (``sections.*.when`` in the mapping): section A for providers of
high-risk systems, B for providers relying on an Art. 6(3) condition, C for public-body deployers of
high-risk systems. Entries that yield no section are left out of the export. On import, each section
present implies the roles, risk class and publication category it was written for.
"""

from __future__ import annotations

from typing import Any

from waarborg.domain.exchange import standard
from waarborg.domain.exchange.mapping import FormatMapping, Section
from waarborg.domain.exchange.records import EntryRecord, Problems, validate_fields


def _holds(section: Section, rec: EntryRecord) -> bool:
    fields = rec.get("fields", {})
    when = section.when
    if "role" in when and when["role"] not in (fields.get("roles") or []):
        return False
    if "risk_class" in when and fields.get("risk_class") != when["risk_class"]:
        return False
    if "art_6_3" in when and bool(fields.get("art_6_3_condition")) != when["art_6_3"]:
        return False
    return not ("public_body" in when and bool(rec.get("public_body")) != when["public_body"])


def sections_for(fm: FormatMapping, rec: EntryRecord) -> list[str]:
    return [key for key, sec in fm.sections.items() if _holds(sec, rec)]


def export_record(fm: FormatMapping, rec: EntryRecord) -> dict[str, Any] | None:
    yielded = sections_for(fm, rec)
    if not yielded:
        return None
    doc = standard.export_record(fm, rec, skip_roots=frozenset(fm.sections) - set(yielded))
    for key in yielded:
        doc.setdefault(key, {})  # a yielded section is present even when all its fields are empty
    return doc


def dump(fm: FormatMapping, records: list[EntryRecord]) -> str:
    docs = [d for d in (export_record(fm, r) for r in records) if d is not None]
    return standard.dump_json(docs)


def _apply_implies(fm: FormatMapping, doc: dict[str, Any], fields: dict[str, Any]) -> None:
    for key, sec in fm.sections.items():
        if key not in doc:
            continue
        for field, value in sec.implies.items():
            if isinstance(value, list):
                current: list[Any] = fields[field] if isinstance(fields.get(field), list) else []
                fields[field] = list(dict.fromkeys([*current, *value]))
            else:
                fields.setdefault(field, value)


def load(fm: FormatMapping, text: str, problems: Problems) -> list[EntryRecord]:
    where = fm.import_paths()
    out: list[EntryRecord] = []
    for n, doc in enumerate(standard.parse_json(text, problems), 1):
        fields = standard.import_fields(fm, doc, n, problems)
        if fields is None:
            continue
        if not any(key in doc for key in fm.sections):
            problems.add(f"record {n}: expected at least one of {', '.join(fm.sections)}")
            continue
        _apply_implies(fm, doc, fields)
        out.append({"fields": validate_fields(standard.complete(fm, fields), n, problems, where)})
    return out
