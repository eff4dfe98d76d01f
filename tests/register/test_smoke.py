from tests.register.helpers import create_entry, publish


def test_create_publish_and_find(app, anon, token_for):
    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(anon, ed, name="Fraudescore uitkeringen")
    publish(anon, ed, ap, e)
    r = anon.get("/api/v1/entries", params={"q": "fraudescore"})
    assert r.status_code == 200
    assert [i["id"] for i in r.json()["items"]] == [e["id"]]
    page = anon.get("/register?q=fraudescore&lang=en")
    assert "Fraudescore uitkeringen" in page.text
    assert anon.get(f"/register/{e['id']}").status_code == 200
