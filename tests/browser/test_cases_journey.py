"""Remedies journey in a real Chromium: a citizen files a complaint in Dutch (no account), the organisation
answers, the citizen escalates, a supervisor orders withdrawal, and the public entry shows it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.register.helpers import create_entry, publish


def _staff_page(browser, live_server: str, email: str):  # type: ignore[no-untyped-def]
    from tests.conftest import PASSWORD

    ctx = browser.new_context(locale="nl-NL", bypass_csp=True)
    p = ctx.new_page()
    p.set_default_timeout(15000)
    p.goto(f"{live_server}/login")
    p.fill("#email", email)
    p.fill("#password", PASSWORD)
    p.click("form.stack button[type=submit]")
    p.wait_for_load_state()
    return ctx, p


def _step(p, label: str, reason: str | None = None) -> None:  # type: ignore[no-untyped-def]
    form = p.locator("form", has=p.get_by_role("button", name=label, exact=True))
    if reason is not None:
        form.locator("textarea").fill(reason)
    form.get_by_role("button", name=label, exact=True).click()
    p.wait_for_load_state()


def test_complaint_answer_escalation_withdrawal(
    live_server, page, browser, axe_check, anon, token_for
) -> None:
    ed, ap = token_for("editor"), token_for("approver")
    entry = create_entry(anon, ed, name="Risicoscore bijstand")
    publish(anon, ed, ap, entry)
    pid = entry["id"]

    # 1. A citizen files a complaint in Dutch from the public entry, without an account.
    page.goto(f"{live_server}/register/{pid}?lang=nl")
    page.get_by_role("link", name="Klacht indienen", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Klacht indienen over Risicoscore bijstand")
    axe_check(page)
    page.check("input[name=subject][value=decision]")
    page.fill(
        "#f-description", "Mijn uitkering is stopgezet op basis van een risicoscore die ik niet begrijp."
    )
    page.fill("#f-name", "Fatima El Amrani")
    page.fill("#f-email", "fatima@example.nl")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/status/[A-Za-z0-9_-]{43}\?new=1$"))
    expect(page.locator("h1")).to_contain_text("Uw zaak K-")
    expect(page.locator("#next-step")).to_contain_text("antwoordt uiterlijk")
    axe_check(page)
    status_url = page.url.split("?")[0]
    number = re.search(r"K-\d{4}-\d{6}", page.locator("h1").inner_text()).group(0)

    # 2. The organisation answers from its inbox.
    org_ctx, org = _staff_page(browser, live_server, "editor@a.example")
    org.goto(f"{live_server}/org/cases")
    axe_check(org)
    org.click(f"text={number}")
    expect(org.locator("main")).to_contain_text("Fatima El Amrani")
    _step(org, "Antwoord versturen", "Wij hebben uw dossier bekeken; de score is correct toegepast.")
    expect(org.locator("#case-state")).to_have_text("Beantwoord")
    org_ctx.close()

    # 3. The citizen reads the answer and escalates.
    page.goto(status_url)
    expect(page.locator("main")).to_contain_text("de score is correct toegepast")
    _step(
        page, "Doorzetten (niet tevreden)", "Ik ben het niet eens: de score discrimineert op mijn postcode."
    )
    expect(page.locator("#case-state")).to_have_text("Doorgezet naar de toezichthouder")

    # 4. A supervisor takes it up, opens an investigation and orders withdrawal.
    sup_ctx, sup = _staff_page(browser, live_server, "supervisor@test.example")
    sup.goto(f"{live_server}/supervisor")
    axe_check(sup)
    sup.locator("section[aria-labelledby=ws-esc] a").first.click()
    expect(sup.locator("main")).to_contain_text("Fatima El Amrani")  # escalated: the supervisor handles it
    _step(sup, "In onderzoek nemen")
    _step(sup, "Onderzoek openen", "Mogelijke indirecte discriminatie op postcode.")
    sup.locator("text=/O-\\d{4}-\\d{6}/").first.click()
    expect(sup.locator("h1")).to_contain_text("Onderzoek")
    sup.select_option("#m-kind", "withdrawal")
    sup.check("input[name=legal_basis][value=ai-act-79]")
    sup.fill("#m-reasoning", "Het systeem maakt indirect onderscheid naar postcode zonder rechtvaardiging.")
    sup.fill("#m-public", "Uit de handel genomen op last van de toezichthouder.")
    sup.click("text=Maatregel opleggen")
    expect(sup.locator("main")).to_contain_text("Uit de handel nemen")
    sup_ctx.close()

    # 5. The public entry shows the withdrawal; the complainant's details appear nowhere public.
    page.goto(f"{live_server}/register/{pid}")
    expect(page.locator(".alert.danger")).to_contain_text(
        "Uit de handel genomen op last van de toezichthouder."
    )
    axe_check(page)
    assert "Fatima" not in page.content() and "fatima@example.nl" not in page.content()
