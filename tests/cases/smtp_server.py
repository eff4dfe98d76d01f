"""A real SMTP server in a separate process (``python -m aiosmtpd`` with the Mailbox handler) for tests."""

from __future__ import annotations

import mailbox
import socket
import subprocess
import sys
import time
from email.message import Message
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpProcess:
    def __init__(self, maildir: Path, port: int | None = None) -> None:
        self.maildir, self.port = maildir, port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15.0) -> SmtpProcess:
        cmd = [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{self.port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(self.maildir),
        ]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"aiosmtpd exited with {self.proc.returncode}: {err}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    if s.recv(3) == b"220":
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"aiosmtpd did not answer on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None

    def messages(self) -> list[Message]:
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(self.maildir, create=False)
        return [box.get_message(key) for key in box.iterkeys()]
