"""What the pages say: the navigation each role gets, codes shown in words, and ways back from forms."""

from __future__ import annotations

import re

from tests.classification_web.helpers import CV, entry_pk, form_for
from tests.register.helpers import create_entry, publish

AS_OF = "2026-12-07"


def _nav(html: str) -> list[str]:
    nav = re.search(r"<nav [^>]*>(.*?)</nav>", html, re.S)
    assert nav, "no <nav> on the page"
    return re.findall(r'<a href="([^"?]+)', nav.group(1))


def test_each_role_sees_only_the_places_it_may_open(client_for) -> None:
    must = {
        None: {"/register", "/classify", "/login"},
        "editor": {"/register", "/classify", "/org", "/org/cases"},
        "supervisor": {"/register", "/classify", "/supervisor", "/assessments", "/admin/auditlog"},
        "admin": {"/register", "/classify", "/admin/auditlog", "/admin"},
    }
    must_not = {
        None: {"/org", "/supervisor", "/admin"},
        "editor": {"/supervisor", "/admin", "/admin/auditlog"},
        "supervisor": {"/org", "/org/cases", "/admin"},
        "admin": {"/org", "/org/cases", "/supervisor"},  # admins have no organisation or oversight desk
    }
    for who, links in must.items():
        client = client_for(who)
        nav = _nav(client.get("/register").text)
        assert links <= set(nav) and not must_not[who] & set(nav), (who, nav)
        for href in nav:
            assert client.get(href).status_code == 200, (who, href)
        if who is not None:
            assert 'href="/account/tokens"' in client.get("/register").text


