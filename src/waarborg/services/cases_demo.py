"""Demo content for remedies and oversight: complaints and explanation requests filed through the real
intake (one answered, one overdue, one escalated to the supervisor, one fresh) and a serious-incident
report, so the inbox, the supervisor desk and the statistics have something to show (idempotent)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.services import accounts, case_intake, cases, oversight
from waarborg.services.unit import unit
from waarborg.settings import get_settings
from waarborg.storage.db import Database
from waarborg.storage.models import Entry, User
from waarborg.storage.models_cases import RemedyCase

# organisation slug, entry name, case type, days ago filed, what happens next, the citizen's text
FILINGS: tuple[tuple[str, str, str, int, str, str], ...] = (
    (
        "uitkeringsdienst",
        "Risicoscore rechtmatigheid bijstand",
        "complaint",
        20,
        "answered",
        "Mijn bijstandsuitkering is stopgezet na een heronderzoek. Ik denk dat de risicoscore mij ten "
        "onrechte als hoog risico heeft aangemerkt, omdat ik in een bepaalde wijk woon.",
    ),
    (
        "noordbank",
        "Kredietscore particuliere leningen",
        "explanation-request",
        70,
        "overdue",
        "Mijn aanvraag voor een persoonlijke lening is afgewezen. Ik wil weten welke rol de kredietscore "
        "speelde en welke gegevens daarvoor zijn gebruikt.",
    ),
    (
        "noordbank",
        "CV-selectie sollicitaties",
        "complaint",
        40,
        "escalated",
        "Mijn sollicitatie werd binnen een uur automatisch afgewezen. Ik vermoed dat het systeem mij "
        "afwijst vanwege een onderbreking in mijn loopbaan door zorgtaken.",
    ),
    (
        "voorbeeldstad",
        "Chatbot Vraag het Voorbeeldstad",
        "explanation-request",
        2,
        "open",
        "De chatbot gaf mij een verkeerd antwoord over de termijn voor bezwaar. Ik wil weten hoe de "
        "antwoorden tot stand komen en of een medewerker ze controleert.",
    ),
)
INCIDENT = ("ziekenhuis-zuid", "Triage spoedeisende hulp")


def _entry(session: Session, slug: str, name: str) -> Entry | None:
    org = accounts.organisation_by_slug(session, slug)
    return session.scalar(select(Entry).where(Entry.organisation_id == org.id, Entry.name == name))


def _has_case(session: Session, entry: Entry, case_type: str) -> bool:
    q = select(RemedyCase.id).where(RemedyCase.entry_id == entry.id, RemedyCase.case_type == case_type)
    return session.scalar(q.limit(1)) is not None


def _actor(session: Session, email: str) -> Any:
    return accounts.actor_for(session.scalar(select(User).where(User.email == email)))


def _file(session: Session, links: cases.Links, n: int, item: tuple[str, str, str, int, str, str]) -> bool:
    slug, name, case_type, ago, outcome, text = item
    entry = _entry(session, slug, name)
    if entry is None or not entry.is_public or _has_case(session, entry, case_type):
        return False
    filed = date.today() - timedelta(days=ago)
    form = {
        "case_type": case_type,
        "description": text,
        "name": f"Demo Burger {n}",
        "email": f"burger{n}@example.org",
        "language": "nl",
        "decision_reference": f"DEMO-{filed.year}-{100 + n}",
    }
    now = datetime.combine(filed, time(10, 0), tzinfo=UTC)
    case, _token = case_intake.submit(
        session, links, entry.public_id, form, [], address=f"192.0.2.{n}", now=now
    )
    if outcome in ("answered", "escalated"):
        editor = cases.case_actor(_actor(session, f"editor@{slug}.example"))
        reply = "Wij hebben uw dossier opnieuw bekeken; de score was één van meerdere signalen."
        cases.take_step(session, editor, case, "reply", reply, today=filed + timedelta(days=7), links=links)
    if outcome == "escalated":
        cases.take_step(
            session,
            cases.citizen_for(case),
            case,
            "escalate_unsatisfied",
            "Het antwoord legt niet uit waarom ik werd afgewezen.",
            today=filed + timedelta(days=12),
            links=links,
        )
    return True


def _incident(session: Session, links: cases.Links) -> bool:
    entry = _entry(session, *INCIDENT)
    if entry is None or _has_case(session, entry, "serious-incident"):
        return False
    oversight.report_incident(
        session,
        _actor(session, f"editor@{INCIDENT[0]}.example"),
        entry.public_id,
        categories=["other"],
        aware_on=date.today() - timedelta(days=3),
        description="Het triagesysteem gaf bij een patiënt met een hartinfarct een te lage urgentie; "
        "de patiënt werd pas na twee uur gezien. Het systeem is voor deze klachtcategorie uitgezet.",
        links=links,
    )
    return True


def load_demo(db: Database, summary: Any) -> None:
    """File the demo cases once (each is skipped when its entry already has a case of that type)."""
    settings = get_settings()
    links = cases.Links(settings.base_url, settings.secret_key)
    filed = 0
    for n, item in enumerate(FILINGS, start=11):
        with unit(db) as s:
            filed += _file(s, links, n, item)
    with unit(db) as s:
        incident = _incident(s, links)
    summary.notes.append(
        f"Cases: {filed} complaints and explanation requests (answered, overdue, escalated, new)"
        f"{' and a serious-incident report' if incident else ''}."
    )
