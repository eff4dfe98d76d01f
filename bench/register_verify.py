"""Check on a sample that the bulk path of register_data yields what the service path yields.

The same entries are created once through the service (create, submit, publish by a second user) and
once in bulk; the stored publication columns, the FTS rows and the public API output must match
(apart from the random public ids and the publication timestamps).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from register_data import build_entries, load_waarborg, make_organisations
from sqlalchemy import select, text

from waarborg.services import accounts, entries
from waarborg.services.bootstrap import cli_actor
from waarborg.services.unit import unit
from waarborg.settings import Settings
from waarborg.storage.db import Database
from waarborg.storage.migrate import create_all
from waarborg.storage.models import Entry
from waarborg.web.app import create_app

COLUMNS = ("name", "status", "version", "data", "visibility", "published_version", "published_data",
           "published_visibility", "is_public", "pub_name", "pub_status", "pub_risk_class", "pub_category",
           "pub_themes", "search_text")  # fmt: skip
_VOLATILE = ("id", "published_at")


def _service_load(db: Database, n: int) -> None:
    create_all(db.engine)
    orgs = make_organisations(db)
    accounts.use_fast_password_hashing()
    with unit(db) as s:
        system = cli_actor("bench")
        users = [
            accounts.create_user(s, system, email=f"admin{k}@bench.example", password="x" * 12, role="admin")
            for k in (1, 2)
        ]
        author, approver = (accounts.actor_for(u) for u in users)
    for sample in build_entries(n, orgs):
        with unit(db) as s:
            org = next(o for o in accounts.list_organisations(s) if o.id == sample.organisation_id)
            e = entries.create(s, author, org, sample.data, sample.visibility)
            entries.transition(s, author, e, "submit")
            entries.transition(s, approver, e, "publish")


def _rows(db: Database) -> list[dict[str, Any]]:
    with unit(db, write=False) as s:
        out = []
        for e in s.scalars(select(Entry).order_by(Entry.id)).unique():
            out.append({c: getattr(e, c) for c in COLUMNS} | {"org": e.organisation.slug})
        return out


def _fts(db: Database) -> list[tuple[Any, ...]]:
    with db.engine.connect() as c:
        return [tuple(r) for r in c.execute(text("SELECT rowid, body FROM entries_fts ORDER BY rowid"))]


def _normalise(item: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in item.items() if k not in _VOLATILE}, sort_keys=True)


def _api(db: Database, tmp: Path, queries: list[str]) -> dict[str, Any]:
    settings = Settings(
        environment="test",
        database_url=str(db.engine.url),
        secret_key="bench-" + "x" * 40,
        data_dir=tmp / "var",
        evidence_dir=tmp / "var" / "evidence",
        _env_file=None,
    )  # type: ignore[call-arg]
    out: dict[str, Any] = {}
    with TestClient(create_app(settings, db)) as client:
        for q in queries:
            r = client.get("/api/v1/entries", params={"q": q, "page_size": 100})
            r.raise_for_status()
            body = r.json()
            out[q] = (body["total"], sorted(_normalise(i) for i in body["items"]))
            for item in body["items"] if not q else ():
                one = client.get(f"/api/v1/entries/{item['id']}").json()["entry"]
                out[f"entry {one['fields']['lars']}"] = _normalise(one)
    return out


def verify_against_service(tmp: Path, n: int, queries: list[str]) -> list[str]:
    """Differences between the service path and the bulk path on ``n`` entries (empty: identical)."""
    tmp.mkdir(parents=True, exist_ok=True)
    dbs = {}
    for kind in ("service", "bulk"):
        path = tmp / f"verify-{kind}.db"
        path.unlink(missing_ok=True)
        dbs[kind] = Database(f"sqlite:///{path}")
    _service_load(dbs["service"], n)
    load_waarborg(dbs["bulk"], n)
    problems = []
    service_rows, bulk_rows = _rows(dbs["service"]), _rows(dbs["bulk"])
    for k, (a, b) in enumerate(zip(service_rows, bulk_rows, strict=True)):
        problems += [f"entry {k + 1}: column {c} differs" for c in a if a[c] != b[c]]
    if _fts(dbs["service"]) != _fts(dbs["bulk"]):
        problems.append("entries_fts rows differ")
    api_service, api_bulk = _api(dbs["service"], tmp, queries), _api(dbs["bulk"], tmp, queries)
    problems += [
        f"API output differs for {key!r}" for key in api_service if api_service[key] != api_bulk.get(key)
    ]
    for db in dbs.values():
        db.dispose()
    return problems
