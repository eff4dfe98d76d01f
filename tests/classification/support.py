"""Profiles and helpers shared by the classification tests."""

from __future__ import annotations

from datetime import date
from typing import Any

TODAY = date(2026, 12, 7)

AI_SYSTEM: dict[str, Any] = {
    "machine_based": True,
    "autonomy": True,
    "objectives": True,
    "infers_outputs": True,
    "output_types": ["predictions"],
    "influences_environment": True,
}

BASES: dict[str, dict[str, Any]] = {
    "provider": {
        **AI_SYSTEM,
        "activities": ["develop", "put-into-service", "use"],
        "own_name": True,
        "organisation_type": "private",
    },
    "deployer": {**AI_SYSTEM, "activities": ["use"], "organisation_type": "private"},
    "vendor": {**AI_SYSTEM, "activities": ["develop", "place-on-market"], "own_name": True},
    "empty": {},
}


def profile(base: str = "provider", **answers: Any) -> dict[str, Any]:
    return {**BASES[base], **answers}
