"""Classification texts in Dutch: every English text the ruleset can put in a result has a Dutch wording,
and pages and reports in Dutch use it."""

from __future__ import annotations

from tests.classification_web.helpers import CV, form_for
from waarborg.services import classification as svc
from waarborg.services.classification_report import obligation_titles, trace_outcome
from waarborg.services.classification_texts import localise, table

AS_OF = "2026-12-07"


def _ruleset_texts() -> set[str]:
    rs = svc.ruleset()
    texts = {o.note for o in rs.obligations if o.note}
    for rules, _stage in rs.groups.values():
        for rule in rules:
            steps = (rule.yes, rule.no, rule.exc, rule.not_in_force, rule.upcoming)
            texts |= {step.outcome for step in steps if step is not None}
    return texts - {"-"}


def test_every_ruleset_text_has_a_dutch_wording() -> None:
    missing = sorted(t for t in _ruleset_texts() if t not in table())
    assert not missing, f"texts without a Dutch wording in texts_nl.yaml: {missing}"


def test_composite_texts_are_translated_part_by_part() -> None:
    note = "Omnibus rewords the duty as 'take measures to support' AI literacy (V-secondary)."
    assert localise(f"{note} Transitional deadline (Art. 111(2)).", "nl") == (
        "De Omnibus herformuleert de plicht als 'maatregelen nemen om AI-geletterdheid te ondersteunen' "
        "(V-secondary). Overgangstermijn (art. 111(2))."
    )
    assert localise("Transitional deadline (Art. 111(2)).", "nl") == "Overgangstermijn (art. 111(2))."
    assert localise(
        "CETS 225 Art. 3(1)(a): applies: activity of a public authority or a private actor acting on its behalf",
        "nl",
    ) == (
        "CETS 225 art. 3(1)(a): van toepassing: activiteit van een overheidsinstantie of van een private partij "
        "die namens haar optreedt"
    )
    assert localise("machine-based system", "en") == "machine-based system"
    assert localise("something new", "nl") == "something new"  # unknown: English, not a guess


def test_obligation_trace_step_in_dutch() -> None:
    titles = obligation_titles(svc.ruleset())
    step = {
        "step": "obligations",
        "outcome": "deployer: Ensure a sufficient level of AI literacy of staff (applicable, from 2025-02-02)",
    }
    assert trace_outcome(step, "nl", titles) == (
        "Gebruiksverantwoordelijke: Zorgen voor voldoende AI-geletterdheid van personeel (Geldt, vanaf 2025-02-02)"
    )


def test_result_page_and_markdown_in_dutch(anon) -> None:
    page = anon.post_form("/classify?lang=nl", form_for(CV, action="classify", as_of=AS_OF)).text
    assert "machine-gebaseerd systeem" in page and "machine-based system" not in page
    assert "De Omnibus herformuleert de plicht" in page
    md = anon.post_form("/classify?lang=nl", form_for(CV, action="md", as_of=AS_OF)).text
    assert "| machine-gebaseerd systeem |" in md
    assert "operates with some autonomy" not in md
    english = anon.post_form("/classify?lang=en", form_for(CV, action="md", as_of=AS_OF)).text
    assert "| machine-based system |" in english
