"""Compliance journey in a real Chromium: an editor works through the measures of a CV-screening system
with evidence, an approver accepts them, and the dashboard shows the system compliant for the
obligations that apply today."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.compliance.helpers import checklist, cv_entry, patch

IN_BROWSER = (
    "aia-04-ai-literacy.plan",
    "aia-04-ai-literacy.training-records",
    "aia-04-ai-literacy.system-briefing",
)


def complete_by_api(
    anon: Any, ed: dict[str, str], ap: dict[str, str], entry_id: str, skip: tuple[str, ...]
) -> None:
    """Every measure that binds today, except ``skip``: submitted by the editor, accepted by the approver."""
    data = checklist(anon, ed, entry_id)
    today = date.today().isoformat()
    for item in data["items"]:
        if item["applicability"] != "applicable" or (item["applies_from"] or "") > today:
            continue
        for m in item["measures"]:
            if m["measure_id"] in skip or m["status"] == "done":
                continue
            r = patch(anon, ed, entry_id, m["measure_id"], version=m["version"], status="in_review")
            assert r.status_code == 200, r.text
            r = patch(
                anon, ap, entry_id, m["measure_id"], version=r.json()["measure"]["version"], status="done"
            )
            assert r.status_code == 200, r.text


def test_editor_completes_reviewer_accepts_dashboard_compliant(
    live_server, page, browser, login, axe_check, anon, token_for, world, tmp_path: Path
):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    entry = cv_entry(anon, ed, world.db)
    complete_by_api(anon, ed, ap, entry["id"], IN_BROWSER)
    evidence = tmp_path / "training.pdf"
    evidence.write_bytes(b"%PDF-1.7\n% AI literacy training records\n%%EOF\n")

    login(page, "editor")
    page.goto(f"{live_server}/compliance/entries/{entry['id']}?lang=nl")
    expect(page.locator("#compliance-status")).to_contain_text("Voldoet nog niet")
    axe_check(page)
    for mid in IN_BROWSER:
        li = page.locator(f'li[data-measure="{mid}"]')
        li.locator("summary").click()
        li.locator("input[type=file]").set_input_files(str(evidence))
        li.locator("form[enctype] button[type=submit]").click()
        li = page.locator(f'li[data-measure="{mid}"]')
        expect(li.locator("ul.evidence")).to_contain_text("training.pdf")
        li.locator("summary").click()
        li.locator("select[name=status]").select_option("in_review")
        li.locator("input[name=owner]").fill("editor@a.example")
        li.locator("form:not([enctype]) button[type=submit]").click()
        expect(page.locator(f'li[data-measure="{mid}"] .measure-status')).to_have_text("Ter beoordeling")
        # the editor has no way to accept: 'Gereed' is not offered
        assert page.locator(f'li[data-measure="{mid}"] select[name=status] option[value=done]').count() == 0

    reviewer_ctx = browser.new_context(locale="nl-NL", bypass_csp=True)
    reviewer = reviewer_ctx.new_page()
    login(reviewer, "approver")
    reviewer.goto(f"{live_server}/compliance/entries/{entry['id']}?lang=nl")
    for mid in IN_BROWSER:
        li = reviewer.locator(f'li[data-measure="{mid}"]')
        li.locator("summary").click()
        li.locator("select[name=status]").select_option("done")
        li.locator("form:not([enctype]) button[type=submit]").click()
        expect(reviewer.locator(f'li[data-measure="{mid}"] .measure-status')).to_have_text("Gereed")
    expect(reviewer.locator("#compliance-status")).to_contain_text("Voldoet aan de verplichtingen")
    reviewer.goto(f"{live_server}/compliance?lang=nl")
    row = reviewer.locator(f'tr[data-entry="{entry["id"]}"]')
    expect(row.locator(".compliant-cell")).to_have_text("Ja")
    axe_check(reviewer)
    # the Annex III duties (FRIA, Art. 26) start on 2027-12-02: not compliant on that date yet
    reviewer.goto(f"{live_server}/compliance?lang=en&today=2027-12-02")
    expect(reviewer.locator(f'tr[data-entry="{entry["id"]}"] .compliant-cell')).to_have_text("No")
    reviewer_ctx.close()
