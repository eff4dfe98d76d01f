"""Compliance dashboards and exports (CSV, PDF) per entry and per organisation.

Everything goes through ``views``: the policy decides which entries an actor sees and
``for_audience`` removes what the audience may not see (supervisors do not get working notes), so
HTML, JSON, CSV and PDF cannot disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain import compliance as dom
from waarborg.domain.compliance.model import RequirementItem, for_audience
from waarborg.domain.compliance.policy import may
from waarborg.domain.errors import NotAllowed
from waarborg.domain.policy import Actor, audience
from waarborg.services import compliance
from waarborg.storage.models import Entry, Organisation

TEMPLATES = Path(__file__).parent / "templates" / "compliance"


@dataclass(frozen=True)
class EntryCompliance:
    entry: Entry
    items: list[RequirementItem]
    summary: dom.ChecklistSummary
    generated: bool

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "entry": {
                "id": self.entry.public_id,
                "name": self.entry.name,
                "organisation": self.entry.organisation.slug,
            },
            "generated": self.generated,
            "summary": self.summary.to_dict(),
            "items": [dom.to_dict(i) for i in self.items],
        }


def entry_view(
    session: Session, actor: Actor, entry: Entry, today: date, horizon: int = 30
) -> EntryCompliance:
    compliance.require(actor, "compliance.view", entry)
    items = for_audience(compliance.load(session, entry), audience(actor, entry.organisation_id))
    generated = compliance.checklist_row(session, entry) is not None
    return EntryCompliance(entry, items, dom.summarise(items, today, horizon), generated)


def organisation_views(
    session: Session, actor: Actor, org: Organisation | None, today: date, horizon: int = 30
) -> list[EntryCompliance]:
    """Every entry of ``org`` (or of all organisations, for supervisors and admins) the actor may see."""
    if actor.is_anonymous:
        raise NotAllowed("sign in to see compliance dashboards")
    q = select(Entry).order_by(Entry.name, Entry.id)
    if org is not None:
        q = q.where(Entry.organisation_id == org.id)
    elif actor.role not in ("supervisor", "admin"):
        raise NotAllowed("choose your organisation")
    out = []
    for entry in session.scalars(q).unique():
        if entry.status == "archived":
            continue
        if may(actor, "compliance.view", entry.organisation_id, published=entry.is_public):
            out.append(entry_view(session, actor, entry, today, horizon))
    # supervisors may look at any organisation: they see its published entries, possibly none yet
    supervisor = actor.role == "supervisor"
    if org is not None and not out and not supervisor and not may(actor, "compliance.view", org.id):
        raise NotAllowed("you may not see this organisation's compliance status")
    return out


def totals(views: list[EntryCompliance]) -> dict[str, int]:
    keys = (
        "requirements",
        "binding_today",
        "met_today",
        "measures",
        "satisfied",
        "overdue",
        "due_soon",
        "in_review",
    )
    out = {k: sum(v.summary.totals.get(k, 0) for v in views) for k in keys}
    out["systems"] = len(views)
    out["compliant_today"] = sum(1 for v in views if v.generated and v.summary.compliant_today)
    return out


CSV_COLUMNS = (
    "organisation",
    "entry",
    "entry_name",
    "requirement",
    "article",
    "requirement_title",
    "applicability",
    "applies_from",
    "binds_today",
    "measure",
    "measure_title",
    "status",
    "owner",
    "reviewer",
    "due",
    "overdue",
    "due_soon",
    "evidence_files",
    "accepted_by",
    "reason",
    "auto_satisfied_by",
)


def _csv_safe(value: object) -> str:
    """Spreadsheet formula injection guard: a leading = + - @ is quoted with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_export(views: list[EntryCompliance], lang: str = "en") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for v in views:
        rows = {r.requirement_id: r for r in v.summary.requirements}
        for item in v.items:
            status = rows[item.requirement_id]
            for m in item.measures:
                due = dom.effective_due(m, item)
                writer.writerow(
                    [
                        _csv_safe(x)
                        for x in (
                            v.entry.organisation.slug,
                            v.entry.public_id,
                            v.entry.name,
                            item.requirement_id,
                            item.source.get("article", ""),
                            item.title.get(lang, ""),
                            item.applicability.value,
                            item.applies_from or "",
                            "yes" if status.binds_today else "no",
                            m.measure_id,
                            m.title.get(lang, ""),
                            m.status.value,
                            m.owner or "",
                            m.reviewer or "",
                            due or "",
                            "yes" if m.measure_id in status.overdue else "no",
                            "yes" if m.measure_id in status.due_soon else "no",
                            len(m.evidence),
                            m.accepted_by or "",
                            m.reason or "",
                            m.satisfied_by.event if m.satisfied_by else "",
                        )
                    ]
                )
    return buf.getvalue()


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Compliance report",
        "organisation": "Organisation",
        "today": "Status on",
        "compliant": "Compliant for the obligations that apply today",
        "not_compliant": "Not yet compliant for the obligations that apply today",
        "no_checklist": "No checklist generated yet",
        "requirement": "Requirement",
        "article": "Article",
        "applies_from": "Applies from",
        "state": "State",
        "measures": "Measures",
        "measure": "Measure",
        "status": "Status",
        "owner": "Owner",
        "due": "Due",
        "evidence": "Evidence",
        "overdue": "Overdue",
        "due_soon": "Due soon",
        "systems": "Systems",
        "catalogue": "Catalogue",
        "accepted_by": "Accepted by",
        "auto": "done by itself through linked work",
    },
    "nl": {
        "title": "Nalevingsrapport",
        "organisation": "Organisatie",
        "today": "Stand per",
        "compliant": "Voldoet aan de verplichtingen die vandaag gelden",
        "not_compliant": "Voldoet nog niet aan de verplichtingen die vandaag gelden",
        "no_checklist": "Nog geen checklist gemaakt",
        "requirement": "Vereiste",
        "article": "Artikel",
        "applies_from": "Geldt vanaf",
        "state": "Stand",
        "measures": "Maatregelen",
        "measure": "Maatregel",
        "status": "Status",
        "owner": "Eigenaar",
        "due": "Uiterlijk",
        "evidence": "Bewijs",
        "overdue": "Te laat",
        "due_soon": "Binnenkort",
        "systems": "Systemen",
        "catalogue": "Catalogus",
        "accepted_by": "Geaccepteerd door",
        "auto": "vanzelf voldaan door gekoppeld werk",
    },
}
STATUS_LABELS = {
    "en": {
        "todo": "To do",
        "in_progress": "In progress",
        "in_review": "In review",
        "done": "Done",
        "not_applicable": "Not applicable",
        "met": "Met",
        "open": "Open",
        "overdue": "Overdue",
        "upcoming": "Upcoming",
        "exempt": "Exempt",
        "dropped": "No longer applicable",
    },
    "nl": {
        "todo": "Te doen",
        "in_progress": "In uitvoering",
        "in_review": "Ter beoordeling",
        "done": "Gereed",
        "not_applicable": "Niet van toepassing",
        "met": "Voldaan",
        "open": "Open",
        "overdue": "Te laat",
        "upcoming": "Komt eraan",
        "exempt": "Vrijgesteld",
        "dropped": "Niet meer van toepassing",
    },
}


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)


def pdf_report(views: list[EntryCompliance], today: date, lang: str = "en", title: str = "") -> bytes:
    html = (
        _env()
        .get_template("report.html")
        .render(
            views=views,
            today=today,
            lang=lang,
            L=LABELS[lang],
            S=STATUS_LABELS[lang],
            title=title,
            totals=totals(views),
            catalogue=compliance.catalogue().ref,
        )
    )
    from weasyprint import HTML  # type: ignore[import-untyped]  # lazy: loading WeasyPrint takes a while

    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return pdf
