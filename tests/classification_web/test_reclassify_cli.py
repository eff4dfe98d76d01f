"""`waarborg reclassify` through Typer's CliRunner on the test database."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.classification_web.helpers import CV, entry_pk, new_entry
from waarborg.cli import app as cli_app
from waarborg.services.unit import unit
from waarborg.storage.models import Entry


def _run(database, monkeypatch, *args: str):  # type: ignore[no-untyped-def]
    from waarborg.settings import get_settings

    monkeypatch.setenv("WAARBORG_DATABASE_URL", database.engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli_app, ["reclassify", *args])
    finally:
        get_settings.cache_clear()


def _classified(anon, token_for, database, **fields):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = new_entry(anon, ed, **fields)
    r = anon.post(
        f"/api/v1/entries/{e['id']}/classification", json={"profile": CV, "as_of": "2026-12-07"}, headers=ed
    )
    assert r.status_code == 201, r.text
    return e, entry_pk(database, e["id"])


def test_reclassify_reports_changes_per_entry(world, anon, token_for, database, monkeypatch):
    e, pk = _classified(anon, token_for, database)
    quiet, quiet_pk = _classified(anon, token_for, database, name="Ongewijzigd")
    with unit(database) as s:  # as if classified under an older ruleset with one duty fewer
        entry = s.get(Entry, pk)
        old = dict(entry.classification)
        old["ruleset"], old["risk_class"] = "eu-ai-act@2026.01", "minimal"
        removed = old["obligations"].pop()
        entry.classification = old
    dry = _run(database, monkeypatch, "--dry-run", "--as-of", "2026-12-07")
    assert dry.exit_code == 0, dry.output
    assert (
        f"{e['id']}  CV-selectie (org-a): minimal -> high-risk; obligations +1 -0, flagged; would save"
        in dry.stdout
    )
    assert f"  + {removed['article']} ({removed['holder']}) {removed['title']}" in dry.stdout
    assert "  ruleset: eu-ai-act@2026.01 -> eu-ai-act@2026.12" in dry.stdout
    assert (
        f"{quiet['id']}  Ongewijzigd (org-a): high-risk (unchanged); obligations +0 -0; no change"
        in dry.stdout
    )
    assert "(dry run: nothing stored)" in dry.stderr
    with unit(database, write=False) as s:
        assert s.get(Entry, pk).classification["ruleset"] == "eu-ai-act@2026.01"
        assert not s.get(Entry, pk).needs_reclassification
    only = _run(database, monkeypatch, "--only-flagged", "--as-of", "2026-12-07", "--format", "json")
    assert only.exit_code == 0, only.output
    (item,) = json.loads(only.stdout)
    assert (
        item["entry"] == e["id"]
        and item["saved"]
        and item["risk_class"] == {"before": "minimal", "after": "high-risk"}
    )
    with unit(database, write=False) as s:
        entry = s.get(Entry, pk)
        assert entry.classification["ruleset"] == "eu-ai-act@2026.12" and not entry.needs_reclassification
        assert s.get(Entry, quiet_pk).classification["ruleset"] == "eu-ai-act@2026.12"
    again = _run(database, monkeypatch, "--only-flagged")
    assert again.exit_code == 0 and again.stdout == "" and "0 entries checked" in again.stderr


def test_bad_date_is_exit_2(world, database, monkeypatch):
    r = _run(database, monkeypatch, "--as-of", "tomorrow")
    assert r.exit_code == 2 and "--as-of: expected YYYY-MM-DD, got 'tomorrow'" in r.stderr
