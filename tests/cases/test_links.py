"""A complaint linked to a bias finding: the reference must be a finding of the case's own system, and the
case page links to the audit it came from."""

from __future__ import annotations

import pytest

from tests.cases.fixtures import LINKS, add_finding, file_complaint, published_entry
from tests.register.helpers import create_entry
from waarborg.domain.errors import InvalidInput
from waarborg.services import case_views, cases
from waarborg.services.unit import unit

REASON = "De klacht gaat over dezelfde ongelijke behandeling."


def _link(db, number: str, actor, kind: str, ref: str):  # type: ignore[no-untyped-def]
    with unit(db) as s:
        case = cases.get_case(s, cases.case_actor(actor), number)
        extra = {"actor": actor, "link_kind": kind, "link_ref": ref}
        cases.take_step(s, cases.case_actor(actor), case, "link_finding", REASON, links=LINKS, extra=extra)
        return case_views.case_dict(s, case, cases.case_actor(actor))["links"]


def test_a_finding_of_the_same_entry_is_linked_with_its_audit(world, client_for, token_for) -> None:
    pid = published_entry(client_for, token_for)
    number, _ = file_complaint(world.db, pid)
    audit_id, finding_id = add_finding(world.db, pid)
    editor = world.actor("editor@a.example")
    [link] = _link(world.db, number, editor, "finding", f" f-{finding_id} ")
    assert link["kind"] == "finding" and link["ref"] == f"F-{finding_id}"
    assert link["finding_id"] == finding_id and link["audit_id"] == audit_id
    assert link["href"] == f"/org/audits/{audit_id}#finding-{finding_id}"
    # a risk keeps its free-text reference and has no page of its own here
    links = _link(world.db, number, editor, "risk", "R-7")
    assert links[-1]["ref"] == "R-7" and "href" not in links[-1]


def test_other_refs_are_refused_naming_the_ref(world, client_for, token_for) -> None:
    pid = published_entry(client_for, token_for)
    number, _ = file_complaint(world.db, pid)
    other_pid = published_entry(client_for, token_for, name="Ander systeem")
    _, other_entry_finding = add_finding(world.db, other_pid)
    b_entry = create_entry(client_for(None), token_for("editor_b"), name="Systeem van B")
    _, other_org_finding = add_finding(world.db, b_entry["id"])
    editor = world.actor("editor@a.example")
    for ref in (f"F-{other_entry_finding}", f"F-{other_org_finding}", "F-999999999", "bevinding 1", ""):
        with pytest.raises(InvalidInput) as err:
            _link(world.db, number, editor, "finding", ref)
        assert err.value.errors == [
            f"link_ref: {ref!r} is not a bias finding of this case's entry; give its number as shown "
            "on the audit page (e.g. F-12)"
        ]
    with pytest.raises(InvalidInput, match="link_kind: 'incident' is not one of finding, risk"):
        _link(world.db, number, editor, "incident", "X")
    with unit(world.db) as s:  # nothing was stored by the refused steps
        assert cases.get_case(s, cases.case_actor(editor), number).links in (None, [])


def test_case_page_links_to_the_audit_and_keeps_a_bad_ref(world, client_for, token_for) -> None:
    pid = published_entry(client_for, token_for)
    number, _ = file_complaint(world.db, pid)
    audit_id, finding_id = add_finding(world.db, pid)
    web = client_for("editor")
    form = {"step": "link_finding", "reason": REASON, "link_kind": "finding"}
    r = web.post_form(f"/cases/{number}/steps", {**form, "link_ref": "F-0"})
    assert r.status_code == 422
    assert "&#39;F-0&#39; is not a bias finding of this case&#39;s entry" in r.text
    assert 'value="F-0"' in r.text and 'aria-invalid="true"' in r.text
    r = web.post_form(f"/cases/{number}/steps", {**form, "link_ref": f"F-{finding_id}"})
    assert r.status_code == 303
    page = web.get(f"/cases/{number}")
    assert f'href="/org/audits/{audit_id}#finding-{finding_id}"' in page.text
    # the supervisor can follow the link; the audit page carries the anchor and the number
    audit_page = client_for("supervisor").get(f"/org/audits/{audit_id}")
    assert audit_page.status_code == 200
    assert f'id="finding-{finding_id}"' in audit_page.text and f"F-{finding_id}" in audit_page.text
