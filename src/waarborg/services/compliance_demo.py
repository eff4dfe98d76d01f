"""Demo content for compliance tracking: a checklist for every classified demo entry, and some progress
on the CV-screening and welfare-fraud entries so the dashboard shows work in review and done (idempotent)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from waarborg.domain.compliance.model import MeasureStatus
from waarborg.services import accounts
from waarborg.services.compliance import MeasureChange, checklist_row, generate, load, update_measure
from waarborg.services.unit import unit
from waarborg.storage.db import Database
from waarborg.storage.models import Entry, User

# (organisation slug, entry name): how many open measures to accept (done) and to submit (in review)
PROGRESS: dict[tuple[str, str], tuple[int, int]] = {
    ("noordbank", "CV-selectie sollicitaties"): (3, 2),
    ("uitkeringsdienst", "Risicoscore rechtmatigheid bijstand"): (2, 2),
}


def _actor(session: Any, email: str) -> Any:
    user = session.scalar(select(User).where(User.email == email))
    return accounts.actor_for(user) if user is not None else None


def _progress(session: Any, entry: Entry, slug: str, done: int, review: int) -> int:
    """Move the first open measures forward: the editor submits, the approver accepts. Skips touched lists."""
    editor, approver = f"editor@{slug}.example", f"approver@{slug}.example"
    measures = [m for item in load(session, entry) for m in item.measures]
    if any(m.owner == editor for m in measures):
        return 0
    open_ = [m for m in measures if m.status is MeasureStatus.TODO]
    moved = 0
    for k, m in enumerate(open_[: done + review]):
        due = date.today() + timedelta(days=30 + 15 * k)
        m = update_measure(
            session,
            _actor(session, editor),
            entry,
            m.measure_id,
            MeasureChange(
                m.version, status="in_review", owner=editor, reviewer=approver, due=due, note="demo"
            ),
        )
        if k < done:
            update_measure(
                session,
                _actor(session, approver),
                entry,
                m.measure_id,
                MeasureChange(m.version, status="done"),
            )
        moved += 1
    return moved


def load_demo(db: Database, summary: Any) -> None:
    """Generate missing checklists for the classified demo entries, then record some progress."""
    generated = moved = 0
    with unit(db) as s:
        ids = [e.id for e in s.scalars(select(Entry).order_by(Entry.id)) if e.classification]
    for entry_id in ids:
        with unit(db) as s:
            entry = s.get(Entry, entry_id)
            if entry is None or checklist_row(s, entry) is not None:
                continue
            editor = _actor(s, f"editor@{entry.organisation.slug}.example")
            if editor is not None:  # only the demo organisations
                generate(s, editor, entry)
                generated += 1
    for (slug, name), (done, review) in PROGRESS.items():
        with unit(db) as s:
            org = accounts.organisation_by_slug(s, slug)
            entry = s.scalar(select(Entry).where(Entry.organisation_id == org.id, Entry.name == name))
            if entry is not None and checklist_row(s, entry) is not None:
                moved += _progress(s, entry, slug, done, review)
    summary.notes.append(
        f"Compliance: {generated} checklists generated, {moved} measures moved forward (in review or done)."
    )
