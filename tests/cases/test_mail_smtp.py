"""E-mail goes to a real SMTP server process; a server that is down gives a clear, retryable error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.cases.smtp_server import SmtpProcess, free_port
from waarborg.domain.errors import InvalidInput
from waarborg.engines.mail import MailDeliveryError, SmtpConfig, build_message, send

pytestmark = pytest.mark.smtp


@pytest.fixture()
def smtp(tmp_path) -> Iterator[SmtpProcess]:
    server = SmtpProcess(tmp_path / "maildir").start()
    yield server
    server.stop()


def test_message_is_delivered_and_readable(smtp: SmtpProcess) -> None:
    cfg = SmtpConfig(port=smtp.port, sender="Waarborg <noreply@waarborg.test>", timeout=5)
    body = "Wij hebben uw klacht ontvangen. Zaaknummer K-2026-000042.\nÉén link: https://x/status/abc"
    mid = send(cfg, "anna@example.nl", "K-2026-000042: Klacht ontvangen / Complaint received", body)
    [msg] = smtp.messages()
    assert msg["To"] == "anna@example.nl" and msg["Message-ID"] == mid
    assert msg["Subject"] == "K-2026-000042: Klacht ontvangen / Complaint received"
    assert msg["Auto-Submitted"] == "auto-generated"
    text = msg.get_payload(decode=True).decode(msg.get_content_charset() or "utf-8")
    assert "Één link: https://x/status/abc" in text


def test_server_down_raises_then_succeeds_after_it_starts(tmp_path) -> None:
    port = free_port()
    cfg = SmtpConfig(port=port, timeout=2)
    with pytest.raises(MailDeliveryError, match=rf"mail server 127.0.0.1:{port} is unreachable") as err:
        send(cfg, "anna@example.nl", "Test", "body", message_id="<retry-1@waarborg.test>")
    assert err.value.transient and err.value.status == 503
    server = SmtpProcess(tmp_path / "maildir", port=port).start()
    try:
        send(cfg, "anna@example.nl", "Test", "body", message_id="<retry-1@waarborg.test>")
        assert [m["Message-ID"] for m in server.messages()] == ["<retry-1@waarborg.test>"]
    finally:
        server.stop()


def test_header_injection_is_refused() -> None:
    cfg = SmtpConfig()
    with pytest.raises(InvalidInput, match="subject: .* contains a line break"):
        build_message(cfg, "a@example.nl", "Hi\r\nBcc: victim@example.org", "body")
    with pytest.raises(InvalidInput, match="to: .* contains a line break"):
        build_message(cfg, "a@example.nl\nBcc: x@example.org", "Hi", "body")
