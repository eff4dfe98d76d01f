"""Every internal link a user can see answers: no 404 or 500 behind the navigation or on the main pages.

Loads the demo data (without the slow bias-audit run), signs in as each kind of user and follows the links
on the pages reachable from the navigation, two clicks deep, in Dutch. Each page is also checked for
message keys shown raw (a missing translation renders its key, e.g. ``audits.something``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from waarborg.services import demo
from waarborg.web.i18n import messages

BASE = "http://testserver"
ROLES = {
    "anon": None,
    "editor": "editor@uitkeringsdienst.example",
    "approver": "approver@uitkeringsdienst.example",
    "editor_bank": "editor@noordbank.example",
    "supervisor": "supervisor@toezicht.example",
    "admin": "admin@waarborg.example",
}
# Links that are not pages to browse: downloads (slow to render, checked elsewhere) and the API explorer.
SKIP = re.compile(r"\.(pdf|csv|json|md)$|^/api/|^/register/export/|/attachments/|/evidence/")
KNOWN_RAW: set[tuple[str, str]] = set()  # (masked path, raw key) pairs known and reported elsewhere
PER_TEMPLATE = 2  # pages of one kind (same path once ids are masked) that are followed
NAMESPACES = sorted({key.split(".")[0] for key in messages()})
_ALTERNATIVES = "|".join(map(re.escape, NAMESPACES))
RAW_KEY = re.compile(rf"\b(?:{_ALTERNATIVES})\.[a-z0-9_]+(?:\.[a-z0-9_-]+)*\b")


class _Page(HTMLParser):
    """The hrefs of a page, its <nav> hrefs, and its visible text outside <code>, <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav: list[str] = []
        self.text: list[str] = []
        self._skip = 0
        self._in_nav = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "script", "style", "title"):
            self._skip += 1
        elif tag == "nav":
            self._in_nav += 1
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
                if self._in_nav:
                    self.nav.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "script", "style", "title"):
            self._skip -= 1
        elif tag == "nav":
            self._in_nav -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _internal(page_url: str, href: str) -> str | None:
    url = urldefrag(urljoin(page_url, href))[0]
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != BASE or SKIP.search(parts.path) or "lang=" in parts.query:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _template(path: str) -> str:
    path = urlsplit(path).path
    return re.sub(r"/(WB-[0-9A-F]+|\d+|[0-9a-f]{16,})(?=/|$)", "/{id}", path)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):  # type: ignore[no-untyped-def]
    from waarborg.settings import Settings
    from waarborg.storage.db import Database
    from waarborg.storage.migrate import create_all
    from waarborg.web.app import create_app

    tmp = tmp_path_factory.mktemp("links")
    db = Database(f"sqlite:///{tmp / 'demo.db'}")
    create_all(db.engine)
    fast = tuple(ref for ref in demo.DEMO_EXTENSIONS if "audits_demo" not in ref)
    original, demo.DEMO_EXTENSIONS = demo.DEMO_EXTENSIONS, fast
    try:
        demo.load(db)
    finally:
        demo.DEMO_EXTENSIONS = original
    settings = Settings(
        environment="test",
        database_url=f"sqlite:///{tmp / 'demo.db'}",
        secret_key="links-test-" + "x" * 32,
        data_dir=tmp / "data",
        evidence_dir=tmp / "evidence",
        _env_file=None,
    )  # type: ignore[call-arg]
    yield create_app(settings, db)
    db.engine.dispose()


def _client(app, email: str | None) -> TestClient:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    c.cookies.set("lang", "nl")
    if email:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
        r = c.post(
            "/login",
            data={"csrf_token": token, "email": email, "password": demo.DEMO_PASSWORD},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    return c


@pytest.mark.parametrize("role", list(ROLES))
def test_every_link_on_the_main_pages_answers(demo_app, role: str) -> None:  # type: ignore[no-untyped-def]
    client = _client(demo_app, ROLES[role])
    start = client.get("/register")
    assert start.status_code == 200
    nav = [u for u in (_internal(f"{BASE}/register", h) for h in _parse(start.text).nav) if u]
    assert "/register" in nav and "/classify" in nav

    seen: dict[str, int] = {}
    per_template: dict[str, int] = {}
    problems: list[str] = []
    frontier = [("/register", "start")] + [(u, "navigation") for u in nav]
    for depth in range(3):  # the navigation, then what it links to, then one click further
        following: list[tuple[str, str]] = []
        for path, source in frontier:
            if path in seen:
                continue
            key = _template(path)
            if per_template.get(key, 0) >= PER_TEMPLATE:
                continue
            per_template[key] = per_template.get(key, 0) + 1
            r = client.get(path, follow_redirects=True)
            seen[path] = r.status_code
            if r.status_code >= 400:
                problems.append(f"{path} (linked from {source}): {r.status_code}")
                continue
            if "text/html" not in r.headers.get("content-type", ""):
                continue
            page = _parse(r.text)
            raw = sorted(k for k in set(RAW_KEY.findall(" ".join(page.text))) if (key, k) not in KNOWN_RAW)
            if raw:
                problems.append(f"{path}: message keys shown raw: {raw}")
            if depth < 2:
                following += [(u, path) for u in (_internal(str(r.url), h) for h in page.links) if u]
        frontier = following
    assert not problems, f"as {role}:\n" + "\n".join(problems)
    assert len(seen) >= 8, f"as {role} only {sorted(seen)} were reached"
