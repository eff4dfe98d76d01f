"""Supervisor measures, retention of personal data, published statistics and the texts people receive."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from waarborg.domain.cases.measures import decide_measure
from waarborg.domain.cases.notices import acknowledgement, format_date, next_attempt, next_step, status_update
from waarborg.domain.cases.periods import Period
from waarborg.domain.cases.retention import RetentionFacts, due_for_anonymisation
from waarborg.domain.cases.statistics import CaseFacts, MeasureFacts, tally
from waarborg.domain.errors import InvalidInput, NotAllowed

TODAY = date(2026, 12, 7)
REASONING = "The system was found to rank applicants by postcode, a proxy for ethnicity (finding F-12)."


def test_withdrawal_with_legal_basis_and_reasoning(cat) -> None:
    d = decide_measure(
        cat,
        kind="withdrawal",
        legal_basis=["ai-act-79", "seed-63"],
        reasoning=REASONING,
        actor_role="supervisor",
        today=TODAY,
    )
    assert d.register_mark == "withdrawn" and d.due is None and not d.closes_case
    body = d.as_dict()
    assert [b["article"] for b in body["legal_basis"]] == ["AI Act Art. 79", "Kamerstuk, antwoord 63"]
    assert body["legal_basis"][0]["verified"] is False  # Art. 79 is not in the fact sheet


def test_corrective_order_gets_a_default_deadline_of_15_working_days(cat) -> None:
    d = decide_measure(
        cat,
        kind="corrective-order",
        legal_basis=["ai-act-80"],
        reasoning=REASONING,
        actor_role="supervisor",
        today=TODAY,
    )
    assert d.due == date(2026, 12, 28)
    d2 = decide_measure(
        cat,
        kind="request-information",
        legal_basis=["ai-act-21"],
        reasoning=REASONING,
        actor_role="supervisor",
        today=TODAY,
        period=Period(days=10),
    )
    assert d2.due == date(2026, 12, 17)


def test_measure_errors_name_field_and_value(cat) -> None:
    with pytest.raises(NotAllowed, match="not by role approver"):
        decide_measure(
            cat,
            kind="withdrawal",
            legal_basis=["ai-act-79"],
            reasoning=REASONING,
            actor_role="approver",
            today=TODAY,
        )
    with pytest.raises(InvalidInput) as err:
        decide_measure(
            cat,
            kind="withdrawal",
            legal_basis=["awb-9-11"],
            reasoning="because",
            actor_role="supervisor",
            today=TODAY,
            due=TODAY,
        )
    text = "; ".join(err.value.errors)
    assert "legal_basis: 'awb-9-11' is not a legal basis for withdrawal" in text
    assert "reasoning: a reasoned decision needs at least 20 characters; got 7" in text
    assert "due: 2026-12-07 must lie after the decision date" in text
    with pytest.raises(InvalidInput, match="'ban' is not a measure kind"):
        decide_measure(
            cat, kind="ban", legal_basis=[], reasoning=REASONING, actor_role="supervisor", today=TODAY
        )
    with pytest.raises(InvalidInput, match="due: this kind of measure has no deadline"):
        decide_measure(
            cat,
            kind="closing-decision",
            legal_basis=["cets-26"],
            reasoning=REASONING,
            actor_role="supervisor",
            today=TODAY,
            due=TODAY + timedelta(days=3),
        )


def test_closing_decision_closes_the_case(cat) -> None:
    d = decide_measure(
        cat,
        kind="closing-decision",
        legal_basis=["cets-26"],
        reasoning=REASONING,
        actor_role="supervisor",
        today=TODAY,
    )
    assert d.closes_case and d.register_mark is None


def test_retention_anonymises_closed_cases_after_the_period(cat) -> None:
    cases = [
        RetentionFacts(1, "complaint", "closed", date(2024, 12, 7)),  # exactly 24 months ago: due today
        RetentionFacts(2, "complaint", "closed", date(2024, 12, 8)),  # one day short
        RetentionFacts(3, "complaint", "in_progress", None),  # open: never touched
        RetentionFacts(4, "explanation-request", "withdrawn", date(2020, 1, 1), anonymised=True),
        RetentionFacts(5, "serious-incident", "closed", date(2010, 1, 1)),  # no personal fields
        RetentionFacts(6, "escalation", "decided", date(2021, 12, 1)),
    ]
    due = due_for_anonymisation(cat, cases, TODAY)
    assert [a.case_id for a in due] == [1, 6]
    assert "email" in due[0].fields and "description" in due[0].fields
    assert "kept 24 months" in due[0].reason
    shorter = due_for_anonymisation(cat, cases, TODAY, overrides={"complaint": Period(months=6)})
    assert [a.case_id for a in shorter] == [1, 2, 6] and "configured" in shorter[1].reason


def test_statistics_per_organisation_and_system(cat) -> None:
    cases = [
        CaseFacts(1, 10, "complaint", date(2026, 10, 1), date(2026, 11, 12), date(2026, 11, 1), False),
        CaseFacts(1, 10, "complaint", date(2026, 10, 2), date(2026, 11, 13), date(2026, 11, 20), True),
        CaseFacts(1, 11, "explanation-request", date(2026, 11, 1), date(2026, 12, 1), None, False),
        CaseFacts(2, 20, "complaint", date(2026, 11, 20), date(2027, 1, 1), None, False),
        CaseFacts(2, 20, "serious-incident", date(2026, 11, 20), None, None, False),  # not a complaint
    ]
    measures = [MeasureFacts(1, 10, "withdrawal"), MeasureFacts(1, 10, "request-information")]
    out = tally(cases, measures, TODAY)
    org1 = out["organisation"][1].as_dict()
    assert org1 == {
        "received": 3,
        "answered": 2,
        "answered_in_time": 1,
        "in_time_rate": 0.5,
        "escalated": 1,
        "overdue_open": 1,
        "by_type": {"complaint": 2, "explanation-request": 1},
        "measures": {"request-information": 1, "withdrawal": 1},
        "measures_total": 2,
    }
    assert out["system"][20].as_dict()["received"] == 1 and out["system"][20].in_time_rate is None
    assert out["total"][None].received == 4
    nov = tally(cases, [], TODAY, period=(date(2026, 11, 1), date(2026, 11, 30)))
    assert nov["total"][None].received == 2


def test_next_step_says_what_happens_and_by_when(cat) -> None:
    assert next_step(cat, "complaint", "received", "nl", due=date(2027, 1, 18)) == (
        "De organisatie behandelt uw klacht en antwoordt uiterlijk 18 januari 2027."
    )
    assert "by 18 January 2027" in next_step(cat, "complaint", "received", "en", due=date(2027, 1, 18))
    assert "until 1 March 2027" in next_step(cat, "complaint", "answered", "en", window=date(2027, 3, 1))
    assert format_date(None, "nl") == "—"


def test_mail_texts_are_bilingual_and_carry_no_personal_data(cat) -> None:
    link = "https://waarborg.example/status/TOKEN123"
    ack = acknowledgement(cat, "complaint", "K-2026-000042", "received", date(2027, 1, 18), link, "nl")
    assert ack.subject == "K-2026-000042: Klacht ontvangen / Complaint received"
    assert ack.body.index("Wij hebben uw klacht ontvangen") < ack.body.index(
        "We have received your complaint"
    )
    assert "uiterlijk 18 januari 2027" in ack.body and link in ack.body
    upd = status_update(
        cat, "complaint", "K-2026-000042", "answered", None, link, "en", window=date(2027, 3, 1)
    )
    assert upd.body.startswith("There is news in your case K-2026-000042: answered.")


def test_canary_statistics_and_mail_never_contain_complainant_data(cat) -> None:
    canary_name, canary_mail, canary_text = (
        "Zacharias Canarius",
        "canary-7f3a@example.org",
        "CANARY-TEXT-91c2",
    )
    # Functions that produce public or e-mailed output take no personal data at all; prove the outputs stay clean
    # even when every other field of a case is filled.
    out = tally([CaseFacts(1, 10, "complaint", TODAY, TODAY, TODAY, False)], [], TODAY)
    ack = acknowledgement(cat, "complaint", "K-2026-000001", "received", TODAY, "https://x/status/t", "nl")
    published = (
        json.dumps({k: {str(i): t.as_dict() for i, t in v.items()} for k, v in out.items()})
        + ack.body
        + ack.subject
    )
    for canary in (canary_name, canary_mail, canary_text):
        assert canary not in published


def test_outbox_retry_schedule(cat) -> None:
    now = datetime(2026, 12, 7, 12, 0)
    assert next_attempt(cat, 0, now) == now
    assert next_attempt(cat, 1, now) == now + timedelta(minutes=1)
    assert next_attempt(cat, 6, now) == now + timedelta(minutes=720)
    assert next_attempt(cat, 7, now) is None
