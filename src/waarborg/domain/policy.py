"""The one policy layer: who may do what, and who sees which fields. Every decision carries a reason.

Roles: anonymous (the public), editor and approver (staff of one organisation), supervisor (the
supervisory authority: reads everything published across organisations, incl. supervisor-only fields),
admin (manages organisations and users, sees everything).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("editor", "approver", "supervisor", "admin")
ORG_ROLES = frozenset({"editor", "approver"})


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    role: str = "anonymous"
    organisation_id: int | None = None
    email: str = ""

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def label(self) -> str:
        return self.email or ("anonymous" if self.is_anonymous else f"user {self.user_id}")


ANONYMOUS = Actor()


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def _yes(reason: str) -> Decision:
    return Decision(True, reason)


def _no(reason: str) -> Decision:
    return Decision(False, reason)


def audience(actor: Actor, organisation_id: int | None) -> str:
    """Most restrictive field level this actor may see on a record of ``organisation_id``."""
    if actor.role == "admin":
        return "internal"
    if actor.role in ORG_ROLES and organisation_id is not None and actor.organisation_id == organisation_id:
        return "internal"
    if actor.role == "supervisor":
        return "supervisor"
    return "public"


def decide(
    actor: Actor, action: str, organisation_id: int | None = None, *, published: bool = False
) -> Decision:
    """Decide ``action`` on a record owned by ``organisation_id``.

    Actions: ``entry.view``, ``entry.create``, ``entry.edit``, ``entry.transition``, ``org.manage``,
    ``user.manage``, ``auditlog.view``, ``supervise``, ``org.work`` (work on an organisation's records:
    assessments, measures, inbox).
    """
    role = actor.role
    own = organisation_id is not None and actor.organisation_id == organisation_id
    if action == "entry.view":
        if published:
            return _yes("published entries are public")
        if role == "admin":
            return _yes("admins see every entry")
        if role in ORG_ROLES and own:
            return _yes(f"{role} of the owning organisation")
        if role == "supervisor":
            return _no("supervisors see published entries only; this one is not published")
        return _no("not published, and you are not staff of the owning organisation")
    if action in ("entry.create", "entry.edit", "org.work"):
        if role == "admin":
            return _yes("admins may edit every organisation's records")
        if role in ORG_ROLES and own:
            return _yes(f"{role} of the owning organisation")
        if role in ORG_ROLES:
            return _no("you work for another organisation")
        return _no(f"role {role} cannot edit an organisation's records")
    if action == "entry.transition":
        if role == "admin" or (role in ORG_ROLES and own):
            return _yes("staff of the owning organisation; the workflow decides which step")
        return _no("only staff of the owning organisation move entries through the workflow")
    if action in ("org.manage", "user.manage"):
        return _yes("admin") if role == "admin" else _no("only admins manage organisations and users")
    if action == "auditlog.view":
        return (
            _yes(role)
            if role in ("admin", "supervisor")
            else _no("only admins and supervisors read the audit log")
        )
    if action == "supervise":
        return (
            _yes(role)
            if role in ("admin", "supervisor")
            else _no("only supervisors use the oversight workspace")
        )
    return _no(f"unknown action {action!r}")
