"""Audit pages speak the page language: findings, severity, threshold source, report window; dashboard limit."""

from __future__ import annotations

import re
from html import escape

from tests.audits_web.helpers import upload_log
from tests.register.helpers import create_entry


def _audit(anon, ed, entry_id, **mapping):  # type: ignore[no-untyped-def]
    r = upload_log(anon, ed, entry_id, **mapping)
    assert r.status_code == 202, r.text
    return anon.get(r.json()["status_url"], headers=ed).json()["audit"]


def _pk(client, audit_id):  # type: ignore[no-untyped-def]
    page = client.get(f"/org/audits/{audit_id}").text
    return re.search(r'href="/org/entries/(\d+)/audits"', page).group(1)  # type: ignore[union-attr]


def test_findings_severity_and_source_in_dutch(anon, token_for, client_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    audit = _audit(anon, ed, e["id"])
    page = client_for("editor")
    nl = page.get(f"/org/audits/{audit['id']}?lang=nl").text
    en = page.get(f"/org/audits/{audit['id']}?lang=en").text
    assert ">high<" not in nl and ">medium<" not in nl
    assert ">Hoog<" in nl or ">Middel<" in nl
    first_nl = escape(audit["result"]["findings"][0]["message_nl"], quote=False)
    first_en = escape(audit["result"]["findings"][0]["message"], quote=False)
    assert first_nl in nl and first_en not in nl
    assert first_en in en
    items = anon.get("/api/v1/findings", headers=ed).json()["items"]
    assert items and all(f["message_nl"] for f in items)
    entry_page = page.get(f"/org/entries/{_pk(page, audit['id'])}/audits?lang=nl").text
    assert "Herkomst van de drempels: standaardwaarden" in entry_page


def test_report_window_translated_and_links_back(anon, token_for, client_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    audit = _audit(anon, ed, e["id"], time="date", window="quarter")
    assert audit["status"] == "done", audit
    report = client_for("editor").get(f"/org/audits/{audit['id']}/report?lang=nl").text
    assert "kwartaal (date)" in report and "quarter" not in report
    assert f'href="/org/audits/{audit["id"]}"' in report and "<script" not in report


def test_dashboard_shows_ten_findings_and_links_the_rest(anon, token_for, client_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    total = 0
    while total <= 10:
        audit = _audit(anon, ed, e["id"])
        total += audit["findings"]
    client = client_for("editor")
    pk = _pk(client, audit["id"])
    html = client.get("/org?lang=nl").text
    panel = html.split("Open bevindingen uit bias-audits")[1].split("</section>")[0]
    assert f"({total})" in panel
    assert panel.count("#finding-") == 10
    assert f'href="/org/entries/{pk}/audits"' in panel and f"{total} open" in panel
