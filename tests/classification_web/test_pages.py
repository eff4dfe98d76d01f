"""The questionnaire without JavaScript, the result page, saving to an entry, history, downloads, panels."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.classification_web.helpers import CV, entry_pk, form_for, new_entry
from tests.register.helpers import publish

AS_OF = "2026-12-07"


def _names(html: str) -> set[str]:
    return set(re.findall(r'name="q\.([a-z_0-9]+)"', html))


def test_questionnaire_asks_only_what_matters(anon):
    page = anon.get("/classify")
    assert page.status_code == 200
    assert "<h1>Een AI-systeem classificeren</h1>" in page.text
    assert (
        "Stap 1: Het systeem" in page.text
        and 'href="http://data.europa.eu/eli/reg/2024/1689/oj"' in page.text
    )
    assert {"infers_outputs", "annex_iii_points"} <= _names(page.text)
    assert "emotion_context" not in _names(page.text)
    # Fixed rules written by people: not an AI system, so the AI Act questions disappear.
    r = anon.post_form("/classify", form_for({"infers_outputs": False}, action="update", as_of=AS_OF))
    assert r.status_code == 200
    names = _names(r.text)
    assert "infers_outputs" in names and "annex_iii_points" not in names and "activities" not in names
    assert re.search(r'name="q\.infers_outputs" value="no" checked', r.text)
    # Emotion recognition: the follow-up questions appear.
    r = anon.post_form("/classify", form_for({"emotion_recognition": True}, action="update"))
    assert {"emotion_context", "emotion_purpose"} <= _names(r.text)


def test_english_questionnaire(anon):
    page = anon.get("/classify?lang=en")
    assert "<h1>Classify an AI system</h1>" in page.text and "Step 1: The system" in page.text
    assert "Does it infer from its input how to generate outputs" in page.text


def test_result_with_trace_and_hidden_answers(anon):
    r = anon.post_form("/classify", form_for(CV, action="classify", as_of=AS_OF))
    assert r.status_code == 200, r.text[:500]
    assert 'id="risk-class">Hoog risico<' in r.text
    assert "Hoog risico: bijlage III punt 4(a)" in r.text
    assert "Art. 26(1)" in r.text and "hr-annex-iii-4a" in r.text
    assert '<input type="hidden" name="q.annex_iii_points" value="4(a)">' in r.text
    assert '<input type="hidden" name="q.profiling" value="yes">' in r.text
    assert 'value="save"' not in r.text  # nothing to save to without an entry
    # "Change answers" goes back to the questionnaire with every answer kept.
    back = anon.post_form("/classify", form_for(CV, action="update", as_of=AS_OF))
    assert re.search(r'value="4\(a\)" checked', back.text)


def test_bad_answers_are_shown_beside_the_field_and_kept(anon):
    data = form_for(dict(CV, placed_on_market_date="01-03-2024"), action="classify", as_of="gisteren")
    r = anon.post_form("/classify", data)
    assert r.status_code == 422
    assert (
        'id="e-placed_on_market_date"' in r.text
        and "expected a date YYYY-MM-DD, got &#39;01-03-2024&#39;" in r.text
    )
    assert "&#39;gisteren&#39; is not a date" in r.text
    assert 'value="01-03-2024"' in r.text and re.search(r'value="4\(a\)" checked', r.text)


def test_markdown_and_pdf_downloads(anon):
    md = anon.post_form("/classify", form_for(CV, action="md", as_of=AS_OF))
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"]
    assert "## Risicoklasse: Hoog risico" in md.text and "bijlage III punt 4(a)" in md.text
    assert "| Art. 26(1) |" in md.text
    pdf = anon.post_form("/classify?lang=en", form_for(CV, action="pdf", as_of=AS_OF))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "High-risk: Annex III point 4(a)" in text and "Art. 26(1)" in text and "eu-ai-act@2026.12" in text


def test_save_to_entry_history_panels(client_for, anon, token_for, database):
    ed, ap = token_for("editor"), token_for("approver")
    e = new_entry(anon, ed, roles=["deployer"], risk_class="high-risk")
    pk = entry_pk(database, e["id"])
    editor = client_for("editor")
    form = editor.get(f"/org/entries/{pk}/classify")
    assert form.status_code == 200
    assert 'name="q.name" type="text" maxlength="2000" value="CV-selectie"' in form.text
    assert re.search(r'name="q.activities" value="use" checked', form.text)
    assert editor.get(f"/org/entries/{pk}").text.count("Dit systeem classificeren") == 1
    preview = editor.post_form(f"/org/entries/{pk}/classify", form_for(CV, action="classify", as_of=AS_OF))
    assert 'value="save"' in preview.text
    saved = editor.post_form(f"/org/entries/{pk}/classify", form_for(CV, action="save", as_of=AS_OF))
    assert saved.status_code == 303 and saved.headers["location"] == f"/org/entries/{pk}/classification"
    page = editor.get(f"/org/entries/{pk}/classification")
    assert page.status_code == 200 and 'id="risk-class">Hoog risico<' in page.text
    assert "editor@a.example" in page.text and "vragenlijst" in page.text
    entry_page = editor.get(f"/org/entries/{pk}")
    assert "Classificatie (AI-verordening)" in entry_page.text and "eu-ai-act@2026.12" in entry_page.text
    # The form now starts from the stored answers.
    again = editor.get(f"/org/entries/{pk}/classify")
    assert re.search(r'value="4\(a\)" checked', again.text)
    md = editor.get(f"/org/entries/{pk}/classification.md?lang=en")
    assert md.status_code == 200 and "attachment" in md.headers["content-disposition"]
    assert "- Register entry: CV-selectie" in md.text and "## History" in md.text
    # Public panel: risk class and legal basis only, never the answers.
    publish(anon, ed, ap, e)
    public = anon.get(f"/register/{e['id']}")
    assert "Classificatie onder de AI-verordening" in public.text
    assert "Hoog risico: bijlage III punt 4(a)" in public.text
    assert "Rank job" not in public.text and "q.profiling" not in public.text


def test_other_organisation_cannot_open_or_save(client_for, anon, token_for, database):
    e = new_entry(anon, token_for("editor"))
    pk = entry_pk(database, e["id"])
    other = client_for("editor_b")
    assert other.get(f"/org/entries/{pk}/classify").status_code == 404
    r = other.post_form(f"/org/entries/{pk}/classify", form_for(CV, action="save"))
    assert r.status_code == 404
    mine = client_for("editor")
    assert mine.get(f"/org/entries/{pk}/classification.md").status_code == 404  # not classified yet
    assert mine.get(f"/org/entries/{pk}/classification?record=999").status_code == 404


def test_dashboard_lists_entries_to_classify_again(client_for, anon, token_for, database):
    ed = token_for("editor")
    e = new_entry(anon, ed, name="Gewijzigd systeem")
    r = anon.post(
        f"/api/v1/entries/{e['id']}/events", json={"kind": "change_of_purpose", "date": AS_OF}, headers=ed
    )
    assert r.status_code == 201 and r.json()["needs_reclassification"]
    dash = client_for("editor").get("/org")
    assert "Deze systemen zijn gewijzigd" in dash.text
    assert f'href="/org/entries/{entry_pk(database, e["id"])}/classify">Gewijzigd systeem</a>' in dash.text
    assert "Change of intended purpose on 2026-12-07" in dash.text and 'href="/classify"' in dash.text
    assert "Gewijzigd systeem" not in client_for("editor_b").get("/org").text
