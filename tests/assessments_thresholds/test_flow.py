"""Thresholds from an approved assessment drive the entry's bias audits; findings show on the assessment."""

from __future__ import annotations

import io
from typing import Any

from markupsafe import escape
from pypdf import PdfReader

from tests.assessments.helpers import complete_iama_answers, make_entry, public_id
from tests.audits_web.helpers import MAPPING, decision_log_csv

THRESHOLDS = [
    {"metric": "min_disparate_impact_ratio", "value": 0.5},
    {"metric": "max_fpr_difference", "value": 0.9},
]
CANARY_GROUP = "sex"  # finding details name the protected attribute; the public must not see them


def _transition(client: Any, headers: dict[str, str], aid: int, action: str, comment: str = "") -> None:
    r = client.post(
        f"/api/v1/assessments/{aid}/transitions", json={"action": action, "comment": comment}, headers=headers
    )
    assert r.status_code == 200, r.text


def _save(client: Any, headers: dict[str, str], aid: int, answers: dict[str, Any]) -> Any:
    version = client.get(f"/api/v1/assessments/{aid}", headers=headers).json()["assessment"]["version"]
    body = {"version": version, "answers": answers, "review_date": "2027-12-01"}
    return client.put(f"/api/v1/assessments/{aid}", json=body, headers=headers)


def approved_iama(
    client: Any, token_for: Any, world: Any, rows: list[dict[str, Any]] | None = THRESHOLDS
) -> tuple[int, str]:
    """An approved IAMA (with the given fairness thresholds) on a new published entry: (id, public id)."""
    ed, ap = token_for("editor"), token_for("approver")
    pid = public_id(world, make_entry(world, publish=True))
    r = client.post(f"/api/v1/entries/{pid}/assessments", json={"instrument": "iama"}, headers=ed)
    assert r.status_code == 201, r.text
    aid = r.json()["assessment"]["id"]
    answers = {**complete_iama_answers(), **({"4.thresholds": rows} if rows else {})}
    r = _save(client, ed, aid, answers)
    assert r.status_code == 200, r.text
    _transition(client, ed, aid, "submit")
    _transition(client, ap, aid, "approve")
    return aid, pid


def _entry_thresholds(client: Any, headers: dict[str, str], pid: str) -> tuple[dict[str, float], str]:
    body = client.get(f"/api/v1/entries/{pid}/audits", headers=headers).json()
    return body["thresholds"], body["thresholds_source"]


def _audit(client: Any, headers: dict[str, str], pid: str) -> dict[str, Any]:
    r = client.post(
        f"/api/v1/entries/{pid}/audits",
        headers=headers,
        data=MAPPING,
        files={"file": ("log.csv", decision_log_csv(), "text/csv")},
    )
    assert r.status_code == 202, r.text
    audit: dict[str, Any] = client.get(r.json()["status_url"], headers=headers).json()["audit"]
    assert audit["status"] == "done", audit
    return audit


def _findings(client: Any, headers: dict[str, str], audit_id: int) -> list[dict[str, Any]]:
    items = client.get("/api/v1/findings", headers=headers).json()["items"]
    return [f for f in items if f["audit_id"] == audit_id]


def test_approval_sets_the_entry_thresholds_with_the_assessment_as_source(
    anon: Any, token_for: Any, world: Any
) -> None:
    aid, pid = approved_iama(anon, token_for, world)
    thresholds, source = _entry_thresholds(anon, token_for("editor"), pid)
    assert thresholds == {"min_disparate_impact_ratio": 0.5, "max_fpr_difference": 0.9}
    assert source == f"iama {aid} revision 1"


