"""Sending e-mail over SMTP (smtplib) with a timeout.

``send`` either delivers the message to the server or raises ``MailDeliveryError`` whose ``transient``
flag tells the outbox worker whether a retry may help (server down, timeout, 4xx) or not (5xx refusal).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from waarborg.domain.errors import InvalidInput, WaarborgError


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "127.0.0.1"
    port: int = 25
    sender: str = "Waarborg <no-reply@waarborg.invalid>"
    timeout: float = 10.0
    starttls: bool = False
    username: str | None = None
    password: str | None = None


class MailDeliveryError(WaarborgError):
    """The message could not be handed to the SMTP server."""

    status = 503

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


def _no_newline(field: str, value: str) -> str:
    if "\n" in value or "\r" in value:
        raise InvalidInput.at(field, f"{value[:60]!r} contains a line break")
    return value


def build_message(
    config: SmtpConfig, to: str, subject: str, body: str, *, message_id: str | None = None
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = config.sender
    msg["To"] = _no_newline("to", to)
    msg["Subject"] = _no_newline("subject", subject)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id or make_msgid(domain="waarborg.invalid")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body, charset="utf-8")
    return msg


def _where(config: SmtpConfig) -> str:
    return f"{config.host}:{config.port}"


def send(config: SmtpConfig, to: str, subject: str, body: str, *, message_id: str | None = None) -> str:
    """Deliver one message; return its Message-ID. Raise MailDeliveryError on failure."""
    msg = build_message(config, to, subject, body, message_id=message_id)
    try:
        with smtplib.SMTP(config.host, config.port, timeout=config.timeout) as smtp:
            if config.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.username:
                smtp.login(config.username, config.password or "")
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        raise MailDeliveryError(
            f"mail server {_where(config)} refused recipient {to!r} (codes {codes})",
            transient=all(400 <= c < 500 for c in codes),
        ) from exc
    except smtplib.SMTPResponseException as exc:
        raise MailDeliveryError(
            f"mail server {_where(config)} answered {exc.smtp_code}: {exc.smtp_error!r:.120}",
            transient=400 <= exc.smtp_code < 500,
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise MailDeliveryError(
            f"mail server {_where(config)} is unreachable: {type(exc).__name__}: {exc}", transient=True
        ) from exc
    return str(msg["Message-ID"])