def test_admin_without_an_organisation_is_sent_to_the_list_of_organisations(client_for) -> None:
    admin = client_for("admin")
    r = admin.get("/org", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin"
    assert admin.get("/org?org=org-a").status_code == 200


def test_current_section_is_marked_in_the_navigation(client_for) -> None:
    editor = client_for("editor")
    assert '<a href="/org" aria-current="page">' in editor.get("/org").text
    assert '<a href="/register" aria-current="page">' in editor.get("/register").text


def test_admin_page_names_kinds_and_roles_in_words(client_for) -> None:
    page = client_for("admin").get("/admin?lang=nl").text
    assert "<td>Gemeente</td>" in page and "<td>Bank</td>" in page
    assert "<td>Redacteur</td>" in page and "<td>Goedkeurder</td>" in page and "<td>Beheerder</td>" in page
    assert '<option value="municipality" selected>Gemeente</option>' in page or (
        '<option value="municipality" >Gemeente</option>' in page
    )
    assert '<option value="approver" >Goedkeurder</option>' in page
    # every text box has a type, so it gets the same size as the others
    assert not re.findall(r"<input (?![^>]*\btype=)[^>]*>", page)


def test_audit_log_headers_are_translated(client_for) -> None:
    page = client_for("supervisor").get("/admin/auditlog?lang=nl").text
    assert '<th scope="col">Handeling</th>' in page and ">Action<" not in page


def test_dashboard_says_published_once(anon, client_for, token_for) -> None:
    ed, ap = token_for("editor"), token_for("approver")
    publish(anon, ed, ap, create_entry(anon, ed, name="Gepubliceerd systeem"))
    page = client_for("editor").get("/org?lang=nl").text
    row = re.search(r"Gepubliceerd systeem</a>.*?</tr>", page, re.S)
    assert row and row.group(0).count("Gepubliceerd") == 2  # the name, and the status once


def test_entry_form_leads_back(anon, client_for, token_for, database) -> None:
    entry = create_entry(anon, token_for("editor"), name="Terug te vinden")
    pk = entry_pk(database, entry["id"])
    editor = client_for("editor")
    page = editor.get(f"/org/entries/{pk}/edit?lang=nl").text
    assert f'<a href="/org/entries/{pk}">Terug te vinden</a>' in page
    assert f'<a class="button secondary" href="/org/entries/{pk}">Annuleren</a>' in page
    assert '<a class="button secondary" href="/org">Annuleren</a>' in editor.get("/org/entries/new").text


def test_classification_names_roles_status_and_steps_in_dutch(anon) -> None:
    page = anon.post_form("/classify?lang=nl", form_for(CV, action="classify", as_of=AS_OF)).text
    assert "<dd>Aanbieder, Gebruiksverantwoordelijke</dd>" in page
    assert "<td>Aanbieder</td>" in page and "<td>provider</td>" not in page
    md = anon.post_form("/classify?lang=nl", form_for(CV, action="md", as_of=AS_OF)).text
    assert "Rollen: Aanbieder, Gebruiksverantwoordelijke" in md
    assert "| Aanbieder | 2025-02-02 | Geldt |" in md
    assert "| provider |" not in md and "applicable |" not in md
    assert "| AI-systeem (art. 3(1)) | def-1-machine-based |" in md
    english = anon.post_form("/classify?lang=en", form_for(CV, action="md", as_of=AS_OF)).text
    assert "| Provider | 2025-02-02 | Applies |" in english


def test_error_pages_explain_in_the_users_language(client_for) -> None:
    denied = client_for("editor").get("/admin?lang=nl")
    assert denied.status_code == 403
    assert "<h1>Niet toegestaan</h1>" in denied.text
    assert "<p>Uw account heeft geen toegang tot deze pagina.</p>" in denied.text
    assert '<span lang="en">only admins manage organisations and users</span>' in denied.text
    anonymous = client_for(None).get("/org?lang=nl")
    assert anonymous.status_code == 401 and "<h1>Inloggen vereist</h1>" in anonymous.text
    assert '<a href="/login?next=/org">Inloggen</a>' in anonymous.text
    english = client_for("editor").get("/admin?lang=en").text
    assert (
        "<p>Your account has no access to this page.</p>" in english
        and 'lang="en"' not in english.split("<main")[1]
    )


def test_versions_page_has_a_note_column_and_crumbs(anon, client_for, token_for, database) -> None:
    entry = create_entry(anon, token_for("editor"), name="Met versies")
    pk = entry_pk(database, entry["id"])
    page = client_for("editor").get(f"/org/entries/{pk}/versions?lang=nl").text
    assert '<th scope="col">Toelichting</th>' in page and "Wat heeft u gewijzigd?" not in page
    assert f'<a href="/org">Mijn organisatie</a> › <a href="/org/entries/{pk}">Met versies</a>' in page


def test_tokens_page_says_what_a_token_is_for(client_for) -> None:
    page = client_for("editor").get("/account/tokens?lang=nl").text
    assert "Met een token gebruikt een script de API namens u" in page and 'href="/api/docs"' in page


def test_crumbs_lead_to_the_organisation(anon, client_for, token_for, database) -> None:
    ed, ap = token_for("editor"), token_for("approver")
    entry = publish(anon, ed, ap, create_entry(anon, ed, name="Met kruimels"))
    public = anon.get(f"/register/{entry['id']}?lang=nl").text
    assert '› <a href="/register?organisation=org-a">Gemeente Alfa</a>' in public
    assert "Met kruimels" in anon.get("/register?organisation=org-a").text
    pk = entry_pk(database, entry["id"])
    staff = client_for("admin").get(f"/org/entries/{pk}?lang=nl").text
    assert '<a href="/org?org=org-a">Mijn organisatie</a>' in staff


def test_audit_log_links_objects_for_admins(anon, client_for, token_for, database) -> None:
    entry = create_entry(anon, token_for("editor"), name="In het auditlog")
    pk = entry_pk(database, entry["id"])
    admin = client_for("admin")
    page = admin.get("/admin/auditlog").text
    assert f'<a href="/org/entries/{pk}"><code>entry:{pk}</code></a>' in page
    assert admin.get(f"/org/entries/{pk}").status_code == 200
    supervisor = client_for("supervisor").get("/admin/auditlog").text
    assert f"<code>entry:{pk}</code>" in supervisor and f'href="/org/entries/{pk}"' not in supervisor
