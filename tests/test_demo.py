"""`waarborg demo` data: realistic, idempotent, and the demo logins work."""

from sqlalchemy import func, select

from waarborg.services import demo
from waarborg.services.unit import unit
from waarborg.storage.models import Entry, Organisation


def test_demo_data_loads_once_and_logins_work(database, app):  # type: ignore[no-untyped-def]
    first = demo.load(database)
    second = demo.load(database)
    assert first.created >= 20 and second.created == 0
    with unit(database, write=False) as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 6
        kinds = set(s.scalars(select(Organisation.kind)))
        assert {"municipality", "agency", "police", "bank", "hospital"} <= kinds
        published = list(s.scalars(select(Entry).where(Entry.is_public)))
        assert len(published) >= 20
        classes = {e.pub_risk_class for e in published}
        assert {"high-risk", "prohibited", "transparency", "minimal", "not-ai-system"} <= classes
        names = " ".join(e.name.lower() for e in published)
        for seed_example in ("risicoscore", "chatbot", "cv-selectie", "gezichtsherkenning"):
            assert seed_example in names
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        page = c.get("/login")
        import re

        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post(
            "/login",
            data={"csrf_token": token, "email": "editor@noordbank.example", "password": demo.DEMO_PASSWORD},
            follow_redirects=False,
        )
        assert r.status_code == 303 and r.headers["location"] == "/org"
        assert "CV-selectie sollicitaties" in c.get("/org").text


def test_demo_has_compliance_checklists_with_progress_once(database):  # type: ignore[no-untyped-def]
    from waarborg.storage.models_compliance import ComplianceChecklist, ComplianceMeasure

    first = demo.load(database)
    demo.load(database)
    assert any(n.startswith("Compliance:") for n in first.notes)
    with unit(database, write=False) as s:
        assert s.scalar(select(func.count()).select_from(ComplianceChecklist)) >= 5
        statuses = [m.data.get("status") for m in s.scalars(select(ComplianceMeasure))]
        assert statuses.count("done") >= 5  # 3 + 2 accepted by the approvers, once (plus any auto-satisfied)
        assert statuses.count("in_review") == 4


def test_demo_files_cases_once_through_the_intake(database):  # type: ignore[no-untyped-def]
    from datetime import date

    from waarborg.services import auditlog
    from waarborg.storage.models_cases import RemedyCase

    demo.load(database)
    demo.load(database)
    with unit(database, write=False) as s:
        rows = list(s.scalars(select(RemedyCase)))
        by_type: dict[str, list[RemedyCase]] = {}
        for r in rows:
            by_type.setdefault(r.case_type, []).append(r)
        assert len(by_type["complaint"]) == 2 and len(by_type["explanation-request"]) == 2
        assert len(by_type["escalation"]) == 1 and len(by_type["serious-incident"]) == 1
        states = {r.state for r in by_type["complaint"]}
        assert states == {"answered", "escalated"}
        assert any(r.state == "received" and r.due < date.today() for r in by_type["explanation-request"])
        assert "case.escalate_unsatisfied" in {a.action for a in auditlog.recent(s)}
        assert auditlog.verify(s)[1] is None
