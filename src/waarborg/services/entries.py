"""Register entries: create, edit (versioned, optimistic locking), workflow, lifecycle events, views."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from waarborg.domain import entries as dom
from waarborg.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound
from waarborg.domain.policy import Actor, audience, decide
from waarborg.domain.register_filter import RegisterFilter
from waarborg.services import auditlog, events
from waarborg.storage import search
from waarborg.storage.base import utcnow
from waarborg.storage.models import Entry, EntryVersion, LifecycleEvent, Organisation

LIFECYCLE_KINDS = {
    "placed_on_market": ("Placed on the market", "In de handel gebracht", "Art. 3(9)"),
    "put_into_service": ("Put into service", "In gebruik gesteld", "Art. 3(11)"),
    "substantial_modification": ("Substantial modification", "Substantiële wijziging", "Art. 3(23)"),
    "change_of_purpose": ("Change of intended purpose", "Wijziging van het beoogde doel", "Art. 25(1)(c)"),
    "withdrawn": ("Withdrawn from the market", "Uit de handel genomen", "Art. 3(17)"),
    "recalled": ("Recalled", "Teruggeroepen", "Art. 3(16)"),
    "decommissioned": ("Taken out of use", "Buiten gebruik gesteld", ""),
}
RECLASSIFY_KINDS = ("substantial_modification", "change_of_purpose")


def _check(actor: Actor, action: str, org_id: int | None, published: bool = False) -> None:
    d = decide(actor, action, org_id, published=published)
    if not d:
        raise NotAllowed(d.reason)


def require(actor: Actor, action: str, entry: Entry) -> None:
    """Raise NotAllowed (with the policy's reason) unless ``actor`` may do ``action`` on ``entry``."""
    _check(actor, action, entry.organisation_id, published=entry.is_public)


def get(session: Session, entry_id: int | str) -> Entry:
    """By numeric id or public id (e.g. ``WB-1A2B3C4D``)."""
    entry = None
    if isinstance(entry_id, int) or str(entry_id).isdigit():
        entry = session.get(Entry, int(entry_id))
    else:
        entry = session.scalar(select(Entry).where(Entry.public_id == str(entry_id)))
    if entry is None:
        raise NotFound(f"entry {entry_id} not found")
    return entry


def get_for(session: Session, actor: Actor, entry_id: int | str) -> Entry:
    """An entry the actor may see; hidden entries read as not found to outsiders."""
    entry = get(session, entry_id)
    if not decide(actor, "entry.view", entry.organisation_id, published=entry.is_public):
        raise NotFound(f"entry {entry_id} not found")
    return entry


def _search_text(entry: Entry, data: dict[str, Any], vis: dict[str, Any]) -> str:
    public = dom.visible_data(data, vis, "public")
    parts = [entry.organisation.name]
    for value in public.values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(v if isinstance(v, str) else " ".join(map(str, v.values())) for v in value)
    return "\n".join(parts)


def create(
    session: Session,
    actor: Actor,
    org: Organisation,
    data: dict[str, Any],
    visibility: dict[str, str] | None = None,
    note: str = "",
) -> Entry:
    _check(actor, "entry.create", org.id)
    clean = dom.validate_entry_data(data)
    vis = dom.validate_visibility(visibility or {})
    entry = Entry(
        public_id="WB-" + secrets.token_hex(4).upper(),
        organisation_id=org.id,
        organisation=org,
        status="draft",
        version=1,
        name=clean["name"],
        data=clean,
        visibility=vis,
        last_author_id=actor.user_id,
    )
    session.add(entry)
    session.flush()
    session.add(
        EntryVersion(
            entry_id=entry.id,
            version=1,
            status="draft",
            data=clean,
            visibility=vis,
            author_id=actor.user_id,
            author=actor.label,
            note=note or "created",
        )
    )
    auditlog.record(session, actor, "entry.created", "entry", entry.id, {"version": 1, "name": entry.name})
    events.publish(session, actor, "entry.created", {"entry_id": entry.id})
    return entry


def update(
    session: Session,
    actor: Actor,
    entry: Entry,
    data: dict[str, Any],
    *,
    expected_version: int,
    visibility: dict[str, str] | None = None,
    note: str = "",
) -> Entry:
    """Save a new version. ``expected_version`` is the version the editor started from."""
    _check(actor, "entry.edit", entry.organisation_id)
    if entry.status == "archived":
        raise InvalidInput.at("status", "an archived entry cannot be edited")
    if expected_version != entry.version:
        raise Conflict(
            f"entry {entry.public_id} was changed by someone else: you edited version {expected_version}, "
            f"the current version is {entry.version}. Your text is kept in the form; compare and save again.",
            [f"version: {expected_version} is not the current version {entry.version}"],
        )
    clean = dom.validate_entry_data(data)
    vis = dom.validate_visibility(entry.visibility if visibility is None else visibility)
    changes = dom.diff(entry.data, clean)
    if not changes and vis == entry.visibility:
        return entry
    entry.version += 1
    entry.data, entry.visibility, entry.name = clean, vis, clean["name"]
    entry.last_author_id = actor.user_id
    if entry.status in ("in_review", "published", "retracted"):
        entry.status = "draft"
    entry.updated_at = utcnow()
    session.add(
        EntryVersion(
            entry_id=entry.id,
            version=entry.version,
            status=entry.status,
            data=clean,
            visibility=vis,
            author_id=actor.user_id,
            author=actor.label,
            note=note,
        )
    )
    auditlog.record(
        session,
        actor,
        "entry.updated",
        "entry",
        entry.id,
        {"version": entry.version, "fields": [c.key for c in changes]},
    )
    events.publish(
        session, actor, "entry.updated", {"entry_id": entry.id, "fields": [c.key for c in changes]}
    )
    session.flush()
    return entry


def _apply_publication(entry: Entry) -> None:
    pub = entry.data
    entry.published_version, entry.published_data = entry.version, dict(pub)
    entry.published_visibility, entry.published_at, entry.is_public = dict(entry.visibility), utcnow(), True
    entry.pub_name, entry.pub_status = pub["name"], pub.get("status")
    entry.pub_risk_class, entry.pub_category = pub.get("risk_class"), pub.get("publication_category")
    entry.pub_themes = list(pub.get("themes", []))
    entry.search_text = _search_text(entry, pub, entry.visibility)


def transition(
    session: Session,
    actor: Actor,
    entry: Entry,
    action: str,
    *,
    expected_version: int | None = None,
    note: str = "",
) -> Entry:
    _check(actor, "entry.transition", entry.organisation_id)
    if expected_version is not None and expected_version != entry.version:
        raise Conflict(
            f"entry {entry.public_id} changed to version {entry.version} since you looked at "
            f"version {expected_version}; review it again",
            [f"version: {expected_version} is stale"],
        )
    check = dom.check_transition(
        entry.status,
        action,
        actor.role,
        is_public=entry.is_public,
        actor_is_last_author=actor.user_id == entry.last_author_id,
    )
    before = entry.status
    entry.status = check.to_status
    if action == "publish":
        _apply_publication(entry)
    elif action in ("retract", "archive"):
        entry.is_public = False
    entry.updated_at = utcnow()
    search.reindex(session, entry)
    auditlog.record(
        session,
        actor,
        f"entry.{action}",
        "entry",
        entry.id,
        {"from": before, "to": entry.status, "version": entry.version, "note": note},
    )
    events.publish(session, actor, f"entry.{check.to_status}", {"entry_id": entry.id, "action": action})
    session.flush()
    return entry


def add_event(
    session: Session, actor: Actor, entry: Entry, kind: str, on: date, note: str = ""
) -> LifecycleEvent:
    _check(actor, "entry.edit", entry.organisation_id)
    if kind not in LIFECYCLE_KINDS:
        raise InvalidInput.at("kind", f"{kind!r} is not one of {', '.join(LIFECYCLE_KINDS)}")
    if len(note) > 5000:
        raise InvalidInput.at("note", f"{len(note)} characters, at most 5000 allowed")
    ev = LifecycleEvent(entry_id=entry.id, kind=kind, date=on, note=note, author=actor.label)
    session.add(ev)
    if kind in RECLASSIFY_KINDS:
        entry.needs_reclassification = True
        entry.reclassification_reason = f"{LIFECYCLE_KINDS[kind][0]} on {on.isoformat()}"
    session.flush()
    auditlog.record(session, actor, "entry.event", "entry", entry.id, {"kind": kind, "date": on.isoformat()})
    events.publish(
        session, actor, "entry.event", {"entry_id": entry.id, "kind": kind, "date": on.isoformat()}
    )
    if kind in RECLASSIFY_KINDS:
        events.publish(
            session, actor, "entry.modified", {"entry_id": entry.id, "reason": entry.reclassification_reason}
        )
    return ev


def lifecycle(session: Session, entry: Entry) -> list[LifecycleEvent]:
    q = (
        select(LifecycleEvent)
        .where(LifecycleEvent.entry_id == entry.id)
        .order_by(LifecycleEvent.date, LifecycleEvent.id)
    )
    return list(session.scalars(q))


def versions(session: Session, actor: Actor, entry: Entry) -> list[EntryVersion]:
    _check(actor, "entry.edit", entry.organisation_id)
    q = select(EntryVersion).where(EntryVersion.entry_id == entry.id).order_by(EntryVersion.version.desc())
    return list(session.scalars(q))


def version_diff(session: Session, actor: Actor, entry: Entry, a: int, b: int) -> list[dom.FieldChange]:
    _check(actor, "entry.edit", entry.organisation_id)
    rows = {
        v.version: v
        for v in session.scalars(
            select(EntryVersion).where(EntryVersion.entry_id == entry.id, EntryVersion.version.in_([a, b]))
        )
    }
    for n in (a, b):
        if n not in rows:
            raise NotFound(f"version {n} of entry {entry.public_id} not found")
    return dom.diff(rows[a].data, rows[b].data)


# --- views ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryView:
    """What one audience may see of an entry. ``data`` is already filtered by the policy layer."""

    entry: Entry
    audience: str
    data: dict[str, Any]
    working_copy: bool

    def as_json(self) -> dict[str, Any]:
        e = self.entry
        out: dict[str, Any] = {
            "id": e.public_id,
            "organisation": {"slug": e.organisation.slug, "name": e.organisation.name},
            "published": e.is_public,
            "published_at": e.published_at.isoformat() if e.published_at else None,
            "version": e.version if self.working_copy else e.published_version,
            "fields": self.data,
            "market_measure": e.market_measure,
        }
        if self.working_copy:
            out.update(
                status=e.status,
                visibility=dom.validate_visibility(e.visibility),
                needs_reclassification=e.needs_reclassification,
            )
        return out


def view(actor: Actor, entry: Entry) -> EntryView:
    level = audience(actor, entry.organisation_id)
    if level == "internal":
        return EntryView(entry, level, dom.visible_data(entry.data, entry.visibility, level), True)
    if not entry.is_public or entry.published_data is None:
        raise NotFound(f"entry {entry.public_id} not found")
    return EntryView(
        entry, level, dom.visible_data(entry.published_data, entry.published_visibility, level), False
    )


def _filtered(session: Session, flt: RegisterFilter):  # type: ignore[no-untyped-def]
    q = select(Entry).where(Entry.is_public)
    if flt.organisation:
        q = q.join(Organisation, Entry.organisation_id == Organisation.id).where(
            Organisation.slug == flt.organisation
        )
    if flt.status:
        q = q.where(Entry.pub_status == flt.status)
    if flt.risk_class:
        q = q.where(Entry.pub_risk_class == flt.risk_class)
    if flt.publication_category:
        q = q.where(Entry.pub_category == flt.publication_category)
    if flt.theme:
        # JSON arrays are stored as text; match the quoted value (themes come from a closed list).
        q = q.where(cast(Entry.pub_themes, Text).contains(f'"{flt.theme}"'))
    clause = search.match_clause(session, flt.q) if flt.q else None
    if clause is not None:
        q = q.where(clause)
    return q


def search_public(session: Session, actor: Actor, flt: RegisterFilter) -> tuple[list[EntryView], int]:
    base = _filtered(session, flt)
    # Sort and page the ids alone, then load that page's rows: sorting whole rows (JSON columns, joined
    # organisation) costs much more when a search matches many entries (bench/register.py). PostgreSQL
    # counts in the same pass (a window count); on SQLite a separate count on the is_public index is
    # cheaper than its window function.
    window = session.get_bind().dialect.name != "sqlite"
    cols = (Entry.id, func.count().over()) if window else (Entry.id,)
    page = base.with_only_columns(*cols).order_by(Entry.published_at.desc(), Entry.id.desc())
    hits = session.execute(page.offset(flt.offset).limit(flt.page_size)).all()
    ids = [h[0] for h in hits]
    if window and hits:
        total = hits[0][1]
    elif 0 < len(ids) < flt.page_size or (not ids and flt.offset == 0):
        total = flt.offset + len(ids)  # the last page: no count query needed
    else:
        total = _count(session, flt, base)
    rows = {e.id: e for e in session.scalars(select(Entry).where(Entry.id.in_(ids))).unique()} if ids else {}
    return [view_published(actor, rows[i]) for i in ids], total


def _count(session: Session, flt: RegisterFilter, base) -> int:  # type: ignore[no-untyped-def]
    text_only = not (
        flt.organisation or flt.status or flt.risk_class or flt.theme or flt.publication_category
    )
    fast = search.count_public_matches(session, flt.q) if text_only and flt.q else None
    if fast is not None:
        return fast
    return session.scalar(select(func.count()).select_from(base.order_by(None).subquery())) or 0


def view_published(actor: Actor, entry: Entry) -> EntryView:
    """The published snapshot as this audience sees it (staff see public-register pages like anyone)."""
    level = audience(actor, entry.organisation_id)
    level = "supervisor" if level == "internal" else level
    return EntryView(
        entry, level, dom.visible_data(entry.published_data or {}, entry.published_visibility, level), False
    )


def all_published(session: Session) -> list[Entry]:
    return list(session.scalars(select(Entry).where(Entry.is_public).order_by(Entry.id)).unique())


def for_organisation(session: Session, actor: Actor, org_id: int) -> list[Entry]:
    _check(actor, "entry.edit", org_id)
    return list(
        session.scalars(select(Entry).where(Entry.organisation_id == org_id).order_by(Entry.name)).unique()
    )
