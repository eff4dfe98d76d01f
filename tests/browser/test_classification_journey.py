"""Journey: an editor answers the questionnaire for a CV-screening system, sees the result and saves it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.classification_web.helpers import entry_pk, new_entry


def _yes(page, qid: str) -> None:  # type: ignore[no-untyped-def]
    page.check(f'input[name="q.{qid}"][value="yes"]')


def test_editor_classifies_cv_screening_and_saves_it(
    live_server, page, axe_check, login, anon, token_for, world
):
    e = new_entry(anon, token_for("editor"), name="CV-selectie werving", roles=["deployer"])
    pk = entry_pk(world.db, e["id"])
    login(page, "editor")
    page.goto(f"{live_server}/org/entries/{pk}")
    page.click("text=Dit systeem classificeren")
    expect(page.locator("h1")).to_have_text("Classificeren: CV-selectie werving")
    expect(page.locator('input[name="q.activities"][value="use"]')).to_be_checked()  # from the entry's roles
    axe_check(page)
    for qid in (
        "machine_based",
        "autonomy",
        "objectives",
        "infers_outputs",
        "influences_environment",
        "significant_effect",
        "profiling",
    ):
        _yes(page, qid)
    page.check('input[name="q.output_types"][value="predictions"]')
    page.check('input[name="q.annex_iii_points"][value="4(a)"]')
    expect(page.locator('input[name="q.decisions_about_persons"]')).to_have_count(0)
    expect(page.locator('input[name="q.emotion_context"]')).to_have_count(0)
    page.click('button[value="update"]')
    # Annex III chosen: the follow-up question now appears, earlier answers are kept.
    expect(page.locator('input[name="q.annex_iii_points"][value="4(a)"]')).to_be_checked()
    _yes(page, "decisions_about_persons")
    axe_check(page)
    page.click('button[value="classify"]')
    expect(page.locator("#risk-class")).to_have_text("Hoog risico")
    expect(page.locator("ul.legal-basis")).to_contain_text("bijlage III punt 4(a)")
    expect(page.locator("table.obligations")).to_contain_text("Art. 26(1)")
    expect(page.locator("table.trace")).to_contain_text("hr-annex-iii-4a")
    axe_check(page)
    page.click('button[value="save"]')
    expect(page).to_have_url(re.compile(rf"/org/entries/{pk}/classification$"))
    expect(page.locator("#risk-class")).to_have_text("Hoog risico")
    expect(page.locator("main")).to_contain_text("editor@a.example")
    axe_check(page)
    page.click("p.crumbs >> text=CV-selectie werving")
    panel = page.locator("section.classification-panel")
    expect(panel).to_contain_text("Hoog risico")
    expect(panel).to_contain_text("eu-ai-act@")
    expect(page.locator("main")).to_contain_text("Risicoklasse (AI-verordening)")
    axe_check(page)
