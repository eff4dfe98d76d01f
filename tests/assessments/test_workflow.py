"""Workflow transitions: the allowed path and every forbidden one."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waarborg.domain.assessments import (
    TRANSITIONS,
    Actor,
    TransitionContext,
    allowed_actions,
    check_transition,
    completeness,
    instrument,
)
from waarborg.domain.assessments.workflow import STATES, ensure_editable
from waarborg.domain.errors import InvalidInput, NotAllowed, TransitionNotAllowed

from .conftest import TODAY, welfare_answers

AUTHOR = Actor("u1", "Anna Auteur", frozenset({"editor"}))
APPROVER = Actor("u2", "Bram Beoordelaar", frozenset({"approver"}))
APPROVER_AUTHOR = Actor("u1", "Anna Auteur", frozenset({"editor", "approver"}))
SYSTEM = Actor("system", "Waarborg", frozenset({"system"}))
READER = Actor("u9", "Rita Reader", frozenset({"viewer"}))
DONE = completeness(instrument("iama"), welfare_answers())
REVIEW = dt.date(2027, 12, 1)


def ctx(state: str, **kw: object) -> TransitionContext:
    base: dict[str, object] = {
        "state": state,
        "author_id": "u1",
        "completeness": DONE,
        "review_date": REVIEW,
        "today": TODAY,
    }
    base.update(kw)
    return TransitionContext(**base)  # type: ignore[arg-type]


def test_happy_path_draft_to_superseded() -> None:
    assert check_transition("submit", AUTHOR, ctx("draft")).target == "in_review"
    assert check_transition("approve", APPROVER, ctx("in_review")).target == "approved"
    assert (
        check_transition("reopen", SYSTEM, ctx("approved", comment="substantial modification")).target
        == "superseded"
    )


def test_states_are_exactly_the_four_of_the_issue() -> None:
    assert STATES == ("draft", "in_review", "approved", "superseded")
    assert {t.source for t in TRANSITIONS} | {t.target for t in TRANSITIONS} == set(STATES)


@pytest.mark.parametrize(
    ("action", "actor", "context", "error", "text"),
    [
        (
            "approve",
            APPROVER,
            ctx("draft"),
            TransitionNotAllowed,
            "'approve' is not possible from state 'draft'",
        ),
        ("submit", AUTHOR, ctx("approved"), TransitionNotAllowed, "possible: reopen"),
        ("reopen", AUTHOR, ctx("superseded", comment="x"), TransitionNotAllowed, "possible: none"),
        ("approve", AUTHOR, ctx("in_review"), NotAllowed, "needs one of the roles ['approver']"),
        ("approve", APPROVER_AUTHOR, ctx("in_review"), NotAllowed, "four-eyes rule"),
        ("approve", APPROVER, ctx("in_review", contributors=frozenset({"u2"})), NotAllowed, "four-eyes rule"),
        ("submit", READER, ctx("draft"), NotAllowed, "needs one of the roles"),
        (
            "submit",
            AUTHOR,
            ctx("draft", completeness=completeness(instrument("iama"), {})),
            InvalidInput,
            "required answers missing: 1.1",
        ),
        (
            "approve",
            APPROVER,
            ctx("in_review", review_date=None),
            InvalidInput,
            "approval needs a review date",
        ),
        (
            "approve",
            APPROVER,
            ctx("in_review", review_date=TODAY),
            InvalidInput,
            "must lie after today (2026-12-07), got 2026-12-07",
        ),
        ("return", APPROVER, ctx("in_review"), InvalidInput, "needs a comment"),
        ("reopen", SYSTEM, ctx("approved"), InvalidInput, "needs a comment"),
        ("withdraw", APPROVER, ctx("in_review"), NotAllowed, "needs one of the roles"),
    ],
)
def test_forbidden_transitions(
    action: str, actor: Actor, context: TransitionContext, error: type[Exception], text: str
) -> None:
    with pytest.raises(error) as exc:
        check_transition(action, actor, context)
    assert text in str(exc.value)


def test_allowed_actions_respects_roles_and_four_eyes() -> None:
    assert allowed_actions(AUTHOR, ctx("draft")) == ["submit"]
    assert allowed_actions(APPROVER, ctx("in_review")) == ["return", "approve"]
    assert allowed_actions(APPROVER_AUTHOR, ctx("in_review")) == ["withdraw", "return"]
    assert allowed_actions(READER, ctx("draft")) == []
    assert allowed_actions(AUTHOR, ctx("superseded")) == []


def test_only_drafts_are_editable() -> None:
    ensure_editable("draft")
    for state in ("in_review", "approved", "superseded"):
        with pytest.raises(TransitionNotAllowed, match=f"this revision is '{state}'"):
            ensure_editable(state)


ACTORS = [AUTHOR, APPROVER, APPROVER_AUTHOR, SYSTEM, READER, Actor("u3", "Admin", frozenset({"admin"}))]


@given(
    st.lists(
        st.tuples(st.sampled_from([t.action for t in TRANSITIONS]), st.integers(0, len(ACTORS) - 1)),
        max_size=12,
    )
)
def test_no_sequence_of_attempts_lets_an_author_approve(steps: list[tuple[str, int]]) -> None:
    """Whatever is tried in whatever order, every approval is by an approver who did not write the revision."""
    state = "draft"
    for action, who in steps:
        actor = ACTORS[who]
        try:
            step = check_transition(action, actor, ctx(state, comment="reason"))
        except (InvalidInput, NotAllowed, TransitionNotAllowed):
            continue
        if step.action == "approve":
            assert "approver" in actor.roles and actor.id != "u1"
        state = "draft" if step.target == "superseded" else step.target  # reopen starts a new draft revision
