"""Bias audits in the product: upload, background run, findings on the entry, thresholds, public summary."""

from __future__ import annotations

from tests.audits_web.helpers import MAPPING, decision_log_csv
from tests.audits_web.helpers import upload_log as _upload
from tests.register.helpers import create_entry, entry_pk, publish


def test_upload_runs_audit_and_records_findings(anon, token_for, client_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    r = _upload(anon, ed, e["id"])
    assert r.status_code == 202, r.text
    audit = anon.get(r.json()["status_url"], headers=ed).json()["audit"]
    assert audit["status"] == "done" and audit["rows"] == 120
    result = audit["result"]
    sexes = {g["attributes"].get("sex"): g for g in result["groups"] if list(g["attributes"]) == ["sex"]}
    assert sexes["a"]["selection_rate"] == 0.6 and sexes["b"]["selection_rate"] == 0.2
    assert audit["findings"] >= 1
    findings = anon.get("/api/v1/findings", headers=ed).json()["items"]
    assert any(f["metric"] == "selection_rate" and f["group"] == {"sex": "b"} for f in findings)
    # The finding shows on the organisation's dashboard and the entry page links the audit.
    page = client_for("editor")
    assert "Open bevindingen uit bias-audits" in page.get("/org").text
    assert f"/org/audits/{audit['id']}" in page.get(f"/org/audits/{audit['id']}").text
    report = page.get(f"/org/audits/{audit['id']}/report")
    assert report.status_code == 200 and "<svg" in report.text


def test_thresholds_per_entry_change_the_findings(anon, token_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    r = anon.put(
        f"/api/v1/entries/{e['id']}/audit-thresholds",
        headers=ed,
        json={"thresholds": {"min_disparate_impact_ratio": 0.3}},
    )
    assert r.status_code == 200
    audit = anon.get(_upload(anon, ed, e["id"]).json()["status_url"], headers=ed).json()["audit"]
    assert audit["config"]["thresholds"] == {"min_disparate_impact_ratio": 0.3}
    ratio_findings = [
        f
        for f in audit["result"]["findings"]
        if f["metric"] == "selection_rate" and f["kind"] == "ratio" and f["group"] == {"sex": "b"}
    ]
    assert ratio_findings == []  # 1/3 is above the entry's own limit of 0.3
    bad = anon.put(
        f"/api/v1/entries/{e['id']}/audit-thresholds", headers=ed, json={"thresholds": {"min_happiness": 0.3}}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0].startswith("thresholds.min_happiness: unknown")


def test_bad_uploads_are_refused_and_nothing_is_queued(anon, token_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    r = _upload(anon, ed, e["id"], protected="nationality")
    assert r.status_code == 422
    assert r.json()["errors"][0].startswith("protected: column 'nationality' is not in the file")
    r = _upload(anon, ed, e["id"], name="log.xlsx")
    assert r.status_code == 422 and "only .csv and .parquet" in r.json()["errors"][0]
    r = _upload(anon, ed, e["id"], prediction="", protected="sex")
    assert r.status_code == 422 and r.json()["errors"][0].startswith("prediction:")
    assert anon.get(f"/api/v1/entries/{e['id']}/audits", headers=ed).json()["items"] == []


def test_bad_values_fail_the_audit_with_a_named_row(anon, token_for):  # type: ignore[no-untyped-def]
    ed = token_for("editor")
    e = create_entry(anon, ed)
    content = decision_log_csv() + b"a,young,maybe,1,2026-01-01\n"
    audit = anon.get(_upload(anon, ed, e["id"], content=content).json()["status_url"], headers=ed).json()[
        "audit"
    ]
    assert audit["status"] == "failed"
    assert "decision" in audit["error"] and "maybe" in audit["error"]


def test_public_summary_only_when_chosen(anon, token_for):  # type: ignore[no-untyped-def]
    ed, ap = token_for("editor"), token_for("approver")
    e = create_entry(anon, ed)
    publish(anon, ed, ap, e)
    _upload(anon, ed, e["id"])
    assert "Monitoring op vooringenomenheid" not in anon.get(f"/register/{e['id']}").text
    _upload(anon, ed, e["id"], public_summary="true")
    page = anon.get(f"/register/{e['id']}").text
    assert "Monitoring op vooringenomenheid" in page
    assert "sha256" not in page and "log.csv" not in page


def test_page_upload_keeps_mapping_on_error(client_for, anon, token_for, world):  # type: ignore[no-untyped-def]
    e = create_entry(anon, token_for("editor"))
    pk = entry_pk(world.db, e["id"])
    c = client_for("editor")
    r = c.post(
        f"/org/entries/{pk}/audits",
        data={"csrf_token": c.csrf(), "protected": "etniciteit", "prediction": "decision"},
        files={"file": ("log.csv", decision_log_csv(), "text/csv")},
        follow_redirects=False,
    )
    assert r.status_code == 422 and "etniciteit" in r.text and "is not in the file" in r.text
    r = c.post(
        f"/org/entries/{pk}/audits",
        data={"csrf_token": c.csrf(), **MAPPING},
        files={"file": ("log.csv", decision_log_csv(), "text/csv")},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/org/audits/")


def test_demo_audit_is_loaded_once(database, settings, monkeypatch):  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from waarborg.services import audits_demo, demo
    from waarborg.services.unit import unit
    from waarborg.storage.models_audits import Audit, AuditFinding

    monkeypatch.setattr(audits_demo, "get_settings", lambda: settings)
    demo.load(database)
    demo.load(database)
    with unit(database, write=False) as s:
        rows = list(s.scalars(select(Audit)))
        assert len(rows) == 1 and rows[0].status == "done" and rows[0].rows == 6000
        assert s.scalar(select(func.count()).select_from(AuditFinding)) >= 1


def test_jobs_run_picks_up_queued_audits(world, anon, token_for, settings, monkeypatch):  # type: ignore[no-untyped-def]
    import json

    from sqlalchemy import select
    from typer.testing import CliRunner

    from waarborg.cli import app as cli_app
    from waarborg.services import audits
    from waarborg.services.unit import unit
    from waarborg.settings import get_settings
    from waarborg.storage.models import Entry
    from waarborg.storage.models_audits import Audit

    e = create_entry(anon, token_for("editor"))
    with unit(world.db) as s:
        entry = s.scalar(select(Entry).where(Entry.public_id == e["id"]))
        actor = world.actor("editor@a.example")
        cfg = audits.config_from_form(MAPPING, {"min_disparate_impact_ratio": 0.8})
        path, sha, _ = audits.store_log(settings.data_dir, "log.csv", iter([decision_log_csv()]))
        audit_id = audits.submit(s, actor, entry, cfg, "log.csv", path, sha).id
    monkeypatch.setenv("WAARBORG_DATABASE_URL", world.db.engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        out = CliRunner().invoke(cli_app, ["jobs", "run", "--only", "audits"])
    finally:
        get_settings.cache_clear()
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["audits"] == 1
    with unit(world.db, write=False) as s:
        assert s.get(Audit, audit_id).status == "done"
