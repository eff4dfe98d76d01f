"""Register exchange: import and export files in the exchange formats (see docs/exchange.md).

Import is all-or-nothing: the whole file is parsed, mapped and validated first (pure, in
``waarborg.domain.exchange``), then the database references are checked, and only then are entries written,
all in the caller's one transaction. Export goes through the policy layer: public exports show exactly
what the public register shows (the published snapshot filtered for the ``public`` audience).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain import exchange
from waarborg.domain.errors import InvalidInput, NotFound
from waarborg.domain.exchange import EntryRecord
from waarborg.domain.exchange.records import Problems
from waarborg.domain.policy import ANONYMOUS, Actor, audience
from waarborg.services import accounts, auditlog, entries
from waarborg.services.bootstrap import cli_actor
from waarborg.storage.models import Entry, Organisation

MAX_IMPORT_BYTES = 20 * 1024 * 1024

# The operator who runs a bulk import writes the entries; with --publish the same operator also approves
# them. Four eyes cannot apply to one operator, so the approval is recorded under its own label in the
# audit log (docs/exchange.md, "Publishing on import"). The author has no user id (no users row).
IMPORT_AUTHOR = Actor(user_id=None, role="admin", email="cli:import")


def import_approver() -> Actor:
    return cli_actor("cli:import (operator approval, four eyes waived for bulk import)")


# Forward workflow steps from the current status to the status a file asks for.
_STEPS: dict[str, dict[str, tuple[str, ...]]] = {
    "draft": {
        "in_review": ("submit",),
        "published": ("submit", "publish"),
        "retracted": ("submit", "publish", "retract"),
        "archived": ("archive",),
    },
    "in_review": {
        "draft": ("reject",),
        "published": ("publish",),
        "retracted": ("publish", "retract"),
        "archived": ("archive",),
    },
    "published": {"retracted": ("retract",), "archived": ("archive",)},
    "retracted": {"in_review": ("submit",), "published": ("submit", "publish"), "archived": ("archive",)},
    "archived": {},
}
_APPROVER_ACTIONS = ("publish", "retract", "archive", "reject")


@dataclass
class ImportResult:
    format: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # public id -> new workflow status

    def summary(self) -> str:
        return (
            f"imported {len(self.created) + len(self.updated) + len(self.unchanged)} record(s) from "
            f"{self.format}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.moved)} moved in the workflow"
        )


def decode(raw: bytes) -> str:
    if len(raw) > MAX_IMPORT_BYTES:
        raise InvalidInput.at("file", f"{len(raw)} bytes, at most {MAX_IMPORT_BYTES} allowed")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput.at(
            "file", f"not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})"
        ) from None


@dataclass
class _Planned:
    n: int
    record: EntryRecord
    org: Organisation
    existing: Entry | None


def _org_for(
    session: Session, rec: EntryRecord, n: int, forced: Organisation | None, problems: Problems
) -> Organisation | None:
    if forced is not None:
        return forced
    slug = rec.get("organisation")
    if not slug:
        problems.add(f"record {n}: organisation: the file names no organisation; give --org SLUG")
        return None
    org = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        problems.add(f"record {n}: organisation: no organisation with slug {slug!r}; create it or give --org")
    return org


def _differs(entry: Entry, rec: EntryRecord) -> bool:
    vis = rec.get("visibility")
    return entry.data != rec["fields"] or (vis is not None and vis != (entry.visibility or {}))


def _plan(session: Session, records: list[EntryRecord], org_slug: str | None) -> list[_Planned]:
    """Resolve organisations and matches for every record; raise listing every problem, writing nothing."""
    forced = accounts.organisation_by_slug(session, org_slug) if org_slug else None
    problems = Problems()
    plan = []
    for n, rec in enumerate(records, 1):
        org = _org_for(session, rec, n, forced, problems)
        pid = rec.get("public_id")
        existing = session.scalar(select(Entry).where(Entry.public_id == pid)) if pid else None
        if existing is not None and org is not None and existing.organisation_id != org.id:
            problems.add(
                f"record {n}: public_id: {pid!r} belongs to organisation {existing.organisation.slug!r}, "
                f"not {org.slug!r}"
            )
        if existing is not None and existing.status == "archived" and _differs(existing, rec):
            problems.add(f"record {n}: public_id: {pid!r} is archived and cannot be changed by an import")
        if org is not None:
            plan.append(_Planned(n, rec, org, existing))
    problems.raise_if_any()
    return plan


def _write(session: Session, p: _Planned, fmt: str, native: bool, result: ImportResult) -> Entry:
    rec, note = p.record, f"imported from {fmt}"
    vis = rec.get("visibility", {}) if native else None
    if p.existing is None:
        entry = entries.create(session, IMPORT_AUTHOR, p.org, rec["fields"], vis, note=note)
        if rec.get("public_id"):
            entry.public_id = rec["public_id"]  # keep the id the file carries (re-import matches on it)
            session.flush()
        result.created.append(entry.public_id)
        return entry
    if p.existing.status == "archived":  # unchanged (checked in _plan): nothing to write
        result.unchanged.append(p.existing.public_id)
        return p.existing
    before = p.existing.version
    entry = entries.update(
        session, IMPORT_AUTHOR, p.existing, rec["fields"], expected_version=before, visibility=vis, note=note
    )
    (result.updated if entry.version != before else result.unchanged).append(entry.public_id)
    return entry


def _move(session: Session, entry: Entry, target: str, n: int) -> bool:
    if entry.status == target:
        return False
    steps = _STEPS[entry.status].get(target)
    if steps is None:
        raise InvalidInput.at(
            f"record {n}: status",
            f"entry {entry.public_id} is {entry.status}; an import cannot make it {target!r}",
        )
    approver = import_approver()
    for action in steps:
        actor = approver if action in _APPROVER_ACTIONS else IMPORT_AUTHOR
        entries.transition(session, actor, entry, action, note="bulk import")
    return True


def import_text(
    session: Session, fmt: str, text: str, *, org_slug: str | None, publish: bool
) -> ImportResult:
    """Import a whole file in the caller's transaction. Without ``publish`` entries stay drafts."""
    info = exchange.info(fmt)
    records = exchange.load(fmt, text)
    plan = _plan(session, records, org_slug)
    result = ImportResult(fmt)
    for p in plan:
        entry = _write(session, p, fmt, info.native, result)
        if publish:
            target = p.record.get("status", "published") if info.native else "published"
            if _move(session, entry, target, p.n):
                result.moved[entry.public_id] = entry.status
    auditlog.record(
        session,
        IMPORT_AUTHOR,
        "exchange.imported",
        "exchange",
        fmt,
        {"created": result.created, "updated": result.updated, "published": publish, "moved": result.moved},
    )
    return result


