"""Navigation and layout as a person sees them: every menu item opens, buttons are not list items."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.register.helpers import create_entry, entry_pk, publish


def test_complaint_buttons_have_no_bullets(live_server, page, anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    entry = publish(anon, ed, ap, create_entry(anon, ed, name="Chatbot burgerzaken"))
    page.goto(f"{live_server}/register/{entry['id']}?lang=nl")
    actions = page.locator("ul.actions").first
    expect(actions.locator("a.button").first).to_have_text("Klacht indienen")
    assert actions.evaluate("el => getComputedStyle(el).listStyleType") == "none"
    assert actions.evaluate("el => getComputedStyle(el).paddingLeft") == "0px"


def test_admin_menu_items_all_open(live_server, page, login, axe_check):  # type: ignore[no-untyped-def]
    login(page, "admin")
    page.goto(f"{live_server}/register?lang=nl")
    items = page.locator("header nav a:not(.lang-switch)")
    hrefs = [items.nth(i).get_attribute("href") for i in range(items.count())]
    assert {"/register", "/classify", "/admin/auditlog", "/admin"} <= set(hrefs)
    assert not {"/org", "/supervisor"} & set(hrefs)  # an admin has no organisation or oversight desk
    for href in hrefs:
        response = page.goto(f"{live_server}{href}")
        assert response is not None and response.status == 200, href
    expect(page.locator("header nav a[aria-current=page]")).to_have_text("Beheer")
    # The add-organisation form: text boxes as wide as the e-mail box, one control per line.
    slug, email = page.locator("#o-slug").bounding_box(), page.locator("#u-email").bounding_box()
    assert slug and email and slug["width"] == email["width"] and slug["height"] == email["height"]
    axe_check(page)


def test_entry_and_dashboard_fit_a_phone_screen(live_server, page, login, anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    long_word = "https://algoritmes.alfa.example/registratie/risicoscore-bijstand-onrechtmatigheid-2026"
    entry = publish(anon, ed, ap, create_entry(anon, ed, description_short=f"Zie {long_word} voor uitleg."))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/register/{entry['id']}?lang=nl")
    expect(page.locator("main")).to_contain_text(long_word)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    login(page, "editor")
    page.goto(f"{live_server}/org")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_fria_form_with_answer_tables_fits_the_window(live_server, page, login, anon, token_for, world):  # type: ignore[no-untyped-def]
    entry = create_entry(anon, token_for("editor"), name="Risicomodel toeslagen", roles=["deployer"])
    pk = entry_pk(world.db, entry["id"])
    login(page, "editor")
    page.goto(f"{live_server}/org/entries/{pk}")
    page.click("text=FRIA starten")
    page.goto(page.url.rstrip("/") + "/edit")
    expect(page.locator("main table").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_login_boxes_are_the_same_width(live_server, page):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server}/login")
    email, password = page.locator("#email").bounding_box(), page.locator("#password").bounding_box()
    assert email and password and email["width"] == password["width"]


def test_supervisor_menu_fits_one_line_on_a_laptop(live_server, page, world):  # type: ignore[no-untyped-def]
    from tests.conftest import PASSWORD
    from waarborg.services import accounts
    from waarborg.services.bootstrap import cli_actor
    from waarborg.services.unit import unit

    email = "supervisor@toezicht.example"  # as long as the demo's
    with unit(world.db) as s:
        accounts.create_user(
            s, cli_actor("test"), email=email, password=PASSWORD, role="supervisor", org_slug=None
        )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server}/login?lang=nl")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.goto(f"{live_server}/register?lang=nl")
    expect(page.locator("header nav a[href='/admin/auditlog']")).to_be_visible()
    brand, nav = page.locator("header .brand").bounding_box(), page.locator("header nav").bounding_box()
    assert brand and nav and nav["height"] < 30 and abs(nav["y"] - brand["y"]) < 10
