"""The outbox worker delivers to a real SMTP process, keeps mail while the server is down and retries;
``waarborg jobs run`` runs reminders, closing, retention and the outbox."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.cases.fixtures import CANARY_EMAIL, LINKS, file_complaint, published_entry
from tests.cases.smtp_server import SmtpProcess, free_port
from waarborg.engines.mail import SmtpConfig
from waarborg.services import case_jobs, outbox
from waarborg.services.unit import unit
from waarborg.storage.base import utcnow
from waarborg.storage.models_cases import MailOutbox, RemedyCase


@pytest.mark.smtp
def test_outbox_survives_a_server_outage_and_retries(world, client_for, token_for, tmp_path) -> None:
    pid = published_entry(client_for, token_for)
    _, token = file_complaint(world.db, pid)
    port = free_port()
    cfg = SmtpConfig(port=port, timeout=2)
    t0 = utcnow() + timedelta(seconds=1)
    down = outbox.deliver_pending(world.db, cfg, now=t0)
    assert down.sent == 0 and down.retry >= 2  # citizen receipt + staff notices stay pending
    with unit(world.db, write=False) as s:
        rows = list(s.scalars(select(MailOutbox)))
        assert all(r.status == "pending" and r.attempts == 1 and "unreachable" in r.last_error for r in rows)
    server = SmtpProcess(tmp_path / "maildir", port=port).start()
    try:
        early = outbox.deliver_pending(world.db, cfg, now=t0 + timedelta(seconds=30))
        assert early.sent == 0  # not yet time for the retry
        later = outbox.deliver_pending(world.db, cfg, now=t0 + timedelta(minutes=2))
        assert later.sent == down.retry
        delivered = server.messages()
        receipt = [m for m in delivered if m["To"] == CANARY_EMAIL]
        assert len(receipt) == 1 and token in receipt[0].get_payload(decode=True).decode()
        staff = [m for m in delivered if m["To"] != CANARY_EMAIL]
        assert staff and all(CANARY_EMAIL not in m.as_string() for m in staff)
    finally:
        server.stop()


def test_reminders_and_autoclose_jobs(world, client_for, token_for) -> None:
    pid = published_entry(client_for, token_for)
    number, _ = file_complaint(world.db, pid)
    assert case_jobs.run_reminders(world.db, LINKS, date(2027, 1, 10)) == 0
    assert case_jobs.run_reminders(world.db, LINKS, date(2027, 1, 11)) == 1  # 7 days before 18 January
    assert case_jobs.run_reminders(world.db, LINKS, date(2027, 1, 12)) == 0
    assert case_jobs.run_reminders(world.db, LINKS, date(2027, 1, 19)) == 1  # overdue
    with unit(world.db, write=False) as s:
        case = s.scalar(select(RemedyCase).where(RemedyCase.number == number))
        assert case.reminders_sent == ["before-7", "overdue"]


def _cli(args: list[str], db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from waarborg.cli import app
    from waarborg.settings import get_settings

    monkeypatch.setenv("WAARBORG_DATABASE_URL", db_url)
    monkeypatch.setenv("WAARBORG_SMTP_PORT", str(free_port()))
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, args)
    finally:
        get_settings.cache_clear()


def test_jobs_cli(world, client_for, token_for, monkeypatch) -> None:
    url = world.db.engine.url.render_as_string(hide_password=False)
    bad = _cli(["jobs", "run", "--only", "laundry"], url, monkeypatch)
    assert bad.exit_code == 2 and "'laundry' is not a job" in bad.stderr
    ok = _cli(
        ["jobs", "run", "--only", "reminders,autoclose,retention", "--date", "2026-12-07"], url, monkeypatch
    )
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout) == {"reminders": 0, "closed": 0, "anonymised": 0, "mail": {}, "audits": 0}
