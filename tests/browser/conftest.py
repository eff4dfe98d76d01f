"""Browser journeys: Playwright driving Debian's Chromium against a live server on 127.0.0.1.

Fixtures: ``live_server`` (base URL of the app on a real port, same database as ``world``),
``browser`` (session-wide Chromium), ``page`` (a fresh context and page), ``login(page, role)`` and
``axe_check(page)`` (asserts zero axe-core violations on the current page).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, USERS, skip_or_fail

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_server(app, world) -> Iterator[str]:  # type: ignore[no-untyped-def]
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    if not server.started:
        pytest.fail("live server did not start")
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        skip_or_fail("Chromium not found: install Debian's chromium package (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (scripts/install --test)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="nl-NL", bypass_csp=True)  # lets axe-core be injected
    p = context.new_page()
    p.set_default_timeout(15000)
    yield p
    context.close()


@pytest.fixture
def login(live_server):  # type: ignore[no-untyped-def]
    def do(page, role: str) -> None:  # type: ignore[no-untyped-def]
        page.goto(f"{live_server}/login")
        page.fill("#email", USERS[role][0])
        page.fill("#password", PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_load_state()

    return do


@pytest.fixture
def axe_check():  # type: ignore[no-untyped-def]
    script = AXE.read_text("utf-8")

    def check(page) -> None:  # type: ignore[no-untyped-def]
        page.add_script_tag(content=script)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        assert not problems, f"axe-core violations on {page.url}:\n" + "\n".join(problems)

    return check
