"""What people are told: next-step texts with dates, e-mail texts in Dutch and English, and the retry
schedule of the mail outbox. E-mails never contain the complaint text or other personal data: only the
case number, the state, the date and the private status link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from waarborg.domain.cases.catalogue import CaseCatalogue, pick

_NL_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: date | None, lang: str) -> str:
    if day is None:
        return "—"
    months = _NL_MONTHS if lang == "nl" else _EN_MONTHS
    return f"{day.day} {months[day.month - 1]} {day.year}"


def next_step(
    catalogue: CaseCatalogue,
    case_type: str,
    state: str,
    lang: str,
    *,
    due: date | None = None,
    window: date | None = None,
) -> str:
    """The plain-language 'what happens next and by when' for a case in ``state``."""
    text = pick(catalogue.machine(case_type).states[state].next, lang)
    return text.format(due=format_date(due, lang), window=format_date(window, lang))


@dataclass(frozen=True)
class MailText:
    subject: str
    body: str


_ACK = {
    "nl": (
        "Wij hebben uw {kind} ontvangen. Uw zaaknummer is {number}.\n\n{next}\n\n"
        "Volg uw zaak via deze persoonlijke link. Deel de link niet: wie de link heeft, kan de zaak zien.\n{link}\n"
    ),
    "en": (
        "We have received your {kind}. Your case number is {number}.\n\n{next}\n\n"
        "Follow your case through this private link. Do not share it: anyone with the link can see the case.\n{link}\n"
    ),
}
_UPDATE = {
    "nl": "Er is nieuws in uw zaak {number}: {state}.\n\n{next}\n\nBekijk het via uw persoonlijke link:\n{link}\n",
    "en": "There is news in your case {number}: {state}.\n\n{next}\n\nRead it through your private link:\n{link}\n",
}


def _bilingual(lang: str, parts: dict[str, str]) -> str:
    order = ("nl", "en") if lang == "nl" else ("en", "nl")
    return f"{parts[order[0]]}\n-----\n\n{parts[order[1]]}"


def acknowledgement(
    catalogue: CaseCatalogue, case_type: str, number: str, state: str, due: date | None, link: str, lang: str
) -> MailText:
    """Receipt e-mail: case number, what happens next and by when, the private status link; both languages."""
    machine = catalogue.machine(case_type)
    parts = {
        lg: _ACK[lg].format(
            kind=pick(machine.label, lg).lower(),
            number=number,
            link=link,
            next=next_step(catalogue, case_type, state, lg, due=due),
        )
        for lg in ("nl", "en")
    }
    subject = f"{number}: {pick(machine.label, 'nl')} ontvangen / {pick(machine.label, 'en')} received"
    return MailText(subject, _bilingual(lang, parts))


def status_update(
    catalogue: CaseCatalogue,
    case_type: str,
    number: str,
    state: str,
    due: date | None,
    link: str,
    lang: str,
    *,
    window: date | None = None,
) -> MailText:
    machine = catalogue.machine(case_type)
    label = machine.states[state].label
    parts = {
        lg: _UPDATE[lg].format(
            number=number,
            state=pick(label, lg).lower(),
            link=link,
            next=next_step(catalogue, case_type, state, lg, due=due, window=window),
        )
        for lg in ("nl", "en")
    }
    return MailText(f"{number}: {pick(label, 'nl')} / {pick(label, 'en')}", _bilingual(lang, parts))


def staff_notice(number: str, what_nl: str, what_en: str, due: date | None, link: str) -> MailText:
    """Notice to an organisation or supervisor (new case, reminder, overdue); no personal data."""
    body = (
        f"{what_nl}\nZaak {number}; termijn: {format_date(due, 'nl')}.\n{link}\n\n-----\n\n"
        f"{what_en}\nCase {number}; time limit: {format_date(due, 'en')}.\n{link}\n"
    )
    return MailText(f"{number}: {what_nl} / {what_en}", body)


def next_attempt(catalogue: CaseCatalogue, attempts: int, now: datetime) -> datetime | None:
    """When to retry a message that failed ``attempts`` times; None once the schedule is exhausted."""
    schedule = catalogue.mail_retry_minutes
    if attempts < 1:
        return now
    if attempts > len(schedule):
        return None
    return now + timedelta(minutes=schedule[attempts - 1])
