"""The assessment workflow as data: states, transitions, who may take them, and the four-eyes rule.

    draft --submit--> in_review --approve--> approved --reopen--> superseded (+ a new draft revision)
      ^                   |
      +--return/withdraw--+

Every revision is kept; re-opening never edits an approved revision, it supersedes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from waarborg.domain.errors import InvalidInput, NotAllowed, TransitionNotAllowed

from .answers import Completeness
from .model import Text

State = Literal["draft", "in_review", "approved", "superseded"]
STATES: tuple[State, ...] = ("draft", "in_review", "approved", "superseded")
STATE_LABELS: dict[str, Text] = {
    "draft": Text(nl="Concept", en="Draft"),
    "in_review": Text(nl="Ter beoordeling", en="In review"),
    "approved": Text(nl="Goedgekeurd", en="Approved"),
    "superseded": Text(nl="Vervangen", en="Superseded"),
}
# Roles known to the workflow. ``system`` is the automatic hook (substantial modification, reclassification).
ROLES = ("editor", "approver", "admin", "system")
REOPEN_REASONS = ("substantial-modification", "classification-changed", "review-due", "manual")


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    roles: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Transition:
    action: str
    source: State
    target: State
    roles: frozenset[str]
    label: Text
    four_eyes: bool = False  # the actor may not have authored or edited the revision
    needs_complete: bool = False  # all required answers present
    needs_review_date: bool = False  # a review date after today
    needs_comment: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit",
        "draft",
        "in_review",
        frozenset({"editor", "approver", "admin"}),
        Text(nl="Ter beoordeling aanbieden", en="Submit for review"),
        needs_complete=True,
    ),
    Transition(
        "withdraw",
        "in_review",
        "draft",
        frozenset({"editor", "admin"}),
        Text(nl="Terugtrekken", en="Withdraw"),
    ),
    Transition(
        "return",
        "in_review",
        "draft",
        frozenset({"approver", "admin"}),
        Text(nl="Terugsturen met opmerkingen", en="Return with comments"),
        needs_comment=True,
    ),
    Transition(
        "approve",
        "in_review",
        "approved",
        frozenset({"approver"}),
        Text(nl="Goedkeuren en ondertekenen", en="Approve and sign off"),
        four_eyes=True,
        needs_complete=True,
        needs_review_date=True,
    ),
    Transition(
        "reopen",
        "approved",
        "superseded",
        frozenset({"editor", "approver", "admin", "system"}),
        Text(nl="Heropenen (nieuwe revisie)", en="Re-open (new revision)"),
        needs_comment=True,
    ),
)


def transitions_from(state: str) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.source == state)


def find_transition(state: str, action: str) -> Transition:
    for t in transitions_from(state):
        if t.action == action:
            return t
    possible = ", ".join(t.action for t in transitions_from(state)) or "none"
    raise TransitionNotAllowed(
        f"action {action!r} is not possible from state {state!r} (possible: {possible})",
        [f"action: {action!r} is not possible from state {state!r}"],
    )


@dataclass(frozen=True)
class TransitionContext:
    state: str
    author_id: str
    contributors: frozenset[str] = frozenset()
    completeness: Completeness | None = None
    review_date: dt.date | None = None
    today: dt.date | None = None
    comment: str = ""


def check_transition(action: str, actor: Actor, ctx: TransitionContext) -> Transition:
    """Return the transition if ``actor`` may take ``action`` now; raise the reason otherwise."""
    t = find_transition(ctx.state, action)
    if not actor.roles & t.roles:
        raise NotAllowed(
            f"{action!r} needs one of the roles {sorted(t.roles)}; {actor.name} has {sorted(actor.roles)}"
        )
    if t.four_eyes and (actor.id == ctx.author_id or actor.id in ctx.contributors):
        raise NotAllowed(f"four-eyes rule: {actor.name} wrote or edited this revision and cannot {action} it")
    if t.needs_complete and ctx.completeness is not None and not ctx.completeness.complete:
        missing = ", ".join(ctx.completeness.missing)
        raise InvalidInput(
            f"required answers missing: {missing}",
            [f"answers.{q}: is required" for q in ctx.completeness.missing],
        )
    if t.needs_review_date:
        _check_review_date(ctx)
    if t.needs_comment and not ctx.comment.strip():
        raise InvalidInput.at("comment", f"{action!r} needs a comment giving the reason, got {ctx.comment!r}")
    return t


def _check_review_date(ctx: TransitionContext) -> None:
    if ctx.review_date is None:
        raise InvalidInput.at("review_date", "approval needs a review date, got none")
    if ctx.today is not None and ctx.review_date <= ctx.today:
        raise InvalidInput.at(
            "review_date",
            f"must lie after today ({ctx.today.isoformat()}), got {ctx.review_date.isoformat()}",
        )


def allowed_actions(actor: Actor, ctx: TransitionContext) -> list[str]:
    """Actions the actor could take now (role and four-eyes only; data checks happen on the attempt)."""
    out = []
    for t in transitions_from(ctx.state):
        if not actor.roles & t.roles:
            continue
        if t.four_eyes and (actor.id == ctx.author_id or actor.id in ctx.contributors):
            continue
        out.append(t.action)
    return out


def reopen_category(reason: str) -> str:
    """The public part of a re-open reason: its category (free-text comments stay internal)."""
    if not reason:
        return ""
    head = reason.split(":", 1)[0].strip()
    return head if head in REOPEN_REASONS else "manual"


def ensure_editable(state: str) -> None:
    if state != "draft":
        raise TransitionNotAllowed(
            f"only a draft can be edited; this revision is {state!r}",
            [f"state: only a draft can be edited, got {state!r}"],
        )
