"""Role × route × expected-status matrix support.

Each capability keeps ``tests/<area>/matrix.py`` with:

    def setup(m: MatrixWorld) -> dict[str, str]      # creates what the routes need; returns path params
    CASES = [Case("GET", "/api/v1/things/{thing_id}", {"anon": 404, "editor": 200, ...}, body=...), ...]

Roles: anon, editor, approver (org-a), editor_b, approver_b (org-b), supervisor, admin. Roles left out of
a case's dict are not requested. ``tests/test_route_matrix.py`` runs every case and fails when an
application route is in no case at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anon", "editor", "approver", "editor_b", "approver_b", "supervisor", "admin")


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    expect: dict[str, int]
    json: dict[str, Any] | None = None
    form: dict[str, Any] | None = None
    # Multipart uploads: {"field": (filename, bytes, content_type)}; sent with ``form`` as the other fields.
    files: dict[str, Any] | None = None
    # A fresh setup per role, for routes that change state (so one role's success doesn't change the next).
    fresh: bool = False


@dataclass
class MatrixWorld:
    client_for: Callable[[str | None], Any]
    token_for: Callable[[str], dict[str, str]]
    world: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def api(self, who: str) -> tuple[Any, dict[str, str]]:
        return self.client_for(None), self.token_for(who)
