"""Builders for classification web tests: example profiles and an entry to classify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.register.helpers import create_entry, entry_pk  # noqa: F401 - re-exported for this folder

EXAMPLES = Path(__file__).parents[2] / "examples" / "profiles"


def example(name: str) -> dict[str, Any]:
    """An example profile from examples/profiles, JSON-ready (dates as ISO strings)."""
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text("utf-8"))
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}


CV = {
    "name": "CV screening",
    "machine_based": True,
    "autonomy": True,
    "objectives": True,
    "infers_outputs": True,
    "output_types": ["predictions", "recommendations"],
    "influences_environment": True,
    "significant_effect": True,
    "activities": ["develop", "put-into-service", "use"],
    "own_name": True,
    "organisation_type": "private",
    "annex_iii_points": ["4(a)"],
    "profiling": True,
    "decisions_about_persons": True,
    "personal_data": True,
}
MINIMAL = {
    "name": "Sewer maintenance",
    "machine_based": True,
    "autonomy": True,
    "objectives": True,
    "infers_outputs": True,
    "influences_environment": True,
    "output_types": ["predictions"],
    "activities": ["use"],
    "annex_iii_points": [],
}


def new_entry(client: Any, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    """A draft entry of org-a (the CV screening system by default), with its numeric ``pk``."""
    fields.setdefault("name", "CV-selectie")
    fields.setdefault("risk_class", "minimal")
    return create_entry(client, headers, **fields)


def form_for(profile: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The questionnaire form fields that answer ``profile`` (as a browser without JavaScript sends them)."""
    data: dict[str, Any] = {}
    for key, value in profile.items():
        if isinstance(value, bool):
            data[f"q.{key}"] = "yes" if value else "no"
        elif isinstance(value, list):
            data[f"q.{key}"] = value
            data[f"shown.{key}"] = "1"
        else:
            data[f"q.{key}"] = str(value)
    data.update(extra)
    return data
