"""Which legal basis backs a request for a given system, from its classification result.

Waarborg accepts every complaint and explanation request (CETS 225 Art. 14 asks for accessible remedies),
but tells the person and the organisation whether a statutory right applies: Art. 86 covers decisions
based on Annex III high-risk systems except point 2 (critical infrastructure).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Applicability:
    statutory: bool
    article: str
    reason_en: str
    reason_nl: str

    def reason(self, lang: str) -> str:
        return self.reason_nl if lang == "nl" else self.reason_en


def explanation_right(classification: Mapping[str, Any] | None) -> Applicability:
    """Does AI Act Art. 86 apply to decisions made with this system?"""
    hr = (classification or {}).get("high_risk") or {}
    point = str(hr.get("point") or "")
    if classification is None:
        return Applicability(
            False,
            "AI Act Art. 86",
            "the system has not been classified yet",
            "het systeem is nog niet geclassificeerd",
        )
    if hr.get("route") != "annex-iii":
        return Applicability(
            False,
            "AI Act Art. 86",
            "Art. 86 covers Annex III high-risk systems; this system is not one",
            "art. 86 geldt voor AI-systemen met een hoog risico uit bijlage III; dit systeem is dat niet",
        )
    if point.split("(")[0] == "2":
        return Applicability(
            False,
            "AI Act Art. 86(1)",
            "Annex III point 2 (critical infrastructure) is excluded from Art. 86",
            "bijlage III punt 2 (kritieke infrastructuur) valt niet onder art. 86",
        )
    return Applicability(
        True,
        "AI Act Art. 86",
        f"Annex III point {point or '?'} high-risk system: the right to explanation applies",
        f"AI-systeem met een hoog risico (bijlage III punt {point or '?'}): het recht op uitleg geldt",
    )


def complaint_right(classification: Mapping[str, Any] | None) -> Applicability:
    """Art. 85 lets anyone complain to the market surveillance authority about any infringement."""
    in_scope = (classification or {}).get("in_scope", True)
    if in_scope is False:
        return Applicability(
            False,
            "AI Act Art. 85",
            "the system is outside the AI Act's scope; the complaint is handled as a general complaint",
            "het systeem valt buiten de AI-verordening; de klacht wordt als algemene klacht behandeld",
        )
    return Applicability(
        True,
        "AI Act Art. 85",
        "anyone who considers the AI Act infringed may complain",
        "iedereen die meent dat de AI-verordening is geschonden, mag klagen",
    )
