"""Reading assessments: who may read which revision, audience-filtered views, reports, requirements,
the entry's public status, and the dashboard of overdue mitigations and reviews.

Everything a reader sees goes through ``domain.assessments.public_view`` with the audience from
``policy.audience``: the same filter for HTML, JSON, Markdown, PDF and exports.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain import assessments as dom
from waarborg.domain.assessments.model import VISIBILITIES
from waarborg.domain.assessments.record import check_visibility
from waarborg.domain.assessments.summary import EntryAssessmentStatus, entry_status
from waarborg.domain.assessments.workflow import reopen_category
from waarborg.domain.errors import NotFound
from waarborg.domain.policy import Actor, audience, decide
from waarborg.services import assessment_report, assessment_thresholds
from waarborg.storage.models import Entry
from waarborg.storage.models_assessments import AssessmentRevisionRow, AssessmentRow, AssessmentVersionRow

SIGNED_OFF = ("approved", "superseded")


def rows_for_entry(session: Session, entry_id: int) -> list[AssessmentRow]:
    q = select(AssessmentRow).where(AssessmentRow.entry_id == entry_id).order_by(AssessmentRow.instrument)
    return list(session.scalars(q))


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _risks(raw: list[Any]) -> tuple[dom.Risk, ...]:
    model = dom.risk_model()
    return tuple(dom.parse_risk(r, model, f"risks[{i}]") for i, r in enumerate(raw))


def record(
    row: AssessmentRow,
    rev: AssessmentRevisionRow,
    entry: Entry,
    history_rows: list[AssessmentVersionRow] | None = None,
) -> dom.Assessment:
    """The storage rows as the domain's plain assessment record."""
    history = tuple(
        dom.HistoryItem(
            action=h.action,
            source=h.source,
            target=h.target,
            actor=h.actor,
            at=_aware(h.at) or h.at,
            comment=h.comment,
        )
        for h in history_rows or ()
        if h.kind == "transition"
    )
    return dom.Assessment(
        id=str(row.id),
        entry_id=entry.public_id,
        entry_name=entry.name,
        instrument=row.instrument,
        instrument_version=rev.instrument_version,
        revision=rev.revision,
        state=rev.state,
        author=dom.Person(str(rev.author_id), rev.author_name),
        answers=rev.answers,
        answer_visibility=rev.answer_visibility,
        section_visibility=rev.section_visibility,
        risks=_risks(rev.risks),
        public_summary=rev.public_summary,
        approver=dom.Person(str(rev.approver_id), rev.approver_name) if rev.approver_name else None,
        approved_at=_aware(rev.approved_at),
        review_date=rev.review_date,
        reopen_reason=rev.reopen_reason,
        organisation=entry.organisation.name,
        history=history,
    )


def history(session: Session, rev: AssessmentRevisionRow) -> list[AssessmentVersionRow]:
    q = (
        select(AssessmentVersionRow)
        .where(AssessmentVersionRow.revision_id == rev.id)
        .order_by(AssessmentVersionRow.id)
    )
    return list(session.scalars(q))


def reader_audience(actor: Actor, row: AssessmentRow) -> str:
    return audience(actor, row.organisation_id)


def readable_revisions(session: Session, actor: Actor, row: AssessmentRow) -> list[AssessmentRevisionRow]:
    """Staff see every revision; supervisors the signed-off ones; the public those of published entries."""
    level = reader_audience(actor, row)
    if level == "internal":
        return list(row.revisions)
    signed = [r for r in row.revisions if r.state in SIGNED_OFF and r.approved_at is not None]
    if level == "supervisor":
        return signed
    entry = session.get(Entry, row.entry_id)
    return signed if entry is not None and entry.is_public else []


def get_readable(
    session: Session, actor: Actor, assessment_id: int, revision: int | None = None
) -> tuple[AssessmentRow, AssessmentRevisionRow]:
    row = session.get(AssessmentRow, assessment_id)
    revs = readable_revisions(session, actor, row) if row is not None else []
    if row is None or not revs:
        raise NotFound(f"assessment {assessment_id} not found")
    if revision is None:
        return row, revs[-1]
    rev = next((r for r in revs if r.revision == revision), None)
    if rev is None:
        raise NotFound(f"revision {revision} of assessment {assessment_id} not found")
    return row, rev


def _variant(actor: Actor, row: AssessmentRow, variant: str | None) -> dom.Visibility:
    """The reader's audience, narrowed to ``variant`` when asked (e.g. staff exporting the public report)."""
    level = check_visibility(reader_audience(actor, row), "audience")
    if not variant:
        return level
    wanted = check_visibility(variant, "variant")
    return VISIBILITIES[min(VISIBILITIES.index(level), VISIBILITIES.index(wanted))]


