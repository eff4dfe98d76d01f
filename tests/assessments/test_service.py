"""Service layer on a real database: start, save, risks, workflow, FRIA notification, re-opening."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.conftest import World
from waarborg.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound, TransitionNotAllowed
from waarborg.services import assessment_risks as risks
from waarborg.services import assessment_views as views
from waarborg.services import assessment_workflow as flow
from waarborg.services import assessments as svc
from waarborg.services import auditlog, entries
from waarborg.services.unit import unit
from waarborg.storage.models import Notification
from waarborg.storage.models_assessments import AssessmentVersionRow

from .conftest import INTERNAL_CANARY, SUPERVISOR_CANARY
from .helpers import RISK, actor, complete_iama_answers, make_entry

TODAY = dt.date(2026, 12, 7)
REVIEW = dt.date(2027, 12, 1)


def start(world: World, entry_pk: int, instrument: str = "iama", who: str = "editor") -> int:
    with unit(world.db) as s:
        return svc.start(s, actor(world, who), entries.get(s, entry_pk), instrument).id


def fill(world: World, aid: int, answers: dict, who: str = "editor", **kw: object) -> None:
    with unit(world.db) as s:
        row = svc.find(s, aid)
        svc.save(s, actor(world, who), row, expected_version=None, answers=answers, review_date=REVIEW, **kw)


def act(world: World, aid: int, who: str, action: str, comment: str = "") -> str:
    with unit(world.db) as s:
        return flow.transition(s, actor(world, who), svc.find(s, aid), action, comment, TODAY).state


def approved_iama(world: World, entry_pk: int) -> int:
    aid = start(world, entry_pk)
    fill(
        world,
        aid,
        complete_iama_answers(),
        answer_visibility={"2A.4": "internal"},
        public_summary="Public summary of the welfare assessment",
    )
    act(world, aid, "editor", "submit")
    act(world, aid, "approver", "approve")
    return aid


def test_full_workflow_keeps_history_and_names_the_approver(world: World) -> None:
    aid = approved_iama(world, make_entry(world))
    with unit(world.db, write=False) as s:
        row = svc.find(s, aid)
        rev = svc.current(row)
        assert rev.state == "approved" and rev.approver_name == "approver@a.example" and rev.approved_at
        kinds = [(h.kind, h.action) for h in views.history(s, rev)]
        assert kinds == [
            ("save", "start"),
            ("save", "saved"),
            ("transition", "submit"),
            ("transition", "approve"),
        ]
        actions = [r.action for r in auditlog.history(s, "assessment", aid)]
        assert "assessment.approve" in actions and "assessment.started" in actions


def test_four_eyes_author_cannot_approve_even_as_approver(world: World) -> None:
    entry = make_entry(world)
    aid = start(world, entry, who="approver")
    fill(world, aid, complete_iama_answers(), who="approver")
    act(world, aid, "approver", "submit")
    with pytest.raises(NotAllowed, match="four-eyes"):
        act(world, aid, "approver", "approve")
    with pytest.raises(NotAllowed, match="needs one of the roles"):
        act(world, aid, "editor", "approve")


def test_incomplete_cannot_be_submitted_and_approved_cannot_be_edited(world: World) -> None:
    aid = start(world, make_entry(world))
    with pytest.raises(InvalidInput, match="required answers missing"):
        act(world, aid, "editor", "submit")
    fill(world, aid, complete_iama_answers())
    act(world, aid, "editor", "submit")
    with pytest.raises(TransitionNotAllowed, match="only a draft can be edited"):
        fill(world, aid, {"1.1": "late change"})


def test_save_validates_every_answer_and_keeps_nothing_on_error(world: World) -> None:
    aid = start(world, make_entry(world))
    with pytest.raises(InvalidInput) as exc:
        fill(world, aid, {"1.1": "ok", "4.1": "perhaps", "9.9": "x"}, answer_visibility={"1.1": "secret"})
    assert exc.value.errors == [
        "answers.4.1: expects yes or no, got 'perhaps'",
        "answers.9.9: unknown question '9.9' in iama@2021.2",
        "answer_visibility.1.1: 'secret' is not one of public, supervisor, internal",
    ]
    with unit(world.db, write=False) as s:
        assert svc.current(svc.find(s, aid)).answers == {}


def test_optimistic_locking(world: World) -> None:
    aid = start(world, make_entry(world))
    with unit(world.db) as s, pytest.raises(Conflict, match="you edited version 7"):
        svc.save(s, actor(world, "editor"), svc.find(s, aid), expected_version=7, answers={"1.1": "x"})


def test_other_organisation_cannot_touch_and_duplicate_start_conflicts(world: World) -> None:
    entry = make_entry(world)
    aid = start(world, entry)
    with pytest.raises(Conflict, match="already has a IAMA"):
        start(world, entry)
    with pytest.raises(NotAllowed):
        fill(world, aid, {"1.1": "x"}, who="editor_b")
    with unit(world.db, write=False) as s, pytest.raises(NotFound):
        svc.for_update(s, actor(world, "editor_b"), aid)


def test_prefill_from_iama_when_starting_fria(world: World) -> None:
    entry = make_entry(world)
    approved_iama(world, entry)
    fria = start(world, entry, "fria")
    with unit(world.db, write=False) as s:
        rev = svc.current(svc.find(s, fria))
        assert rev.prefilled["a.processes"] == "iama:3.1"
        assert rev.answers["e.oversight"] == complete_iama_answers()["3.2"]


def test_fria_approval_notifies_the_supervisor(world: World) -> None:
    entry = make_entry(world)
    approved_iama(world, entry)
    fria = start(world, entry, "fria")
    answers = {
        "a.processes": "Selection",
        "a.intended_purpose": True,
        "b.period": "2027",
        "b.first_use": "2027-01-01",
        "b.frequency": "daily",
        "c.categories": [{"category": "Applicants"}],
        "d.risks": [{"right": "Equality", "category": "Applicants", "description": "Bias"}],
        "e.oversight": "Case worker",
        "f.measures": "Stop",
        "f.governance": "Board",
        "f.complaints": "Desk",
        "g.dpia": False,
        "n.exempt": False,
    }
    fill(world, fria, answers)
    act(world, fria, "editor", "submit")
    act(world, fria, "approver", "approve")
    with unit(world.db, write=False) as s:
        [note] = s.scalars(select(Notification).where(Notification.kind == "fria")).all()
        assert note.article == "Art. 27(3)" and note.object_id == str(fria) and note.entry_id == entry


def test_risk_register_and_mitigation_progress_after_approval(world: World) -> None:
    aid = start(world, make_entry(world))
    with unit(world.db) as s:
        risk = risks.put_risk(s, actor(world, "editor"), svc.find(s, aid), RISK)
        assert risk["id"] == "r1" and risk["mitigations"][0]["id"] == "m1"
        with pytest.raises(InvalidInput, match="risk.factors.scale: 'huge'"):
            risks.put_risk(
                s,
                actor(world, "editor"),
                svc.find(s, aid),
                {**RISK, "factors": {**RISK["factors"], "scale": "huge"}},
            )
    fill(world, aid, complete_iama_answers())
    act(world, aid, "editor", "submit")
    act(world, aid, "approver", "approve")
    with unit(world.db, write=False) as s:
        items = views.dashboard(s, actor(world, "editor"), TODAY)
        assert [(i.kind, i.days_overdue) for i in items] == [("mitigation", 36)]
        assert views.dashboard(s, actor(world, "editor_b"), TODAY) == []
        assert len(views.dashboard(s, actor(world, "supervisor"), TODAY)) == 1
    with unit(world.db) as s:
        risks.update_mitigation(s, actor(world, "editor"), svc.find(s, aid), "r1", "m1", "done")
        with pytest.raises(TransitionNotAllowed):
            risks.put_risk(s, actor(world, "editor"), svc.find(s, aid), RISK)
    with unit(world.db, write=False) as s:
        assert views.dashboard(s, actor(world, "editor"), TODAY) == []


def test_substantial_modification_reopens_and_keeps_every_revision(world: World) -> None:
    entry = make_entry(world)
    aid = approved_iama(world, entry)
    with unit(world.db) as s:
        entries.add_event(
            s, actor(world, "editor"), entries.get(s, entry), "substantial_modification", TODAY, "new model"
        )
    with unit(world.db, write=False) as s:
        row = svc.find(s, aid)
        assert [(r.revision, r.state) for r in row.revisions] == [(1, "superseded"), (2, "draft")]
        new = svc.current(row)
        assert (
            new.reopen_reason.startswith("substantial-modification")
            and new.answers == row.revisions[0].answers
        )
        assert (
            s.scalar(select(AssessmentVersionRow.action).where(AssessmentVersionRow.revision_id == new.id))
            == "reopened"
        )
        [status] = views.public_status(s, actor(world, "editor"), entries.get(s, entry))
        assert not status.done and status.approved_revision == 1 and status.current_state == "draft"


def test_changed_classification_reopens(world: World) -> None:
    from waarborg.services import events

    entry = make_entry(world)
    aid = approved_iama(world, entry)
    with unit(world.db) as s:
        same = {"risk_class": "high-risk"}
        events.publish(
            s,
            actor(world, "editor"),
            "entry.classified",
            {"entry_id": entry, "classification": same, "previous": same},
        )
        assert svc.current(svc.find(s, aid)).state == "approved"
        events.publish(
            s,
            actor(world, "editor"),
            "entry.classified",
            {"entry_id": entry, "classification": {"risk_class": "minimal"}, "previous": same},
        )
        assert svc.current(svc.find(s, aid)).reopen_reason == "classification-changed: high-risk -> minimal"


def test_views_per_audience_and_unpublished_entries(world: World) -> None:
    entry = make_entry(world)
    aid = start(world, entry)
    fill(
        world,
        aid,
        {**complete_iama_answers(), "2B.3": SUPERVISOR_CANARY, "2A.4": INTERNAL_CANARY},
        answer_visibility={"2A.4": "internal"},
    )
    with unit(world.db, write=False) as s, pytest.raises(NotFound):  # drafts are for staff only
        views.get_readable(s, actor(world, "supervisor"), aid)
    act(world, aid, "editor", "submit")
    act(world, aid, "approver", "approve")
    with unit(world.db, write=False) as s:
        from waarborg.domain.policy import ANONYMOUS

        with pytest.raises(NotFound):  # the entry is not published
            views.get_readable(s, ANONYMOUS, aid)
        row, rev = views.get_readable(s, actor(world, "supervisor"), aid)
        text = str(views.view(s, actor(world, "supervisor"), row, rev))
        assert SUPERVISOR_CANARY in text and INTERNAL_CANARY not in text
        staff_public = str(views.view(s, actor(world, "editor"), row, rev, variant="public"))
        assert SUPERVISOR_CANARY not in staff_public and INTERNAL_CANARY not in staff_public
        body, media, name = views.export(
            s, actor(world, "supervisor"), row, rev, "md", "en", variant="internal"
        )
        assert (
            SUPERVISOR_CANARY.encode() in body
            and INTERNAL_CANARY.encode() not in body
            and name.endswith("-supervisor.md")
        )


def test_requirements_from_classification_and_organisation(world: World) -> None:
    with unit(world.db, write=False) as s:
        entry = entries.get(s, make_entry(world))
        assert {r.instrument: r.level for r in views.requirements(entry)} == {
            "fria": "required",
            "iama": "recommended",
            "huderia": "recommended",
        }
        bank_entry = entries.get(s, make_entry(world, "editor_b"))
        assert "fria" in {r.instrument for r in views.requirements(bank_entry)}
        assert views.organisation_kind(bank_entry) == "private"
