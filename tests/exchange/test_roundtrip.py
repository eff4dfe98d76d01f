"""Export -> import into an empty database -> export, through the CLI, for every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.exchange.helpers import reset, seed, snapshot

STANDARDS = {
    # format -> keys that legitimately differ after a round trip (register ids and timestamps)
    "algoritmeregister-v1": ("publication_dt",),
    "atrs": ("metadata.date_published",),
    "annex-viii": ("reference",),
}


def _export(cli, fmt: str, *extra: str) -> str:  # type: ignore[no-untyped-def]
    r = cli("export", "--format", fmt, *extra)
    assert r.exit_code == 0, r.stderr
    return str(r.stdout)


def _import(cli, tmp_path: Path, fmt: str, text: str, *extra: str):  # type: ignore[no-untyped-def]
    path = tmp_path / f"in.{fmt}"
    path.write_text(text, encoding="utf-8", newline="")
    r = cli("import", str(path), "--format", fmt, *extra)
    assert r.exit_code == 0, r.stderr
    return r


def _drop(doc: dict, dotted: str) -> None:  # type: ignore[type-arg]
    *parents, last = dotted.split(".")
    for p in parents:
        doc = doc.get(p, {})
    doc.pop(last, None)


def _without_ids(text: str) -> dict:  # type: ignore[type-arg]
    doc = json.loads(text)
    for e in doc["entries"]:
        e.pop("version")
        e.pop("published_at")
    return doc


def test_waarborg_json_round_trip_is_lossless(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    seed(world)
    first = _export(cli, "waarborg-json")
    doc = json.loads(first)
    assert doc["audience"] == "internal"
    statuses = {e["fields"]["name"]: e["status"] for e in doc["entries"]}
    assert set(statuses.values()) == {"draft", "in_review", "published", "retracted", "archived"}
    reset(world.db)
    r = _import(cli, tmp_path, "waarborg-json", first, "--publish")
    assert "9 created" in r.stderr
    second = _export(cli, "waarborg-json")
    # public ids, organisations, fields, visibility and workflow status survive; versions and
    # publication timestamps are the new database's own.
    assert _without_ids(second) == _without_ids(first)
    # A second round trip is byte-identical apart from the publication timestamps.
    reset(world.db)
    _import(cli, tmp_path, "waarborg-json", second, "--publish")
    assert _without_ids(_export(cli, "waarborg-json")) == _without_ids(second)


def test_csv_round_trip_is_byte_identical(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    seed(world)
    first = _export(cli, "csv")
    assert first.startswith("public_id,organisation,workflow_status,name,")
    reset(world.db)
    _import(cli, tmp_path, "csv", first, "--publish")
    assert _export(cli, "csv") == first


@pytest.mark.parametrize("fmt", list(STANDARDS))
def test_standard_round_trip_keeps_the_covered_fields(world, cli, tmp_path, fmt):  # type: ignore[no-untyped-def]
    seed(world)
    first = _export(cli, fmt, "--org", "org-a")
    assert "Alfa risicoscore" in first
    reset(world.db)
    _import(cli, tmp_path, fmt, first, "--org", "org-a", "--publish")
    second = _export(cli, fmt, "--org", "org-a")
    a, b = json.loads(first), json.loads(second)
    for doc in (*a, *b):
        for key in STANDARDS[fmt]:
            _drop(doc, key)
    assert b == a


def test_reimport_matches_on_public_id(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    seed(world)
    text = _export(cli, "waarborg-json")
    before = snapshot(world.db)
    r = _import(cli, tmp_path, "waarborg-json", text)
    assert "0 created, 0 updated, 9 unchanged" in r.stderr
    assert snapshot(world.db)[:2] == before[:2]  # no new entries, no new versions

    doc = json.loads(text)
    target = next(e for e in doc["entries"] if e["fields"]["name"] == "Alfa overig")
    target["fields"]["goal"] = "Nieuw doel"
    r = _import(cli, tmp_path, "waarborg-json", json.dumps(doc), "--publish")
    assert f"updated {target['public_id']}" in r.stdout
    after = json.loads(_export(cli, "waarborg-json"))
    again = next(e for e in after["entries"] if e["public_id"] == target["public_id"])
    assert again["fields"]["goal"] == "Nieuw doel"
    assert again["version"] == target["version"] + 1
    assert again["status"] == "published"  # --publish restores the recorded status
    assert len(after["entries"]) == len(doc["entries"])


def test_import_without_publish_leaves_drafts(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    seed(world)
    text = _export(cli, "algoritmeregister-v1")
    reset(world.db)
    _import(cli, tmp_path, "algoritmeregister-v1", text, "--org", "org-a")
    doc = json.loads(_export(cli, "waarborg-json"))
    assert {e["status"] for e in doc["entries"]} == {"draft"}
    assert json.loads(_export(cli, "algoritmeregister-v1")) == []  # nothing public yet


def test_export_to_file_and_org_filter(world, cli, tmp_path):  # type: ignore[no-untyped-def]
    seed(world)
    out = tmp_path / "b.json"
    r = cli("export", "--format", "algoritmeregister-v1", "--org", "org-b", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    names = [d["name"] for d in json.loads(out.read_text("utf-8"))]
    assert names == ["Beta kredietscore"]
    unknown = cli("export", "--format", "csv", "--org", "nope")
    assert unknown.exit_code == 2 and "nope" in unknown.stderr
    bad = cli("export", "--format", "xml")
    assert bad.exit_code == 2 and "'xml' is not one of" in bad.stderr
