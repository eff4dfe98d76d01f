"""Register exchange: pure conversion between entry records and exchange formats.

``dump(format, records, audience)`` writes a file; ``load(format, text)`` parses, maps and validates the
WHOLE file and either returns every record or raises ``InvalidInput`` listing each problem with its
record number, field and value. The field mapping is data: ``data/exchange_mapping.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from waarborg.domain.errors import InvalidInput
from waarborg.domain.exchange import annex_viii, csvfmt, native, standard
from waarborg.domain.exchange.mapping import mapping
from waarborg.domain.exchange.records import EntryRecord, Problems, check_unique_ids

__all__ = ["FORMATS", "EntryRecord", "FormatInfo", "default_audience", "dump", "info", "load"]


@dataclass(frozen=True)
class FormatInfo:
    name: str
    media_type: str
    extension: str
    native: bool  # carries workflow status, visibility, organisation and public id


FORMATS: dict[str, FormatInfo] = {
    "algoritmeregister-v1": FormatInfo("algoritmeregister-v1", "application/json", "json", False),
    "atrs": FormatInfo("atrs", "application/json", "json", False),
    "annex-viii": FormatInfo("annex-viii", "application/json", "json", False),
    "waarborg-json": FormatInfo("waarborg-json", "application/json", "json", True),
    "csv": FormatInfo("csv", "text/csv; charset=utf-8", "csv", True),
}


def info(fmt: str) -> FormatInfo:
    if fmt not in FORMATS:
        raise InvalidInput.at("format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    return FORMATS[fmt]


def default_audience(fmt: str) -> str:
    """Publication standards default to the public audience; the native formats to everything."""
    if info(fmt).native:
        return "internal"
    return mapping().formats[fmt].default_audience


def dump(fmt: str, records: list[EntryRecord], audience: str) -> str:
    info(fmt)
    if fmt == "waarborg-json":
        return native.dump(records, audience)
    if fmt == "csv":
        return csvfmt.dump(records, audience)
    fm = mapping().formats[fmt]
    return annex_viii.dump(fm, records) if fmt == "annex-viii" else standard.dump(fm, records)


def load(fmt: str, text: str) -> list[EntryRecord]:
    info(fmt)
    problems = Problems()
    if fmt == "waarborg-json":
        records = native.load(text, problems)
    elif fmt == "csv":
        records = csvfmt.load(text, problems)
    elif fmt == "annex-viii":
        records = annex_viii.load(mapping().formats[fmt], text, problems)
    else:
        records = standard.load(mapping().formats[fmt], text, problems)
    check_unique_ids(records, problems)
    if not records and not problems.lines:
        problems.add("file: no records")
    problems.raise_if_any()
    return records
