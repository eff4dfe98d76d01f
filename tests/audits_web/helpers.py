"""A small decision log with a built-in disparity, for the product-side audit tests."""

from __future__ import annotations

import io
from typing import Any


def decision_log_csv(n_per_group: int = 60) -> bytes:
    """Group 'a' is selected 60% of the time, group 'b' 20%: a disparate-impact ratio of 1/3."""
    out = io.StringIO()
    out.write("sex,age_group,decision,label,date\n")
    for i in range(n_per_group):
        for sex, rate in (("a", 0.6), ("b", 0.2)):
            decision = 1 if (i % 10) < rate * 10 else 0
            label = 1 if i % 2 == 0 else 0
            out.write(f"{sex},{'young' if i % 3 else 'old'},{decision},{label},2026-0{1 + i % 3}-15\n")
    return out.getvalue().encode()


MAPPING = {"protected": "sex,age_group", "prediction": "decision", "label": "label"}


def upload_log(
    client: Any,
    headers: dict[str, str],
    entry_id: str,
    content: bytes | None = None,
    name: str = "log.csv",
    **mapping: str,
) -> Any:
    """POST a decision log for an entry through the API (the audit then runs as a background task)."""
    return client.post(
        f"/api/v1/entries/{entry_id}/audits",
        headers=headers,
        data={**MAPPING, **mapping},
        files={"file": (name, content if content is not None else decision_log_csv(), "text/csv")},
    )
