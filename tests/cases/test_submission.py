"""What an affected person submits: validation naming field and value, honeypot, rate limits, tokens."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from waarborg.domain.cases.catalogue import RateLimitRule
from waarborg.domain.cases.submission import (
    address_key,
    case_number,
    enforce_rate,
    new_status_token,
    rate_decision,
    token_digest,
    token_matches,
    validate_submission,
    well_formed_token,
)
from waarborg.domain.errors import InvalidInput, TooManyRequests

TODAY = date(2026, 12, 7)
GOOD = {
    "case_type": "complaint",
    "description": "Mijn aanvraag is afgewezen door het algoritme.",
    "language": "nl",
}


def test_minimal_anonymous_complaint_is_accepted(cat) -> None:
    s = validate_submission(cat, GOOD, TODAY)
    assert s.case_type == "complaint" and s.subject == "system" and s.name is None and s.email is None


def test_full_explanation_request(cat) -> None:
    form = {
        **GOOD,
        "case_type": "explanation-request",
        "subject": "decision",
        "name": "Anna de Vries",
        "email": "anna@example.nl",
        "decision_reference": "BESL-2026-118",
        "decision_date": "2026-11-30",
        "language": "en",
        "website": "",
    }
    s = validate_submission(cat, form, TODAY)
    assert (s.email, s.decision_date, s.language) == ("anna@example.nl", date(2026, 11, 30), "en")


def test_honeypot_filled_is_refused(cat) -> None:
    with pytest.raises(InvalidInput, match="website: this field must stay empty"):
        validate_submission(cat, {**GOOD, "website": "http://spam.example"}, TODAY)


def test_every_bad_field_is_named_with_its_value(cat) -> None:
    form = {
        "case_type": "praise",
        "subject": "weather",
        "language": "fr",
        "description": "short",
        "email": "not-an-address",
        "decision_date": "2027-02-30",
        "name": "x" * 201,
    }
    with pytest.raises(InvalidInput) as err:
        validate_submission(cat, form, TODAY)
    text = "\n".join(err.value.errors)
    for expected in (
        "case_type: 'praise'",
        "subject: 'weather'",
        "language: 'fr'",
        "description: 5 characters",
        "email: 'not-an-address'",
        "decision_date: '2027-02-30'",
        "name: 201 characters",
    ):
        assert expected in text


def test_explanation_request_names_the_decision_and_dates_are_not_in_the_future(cat) -> None:
    with pytest.raises(InvalidInput, match="decision_reference: an explanation request names the decision"):
        validate_submission(cat, {**GOOD, "case_type": "explanation-request"}, TODAY)
    with pytest.raises(InvalidInput, match="decision_date: 2026-12-08 lies in the future"):
        validate_submission(cat, {**GOOD, "decision_date": "2026-12-08"}, TODAY)


def test_size_limit_and_control_characters(cat) -> None:
    with pytest.raises(InvalidInput, match="description: 5001 characters, at most 5000"):
        validate_submission(cat, {**GOOD, "description": "a" * 5001}, TODAY)
    with pytest.raises(InvalidInput, match="name: contains a control character"):
        validate_submission(cat, {**GOOD, "name": "Anna\nBcc: x@example.org"}, TODAY)
    ok = validate_submission(cat, {**GOOD, "description": "Regel een\r\nRegel twee van mijn klacht"}, TODAY)
    assert ok.description == "Regel een\nRegel twee van mijn klacht"


def test_rate_limit_sliding_window() -> None:
    rule = RateLimitRule(max=3, window_minutes=60)
    now = datetime(2026, 12, 7, 12, 0)
    recent = [now - timedelta(minutes=m) for m in (50, 30, 10)]
    denied = rate_decision(rule, recent, now, "address")
    assert not denied.allowed and denied.retry_after_seconds == 10 * 60 + 1
    assert rate_decision(rule, recent, now + timedelta(minutes=11), "address").allowed
    assert rate_decision(rule, recent[:2], now, "address").allowed
    assert rate_decision(rule, [now - timedelta(minutes=61)] * 10, now, "entry").allowed
    with pytest.raises(TooManyRequests, match="at most 3 submissions per 60 min for this entry") as err:
        enforce_rate(rule, recent, now, "entry")
    assert err.value.status == 429 and "retry_after: 601" in err.value.errors


def test_address_key_is_keyed_and_not_the_address() -> None:
    k = address_key("192.0.2.10", "secret-a")
    assert k != address_key("192.0.2.10", "secret-b") and k == address_key("192.0.2.10", "secret-a")
    assert "192.0.2.10" not in k and len(k) == 32


def test_tokens_are_unguessable_and_only_their_digest_matches() -> None:
    tokens = {new_status_token() for _ in range(200)}
    assert len(tokens) == 200 and all(len(t) >= 43 and well_formed_token(t) for t in tokens)
    t = tokens.pop()
    digest = token_digest(t)
    assert t not in digest and token_matches(t, digest)
    assert not token_matches(t[:-1] + ("A" if t[-1] != "A" else "B"), digest)
    assert not token_matches("", digest) and not token_matches("../../etc/passwd", digest)


@given(st.text(max_size=60))
def test_token_matching_never_crashes_on_hostile_input(text: str) -> None:
    assert token_matches(text, token_digest("x" * 43)) is (text == "x" * 43)


def test_case_number_format() -> None:
    assert case_number("K", 2026, 42) == "K-2026-000042"


def test_derived_status_token_needs_the_secret_and_is_stable() -> None:
    from waarborg.domain.cases.submission import derive_status_token, new_token_salt

    salt = new_token_salt()
    t = derive_status_token("secret-a", salt)
    assert t == derive_status_token("secret-a", salt) and well_formed_token(t) and len(t) == 43
    assert t != derive_status_token("secret-b", salt) and t != derive_status_token(
        "secret-a", new_token_salt()
    )
    assert salt not in t
