"""Scheduled jobs (``waarborg jobs run``): deadline reminders, closing answered cases after the escalation
period, anonymising personal data after the retention period, and sending the mail outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update

from waarborg.domain.cases.deadlines import reminders_due
from waarborg.domain.cases.notices import staff_notice
from waarborg.domain.cases.periods import Period
from waarborg.domain.cases.retention import ANONYMISED, RetentionFacts, due_for_anonymisation
from waarborg.engines.mail import SmtpConfig
from waarborg.services import auditlog, case_effects, cases, outbox
from waarborg.services.unit import unit
from waarborg.storage.base import utcnow
from waarborg.storage.db import Database
from waarborg.storage.models_cases import CaseAttachment, CaseMessage, MailOutbox, RemedyCase

JOBS = ("reminders", "autoclose", "retention", "outbox")


@dataclass
class JobReport:
    reminders: int = 0
    closed: int = 0
    anonymised: int = 0
    mail: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "reminders": self.reminders,
            "closed": self.closed,
            "anonymised": self.anonymised,
            "mail": self.mail,
        }


def run_reminders(db: Database, links: cases.Links, today: date) -> int:
    sent = 0
    with unit(db) as s:
        q = select(RemedyCase).where(RemedyCase.due.is_not(None), RemedyCase.anonymised_at.is_(None))
        for case in s.scalars(q):
            machine = cases.cat().machine(case.case_type)
            if not machine.states[case.state].clock_running or case.due is None:
                continue
            for r in reminders_due(
                case.due, machine.reminders_days_before, today, set(case.reminders_sent or [])
            ):
                nl = "Termijn verstreken" if r.overdue else f"Termijn verloopt over {r.days_before} dag(en)"
                en = "Time limit passed" if r.overdue else f"Time limit ends in {r.days_before} day(s)"
                mail = staff_notice(case.number, nl, en, case.due, links.staff(case))
                if machine.handler == "supervisor" and case.case_type != "serious-incident":
                    outbox.notify_staff(s, mail, supervisors=True, case_id=case.id)
                else:
                    outbox.notify_staff(s, mail, organisation_id=case.organisation_id, case_id=case.id)
                case.reminders_sent = [*(case.reminders_sent or []), r.key]
                auditlog.record(
                    s, "system", "case.reminder", "case", case.id, {"number": case.number, "reminder": r.key}
                )
                sent += 1
    return sent


def run_autoclose(db: Database, today: date) -> int:
    closed = 0
    with unit(db) as s:
        q = select(RemedyCase).where(
            RemedyCase.state == "answered", RemedyCase.escalation_window_ends < today
        )
        for case in s.scalars(q):
            cases.take_step(s, case_effects.SYSTEM, case, "close_after_window", today=today)
            closed += 1
    return closed


def run_retention(db: Database, today: date, overrides: dict[str, Period] | None = None) -> int:
    with unit(db) as s:
        rows = {c.id: c for c in s.scalars(select(RemedyCase).where(RemedyCase.anonymised_at.is_(None)))}
        facts = [RetentionFacts(c.id, c.case_type, c.state, c.closed_on, False) for c in rows.values()]
        actions = due_for_anonymisation(cases.cat(), facts, today, overrides)
        for action in actions:
            anonymise(s, rows[action.case_id])
            auditlog.record(
                s,
                "system",
                "case.anonymised",
                "case",
                action.case_id,
                {"number": rows[action.case_id].number, "reason": action.reason},
            )
    return len(actions)


def anonymise(s: Any, case: RemedyCase) -> None:
    """Remove the personal data of one case; dates, states and numbers stay for the statistics."""
    case.name = case.email = case.decision_reference = None
    case.decision_date = None
    case.description = ANONYMISED
    case.address_key = None
    case.anonymised_at = utcnow()
    s.execute(delete(CaseAttachment).where(CaseAttachment.case_id == case.id))
    s.execute(
        update(CaseMessage)
        .where(CaseMessage.case_id == case.id, CaseMessage.author_role == "citizen")
        .values(body=ANONYMISED)
    )
    s.execute(
        update(MailOutbox)
        .where(MailOutbox.case_id == case.id, MailOutbox.status == "pending")
        .values(status="failed", last_error="anonymised before sending")
    )
    s.execute(update(MailOutbox).where(MailOutbox.case_id == case.id).values(recipient="", body=ANONYMISED))


def run_all(
    db: Database,
    links: cases.Links,
    smtp: SmtpConfig,
    *,
    today: date | None = None,
    now: datetime | None = None,
    jobs: tuple[str, ...] = JOBS,
    retention_overrides: dict[str, Period] | None = None,
) -> JobReport:
    today = today or date.today()
    report = JobReport()
    if "autoclose" in jobs:
        report.closed = run_autoclose(db, today)
    if "reminders" in jobs:
        report.reminders = run_reminders(db, links, today)
    if "retention" in jobs:
        report.anonymised = run_retention(db, today, retention_overrides)
    if "outbox" in jobs:
        report.mail = outbox.deliver_pending(db, smtp, now).as_dict()
    return report


def smtp_config(settings: Any) -> SmtpConfig:
    return SmtpConfig(
        host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from, timeout=10.0
    )


def links_for(settings: Any) -> cases.Links:
    return cases.Links(settings.base_url, settings.secret_key)


def retention_overrides(settings: Any) -> dict[str, Period]:
    return cases.period_override(getattr(settings, "complaint_retention_days", None))
