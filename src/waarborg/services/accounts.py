"""Organisations, users, passwords (argon2) and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain.errors import Conflict, InvalidInput, NotAllowed, NotAuthenticated, NotFound
from waarborg.domain.policy import ROLES, Actor, decide
from waarborg.services import auditlog
from waarborg.storage.models import ApiToken, Organisation, User

_hasher = PasswordHasher()


def use_fast_password_hashing() -> None:
    """Cheaper argon2 parameters, for test suites only (hashes stay valid argon2id)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}$")
ORG_KINDS = ("municipality", "agency", "police", "bank", "hospital", "company", "supervisor", "other")
MIN_PASSWORD = 10


def actor_for(user: User) -> Actor:
    return Actor(user_id=user.id, role=user.role, organisation_id=user.organisation_id, email=user.email)


def _require(decision_actor: Actor, action: str) -> None:
    d = decide(decision_actor, action)
    if not d:
        raise NotAllowed(d.reason)


def create_organisation(
    session: Session, actor: Actor, *, slug: str, name: str, kind: str = "other", public_body: bool = True
) -> Organisation:
    _require(actor, "org.manage")
    errors = []
    if not _SLUG.match(slug or ""):
        errors.append(f"slug: {slug!r} must be 2-59 lowercase letters, digits or dashes")
    if not name or len(name) > 200:
        errors.append(f"name: {name!r:.40} must be 1-200 characters")
    if kind not in ORG_KINDS:
        errors.append(f"kind: {kind!r} is not one of {', '.join(ORG_KINDS)}")
    if errors:
        raise InvalidInput(errors[0], errors)
    if session.scalar(select(Organisation).where(Organisation.slug == slug)):
        raise Conflict(f"slug: an organisation {slug!r} exists already", [f"slug: {slug!r} is taken"])
    org = Organisation(slug=slug, name=name, kind=kind, public_body=public_body)
    session.add(org)
    session.flush()
    auditlog.record(
        session, actor, "organisation.created", "organisation", org.id, {"slug": slug, "name": name}
    )
    return org


def organisation_by_slug(session: Session, slug: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise NotFound(f"organisation {slug!r} not found", [f"org: no organisation with slug {slug!r}"])
    return org


def list_organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def create_user(
    session: Session,
    actor: Actor,
    *,
    email: str,
    password: str,
    role: str,
    org_slug: str | None = None,
    name: str = "",
) -> User:
    _require(actor, "user.manage")
    email = (email or "").strip().lower()
    errors = []
    if not _EMAIL.match(email):
        errors.append(f"email: {email!r} is not an e-mail address")
    if role not in ROLES:
        errors.append(f"role: {role!r} is not one of {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        errors.append(f"password: at least {MIN_PASSWORD} characters needed")
    if role in ("editor", "approver") and not org_slug:
        errors.append(f"org: a {role} belongs to an organisation; give --org")
    if errors:
        raise InvalidInput(errors[0], errors)
    org = organisation_by_slug(session, org_slug) if org_slug else None
    if session.scalar(select(User).where(User.email == email)):
        raise Conflict(f"email: a user {email!r} exists already", [f"email: {email!r} is taken"])
    user = User(
        email=email,
        name=name,
        password_hash=_hasher.hash(password),
        role=role,
        organisation_id=org.id if org else None,
    )
    session.add(user)
    session.flush()
    auditlog.record(
        session,
        actor,
        "user.created",
        "user",
        user.id,
        {"email": email, "role": role, "organisation": org_slug},
    )
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    try:
        if user is None or not user.active:
            raise VerifyMismatchError
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        raise NotAuthenticated(
            "wrong e-mail address or password", ["password: wrong e-mail address or password"]
        ) from None
    return user


def get_user(session: Session, user_id: int) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def list_users(session: Session, actor: Actor) -> list[User]:
    _require(actor, "user.manage")
    return list(session.scalars(select(User).order_by(User.email)))


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str) -> str:
    """Return a new API token; only its hash is stored."""
    if not name or len(name) > 100:
        raise InvalidInput.at("name", f"{name!r:.40} must be 1-100 characters")
    token = "wb_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=_token_digest(token)))
    session.flush()
    auditlog.record(session, actor_for(user), "token.created", "user", user.id, {"name": name})
    return token


def user_for_token(session: Session, token: str) -> User:
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _token_digest(token), ~ApiToken.revoked)
    )
    user = get_user(session, row.user_id) if row else None
    if user is None:
        raise NotAuthenticated("invalid or revoked API token")
    return user
