"""Journey: the welfare-fraud IAMA is written, signed off by an approver, and a citizen sees only the
public summary and the public part of the report."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.assessments.conftest import INTERNAL_CANARY, SUPERVISOR_CANARY
from tests.assessments.helpers import complete_iama_answers
from tests.register.helpers import create_entry, entry_pk, publish


def test_welfare_iama_signed_off_and_citizen_sees_public_summary(
    live_server, page, axe_check, login, browser, anon, token_for, world
):
    ed, ap = token_for("editor"), token_for("approver")
    entry = create_entry(anon, ed, name="Risicomodel bijstandsfraude", roles=["deployer"])
    publish(anon, ed, ap, entry)
    pk = entry_pk(world.db, entry["id"])

    login(page, "editor")
    page.goto(f"{live_server}/org/entries/{pk}")
    expect(page.locator("#asm-title")).to_have_text("Mensenrechtentoetsen")
    page.click("text=IAMA starten")
    expect(page.locator("h1")).to_have_text("Impact Assessment Mensenrechten en Algoritmes (IAMA)")
    axe_check(page)
    aid = page.url.rstrip("/").rsplit("/", 1)[1]
    # Most answers come in through the API (as an import would); the rest is typed in the form.
    answers = {**complete_iama_answers(), "2B.3": SUPERVISOR_CANARY, "2A.4": INTERNAL_CANARY}
    del answers["1.1"]
    r = anon.put(
        f"/api/v1/assessments/{aid}",
        json={"answers": answers, "answer_visibility": {"2A.4": "internal"}},
        headers=ed,
    )
    assert r.status_code == 200, r.text
    page.click("text=Antwoorden bewerken")
    axe_check(page)
    page.fill("#q-1-1", "Handmatige controles missen fraude; het model helpt dossiers te kiezen.")
    page.fill(
        "#f-summary",
        "De gemeente toetste het risicomodel op mensenrechten. Elke selectie wordt door een mens beoordeeld.",
    )
    page.fill("#f-review", "2027-12-01")
    page.click("form.stack > button[type=submit]")
    expect(page.locator("main")).to_contain_text("Alle verplichte vragen zijn beantwoord.")
    page.click("text=Ter beoordeling aanbieden")
    expect(page.locator("p.meta").first).to_contain_text("Ter beoordeling")

    ctx2 = browser.new_context(locale="nl-NL", bypass_csp=True)
    approver = ctx2.new_page()
    login(approver, "approver")
    approver.goto(f"{live_server}/assessments/{aid}")
    approver.click("text=Goedkeuren en ondertekenen")
    expect(approver.locator("p.meta").first).to_contain_text("Goedgekeurd")
    expect(approver.locator("p.meta").first).to_contain_text("approver@a.example")
    axe_check(approver)
    ctx2.close()

    ctx3 = browser.new_context(locale="nl-NL", bypass_csp=True)
    citizen = ctx3.new_page()
    citizen.goto(f"{live_server}/register/{entry['id']}")
    panel = citizen.locator("section.assessments")
    expect(panel).to_contain_text("Uitgevoerd en goedgekeurd op")
    expect(panel).to_contain_text("Elke selectie wordt door een mens beoordeeld.")
    axe_check(citizen)
    citizen.click("text=Lees het openbare rapport")
    expect(citizen.locator("h1")).to_have_text("Impact Assessment Mensenrechten en Algoritmes (IAMA)")
    expect(citizen.locator("main")).to_contain_text("Handmatige controles missen fraude")
    content = citizen.content()
    assert SUPERVISOR_CANARY not in content and INTERNAL_CANARY not in content
    assert "Deel 2B" not in content  # a supervisor-only section
    axe_check(citizen)
    ctx3.close()