def view(
    session: Session, actor: Actor, row: AssessmentRow, rev: AssessmentRevisionRow, variant: str | None = None
) -> dict[str, Any]:
    entry = session.get(Entry, row.entry_id)
    assert entry is not None
    level = _variant(actor, row, variant)
    rec = record(row, rev, entry, history(session, rev) if level == "internal" else None)
    out = dom.public_view(rec, dom.instrument(row.instrument), level, dom.risk_model())
    out["id"] = row.id
    out["revisions"] = [r.revision for r in readable_revisions(session, actor, row)]
    if level == "internal":
        out["version"] = rev.version
        out["prefilled"] = rev.prefilled
        out["answer_visibility"] = rev.answer_visibility
        out["section_visibility"] = rev.section_visibility
    return out


def export(
    session: Session,
    actor: Actor,
    row: AssessmentRow,
    rev: AssessmentRevisionRow,
    fmt: str,
    lang: str,
    variant: str | None = None,
) -> tuple[bytes, str, str]:
    """A report of the revision for the reader (narrowed to ``variant``); returns body, media type, file name."""
    entry = session.get(Entry, row.entry_id)
    assert entry is not None
    level = _variant(actor, row, variant)
    rec = record(row, rev, entry, history(session, rev) if level == "internal" else None)
    findings = assessment_thresholds.findings_for(session, row, level)
    body, media = assessment_report.render(fmt, rec, dom.instrument(row.instrument), level, lang, findings)
    name = f"{row.instrument}-{entry.public_id}-r{rev.revision}-{level}.{fmt}"
    return body, media, name


# --- requirements, status, dashboard -------------------------------------------------------------


def organisation_kind(entry: Entry) -> str:
    """Map the organisation to the Art. 27 categories (public bodies; private public-service providers)."""
    org = entry.organisation
    if org.public_body:
        return "public-authority"
    if org.kind in ("hospital",) or (entry.data or {}).get("provides_public_services"):
        return "private-public-service"
    return "private"


def classification_of(entry: Entry) -> dict[str, Any]:
    """The stored classification result, or a minimal one from the entry's own fields."""
    if entry.classification:
        return dict(entry.classification)
    data = entry.data or {}
    risk_class = data.get("risk_class") or "minimal"
    return {
        "risk_class": risk_class,
        "roles": list(data.get("roles") or []),
        "prohibited": [],
        "high_risk": {
            "route": data.get("high_risk_route") or "annex-iii",
            "point": data.get("annex_iii_point"),
        }
        if risk_class == "high-risk"
        else None,
        "convention": {"applies": bool(entry.organisation.public_body), "in_force": None},
    }


def requirements(entry: Entry) -> list[dom.Requirement]:
    return dom.requirement_for(classification_of(entry), organisation_kind(entry))


def public_status(session: Session, actor: Actor, entry: Entry) -> list[EntryAssessmentStatus]:
    """Was a human-rights assessment done, when, and its public summary (signed-off revisions only)."""
    records: list[dom.Assessment] = []
    internal = audience(actor, entry.organisation_id) == "internal"
    for row in rows_for_entry(session, entry.id):
        if readable_revisions(session, actor, row):
            # entry_status takes summaries and dates from signed-off revisions only; the current draft
            # contributes its state and re-open reason ("reassessment in progress").
            records.extend(record(row, r, entry) for r in row.revisions)
    statuses = entry_status(records)
    if internal:
        return statuses
    # Outside the organisation only the category of a re-open reason is shown (comments stay internal).
    return [replace(st, reopen_reason=reopen_category(st.reopen_reason)) for st in statuses]


def dashboard(
    session: Session, actor: Actor, today: date | None = None, organisation_id: int | None = None
) -> list[dom.DashboardItem]:
    """Overdue mitigations and due reviews: staff for their organisation; supervisors and admins for all."""
    q = select(AssessmentRow)
    if actor.role in ("editor", "approver"):
        q = q.where(AssessmentRow.organisation_id == actor.organisation_id)
    elif organisation_id is not None:
        q = q.where(AssessmentRow.organisation_id == organisation_id)
    records = []
    for row in session.scalars(q.order_by(AssessmentRow.id)):
        if not (decide(actor, "org.work", row.organisation_id) or decide(actor, "supervise")):
            continue
        revs = readable_revisions(session, actor, row)
        entry = session.get(Entry, row.entry_id)
        if revs and entry is not None:
            records.append(record(row, revs[-1], entry))
    return dom.dashboard(records, today or date.today())


def report(
    session: Session,
    actor: Actor,
    row: AssessmentRow,
    rev: AssessmentRevisionRow,
    lang: str,
    variant: str | None = None,
) -> assessment_report.Report:
    """The display model (labels, answers, risk levels) used by the HTML pages, for this reader."""
    entry = session.get(Entry, row.entry_id)
    assert entry is not None
    level = _variant(actor, row, variant)
    rec = record(row, rev, entry, history(session, rev) if level == "internal" else None)
    findings = assessment_thresholds.findings_for(session, row, level)
    return assessment_report.build_report(rec, dom.instrument(row.instrument), level, lang, findings)
