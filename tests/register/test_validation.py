"""Bad input gets one error shape that names the field and the value; forms keep what was typed."""

from __future__ import annotations

from tests.register.helpers import entry_fields


def test_api_errors_name_field_and_value(anon, token_for):  # type: ignore[no-untyped-def]
    fields = entry_fields(
        name="x" * 101,
        status="busy",
        website="ftp://nope",
        begin_date="2024-13",
        themes=["work", "space"],
        bogus="y",
    )
    fields.pop("contact_email")
    r = anon.post("/api/v1/entries", json={"fields": fields}, headers=token_for("editor"))
    assert r.status_code == 422
    body = r.json()
    assert body["ok"] is False and body["status"] == 422
    assert set(body["errors"]) == {
        "bogus: unknown field (value 'y')",
        "name: 101 characters, at most 100 allowed",
        "status: 'busy' is not one of in_development, in_use, out_of_use",
        "website: 'ftp://nope' is not an http(s) URL",
        "begin_date: '2024-13' is not a month in the form YYYY-MM",
        "themes[1]: 'space' is not one of "
        + ", ".join(
            [
                "work",
                "health",
                "social_security",
                "traffic",
                "justice",
                "public_order",
                "education",
                "housing",
                "taxes",
                "migration",
                "environment",
                "economy",
                "government",
                "culture",
                "international",
                "other",
            ]
        ),
        "contact_email: required",
    }


def test_api_schema_errors_use_the_same_shape(anon, token_for):  # type: ignore[no-untyped-def]
    r = anon.post("/api/v1/entries", json={"fields": {}, "colour": "red"}, headers=token_for("editor"))
    assert r.status_code == 422
    assert r.json()["errors"] == ["colour: Extra inputs are not permitted (value 'red')"]
    r = anon.put(
        "/api/v1/entries/WB-00000000", json={"version": "two", "fields": {}}, headers=token_for("editor")
    )
    assert r.status_code == 422 and r.json()["errors"][0].startswith("version: ")


def test_not_found_and_unauthenticated_json(anon):  # type: ignore[no-untyped-def]
    r = anon.get("/api/v1/entries/WB-DOESNOTEXIST")
    assert r.status_code == 404 and r.json() == {
        "ok": False,
        "status": 404,
        "error": "entry WB-DOESNOTEXIST not found",
        "errors": ["entry WB-DOESNOTEXIST not found"],
    }
    r = anon.post("/api/v1/entries", json={"fields": entry_fields()})
    assert r.status_code == 401 and r.json()["error"] == "sign in first"
    r = anon.get("/api/v1/entries", headers={"Authorization": "Bearer wb_forged"})
    assert r.status_code == 401 and r.json()["error"] == "invalid or revoked API token"
    r = anon.get("/api/v1/entries?page_size=1000&risk_class=scary")
    assert r.status_code == 422
    assert "risk_class: 'scary' is not one of" in " ".join(r.json()["errors"])


def test_cookie_api_write_needs_csrf_header(client_for):  # type: ignore[no-untyped-def]
    c = client_for("editor")
    r = c.post("/api/v1/entries", json={"fields": entry_fields()})
    assert r.status_code == 403 and r.json()["errors"] == ["x-csrf-token: missing or wrong"]
    r = c.post("/api/v1/entries", json={"fields": entry_fields()}, headers={"X-CSRF-Token": c.csrf()})
    assert r.status_code == 201


def test_form_without_csrf_token_is_refused(client_for):  # type: ignore[no-untyped-def]
    c = client_for("editor")
    r = c.post("/org/entries/new", data=entry_fields(), follow_redirects=False)
    assert r.status_code == 403 and "security token" in r.text


def test_form_errors_show_beside_fields_and_keep_input(client_for):  # type: ignore[no-untyped-def]
    c = client_for("editor")
    form = entry_fields(
        name="Mijn systeem",
        goal="Een lange doelomschrijving die niet verloren mag gaan",
        begin_date="maart",
        themes="work",
    )
    form.pop("contact_email")
    r = c.post_form("/org/entries/new", form)
    assert r.status_code == 422
    assert 'id="e-begin_date"' in r.text and "is not a month in the form YYYY-MM" in r.text
    assert 'id="e-contact_email"' in r.text
    assert "Een lange doelomschrijving die niet verloren mag gaan" in r.text
    assert 'value="Mijn systeem"' in r.text and 'value="maart"' in r.text
    assert 'value="work" checked' in r.text


def test_html_error_pages_are_pages(anon):  # type: ignore[no-untyped-def]
    r = anon.get("/register/WB-NOPE", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "<h1>Pagina niet gevonden</h1>" in r.text
    r = anon.get("/org")
    assert r.status_code == 401 and 'href="/login?next=/org"' in r.text


def test_wrong_types_in_choice_fields_are_named_not_crashes(anon, token_for):  # type: ignore[no-untyped-def]
    r = anon.post(
        "/api/v1/entries",
        json={"fields": entry_fields(status=[0], publication_category={"a": 1})},
        headers=token_for("editor"),
    )
    assert r.status_code == 422
    assert "status: [0] is not one of in_development, in_use, out_of_use" in r.json()["errors"]
