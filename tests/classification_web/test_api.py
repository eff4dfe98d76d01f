"""The classification API: stateless classify, schema, save for an entry, current + history."""

from __future__ import annotations

from tests.classification_web.helpers import CV, MINIMAL, example, new_entry
from tests.register.helpers import publish


def test_stateless_classify_returns_the_contract_json(anon):
    r = anon.post("/api/v1/classify", json={"profile": CV, "as_of": "2026-12-07"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] is True and body["ruleset"] == "eu-ai-act@2026.12" and body["as_of"] == "2026-12-07"
    assert body["risk_class"] == "high-risk"
    assert body["high_risk"]["route"] == "annex-iii" and body["high_risk"]["point"] == "4(a)"
    assert {"provider", "deployer"} <= set(body["roles"])
    assert any(o["article"].startswith("Art. 26") and o["holder"] == "deployer" for o in body["obligations"])
    for key in (
        "ai_system",
        "in_scope",
        "exclusion",
        "prohibited",
        "derogation",
        "transparency",
        "gpai",
        "legacy",
        "convention",
        "trace",
    ):
        assert key in body
    assert {"step", "rule", "article", "outcome", "source"} <= set(body["trace"][0])
    assert "annex_iii_points" in body["relevant_questions"]


def test_stateless_classify_of_the_examples(anon):
    expected = {
        "live-facial-recognition": "prohibited",
        "welfare-fraud-scoring": "high-risk",
        "citizen-chatbot": "transparency",
        "decision-table": "not-ai-system",
    }
    for name, risk in expected.items():
        r = anon.post("/api/v1/classify", json={"profile": example(name), "as_of": "2026-12-07"})
        assert r.status_code == 200 and r.json()["risk_class"] == risk, (name, r.text[:300])


def test_bad_profile_is_422_naming_fields(anon):
    r = anon.post(
        "/api/v1/classify",
        json={"profile": {"machine_based": "ja", "annex_iii_points": "4(a)", "colour": "blue"}},
    )
    assert r.status_code == 422
    body = r.json()
    assert body["ok"] is False and body["status"] == 422
    assert any(
        e.startswith("profile.machine_based: expected true or false, got 'ja'") for e in body["errors"]
    )
    assert any(e.startswith("profile.annex_iii_points:") for e in body["errors"])
    assert any(e.startswith("profile.colour: unknown question") for e in body["errors"])
    r = anon.post("/api/v1/classify", json={"profile": CV, "as_of": "7 December"})
    assert r.status_code == 422 and r.json()["errors"][0].startswith("as_of:")
    r = anon.post("/api/v1/classify", json={"profile": CV, "ruleset": "eu-ai-act@1.0"})
    assert r.status_code == 422 and r.json()["errors"][0].startswith("ruleset:")
    r = anon.post("/api/v1/classify", json={"profile": CV, "extra": 1})
    assert r.status_code == 422 and r.json()["errors"][0].startswith("extra:")


def test_schema_lists_questions_with_sources(anon):
    body = anon.get("/api/v1/classify/schema").json()
    assert body["schema"]["properties"]["annex_iii_points"]["items"]["enum"][0] == "1(a)"
    q = next(q for q in body["questions"] if q["id"] == "infers_outputs")
    assert q["text"]["nl"] and q["source"]["article"] == "Art. 3(1)" and q["source"]["url"].startswith("http")


def test_save_for_entry_and_read_history(anon, token_for):
    ed = token_for("editor")
    e = new_entry(anon, ed)
    r = anon.post(
        f"/api/v1/entries/{e['id']}/classification",
        json={"profile": MINIMAL, "as_of": "2026-12-07"},
        headers=ed,
    )
    assert r.status_code == 201, r.text
    r = anon.post(
        f"/api/v1/entries/{e['id']}/classification",
        json={"profile": CV, "as_of": "2026-12-07", "note": "second look"},
        headers=ed,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["record"]["risk_class"] == "high-risk" and body["record"]["source"] == "api"
    assert body["current"]["risk_class"] == "high-risk"
    got = anon.get(f"/api/v1/entries/{e['id']}/classification", headers=token_for("approver")).json()
    assert [h["risk_class"] for h in got["history"]] == ["high-risk", "minimal"]
    assert got["history"][0]["note"] == "second look" and got["history"][0]["author"] == "editor@a.example"
    assert got["history"][0]["ruleset"] == "eu-ai-act@2026.12" and got["history"][0]["as_of"] == "2026-12-07"
    entry = anon.get(f"/api/v1/entries/{e['id']}", headers=ed).json()["entry"]
    assert entry["fields"]["risk_class"] == "high-risk" and entry["version"] == 2


def test_save_rejects_bad_profile_without_storing(anon, token_for):
    ed = token_for("editor")
    e = new_entry(anon, ed)
    r = anon.post(
        f"/api/v1/entries/{e['id']}/classification", json={"profile": {"profiling": "yes"}}, headers=ed
    )
    assert r.status_code == 422 and r.json()["errors"][0].startswith("profile.profiling:")
    got = anon.get(f"/api/v1/entries/{e['id']}/classification", headers=ed).json()
    assert got["current"] is None and got["history"] == []


def test_public_sees_risk_class_only_via_the_entry(anon, token_for):
    ed, ap = token_for("editor"), token_for("approver")
    e = new_entry(anon, ed, risk_class="high-risk")
    profile = dict(CV, intended_purpose="PROFILE-CANARY-77")
    anon.post(f"/api/v1/entries/{e['id']}/classification", json={"profile": profile}, headers=ed)
    publish(anon, ed, ap, e)
    assert anon.get(f"/api/v1/entries/{e['id']}/classification").status_code == 401
    for who in ("supervisor", "editor_b"):
        assert (
            anon.get(f"/api/v1/entries/{e['id']}/classification", headers=token_for(who)).status_code == 403
        )
    public = anon.get(f"/api/v1/entries/{e['id']}")
    assert public.json()["entry"]["fields"]["risk_class"] == "high-risk"
    assert "PROFILE-CANARY-77" not in public.text
    page = anon.get(f"/register/{e['id']}")
    assert "PROFILE-CANARY-77" not in page.text
