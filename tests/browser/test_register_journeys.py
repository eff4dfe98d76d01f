"""Journeys through the register in a real Chromium, with an axe-core check on every page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.register.helpers import create_entry, publish


def test_citizen_searches_and_opens_an_entry_in_dutch_and_english(
    live_server, page, axe_check, anon, token_for
):
    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(
        anon,
        ed,
        name="Risicoscore bijstand",
        description_short="Schat het risico van een aanvraag.",
        internal_notes="GEHEIM-CANARY-123",
    )
    publish(anon, ed, ap, e)
    page.goto(f"{live_server}/register?lang=nl")
    expect(page.locator("h1")).to_have_text("Register van algoritmes en AI-systemen")
    axe_check(page)
    page.fill("#q", "risicoscore")
    page.click("form.search .field button")
    expect(page.locator("p.count")).to_have_text("1 resultaat")
    page.click("text=Risicoscore bijstand")
    expect(page.locator("h1")).to_have_text("Risicoscore bijstand")
    expect(page.locator("main")).to_contain_text("Korte omschrijving")
    assert "GEHEIM-CANARY-123" not in page.content()
    axe_check(page)
    page.click("a.lang-switch")
    expect(page.locator("main")).to_contain_text("Short description")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)
    page.goto(f"{live_server}/register")
    expect(page.locator("h1")).to_have_text("Public register of algorithms and AI systems")


def test_editor_creates_and_approver_publishes(live_server, page, axe_check, login, browser):
    login(page, "editor")
    expect(page).to_have_url(re.compile(r"/org$"))
    axe_check(page)
    page.click("text=Nieuwe registratie")
    axe_check(page)
    page.fill("#f-name", "Chatbot burgerzaken")
    page.fill("#f-description_short", "Beantwoordt vragen over paspoorten.")
    page.select_option("#f-status", "in_use")
    page.fill("#f-contact_email", "info@alfa.example")
    page.select_option("#f-publication_category", "impactful")
    page.click("form.stack > button[type=submit]")
    expect(page.locator("h1")).to_have_text("Chatbot burgerzaken")
    axe_check(page)
    page.click("text=Ter beoordeling aanbieden")
    expect(page.locator("p.meta")).to_contain_text("Ter beoordeling")
    # The editor cannot publish: there is no publish button for the editor's role and step.
    ctx2 = browser.new_context(locale="nl-NL", bypass_csp=True)
    approver = ctx2.new_page()
    login(approver, "approver")
    approver.click("text=Chatbot burgerzaken")
    approver.click("text=Publiceren")
    expect(approver.locator("p.meta")).to_contain_text("Gepubliceerd")
    approver.click("text=Bekijken in het openbare register")
    expect(approver.locator("h1")).to_have_text("Chatbot burgerzaken")
    axe_check(approver)
    ctx2.close()
