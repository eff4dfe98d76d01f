"""Permission matrix for the public exchange downloads: everyone gets the public register, nothing more."""

from __future__ import annotations

from tests.matrix_support import Case, MatrixWorld
from tests.register.helpers import create_entry, publish
from waarborg.domain.exchange import FORMATS

ALL = ("anon", "editor", "approver", "editor_b", "approver_b", "supervisor", "admin")


def setup(m: MatrixWorld) -> dict[str, str]:
    c, ed = m.api("editor")
    publish(c, ed, m.token_for("approver"), create_entry(c, ed, name="Export systeem"))
    return {**{f"fmt_{i}": name for i, name in enumerate(FORMATS)}, "bad": "xml"}


CASES = [
    *(Case("GET", f"/register/export/{{fmt_{i}}}", {r: 200 for r in ALL}) for i in range(len(FORMATS))),
    Case("GET", "/register/export/{bad}", {r: 404 for r in ALL}),
]
