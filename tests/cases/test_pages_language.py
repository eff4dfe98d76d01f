"""Case pages in the page language and with their way around: legal basis, labels, deadline basis,
readable history, links to the system, and the citizen's main action before withdrawing."""

from __future__ import annotations

import re

from tests.cases.fixtures import published_entry
from tests.cases.test_web import _file


def test_forms_name_the_dutch_article_and_the_explanation_label(client_for, token_for, anon) -> None:
    pid = published_entry(client_for, token_for)
    nl = anon.get(f"/register/{pid}/complaint?lang=nl").text
    assert "AI-verordening art. 85" in nl and "AI Act Art. 85" not in nl
    assert "AI Act Art. 85" in anon.get(f"/register/{pid}/complaint?lang=en").text
    expl = anon.get(f"/register/{pid}/explanation?lang=nl").text
    assert "Welk besluit moet worden uitgelegd" in expl and "Uw klacht of vraag" not in expl
    assert "Which decision should be explained" in anon.get(f"/register/{pid}/explanation?lang=en").text


def test_staff_case_page_and_status_page(client_for, token_for, anon) -> None:
    pid = published_entry(client_for, token_for)
    r = _file(anon, pid)
    status_url = r.headers["location"]
    editor = client_for("editor")
    number = re.search(r"/cases/(K-\d{4}-\d{6})", editor.get("/org/cases").text).group(1)  # type: ignore[union-attr]
    page = editor.get(f"/cases/{number}?lang=nl").text
    # deadline basis: English text, marked as such
    assert 'grondslag (in het Engels): <span lang="en">' in page
    # history in words
    assert "Ingediend: Ontvangen (burger)" in page and "filed:" not in page
    # third person for the complainant's data
    assert "Naam van de indiener" in page and "Uw naam" not in page
    # the system is a link (staff: the working copy)
    assert re.search(r'<a href="/org/entries/\d+">', page)
    sup = client_for("supervisor").get(f"/cases/{number}?lang=nl").text
    assert f'href="/register/{pid}"' in sup
    status = anon.get(status_url + ("&" if "?" in status_url else "?") + "lang=nl").text
    assert f'href="/register/{pid}"' in status
    # once answered, the main actions come first; withdrawing is a secondary button
    editor.post_form(f"/cases/{number}/steps", {"step": "reply", "reason": "Ons antwoord."})
    status = anon.get(status_url).text
    assert "· organisatie</p>" in status and "· editor</p>" not in status
    answered = editor.get(f"/cases/{number}?lang=nl").text
    assert "· organisatie · Antwoord versturen</p>" in answered
    buttons = re.findall(r'<button type="submit" name="do" value="([a-z_]+)"([^>]*)>', status)
    assert len(buttons) >= 2 and buttons[-1][0] == "withdraw" and 'class="secondary"' in buttons[-1][1]
