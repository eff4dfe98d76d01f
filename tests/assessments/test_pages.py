"""HTML pages: panels, the answer form (keeps what was typed), workflow, risk form, public page, canaries."""

from __future__ import annotations

import re
from typing import Any

from .conftest import INTERNAL_CANARY, PUBLIC_CANARY, SUPERVISOR_CANARY
from .helpers import RISK, complete_iama_answers, make_entry, public_id


def start_form(client: Any, entry_pk: int, instrument: str = "iama") -> int:
    r = client.post_form(f"/org/entries/{entry_pk}/assessments", {"instrument": instrument})
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def form_data(answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for qid, value in answers.items():
        if isinstance(value, list):
            for i, row in enumerate(value):
                for col, cell in row.items():
                    data[f"a:{qid}:{i}:{col}"] = cell
        elif isinstance(value, bool):
            data[f"a:{qid}"] = "yes" if value else "no"
        else:
            data[f"a:{qid}"] = value
    return {**data, **extra}


def approved_via_pages(client_for: Any, world: Any, publish: bool = True) -> tuple[int, int]:
    editor, approver = client_for("editor"), client_for("approver")
    entry = make_entry(world, publish=publish)
    aid = start_form(editor, entry)
    answers = {**complete_iama_answers(), "2B.3": SUPERVISOR_CANARY, "2A.4": INTERNAL_CANARY}
    r = editor.post_form(
        f"/assessments/{aid}/edit",
        form_data(
            answers,
            **{
                "v:2A.4": "internal",
                "public_summary": f"Public summary {PUBLIC_CANARY}",
                "review_date": "2027-12-01",
                "version": "1",
            },
        ),
    )
    assert r.status_code == 303, r.text
    r = editor.post_form(
        f"/assessments/{aid}/risks",
        {
            "title": "Discrimination of single parents",
            "right": "Non-discrimination",
            "owner": "Head of Income",
            "description": INTERNAL_CANARY,
            "visibility": "internal",
            **{f"f:{k}": v for k, v in RISK["factors"].items()},
            "m:0:description": "Quarterly bias audit",
            "m:0:due": "2026-11-01",
            "m:0:status": "planned",
        },
    )
    assert r.status_code == 303, r.text
    assert editor.post_form(f"/assessments/{aid}/transition", {"action": "submit"}).status_code == 303
    assert approver.post_form(f"/assessments/{aid}/transition", {"action": "approve"}).status_code == 303
    return entry, aid


def test_entry_panel_shows_requirements_and_starts(client_for: Any, world: Any) -> None:
    editor = client_for("editor")
    entry = make_entry(world)
    page = editor.get(f"/org/entries/{entry}").text
    assert (
        "Mensenrechtentoetsen" in page
        and "Verplicht" in page
        and "Art. 27(1)" in page
        and "FRIA starten" in page
    )
    aid = start_form(editor, entry, "fria")
    assert "Concept" in editor.get(f"/org/entries/{entry}").text
    english = editor.get(f"/assessments/{aid}?lang=en").text
    assert "Fundamental rights impact assessment" in english and "Edit answers" in english


def test_form_keeps_typed_values_on_error(client_for: Any, world: Any) -> None:
    editor = client_for("editor")
    aid = start_form(editor, make_entry(world), "fria")
    assert "Datum van eerste gebruik" in editor.get(f"/assessments/{aid}/edit").text
    typed = {
        "a:a.processes": "Typed text that must survive",
        "a:b.first_use": "1 januari",
        "a:c.categories:0:category": "Aanvragers",
        "public_summary": "Mijn samenvatting",
        "version": "1",
    }
    r = editor.post_form(f"/assessments/{aid}/edit", typed)
    assert r.status_code == 422
    assert (
        "Typed text that must survive" in r.text and "Aanvragers" in r.text and "Mijn samenvatting" in r.text
    )
    assert "expects a date YYYY-MM-DD, got &#39;1 januari&#39;" in r.text and 'value="1 januari"' in r.text
    r = editor.post_form(f"/assessments/{aid}/edit", {**typed, "a:b.first_use": "2027-01-01"})
    assert r.status_code == 303
    assert "Typed text that must survive" in editor.get(f"/assessments/{aid}").text


def test_conflict_keeps_input(client_for: Any, world: Any) -> None:
    editor = client_for("editor")
    aid = start_form(editor, make_entry(world))
    r = editor.post_form(f"/assessments/{aid}/edit", {"a:1.1": "Mine", "version": "7"})
    assert r.status_code == 409 and "Mine" in r.text


def test_risk_form_keeps_input_on_error(client_for: Any, world: Any) -> None:
    editor = client_for("editor")
    aid = start_form(editor, make_entry(world))
    r = editor.post_form(
        f"/assessments/{aid}/risks", {"title": "Only a title typed", "right": "", "owner": "O"}
    )
    assert r.status_code == 422 and "Only a title typed" in r.text and "is required text" in r.text


def test_workflow_pages_and_four_eyes(client_for: Any, world: Any) -> None:
    entry, aid = approved_via_pages(client_for, world)
    editor = client_for("editor")
    page = editor.get(f"/assessments/{aid}").text
    assert "Goedgekeurd" in page and "approver@a.example" in page and "Heropenen" in page
    assert editor.get(f"/assessments/{aid}/edit").status_code == 422
    solo = client_for("approver")
    other = start_form(solo, make_entry(world))
    solo.post_form(
        f"/assessments/{other}/edit",
        form_data(complete_iama_answers(), review_date="2027-12-01", version="1"),
    )
    assert solo.post_form(f"/assessments/{other}/transition", {"action": "submit"}).status_code == 303
    r = solo.post_form(f"/assessments/{other}/transition", {"action": "approve"})
    assert r.status_code == 403 and "four-eyes" in r.text
    r = editor.post_form(f"/assessments/{aid}/transition", {"action": "reopen", "comment": "Nieuw model"})
    assert r.status_code == 303
    assert "Heropend: Nieuw model" in editor.get(f"/assessments/{aid}").text


def test_public_pages_show_only_public_content(client_for: Any, anon: Any, world: Any) -> None:
    entry, aid = approved_via_pages(client_for, world)
    pid = public_id(world, entry)
    register = anon.get(f"/register/{pid}").text
    assert (
        "Mensenrechtentoets" in register
        and PUBLIC_CANARY in register
        and "Uitgevoerd en goedgekeurd op" in register
    )
    public = anon.get(f"/register/{pid}/assessments/{aid}").text
    assert PUBLIC_CANARY in public
    for text in (register, public, client_for("supervisor").get(f"/register/{pid}/assessments/{aid}").text):
        assert SUPERVISOR_CANARY not in text and INTERNAL_CANARY not in text
    anon_view = anon.get(f"/assessments/{aid}")
    assert (
        anon_view.status_code == 200
        and SUPERVISOR_CANARY not in anon_view.text
        and INTERNAL_CANARY not in anon_view.text
    )
    sup = client_for("supervisor").get(f"/assessments/{aid}").text
    assert SUPERVISOR_CANARY in sup and INTERNAL_CANARY not in sup and "Heropenen" not in sup
    staff = client_for("editor").get(f"/assessments/{aid}").text
    assert INTERNAL_CANARY in staff
    links = re.findall(r'href="(/api/v1/assessments/[^"]+)"', public)
    assert links and all("variant=public" in link for link in links)


def test_dashboard_page_and_panel(client_for: Any, world: Any) -> None:
    _, aid = approved_via_pages(client_for, world, publish=False)
    editor = client_for("editor")
    page = editor.get("/assessments").text
    assert "Quarterly bias audit" in page and "dagen te laat" in page
    assert "verlopen of bijna verlopen" in editor.get("/org").text
    assert "Quarterly bias audit" not in client_for("editor_b").get("/assessments").text
    r = editor.post_form(f"/assessments/{aid}/risks/r1/mitigations/m1", {"status": "done"})
    assert r.status_code == 303
    assert "Quarterly bias audit" not in editor.get("/assessments").text


def test_reopen_comment_stays_internal(client_for: Any, anon: Any, world: Any) -> None:
    entry, aid = approved_via_pages(client_for, world)
    editor = client_for("editor")
    r = editor.post_form(
        f"/assessments/{aid}/transition",
        {"action": "reopen", "comment": "GEHEIM-REDEN-42 nieuwe leverancier"},
    )
    assert r.status_code == 303
    pid = public_id(world, entry)
    register = anon.get(f"/register/{pid}").text
    assert "heropend door de organisatie" in register and "GEHEIM-REDEN-42" not in register
    api = anon.get(f"/api/v1/entries/{pid}/assessments").text
    assert "GEHEIM-REDEN-42" not in api and '"reopen_reason":"manual"' in api.replace(" ", "")
    assert "GEHEIM-REDEN-42" in editor.get(f"/assessments/{aid}").text


def test_question_sources_in_the_page_language(client_for: Any, world: Any) -> None:
    editor = client_for("editor")
    aid = start_form(editor, make_entry(world), "iama")
    nl = editor.get(f"/assessments/{aid}/edit?lang=nl").text
    assert "IAMA 2021, vraag 1.1" in nl and "IAMA 2021, question" not in nl
    assert "IAMA 2021, question 1.1" in editor.get(f"/assessments/{aid}/edit?lang=en").text
