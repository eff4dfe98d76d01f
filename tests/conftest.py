"""Shared fixtures: a real database (SQLite file or PostgreSQL), the app, clients acting as a role.

Run on PostgreSQL with ``pytest --db postgresql`` (URL from WAARBORG_TEST_POSTGRES_URL, default
postgresql://postgres@127.0.0.1:5432/postgres; a fresh database is created for the run).
With WAARBORG_TEST_REQUIRE_ALL=1 a missing PostgreSQL or browser fails instead of skipping.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from waarborg.domain.policy import Actor
from waarborg.services import accounts
from waarborg.services.bootstrap import cli_actor
from waarborg.services.unit import unit
from waarborg.settings import Settings
from waarborg.storage.db import Database
from waarborg.storage.migrate import create_all
from waarborg.storage.registry import load_all_models
from waarborg.web.app import create_app

REQUIRE_ALL = os.environ.get("WAARBORG_TEST_REQUIRE_ALL") == "1"
PASSWORD = "test-password-123"
accounts.use_fast_password_hashing()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        default=os.environ.get("WAARBORG_TEST_DB", "sqlite"),
        choices=("sqlite", "postgresql"),
        help="database the tests run on",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, run only the tests that touch the database (the rest ran on the SQLite pass)."""
    if config.getoption("--db") != "postgresql":
        return
    keep = [i for i in items if "database" in getattr(i, "fixturenames", ())]
    dropped = [i for i in items if "database" not in getattr(i, "fixturenames", ())]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def skip_or_fail(reason: str) -> None:
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (WAARBORG_TEST_REQUIRE_ALL=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--db"))


@pytest.fixture(scope="session")
def _pg_url(db_kind: str) -> Iterator[str | None]:
    if db_kind != "postgresql":
        yield None
        return
    admin_url = os.environ.get("WAARBORG_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    admin_url = admin_url.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"waarborg_test_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        skip_or_fail(
            f"PostgreSQL not reachable at {admin_url}: {exc.__class__.__name__}. Start it, or set "
            "WAARBORG_TEST_POSTGRES_URL"
        )
    # Tests need no durability: skip the fsync at every commit (much faster on slow disks).
    url = admin_url.rsplit("/", 1)[0] + f"/{name}?options=-csynchronous_commit%3Doff"
    engine = create_engine(url)
    create_all(engine)
    engine.dispose()
    yield url
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database(db_kind: str, _pg_url: str | None, tmp_path: Path) -> Iterator[Database]:
    if db_kind == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'test.db'}")
        create_all(db.engine)
        yield db
        db.dispose()
        return
    assert _pg_url is not None
    db = Database(_pg_url)
    yield db
    # DELETE is much faster than TRUNCATE for the few rows a test writes (TRUNCATE rewrites files).
    with db.engine.begin() as c:
        for table in reversed(load_all_models().sorted_tables):
            c.execute(table.delete())
    db.dispose()


@pytest.fixture
def settings(tmp_path: Path, database: Database) -> Settings:
    return Settings(
        environment="test",
        database_url=str(database.engine.url.render_as_string(hide_password=False)),
        secret_key="test-secret-" + "x" * 32,
        data_dir=tmp_path / "data",
        evidence_dir=tmp_path / "evidence",
        _env_file=None,
    )  # type: ignore[call-arg]


@pytest.fixture
def app(settings: Settings, database: Database):  # type: ignore[no-untyped-def]
    return create_app(settings, database)


@dataclass
class World:
    """Two organisations with staff, a supervisor and an admin."""

    db: Database
    org_a: int
    org_b: int

    def actor(self, email: str) -> Actor:
        with unit(self.db, write=False) as s:
            from sqlalchemy import select

            from waarborg.storage.models import User

            return accounts.actor_for(s.scalar(select(User).where(User.email == email)))


USERS = {
    "admin": ("admin@test.example", "admin", None),
    "supervisor": ("supervisor@test.example", "supervisor", None),
    "editor": ("editor@a.example", "editor", "org-a"),
    "approver": ("approver@a.example", "approver", "org-a"),
    "editor_b": ("editor@b.example", "editor", "org-b"),
    "approver_b": ("approver@b.example", "approver", "org-b"),
}


@pytest.fixture
def world(database: Database) -> World:
    system = cli_actor("test")
    with unit(database) as s:
        a = accounts.create_organisation(s, system, slug="org-a", name="Gemeente Alfa", kind="municipality")
        b = accounts.create_organisation(
            s, system, slug="org-b", name="Bank Beta", kind="bank", public_body=False
        )
        for email, role, org in USERS.values():
            accounts.create_user(s, system, email=email, password=PASSWORD, role=role, org_slug=org)
        return World(database, a.id, b.id)


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Client(TestClient):
    """TestClient that knows the CSRF token of its session."""

    def csrf(self) -> str:
        page = self.get("/login")
        m = _CSRF.search(page.text)
        assert m, "no CSRF token on /login"
        return m.group(1)

    def post_form(self, url: str, data: dict[str, object] | None = None, **kw):  # type: ignore[no-untyped-def]
        payload = {"csrf_token": self.csrf(), **(data or {})}
        return self.post(url, data=payload, follow_redirects=False, **kw)


@pytest.fixture
def client_for(app, world):  # type: ignore[no-untyped-def]
    """``client_for("editor")`` gives a signed-in client; ``client_for(None)`` an anonymous one."""
    made: list[Client] = []

    def make(who: str | None) -> Client:
        c = Client(app)
        made.append(c)
        if who is not None:
            email = USERS[who][0]
            r = c.post_form("/login", {"email": email, "password": PASSWORD})
            assert r.status_code == 303, r.text
        return c

    yield make
    for c in made:
        c.close()


@pytest.fixture
def anon(client_for) -> Client:  # type: ignore[no-untyped-def]
    return client_for(None)


@pytest.fixture
def token_for(app, world):  # type: ignore[no-untyped-def]
    """``token_for("editor")`` gives Authorization headers with a fresh API token."""

    def make(who: str) -> dict[str, str]:
        from sqlalchemy import select

        from waarborg.storage.models import User

        with unit(world.db) as s:
            user = s.scalar(select(User).where(User.email == USERS[who][0]))
            token = accounts.create_token(s, user, "test")
        return {"Authorization": f"Bearer {token}"}

    return make
