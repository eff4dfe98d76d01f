"""Shared fixtures: the welfare-fraud IAMA example with canary strings per visibility level."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from waarborg.domain.assessments import Assessment, Person, all_instruments, parse_risk, risk_model

TODAY = dt.date(2026, 12, 7)
PUBLIC_CANARY = "CANARY-PUBLIC-7f3a"
SUPERVISOR_CANARY = "CANARY-SUPERVISOR-91bc"
INTERNAL_CANARY = "CANARY-INTERNAL-c0de"


def welfare_answers() -> dict[str, Any]:
    """A complete IAMA for a municipal welfare-fraud risk model (fictional example)."""
    text = "Gemeente Voorbeeld uses a risk model to select welfare files for a fraud check."
    answers: dict[str, Any] = {
        q.id: f"{text} ({q.id})" for q in all_instruments()["iama"].questions() if q.type == "open"
    }
    answers.update(
        {
            "1.1": f"Manual checks miss fraud; a risk model prioritises files. {PUBLIC_CANARY}",
            "2A.1": "self_learning",
            "2A.4": f"Data in the municipal data centre. {INTERNAL_CANARY}",
            "2B.3": f"False-positive rate 12% for single parents. {SUPERVISOR_CANARY}",
            "4.1": True,
            "4.rights": [
                {
                    "right": "Equal treatment (Art. 1 Grondwet)",
                    "law": "Algemene wet gelijke behandeling",
                    "scale": "serious",
                    "goals": "Lawful spending of welfare",
                    "suitability": "Partly",
                    "necessity": "Random sampling considered",
                    "proportionality": "Only with human review",
                },
            ],
            "4.decision": "proceed_with_measures",
        }
    )
    return answers


def welfare_risks() -> tuple[Any, ...]:
    model = risk_model()
    return (
        parse_risk(
            {
                "id": "r1",
                "title": "Indirect discrimination of single parents",
                "right": "Non-discrimination",
                "owner": "Head of Income Services",
                "visibility": "public",
                "factors": {
                    "scale": "serious",
                    "scope": "group",
                    "reversibility": "effort",
                    "probability": "likely",
                },
                "residual": {
                    "scale": "moderate",
                    "scope": "group",
                    "reversibility": "effort",
                    "probability": "possible",
                },
                "mitigations": [
                    {
                        "id": "m1",
                        "description": "Bias audit per quarter",
                        "status": "in_progress",
                        "due": "2026-11-01",
                        "owner": "Data team",
                    },
                    {
                        "id": "m2",
                        "description": "Four-eyes review of every selection",
                        "status": "done",
                        "due": "2026-10-01",
                    },
                ],
            },
            model,
        ),
        parse_risk(
            {
                "id": "r2",
                "title": f"Leak of case notes {INTERNAL_CANARY}",
                "right": "Privacy",
                "owner": "CISO",
                "visibility": "internal",
                "factors": {
                    "scale": "moderate",
                    "scope": "individual",
                    "reversibility": "difficult",
                    "probability": "unlikely",
                },
                "mitigations": [
                    {"id": "m3", "description": "Encrypt exports", "status": "planned", "due": "2027-03-01"}
                ],
            },
            model,
        ),
    )


def make_assessment(**changes: Any) -> Assessment:
    base: dict[str, Any] = {
        "id": "a1",
        "entry_id": "e1",
        "entry_name": "Welfare fraud risk model",
        "instrument": "iama",
        "instrument_version": "2021.1",
        "revision": 1,
        "state": "approved",
        "author": Person("u-author", "Anna Auteur"),
        "approver": Person("u-approver", "Bram Beoordelaar"),
        "approved_at": dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC),
        "review_date": dt.date(2027, 12, 1),
        "answers": welfare_answers(),
        "answer_visibility": {"2A.4": "internal"},
        "risks": welfare_risks(),
        "organisation": "Gemeente Voorbeeld",
        "public_summary": f"We assessed the welfare-fraud model; it runs with human review. {PUBLIC_CANARY}",
    }
    base.update(changes)
    return Assessment(**base)


@pytest.fixture
def welfare() -> Assessment:
    return make_assessment()