# --- export --------------------------------------------------------------------------------------


def _record(entry: Entry, data: dict[str, Any], *, working: bool) -> EntryRecord:
    rec: EntryRecord = {
        "public_id": entry.public_id,
        "organisation": entry.organisation.slug,
        "organisation_name": entry.organisation.name,
        "public_body": bool(entry.organisation.public_body),
        "status": entry.status if working else "published",
        "fields": data,
    }
    version = entry.version if working else entry.published_version
    if version is not None:
        rec["version"] = version
    if entry.published_at is not None:
        rec["published_at"] = entry.published_at.replace(microsecond=0).isoformat()
    if working:
        rec["visibility"] = dict(entry.visibility or {})
    return rec


def _entries(session: Session, org_slug: str | None, published_only: bool) -> list[Entry]:
    q = select(Entry).join(Organisation, Entry.organisation_id == Organisation.id)
    if org_slug:
        accounts.organisation_by_slug(session, org_slug)
        q = q.where(Organisation.slug == org_slug)
    if published_only:
        q = q.where(Entry.is_public)
    rows = session.scalars(q.order_by(Organisation.slug, Entry.name, Entry.public_id)).unique()
    return list(rows)


def export_records(
    session: Session, actor: Actor, *, org_slug: str | None, public_only: bool
) -> list[EntryRecord]:
    """Public: the published snapshot as the public sees it. Otherwise what ``actor`` may see of each entry."""
    out = []
    for e in _entries(session, org_slug, published_only=public_only):
        if public_only:
            out.append(_record(e, entries.view_published(ANONYMOUS, e).data, working=False))
            continue
        if audience(actor, e.organisation_id) == "internal":
            out.append(_record(e, entries.view(actor, e).data, working=True))
        elif e.is_public:
            out.append(_record(e, entries.view_published(actor, e).data, working=False))
    return out


def export_text(
    session: Session, actor: Actor, fmt: str, *, org_slug: str | None = None, public_only: bool | None = None
) -> str:
    """``public_only=None`` takes the format's default (public for the standards, internal for native)."""
    audience_name = (
        exchange.default_audience(fmt) if public_only is None else ("public" if public_only else "internal")
    )
    records = export_records(session, actor, org_slug=org_slug, public_only=audience_name == "public")
    return exchange.dump(fmt, records, audience_name)


def public_export(session: Session, fmt: str) -> str:
    """The web download: always the public audience, whatever the format's default."""
    if fmt not in exchange.FORMATS:
        raise NotFound(f"no export format {fmt!r}; formats: {', '.join(exchange.FORMATS)}")
    return export_text(session, ANONYMOUS, fmt, public_only=True)