def test_audit_findings_use_the_assessment_thresholds_and_show_on_the_assessment(
    anon: Any, token_for: Any, world: Any, client_for: Any
) -> None:
    ed = token_for("editor")
    aid, pid = approved_iama(anon, token_for, world)
    audit = _audit(anon, ed, pid)
    assert audit["config"]["thresholds"] == {"min_disparate_impact_ratio": 0.5, "max_fpr_difference": 0.9}
    assert audit["thresholds_source"] == f"iama {aid} revision 1"
    found = _findings(anon, ed, audit["id"])
    ratio = [f for f in found if f["metric"] == "selection_rate" and f["group"] == {"sex": "b"}]
    assert ratio and ratio[0]["threshold"] == 0.5 and abs(ratio[0]["value"] - 1 / 3) < 1e-9
    assert all(f["threshold"] in (0.5, 0.9) for f in found)

    for who in ("editor", "supervisor"):
        page = client_for(who).get(f"/assessments/{aid}")
        assert page.status_code == 200
        assert "Bevindingen uit bias-audits onder de drempels van deze beoordeling" in page.text
        assert str(escape(ratio[0]["message"])) in page.text
        assert f'href="/org/audits/{audit["id"]}"' in page.text
    staff = client_for("editor").get(f"/assessments/{aid}").text
    assert "overgenomen uit revisie 1 van deze beoordeling" in staff

    md = anon.get(f"/api/v1/assessments/{aid}/export.md?variant=internal&lang=en", headers=ed).text
    assert "## Bias findings under this assessment's thresholds" in md and "selection_rate" in md
    pdf = anon.get(f"/api/v1/assessments/{aid}/export.pdf?variant=internal&lang=en", headers=ed)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Bias findings under this" in text and "selection_rate" in text
    js = anon.get(f"/api/v1/assessments/{aid}/export.json?variant=internal", headers=ed).json()
    assert {f["id"] for f in js["bias_findings"]} == {f["id"] for f in found}


def test_public_variants_show_no_finding_details(anon: Any, token_for: Any, world: Any) -> None:
    ed = token_for("editor")
    aid, pid = approved_iama(anon, token_for, world)
    audit = _audit(anon, ed, pid)
    messages = [f["message"] for f in _findings(anon, ed, audit["id"])]
    assert messages
    outputs = [
        anon.get(f"/register/{pid}/assessments/{aid}").text,
        anon.get(f"/assessments/{aid}").text,
        anon.get(f"/api/v1/assessments/{aid}/export.md?variant=public&lang=en").text,
        anon.get(f"/api/v1/assessments/{aid}/export.md?variant=public&lang=en", headers=ed).text,
        anon.get(f"/api/v1/assessments/{aid}/export.json?variant=public", headers=ed).text,
        anon.get(f"/api/v1/assessments/{aid}?variant=public", headers=ed).text,
    ]
    for body in outputs:
        assert "Bias findings" not in body and "bias-audits onder de drempels" not in body
        assert "bias_findings" not in body and f"/org/audits/{audit['id']}" not in body
        for message in messages:
            assert message not in body and str(escape(message)) not in body


