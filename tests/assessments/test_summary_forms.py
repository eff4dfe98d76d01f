"""Entry status summary, FRIA notification content, and form round trips."""

from __future__ import annotations

import datetime as dt

from waarborg.domain.assessments import instrument, validate_answers
from waarborg.domain.assessments.forms import answers_from_form, form_rows, form_value
from waarborg.domain.assessments.summary import entry_status, fria_notification

from .conftest import PUBLIC_CANARY, make_assessment


def test_entry_status_reports_last_approval_while_reassessing() -> None:
    old = make_assessment(state="superseded", revision=1)
    new = make_assessment(
        id="a2",
        state="draft",
        revision=2,
        approver=None,
        approved_at=None,
        reopen_reason="substantial-modification",
        public_summary="",
    )
    [status] = entry_status([new, old])
    assert not status.done and status.approved_revision == 1 and status.approved_at == "2026-12-01"
    assert status.current_state == "draft" and status.reopen_reason == "substantial-modification"
    assert PUBLIC_CANARY in status.public_summary
    [done] = entry_status([make_assessment()])
    assert done.done and done.to_dict()["review_date"] == "2027-12-01"


def test_entry_status_never_approved() -> None:
    [status] = entry_status([make_assessment(state="in_review", approver=None, approved_at=None)])
    assert not status.done and status.approved_at is None and status.public_summary == ""


def test_fria_notification_unless_exempt() -> None:
    fria = instrument("fria")
    note = fria_notification(make_assessment(instrument="fria", answers={"n.exempt": False}), fria)
    assert note is not None and note.article == "Art. 27(3)" and note.kind == "fria"
    assert "Welfare fraud risk model" in note.title and "Bram Beoordelaar" in note.body
    assert fria_notification(make_assessment(instrument="fria", answers={"n.exempt": True}), fria) is None
    assert fria_notification(make_assessment(), instrument("iama")) is None


def test_form_round_trip_keeps_typed_values() -> None:
    iama = instrument("iama")
    items = [
        ("a:1.1", "Reason"),
        ("a:4.1", "yes"),
        ("v:1.1", "internal"),
        ("a:4.rights:0:right", "Privacy"),
        ("a:4.rights:0:scale", "grave"),
        ("a:4.rights:1:right", ""),
        ("a:9.9", "ghost"),
        ("csrf", "x"),
        ("sv:2A", "public"),
        ("v:1.2", ""),
    ]
    form = answers_from_form(iama, items)
    answers, vis = form.answers, form.answer_visibility
    assert form.section_visibility == {"2A": "public"}
    assert answers == {
        "1.1": "Reason",
        "4.1": "yes",
        "4.rights": [{"right": "Privacy", "scale": "grave"}],
        "9.9": "ghost",
    }
    assert vis == {"1.1": "internal"}
    clean = validate_answers(iama, {k: answers[k] for k in ("1.1", "4.1")})
    assert clean["4.1"] is True
    assert len(form_rows(answers["4.rights"])) == 3 and form_rows("junk") == [{}, {}]
    assert [form_value(v) for v in (True, False, None, "x", dt.date(2027, 1, 1))] == [
        "yes",
        "no",
        "",
        "x",
        "2027-01-01",
    ]
