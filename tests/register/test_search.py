"""Public register search: full text, filters, pagination; the HTML list and the API agree."""

from __future__ import annotations

import re

import pytest

from tests.register.helpers import create_entry, publish


@pytest.fixture
def published(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    edb, apb = token_for("editor_b"), token_for("approver_b")
    made = {}
    for name, extra, (e, a) in [
        ("Risicoscore bijstand", {"themes": ["social_security"], "risk_class": "high-risk"}, (ed, ap)),
        (
            "Chatbot burgerzaken",
            {"themes": ["government"], "risk_class": "transparency", "publication_category": "impactful"},
            (ed, ap),
        ),
        (
            "Kredietbeoordeling leningen",
            {"themes": ["taxes"], "risk_class": "high-risk", "status": "in_development"},
            (edb, apb),
        ),
        (
            "Roosterplanning zorg",
            {
                "themes": ["health", "work"],
                "risk_class": "not-ai-system",
                "publication_category": "other",
                "description_short": "Vaste regels, geen AI.",
            },
            (edb, apb),
        ),
    ]:
        made[name] = publish(anon, e, a, create_entry(anon, e, name=name, **extra))["id"]
    create_entry(anon, ed, name="Onzichtbaar concept")
    return made


def _api_ids(anon, **params):  # type: ignore[no-untyped-def]
    r = anon.get("/api/v1/entries", params=params)
    assert r.status_code == 200, r.text
    return {i["id"] for i in r.json()["items"]}, r.json()["total"]


def _html_ids(anon, **params):  # type: ignore[no-untyped-def]
    r = anon.get("/register", params=params)
    assert r.status_code == 200
    return set(re.findall(r'href="/register/(WB-[0-9A-F]+)"', r.text))


@pytest.mark.parametrize(
    "params, expected",
    [
        (
            {},
            {
                "Risicoscore bijstand",
                "Chatbot burgerzaken",
                "Kredietbeoordeling leningen",
                "Roosterplanning zorg",
            },
        ),
        ({"q": "risicoscore"}, {"Risicoscore bijstand"}),
        ({"q": "krediet"}, {"Kredietbeoordeling leningen"}),  # prefix match
        ({"q": "bank beta"}, {"Kredietbeoordeling leningen", "Roosterplanning zorg"}),  # organisation name
        ({"q": "vaste regels"}, {"Roosterplanning zorg"}),
        ({"q": "onzichtbaar"}, set()),  # drafts are never found
        ({"organisation": "org-a"}, {"Risicoscore bijstand", "Chatbot burgerzaken"}),
        ({"risk_class": "high-risk"}, {"Risicoscore bijstand", "Kredietbeoordeling leningen"}),
        ({"theme": "work"}, {"Roosterplanning zorg"}),
        ({"status": "in_development"}, {"Kredietbeoordeling leningen"}),
        ({"publication_category": "impactful"}, {"Chatbot burgerzaken"}),
        ({"q": "risicoscore", "organisation": "org-b"}, set()),
    ],
)
def test_filters_html_and_api_agree(anon, published, params, expected):  # type: ignore[no-untyped-def]
    want = {published[n] for n in expected}
    ids, total = _api_ids(anon, **params)
    assert ids == want and total == len(want)
    assert _html_ids(anon, **params) == want


def test_pagination(anon, published):  # type: ignore[no-untyped-def]
    first, total = _api_ids(anon, page_size=3)
    second, _ = _api_ids(anon, page_size=3, page=2)
    assert total == 4 and len(first) == 3 and len(second) == 1 and not first & second
    page = anon.get("/register", params={"page_size": 3, "lang": "en"}).text
    assert "Page 1 of 2" in page and 'rel="next"' in page


def test_bad_filter_values_are_named(anon, published):  # type: ignore[no-untyped-def]
    r = anon.get("/register", params={"theme": "astrology", "page": "zero"})
    assert r.status_code == 422
    assert "theme: &#39;astrology&#39; is not one of" in r.text and "page: &#39;zero&#39;" in r.text


def test_open_data_contains_every_published_entry(anon, published):  # type: ignore[no-untyped-def]
    data = anon.get("/register/open-data.json").json()
    assert {e["id"] for e in data["entries"]} == set(published.values())
    csv_text = anon.get("/register/open-data.csv").text
    assert csv_text.splitlines()[0].startswith("id,organisation,organisation_slug,published_at")
    assert len(csv_text.strip().splitlines()) == 5


def test_csv_neutralises_spreadsheet_formulas(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    publish(anon, ed, ap, create_entry(anon, ed, name='=HYPERLINK("http://evil")', goal="+cmd|' /C calc'!A0"))
    text = anon.get("/register/open-data.csv").text
    assert "'=HYPERLINK" in text and "'+cmd" in text


def test_text_only_count_matches_the_full_count_after_retraction(anon, token_for, published):  # type: ignore[no-untyped-def]
    """The SQLite fast count reads the FTS index; it must track publication and retraction exactly."""
    ap = token_for("approver")
    many = [create_entry(anon, token_for("editor"), name=f"Zoekbaar systeem {i}") for i in range(27)]
    for e in many:
        publish(anon, token_for("editor"), ap, e)
    _, total = _api_ids(anon, q="zoekbaar")
    assert total == 27
    r = anon.post(f"/api/v1/entries/{many[0]['id']}/transitions", json={"action": "retract"}, headers=ap)
    assert r.status_code == 200
    ids, total = _api_ids(anon, q="zoekbaar")
    assert total == 26 and len(ids) == 25
    _, total = _api_ids(anon, q="zoekbaar", organisation="org-a")
    assert total == 26