def test_bad_threshold_answers_are_refused_naming_question_and_value(
    anon: Any, token_for: Any, world: Any, client_for: Any
) -> None:
    ed = token_for("editor")
    pid = public_id(world, make_entry(world))
    aid = anon.post(f"/api/v1/entries/{pid}/assessments", json={"instrument": "iama"}, headers=ed).json()[
        "assessment"
    ]["id"]
    bad = [{"metric": "min_disparate_impact_ratio", "value": 1.5}]
    r = _save(anon, ed, aid, {"4.thresholds": bad})
    assert r.status_code == 422
    assert r.json()["errors"] == [
        "answers.4.thresholds[0].value: 1.5 is out of range for min_disparate_impact_ratio"
        " (expected a number between 0 and 1)"
    ]
    r = _save(anon, ed, aid, {"4.thresholds": [{"metric": "max_fpr_difference", "value": "veel"}]})
    assert r.status_code == 422
    assert r.json()["errors"] == ["answers.4.thresholds[0].value: expects a number, got 'veel'"]

    c = client_for("editor")
    version = anon.get(f"/api/v1/assessments/{aid}", headers=ed).json()["assessment"]["version"]
    form = {
        "version": str(version),
        "a:4.thresholds:0:metric": "significance_level",
        "a:4.thresholds:0:value": "1,5",
        "a:1.1": "Waarom dit algoritme",
    }
    r = c.post_form(f"/assessments/{aid}/edit", form)
    assert r.status_code == 422
    assert "1.5 is out of range for significance_level" in r.text
    assert 'value="1,5"' in r.text and "Waarom dit algoritme" in r.text  # what was typed is kept
    good = {**form, "a:4.thresholds:0:value": "0,01"}
    r = c.post_form(f"/assessments/{aid}/edit", good)
    assert r.status_code == 303, r.text
    saved = anon.get(f"/api/v1/assessments/{aid}", headers=ed).json()["assessment"]
    answers = {q["id"]: q["answer"] for s in saved["sections"] for q in s["questions"]}
    assert answers["4.thresholds"] == [{"metric": "significance_level", "value": 0.01}]


def test_manual_thresholds_set_later_override_until_the_next_approval(
    anon: Any, token_for: Any, world: Any, client_for: Any
) -> None:
    ed, ap = token_for("editor"), token_for("approver")
    aid, pid = approved_iama(anon, token_for, world)
    first = _audit(anon, ed, pid)
    r = anon.put(
        f"/api/v1/entries/{pid}/audit-thresholds",
        headers=ed,
        json={"thresholds": {"min_disparate_impact_ratio": 0.3}},
    )
    assert r.status_code == 200 and r.json()["source"] == "entry"
    assert _entry_thresholds(anon, ed, pid) == ({"min_disparate_impact_ratio": 0.3}, "entry")
    second = _audit(anon, ed, pid)
    assert second["config"]["thresholds"] == {"min_disparate_impact_ratio": 0.3}
    assert second["thresholds_source"] == "entry"

    page = client_for("editor").get(f"/assessments/{aid}").text
    assert "niet uit deze beoordeling (bron: entry)" in page
    assert f'href="/org/audits/{first["id"]}"' in page  # findings under the assessment's thresholds
    assert f'href="/org/audits/{second["id"]}"' not in page  # ran under the entry's own thresholds

    # A resolved finding leaves the assessment; the others stay.
    first_findings = _findings(anon, ed, first["id"])
    r = anon.post(
        f"/api/v1/findings/{first_findings[0]['id']}/status", json={"status": "resolved"}, headers=ed
    )
    assert r.status_code == 200
    js = anon.get(f"/api/v1/assessments/{aid}/export.json?variant=internal", headers=ed).json()
    assert {f["id"] for f in js["bias_findings"]} == {f["id"] for f in first_findings[1:]}

    # The latest setting wins: approving a new revision with thresholds sets them again.
    _transition(anon, ed, aid, "reopen", "review-due: yearly review")
    r = _save(anon, ed, aid, {"4.thresholds": [{"metric": "max_tpr_difference", "value": 0.2}]})
    assert r.status_code == 200, r.text
    _transition(anon, ed, aid, "submit")
    _transition(anon, ap, aid, "approve")
    assert _entry_thresholds(anon, ed, pid) == ({"max_tpr_difference": 0.2}, f"iama {aid} revision 2")


def test_an_approval_without_thresholds_leaves_the_entry_thresholds_alone(
    anon: Any, token_for: Any, world: Any
) -> None:
    ed = token_for("editor")
    aid, pid = approved_iama(anon, token_for, world, rows=None)
    assert _entry_thresholds(anon, ed, pid) == ({"min_disparate_impact_ratio": 0.8}, "default")
    js = anon.get(f"/api/v1/assessments/{aid}/export.json?variant=internal", headers=ed).json()
    assert js["bias_findings"] == []
