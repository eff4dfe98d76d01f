"""Every route × role gives the expected status; every application route is covered by some case."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import tests
from tests.conftest import USERS
from tests.matrix_support import Case, MatrixWorld

TESTS_DIR = Path(tests.__file__).parent
MATRIX_MODULES = sorted(
    f"tests.{m.name}.matrix"
    for m in pkgutil.iter_modules([str(TESTS_DIR)])
    if m.ispkg and (TESTS_DIR / m.name / "matrix.py").exists()
)
SKIP_ROUTES = {"/openapi.json", "/api/docs", "/docs/oauth2-redirect", "/static"}


def _all_cases() -> list[tuple[str, Case]]:
    out = []
    for name in MATRIX_MODULES:
        for case in importlib.import_module(name).CASES:
            out.append((name, case))
    return out


def _request(m: MatrixWorld, case: Case, role: str, params: dict[str, str]):  # type: ignore[no-untyped-def]
    path = case.path.format(**params)
    who = None if role == "anon" else role
    if case.path.startswith("/api/"):
        client = m.client_for(None)
        headers = {} if who is None else m.token_for(who)
        if case.files is not None:
            return client.request(
                case.method, path, data=case.form, files=case.files, headers=headers, follow_redirects=False
            )
        return client.request(case.method, path, json=case.json, headers=headers, follow_redirects=False)
    client = m.client_for(who)
    if case.method == "GET":
        return client.get(path, follow_redirects=False)
    return client.post_form(path, case.form or {}, files=case.files)


@pytest.mark.parametrize("module_name", MATRIX_MODULES)
def test_matrix(module_name, client_for, token_for, world):  # type: ignore[no-untyped-def]
    assert set(USERS) | {"anon"} >= {
        "anon",
        "editor",
        "approver",
        "editor_b",
        "approver_b",
        "supervisor",
        "admin",
    }
    module = importlib.import_module(module_name)
    m = MatrixWorld(client_for=client_for, token_for=token_for, world=world)
    shared = module.setup(m)
    failures = []
    for case in module.CASES:
        for role, expected in case.expect.items():
            params = module.setup(m) if case.fresh else shared
            r = _request(m, case, role, params)
            if r.status_code != expected:
                failures.append(
                    f"{case.method} {case.path} as {role}: expected {expected}, got {r.status_code} "
                    f"{r.text[:160]!r}"
                )
    assert not failures, "\n".join(failures)


def _template(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path.split("?")[0])


def test_every_route_is_in_the_matrix(app):  # type: ignore[no-untyped-def]
    covered = {(c.method, _template(c.path)) for _, c in _all_cases()}
    missing = []
    for route in app.routes:
        path = getattr(route, "path", "")
        if path in SKIP_ROUTES or path.startswith("/static"):
            continue
        for method in sorted(getattr(route, "methods", None) or ()):
            if method in ("HEAD", "OPTIONS"):
                continue
            if (method, _template(path)) not in covered:
                missing.append(f"{method} {path}")
    assert not missing, "routes without a permission-matrix case: " + ", ".join(missing)
