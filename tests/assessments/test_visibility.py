"""Visibility canaries in the domain view: each audience sees exactly its share."""

from __future__ import annotations

import json

import pytest

from waarborg.domain.assessments import instrument, may_see, public_view, risk_model
from waarborg.domain.assessments.record import check_visibility
from waarborg.domain.errors import InvalidInput

from .conftest import INTERNAL_CANARY, PUBLIC_CANARY, SUPERVISOR_CANARY, make_assessment


def view_text(audience: str, **changes: object) -> str:
    view = public_view(make_assessment(**changes), instrument("iama"), audience, risk_model())  # type: ignore[arg-type]
    return json.dumps(view, ensure_ascii=False)


@pytest.mark.parametrize(
    ("audience", "seen", "hidden"),
    [
        ("public", [PUBLIC_CANARY], [SUPERVISOR_CANARY, INTERNAL_CANARY]),
        ("supervisor", [PUBLIC_CANARY, SUPERVISOR_CANARY], [INTERNAL_CANARY]),
        ("internal", [PUBLIC_CANARY, SUPERVISOR_CANARY, INTERNAL_CANARY], []),
    ],
)
def test_canaries_per_audience(audience: str, seen: list[str], hidden: list[str]) -> None:
    text = view_text(audience)
    for canary in seen:
        assert canary in text
    for canary in hidden:
        assert canary not in text


def test_answer_setting_overrides_section_setting() -> None:
    assert SUPERVISOR_CANARY in view_text("public", answer_visibility={"2B.3": "public"})
    assert PUBLIC_CANARY not in view_text("public", answer_visibility={"1.1": "internal"}, public_summary="")
    assert PUBLIC_CANARY not in view_text(
        "supervisor", section_visibility={"1": "internal"}, public_summary=""
    )


def test_public_view_hides_author_history_and_completeness() -> None:
    public = public_view(make_assessment(), instrument("iama"), "public", risk_model())
    assert "author" not in public and "history" not in public and "completeness" not in public
    assert [r["id"] for r in public["risks"]] == ["r1"]
    internal = public_view(make_assessment(), instrument("iama"), "internal", risk_model())
    assert internal["author"] == "Anna Auteur" and [r["id"] for r in internal["risks"]] == ["r1", "r2"]


def test_visibility_order_and_validation() -> None:
    assert (
        may_see("public", "supervisor")
        and not may_see("internal", "supervisor")
        and may_see("supervisor", "internal")
    )
    with pytest.raises(
        InvalidInput, match="visibility: 'everyone' is not one of public, supervisor, internal"
    ):
        check_visibility("everyone", "visibility")


def test_public_sees_only_the_category_of_a_reopen_reason() -> None:
    a = make_assessment(reopen_reason="substantial-modification: supplier X replaced the model")
    assert (
        public_view(a, instrument("iama"), "public", risk_model())["reopen_reason"]
        == "substantial-modification"
    )
    assert "supplier X" in public_view(a, instrument("iama"), "supervisor", risk_model())["reopen_reason"]
    other = make_assessment(reopen_reason="our own words")
    assert public_view(other, instrument("iama"), "public", risk_model())["reopen_reason"] == "manual"
