"""The audit log is hash-chained; tampering is found by `waarborg auditlog verify`."""

from __future__ import annotations

from sqlalchemy import select, update
from typer.testing import CliRunner

from tests.register.helpers import create_entry, publish
from waarborg.cli import app as cli_app
from waarborg.domain import auditchain
from waarborg.services import auditlog
from waarborg.services.unit import unit
from waarborg.storage.models import AuditLog


def _cli_verify(database, monkeypatch):  # type: ignore[no-untyped-def]
    from waarborg.settings import get_settings

    monkeypatch.setenv("WAARBORG_DATABASE_URL", database.engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli_app, ["auditlog", "verify"])
    finally:
        get_settings.cache_clear()


def test_chain_verifies_and_detects_tampering(world, anon, token_for, database, monkeypatch):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    publish(anon, ed, ap, create_entry(anon, ed))
    with unit(database, write=False) as s:
        total, broken = auditlog.verify(s)
    assert broken is None and total >= 10
    ok = _cli_verify(database, monkeypatch)
    assert ok.exit_code == 0, ok.output
    assert f"audit log intact: {total} entries verified" in ok.stdout

    with unit(database) as s:
        row = s.scalar(select(AuditLog).where(AuditLog.action == "entry.created"))
        tampered = dict(row.record) | {"actor": "someone-else@x.example"}
        s.execute(update(AuditLog).where(AuditLog.seq == row.seq).values(record=tampered))
        seq = row.seq
    bad = _cli_verify(database, monkeypatch)
    assert bad.exit_code == 1
    assert f"audit log BROKEN at entry {seq}: hash does not match the recorded content" in bad.stderr


def test_deleted_line_is_a_gap():  # type: ignore[no-untyped-def]
    r1 = {"a": 1}
    h1 = auditchain.link_hash(auditchain.GENESIS, r1)
    r3 = {"c": 3}
    h3 = auditchain.link_hash(h1, r3)
    brk = auditchain.verify([(1, r1, auditchain.GENESIS, h1), (3, r3, h1, h3)])
    assert brk is not None and brk.seq == 3 and "sequence gap" in brk.reason


def test_auditlog_page_reports_chain_state(client_for, world):  # type: ignore[no-untyped-def]
    page = client_for("supervisor").get("/admin/auditlog")
    assert page.status_code == 200 and "De hashketen van" in page.text and "user.created" in page.text
