"""Import through the CLI: organisations, publishing as the operator, audit trail, all-or-nothing writes."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.exchange.helpers import rich_fields, seed, snapshot
from waarborg.domain import exchange
from waarborg.services.unit import unit
from waarborg.storage.models import AuditLog, Entry


def _file(tmp_path, fmt: str, records: list[dict], name: str = "in") -> str:  # type: ignore[no-untyped-def,type-arg]
    path = tmp_path / f"{name}.{fmt}"
    path.write_text(exchange.dump(fmt, records, "internal"), encoding="utf-8", newline="")
    return str(path)


def _rec(name: str, **meta: object) -> dict:  # type: ignore[type-arg]
    return {"fields": rich_fields(name), **meta}


def test_publish_is_done_by_the_operator_and_audited(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    path = _file(tmp_path, "algoritmeregister-v1", [_rec("Import een"), _rec("Import twee")])
    r = cli("import", path, "--format", "algoritmeregister-v1", "--org", "org-a", "--publish")
    assert r.exit_code == 0, r.stderr
    assert "2 created" in r.stderr and "2 moved in the workflow" in r.stderr
    with unit(world.db, write=False) as s:
        rows = list(s.scalars(select(Entry).order_by(Entry.id)))
        assert [(e.name, e.status, e.is_public, e.organisation.slug) for e in rows] == [
            ("Import een", "published", True, "org-a"),
            ("Import twee", "published", True, "org-a"),
        ]
        log = {(a.action, a.actor) for a in s.scalars(select(AuditLog))}
    assert ("entry.created", "cli:import") in log
    assert ("entry.submit", "cli:import") in log
    assert any(action == "entry.publish" and "operator approval" in actor for action, actor in log)
    assert ("exchange.imported", "cli:import") in log
    assert json.loads(cli("export", "--format", "algoritmeregister-v1").stdout)[0]["name"] == "Import een"


def test_organisation_comes_from_the_file_or_org(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    path = _file(tmp_path, "waarborg-json", [_rec("Van B", organisation="org-b")])
    assert cli("import", path, "--format", "waarborg-json").exit_code == 0
    forced = _file(tmp_path, "waarborg-json", [_rec("Naar A", organisation="org-b")], "forced")
    assert cli("import", forced, "--format", "waarborg-json", "--org", "org-a").exit_code == 0
    with unit(world.db, write=False) as s:
        assert {e.name: e.organisation.slug for e in s.scalars(select(Entry))} == {
            "Van B": "org-b",
            "Naar A": "org-a",
        }


def test_reference_problems_are_reported_and_nothing_is_written(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    seed(world)
    before = snapshot(world.db)
    with unit(world.db, write=False) as s:
        b_id = s.scalar(select(Entry.public_id).where(Entry.name == "Beta kredietscore"))
    cases = [
        (
            "algoritmeregister-v1",
            [_rec("Zonder organisatie")],
            [],
            "record 1: organisation: the file names no organisation; give --org SLUG",
        ),
        (
            "waarborg-json",
            [_rec("Goed", organisation="org-a"), _rec("Onbekend", organisation="org-x")],
            [],
            "record 2: organisation: no organisation with slug 'org-x'",
        ),
        (
            "waarborg-json",
            [_rec("Goed"), _rec("Van een ander", public_id=b_id)],
            ["--org", "org-a"],
            f"record 2: public_id: '{b_id}' belongs to organisation 'org-b', not 'org-a'",
        ),
        ("csv", [_rec("Goed")], ["--org", "org-nope"], "org: no organisation with slug 'org-nope'"),
    ]
    for fmt, records, extra, message in cases:
        r = cli("import", _file(tmp_path, fmt, records), "--format", fmt, *extra)
        assert r.exit_code == 2, r.stderr
        assert message in r.stderr
    assert snapshot(world.db) == before


def test_a_failure_while_writing_rolls_back_the_whole_file(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    """Record 2 asks to move a published entry back to review: found only after record 1 was written."""
    seed(world)
    doc = json.loads(cli("export", "--format", "waarborg-json", "--org", "org-a").stdout)
    published = next(e for e in doc["entries"] if e["status"] == "published")
    published["status"] = "in_review"
    doc["entries"] = [{"fields": rich_fields("Nieuw ervoor"), "status": "published"}, published]
    path = tmp_path / "back.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = snapshot(world.db)
    r = cli("import", str(path), "--format", "waarborg-json", "--org", "org-a", "--publish")
    assert r.exit_code == 2
    assert f"record 2: status: entry {published['public_id']} is published" in r.stderr
    assert snapshot(world.db) == before


def test_unreadable_input(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\r\nCaf\xe9\r\n".encode("latin-1"))
    r = cli("import", str(latin), "--format", "csv", "--org", "org-a")
    assert r.exit_code == 2 and "file: not UTF-8 text" in r.stderr
    r = cli("import", str(tmp_path / "missing.json"), "--format", "csv", "--org", "org-a")
    assert r.exit_code == 2 and "cannot read" in r.stderr
    r = cli("import", str(latin), "--format", "yaml", "--org", "org-a")
    assert r.exit_code == 2 and "format: 'yaml' is not one of" in r.stderr


def test_import_from_stdin(world, cli):  # type: ignore[no-untyped-def]
    text = exchange.dump("csv", [_rec("Via stdin")], "internal")
    r = cli("import", "-", "--format", "csv", "--org", "org-a", input=text)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("created WB-")
