"""Validating what an affected person submits, the honeypot, rate limits, status-link tokens and case numbers.

No account is needed to file: the status link (an unguessable token) is the only key to the case, so only
its SHA-256 digest is stored. Network addresses are kept only as a keyed hash for rate limiting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from waarborg.domain.cases.catalogue import CaseCatalogue, RateLimitRule
from waarborg.domain.errors import InvalidInput, TooManyRequests

CITIZEN_TYPES = ("complaint", "explanation-request")
SUBJECTS = ("system", "decision")
LANGS = ("nl", "en")
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


@dataclass(frozen=True)
class Submission:
    case_type: str
    subject: str  # the system itself, or a decision made with it
    description: str
    language: str
    name: str | None = None
    email: str | None = None
    decision_reference: str | None = None
    decision_date: date | None = None


def _text(
    form: Mapping[str, str], key: str, limit: int, errors: list[str], *, multiline: bool = False
) -> str:
    value = str(form.get(key) or "").strip()
    if multiline:
        value = value.replace("\r\n", "\n")
    if _CONTROL.search(value) or (not multiline and "\n" in value):
        errors.append(f"{key}: contains a control character")
    if len(value) > limit:
        errors.append(f"{key}: {len(value)} characters, at most {limit} allowed")
    return value


def _decision_date(raw: str, today: date, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        errors.append(f"decision_date: {raw[:20]!r} is not a date (YYYY-MM-DD)")
        return None
    if value > today:
        errors.append(f"decision_date: {value.isoformat()} lies in the future")
    return value


def validate_submission(catalogue: CaseCatalogue, form: Mapping[str, str], today: date) -> Submission:
    """Check a complaint or explanation request; raise InvalidInput listing every bad field and value."""
    lim = catalogue.limits
    if str(form.get(lim.honeypot_field) or "").strip():
        raise InvalidInput.at(lim.honeypot_field, "this field must stay empty")
    errors: list[str] = []
    case_type = str(form.get("case_type") or "")
    if case_type not in CITIZEN_TYPES:
        errors.append(f"case_type: {case_type[:40]!r} is not one of {', '.join(CITIZEN_TYPES)}")
    subject = str(form.get("subject") or "system")
    if subject not in SUBJECTS:
        errors.append(f"subject: {subject[:40]!r} is not one of {', '.join(SUBJECTS)}")
    language = str(form.get("language") or "nl")
    if language not in LANGS:
        errors.append(f"language: {language[:10]!r} is not one of nl, en")
    description = _text(form, "description", lim.description_max_chars, errors, multiline=True)
    if len(description) < lim.description_min_chars:
        errors.append(
            f"description: {len(description)} characters, at least {lim.description_min_chars} needed"
        )
    name = _text(form, "name", lim.name_max_chars, errors)
    email = _text(form, "email", 254, errors)
    if email and not _EMAIL.match(email):
        errors.append(f"email: {email[:80]!r} is not an e-mail address")
    reference = _text(form, "decision_reference", lim.reference_max_chars, errors)
    decided = _decision_date(str(form.get("decision_date") or "").strip(), today, errors)
    if case_type == "explanation-request" and not (reference or decided):
        errors.append("decision_reference: an explanation request names the decision (reference or date)")
    if errors:
        raise InvalidInput(f"{len(errors)} field(s) need attention: " + "; ".join(errors), errors)
    return Submission(
        case_type, subject, description, language, name or None, email or None, reference or None, decided
    )


# --- rate limits --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after_seconds: int
    reason: str


def rate_decision(rule: RateLimitRule, recent: Sequence[datetime], now: datetime, what: str) -> RateDecision:
    """Sliding window: at most ``rule.max`` submissions within ``rule.window_minutes`` before ``now``."""
    window = timedelta(minutes=rule.window_minutes)
    inside = sorted(t for t in recent if now - window < t <= now)
    if len(inside) < rule.max:
        return RateDecision(
            True, 0, f"{len(inside)} of {rule.max} submissions per {rule.window_minutes} min for this {what}"
        )
    free_at = inside[len(inside) - rule.max] + window
    wait = max(1, int((free_at - now).total_seconds()) + 1)
    return RateDecision(
        False, wait, f"at most {rule.max} submissions per {rule.window_minutes} min for this {what}"
    )


def enforce_rate(rule: RateLimitRule, recent: Sequence[datetime], now: datetime, what: str) -> None:
    decision = rate_decision(rule, recent, now, what)
    if not decision.allowed:
        err = TooManyRequests(
            f"Too many submissions: {decision.reason}; try again in {decision.retry_after_seconds} s"
        )
        err.errors.append(f"retry_after: {decision.retry_after_seconds}")
        raise err


def address_key(address: str, secret: str) -> str:
    """Keyed hash of a network address: enough to count submissions, useless to identify anyone."""
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


# --- status links and case numbers --------------------------------------------------------------


def new_status_token() -> str:
    """A status-link token with 256 bits of randomness (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def new_token_salt() -> str:
    return secrets.token_urlsafe(16)


def derive_status_token(secret: str, salt: str) -> str:
    """The status-link token of a case, derived from the server secret and the case's random salt: the
    database alone (digest and salt) does not reveal it, and e-mails can repeat the link later."""
    raw = hmac.new(secret.encode(), f"status-link:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, digest: str) -> bool:
    if not _TOKEN.match(token or ""):
        return False
    return hmac.compare_digest(token_digest(token), digest)


def well_formed_token(token: str) -> bool:
    return bool(_TOKEN.match(token or ""))


def case_number(prefix: str, year: int, sequence: int) -> str:
    """Human-readable case number, e.g. ``K-2026-000042``; not a secret and not a key to the case."""
    return f"{prefix}-{year}-{sequence:06d}"
