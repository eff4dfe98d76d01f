"""The supervisor's desk reaches other capabilities: open bias findings across organisations, each
organisation's compliance dashboard, and a notification when a high-risk system's audit opens
high-severity findings."""

from __future__ import annotations

from sqlalchemy import select

from tests.audits_web.helpers import upload_log
from tests.cases.fixtures import add_finding, published_entry
from tests.register.helpers import create_entry
from waarborg.services import case_desk, events
from waarborg.services.unit import unit
from waarborg.storage.models import Entry, Notification


def _classify(db, public_id: str, risk_class: str) -> None:  # type: ignore[no-untyped-def]
    with unit(db) as s:
        entry = s.scalar(select(Entry).where(Entry.public_id == public_id))
        entry.classification = {"risk_class": risk_class, "as_of": "2026-12-07"}
        entry.data = {**entry.data, "risk_class": risk_class}  # as the classification service keeps it


def _notes(db) -> list[Notification]:  # type: ignore[no-untyped-def]
    with unit(db, write=False) as s:
        rows = list(s.scalars(select(Notification).where(Notification.kind == "bias-finding")))
        s.expunge_all()
        return rows


def test_workspace_lists_findings_across_organisations_and_compliance_links(
    world, client_for, token_for
) -> None:
    pid = published_entry(client_for, token_for)
    audit_a, finding_a = add_finding(world.db, pid)
    b_entry = create_entry(client_for(None), token_for("editor_b"), name="Systeem van B")
    audit_b, finding_b = add_finding(world.db, b_entry["id"], severity="medium")
    sup = client_for("supervisor")
    page = sup.get("/supervisor")
    assert page.status_code == 200
    html = page.text
    assert f'href="/org/audits/{audit_a}#finding-{finding_a}">F-{finding_a}</a>' in html
    assert f'href="/org/audits/{audit_b}#finding-{finding_b}">F-{finding_b}</a>' in html
    assert html.index(f"F-{finding_a}") < html.index(f"F-{finding_b}")  # high severity first
    assert 'href="/compliance?org=org-a"' in html and 'href="/compliance?org=org-b"' in html
    # the links work read-only for the supervisor, also for an organisation without published entries
    dash_a = sup.get("/compliance?org=org-a")
    assert dash_a.status_code == 200 and "Risicoscore bijstand" in dash_a.text
    dash_b = sup.get("/compliance?org=org-b")
    assert dash_b.status_code == 200 and "Systeem van B" not in dash_b.text  # a draft stays hidden
    assert client_for("editor").get("/compliance?org=org-b").status_code == 403
    # the supervisor reads the audits behind the findings
    assert sup.get(f"/org/audits/{audit_b}").status_code == 200
    # navigation: the compliance dashboard is a top-level page for supervisors
    assert 'href="/compliance"' in sup.get("/register").text
    assert 'href="/compliance"' not in client_for(None).get("/register").text


def test_high_severity_findings_of_a_high_risk_system_notify_the_supervisor(
    world, client_for, token_for
) -> None:
    pid = published_entry(client_for, token_for)
    other = published_entry(client_for, token_for, name="Chatbot gemeente")
    _classify(world.db, pid, "high-risk")
    _classify(world.db, other, "limited-risk")
    audit_id, finding_id = add_finding(world.db, pid)
    low_audit, _ = add_finding(world.db, pid, severity="medium")
    other_audit, _ = add_finding(world.db, other)
    worker = world.actor("admin@test.example")
    with unit(world.db) as s:
        for aid, public_id in ((audit_id, pid), (audit_id, pid), (low_audit, pid), (other_audit, other)):
            entry_id = s.scalar(select(Entry.id).where(Entry.public_id == public_id))
            events.publish(s, worker, "finding.opened", {"entry_id": entry_id, "audit_id": aid, "count": 1})
    [note] = _notes(world.db)  # once per audit; not for medium findings nor for a limited-risk system
    assert note.object_type == "audit" and note.object_id == str(audit_id)
    assert note.article == "Art. 72 / Art. 26(5)" and f"F-{finding_id}" in note.body
    assert "Risicoscore bijstand" in note.title
    page = client_for("supervisor").get("/supervisor").text
    assert f'<a href="/org/audits/{audit_id}">{note.title}</a>' in page and "(Art. 72 / Art. 26(5))" in page


def test_an_uploaded_audit_of_a_high_risk_system_reaches_the_supervisor(world, client_for, token_for) -> None:
    """End to end: the audit worker publishes finding.opened; the wired handler makes the notification."""
    pid = published_entry(client_for, token_for)
    _classify(world.db, pid, "high-risk")
    c, ed = client_for(None), token_for("editor")
    r = upload_log(c, ed, pid)
    assert r.status_code == 202, r.text
    audit_id = r.json()["audit"]["id"]
    [note] = _notes(world.db)
    assert note.object_id == str(audit_id)
    assert case_desk.is_high_risk(Entry(data={}, classification={"risk_class": "high-risk"}))
    assert case_desk.is_high_risk(Entry(data={"risk_class": "high-risk"}, classification=None))
    assert not case_desk.is_high_risk(Entry(data={}, classification=None))


def test_workspace_shows_twenty_findings_in_the_page_language(world, client_for, token_for) -> None:
    pid = published_entry(client_for, token_for)
    for i in range(22):
        add_finding(world.db, pid, severity="high" if i == 0 else "medium")
    html = client_for("supervisor").get("/supervisor?lang=nl").text
    section = html.split('id="ws-bias"')[1].split("</section>")[0]
    assert "(22)" in section and "De 20 ernstigste van 22" in section
    assert section.count("#finding-") == 20
    assert "Selectiepercentage van sex=b" in section and "Selection rate of" not in section
    assert ">Eigen initiatief</option>" in html and ">own_initiative<" not in html
    en = client_for("supervisor").get("/supervisor?lang=en").text
    assert "Selection rate of sex=b" in en.split('id="ws-bias"')[1]
