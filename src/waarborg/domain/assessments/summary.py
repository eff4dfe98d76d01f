"""What the register entry shows about its assessments, and the Art. 27(3) notification content."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import Instrument
from .record import Assessment


@dataclass(frozen=True)
class EntryAssessmentStatus:
    """Per instrument: was an assessment approved, when, its public summary, and what is under way."""

    instrument: str
    done: bool
    approved_revision: int | None
    approved_at: str | None
    review_date: str | None
    public_summary: str
    current_state: str
    current_revision: int
    reopen_reason: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def entry_status(revisions: Iterable[Assessment]) -> list[EntryAssessmentStatus]:
    """Summarise all revisions of all assessments of one entry (one row per instrument).

    ``done`` means a revision is approved now. While a re-opened assessment is being redone, the last
    approved (now superseded) revision is still reported with its date, next to the current state.
    """
    by_instrument: dict[str, list[Assessment]] = {}
    for rev in revisions:
        by_instrument.setdefault(rev.instrument, []).append(rev)
    out = []
    for inst_id in sorted(by_instrument):
        revs = sorted(by_instrument[inst_id], key=lambda a: a.revision)
        current = revs[-1]
        approved = [a for a in revs if a.approved_at is not None and a.state in ("approved", "superseded")]
        last = approved[-1] if approved else None
        out.append(
            EntryAssessmentStatus(
                instrument=inst_id,
                done=current.state == "approved",
                approved_revision=last.revision if last else None,
                approved_at=last.approved_at.date().isoformat() if last and last.approved_at else None,
                review_date=last.review_date.isoformat() if last and last.review_date else None,
                public_summary=last.public_summary if last else "",
                current_state=current.state,
                current_revision=current.revision,
                reopen_reason=current.reopen_reason,
            )
        )
    return out


@dataclass(frozen=True)
class NotificationContent:
    kind: str
    title: str
    body: str
    article: str


def fria_notification(assessment: Assessment, instrument: Instrument) -> NotificationContent | None:
    """The notice to the market surveillance authority when a FRIA is approved (Art. 27(3)).

    None when the deployer marked the Art. 46(1) exemption (question ``n.exempt``) or the instrument is
    not the FRIA.
    """
    if instrument.id != "fria" or assessment.answers.get("n.exempt") is True:
        return None
    approved = assessment.approved_at.date().isoformat() if assessment.approved_at else "?"
    approver = assessment.approver.name if assessment.approver else "?"
    summary = assessment.public_summary
    org = assessment.organisation or "de gebruiksverantwoordelijke / the deployer"
    lines = [
        f"Effectbeoordeling op het gebied van grondrechten (FRIA) voor {assessment.entry_name!r} door {org}.",
        f"Revisie {assessment.revision}, goedgekeurd op {approved} door {approver}; "
        f"volgende herbeoordeling {assessment.review_date or '-'}.",
        *([f"Openbare samenvatting: {summary}"] if summary else []),
        "",
        f"Fundamental rights impact assessment (FRIA) for {assessment.entry_name!r} by {org}.",
        f"Revision {assessment.revision}, approved on {approved} by {approver}; next review {assessment.review_date or '-'}.",
        f"Instrument {instrument.ref}. The results are available to the supervisory authority in Waarborg.",
    ]
    title = f"FRIA-kennisgeving / FRIA notification: {assessment.entry_name} (revisie {assessment.revision})"
    return NotificationContent(kind="fria", title=title[:300], body="\n".join(lines), article="Art. 27(3)")
