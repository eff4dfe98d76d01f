"""Remedies use cases on a real database: filing, the inbox, replies, extension, escalation, measures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.cases.fixtures import CANARY_EMAIL, LINKS, file_complaint, published_entry
from waarborg.domain.errors import NotFound, TooManyRequests, TransitionNotAllowed
from waarborg.services import auditlog, case_effects, case_jobs, cases, oversight
from waarborg.services.unit import unit
from waarborg.storage.models import Entry
from waarborg.storage.models_cases import MailOutbox, RemedyCase

D0 = date(2026, 12, 7)


def test_complaint_lifecycle_to_withdrawal(world, client_for, token_for) -> None:
    db = world.db
    pid = published_entry(client_for, token_for)
    number, token = file_complaint(db, pid)
    editor, supervisor = world.actor("editor@a.example"), world.actor("supervisor@test.example")
    with unit(db) as s:
        case = cases.by_token(s, token)
        assert case.number == number and case.state == "received" and case.due == date(2027, 1, 18)
        mails = list(s.scalars(select(MailOutbox)))
        assert any(m.recipient == CANARY_EMAIL and token in m.body for m in mails)
        assert any(m.recipient == "editor@a.example" and CANARY_EMAIL not in m.body for m in mails)
        [mine] = cases.inbox(s, editor)
        assert mine.number == number
        assert cases.inbox(s, world.actor("editor@b.example")) == []
        cases.take_step(
            s,
            cases.case_actor(editor),
            case,
            "reply",
            "Wij hebben het besluit opnieuw bekeken.",
            today=D0 + timedelta(days=3),
            links=LINKS,
        )
        assert case.state == "answered" and case.escalation_window_ends is not None
    with unit(db) as s:
        case = cases.by_token(s, token)
        cases.take_step(
            s,
            cases.citizen_for(case),
            case,
            "escalate_unsatisfied",
            "Het antwoord klopt niet.",
            today=D0 + timedelta(days=5),
            links=LINKS,
        )
        [esc] = cases.children(s, case)
        assert esc.case_type == "escalation" and case.state == "escalated"
        sup = cases.case_actor(supervisor)
        cases.take_step(s, sup, esc, "take_up", today=D0 + timedelta(days=6), links=LINKS)
        cases.take_step(
            s,
            sup,
            esc,
            "open_investigation",
            "Onderzoek naar proxy-discriminatie.",
            today=D0 + timedelta(days=6),
            links=LINKS,
        )
        inv = s.scalar(select(RemedyCase).where(RemedyCase.case_type == "investigation"))
        m = oversight.issue_measure(
            s,
            supervisor,
            inv,
            kind="withdrawal",
            legal_basis=["ai-act-79"],
            reasoning="Het systeem discrimineert op postcode; uit de handel nemen.",
            public_text="Uit de handel genomen op last van de toezichthouder.",
            today=D0 + timedelta(days=7),
            links=LINKS,
        )
        entry = s.scalar(select(Entry).where(Entry.public_id == pid))
        assert entry.market_measure["kind"] == "withdrawal" and entry.market_measure["measure"] == m.number
        cases.take_step(
            s,
            sup,
            esc,
            "decide",
            "Maatregel opgelegd: uit de handel nemen.",
            today=D0 + timedelta(days=8),
            links=LINKS,
        )
        assert case.state == "closed" and esc.state == "decided"
        oversight.measure_step(s, editor, m, "respond", "Wij hebben het systeem uitgezet.")
        assert entry.market_measure["response"] == "Wij hebben het systeem uitgezet."
    with unit(db, write=False) as s:
        _, broken = auditlog.verify(s)
        assert broken is None
        actions = [r.action for r in auditlog.recent(s)]
        assert "case.escalate_unsatisfied" in actions and "measure.issued" in actions


def test_rate_limit_per_address(world, client_for, token_for) -> None:
    pid = published_entry(client_for, token_for)
    now = datetime(2026, 12, 7, 10, 0).astimezone()
    for i in range(5):
        file_complaint(world.db, pid, now=now + timedelta(minutes=i))
    with pytest.raises(TooManyRequests):
        file_complaint(world.db, pid, now=now + timedelta(minutes=6))
    file_complaint(world.db, pid, now=now + timedelta(minutes=6), address="198.51.100.7")


def test_extension_once_and_retention(world, client_for, token_for) -> None:
    pid = published_entry(client_for, token_for)
    _, token = file_complaint(world.db, pid)
    editor = cases.case_actor(world.actor("editor@a.example"))
    with unit(world.db) as s:
        case = cases.by_token(s, token)
        cases.take_step(s, editor, case, "extend", "Advies van de functionaris nodig.", today=D0, links=LINKS)
        assert case.due == date(2027, 2, 15) and case.deadline["extensions"] == 1
        with pytest.raises(TransitionNotAllowed):
            cases.take_step(s, editor, case, "extend", "Nog eens.", today=D0, links=LINKS)
        cases.take_step(s, editor, case, "reply", "Antwoord.", today=D0, links=LINKS)
        cases.take_step(s, case_effects.SYSTEM, case, "close_after_window", today=date(2027, 3, 1))
    report = case_jobs.run_retention(world.db, date(2029, 3, 1))
    assert report == 1
    with unit(world.db, write=False) as s:
        case = cases.by_token(s, token)
        assert case.email is None and "anonymised" in case.description
        assert all(CANARY_EMAIL not in m.recipient for m in s.scalars(select(MailOutbox)))


def test_status_token_of_another_case_is_not_found(world) -> None:
    with unit(world.db, write=False) as s, pytest.raises(NotFound):
        cases.by_token(s, "A" * 43)
