"""Saving classifications: history, entry fields, versioning, audit log, events, flags, re-running."""

from __future__ import annotations

from datetime import date

import pytest

from tests.classification_web.helpers import CV, MINIMAL, entry_pk, new_entry
from waarborg.domain.errors import InvalidInput, NotAllowed
from waarborg.services import auditlog, entries, events
from waarborg.services import classification as svc
from waarborg.services.bootstrap import cli_actor
from waarborg.services.unit import unit
from waarborg.storage.models import Entry, EntryVersion

AS_OF = date(2026, 12, 7)


def test_check_profile_names_every_bad_answer():
    rs = svc.ruleset()
    with pytest.raises(InvalidInput) as exc:
        svc.check_profile({"machine_based": "maybe", "annex_iii_points": ["9(z)"], "nonsense": 1}, rs)
    joined = "\n".join(exc.value.errors)
    assert len(exc.value.errors) == 3
    assert "profile.machine_based: expected true or false, got 'maybe'" in joined
    assert "profile.annex_iii_points: '9(z)' is not one of" in joined
    assert "profile.nonsense: unknown question 'nonsense'" in joined


def test_prune_drops_answers_that_no_longer_matter():
    rs = svc.ruleset()
    answers = {"emotion_recognition": False, "emotion_context": ["workplace"], "infers_outputs": True}
    assert svc.prune(answers, rs) == {"emotion_recognition": False, "infers_outputs": True}
    not_ai = svc.prune({"infers_outputs": False, "annex_iii_points": ["4(a)"]}, rs)
    assert not_ai == {"infers_outputs": False}


def test_unknown_ruleset_is_bad_input():
    with pytest.raises(InvalidInput) as exc:
        svc.ruleset("eu-ai-act@1999.01")
    assert exc.value.errors[0].startswith("ruleset:")


def test_save_keeps_history_updates_entry_and_publishes_event(world, anon, token_for, database):
    ed = token_for("editor")
    e = new_entry(anon, ed)
    pk = entry_pk(database, e["id"])
    seen = []
    handler = events.subscribe("entry.classified")(lambda s, a, p: seen.append(p))
    editor = world.actor("editor@a.example")
    try:
        with unit(database) as s:
            entry = s.get(Entry, pk)
            entry.needs_reclassification = True
            rec1 = svc.save(s, editor, entry, MINIMAL, AS_OF)
            assert rec1.risk_class == "minimal" and entry.version == 1  # field already said minimal
            rec2 = svc.save(s, editor, entry, CV, AS_OF, note="after interview with HR")
    finally:
        events._HANDLERS["entry.classified"].remove(handler)
    assert [p["classification"]["risk_class"] for p in seen] == ["minimal", "high-risk"]
    assert seen[0]["previous"] is None and seen[1]["previous"]["risk_class"] == "minimal"
    assert seen[1]["entry_id"] == pk
    with unit(database, write=False) as s:
        entry = s.get(Entry, pk)
        assert entry.classification["risk_class"] == "high-risk"
        assert entry.classification["high_risk"]["point"] == "4(a)"
        assert entry.classified_at is not None and not entry.needs_reclassification
        # the working copy's risk class changed through entries.update: a new, attributed version
        assert entry.data["risk_class"] == "high-risk" and entry.version == 2
        v2 = s.query(EntryVersion).filter_by(entry_id=pk, version=2).one()
        assert f"classification #{rec2.id}" in v2.note and v2.author == "editor@a.example"
        hist = svc.history(s, editor, entry)
        assert [r.id for r in hist] == [rec2.id, rec1.id]
        assert hist[0].ruleset == "eu-ai-act@2026.12" and hist[0].as_of == AS_OF
        assert hist[0].author == "editor@a.example" and hist[0].note == "after interview with HR"
        assert hist[0].profile["annex_iii_points"] == ["4(a)"]
        actions = [a.action for a in auditlog.history(s, "entry", pk)]
        assert actions.count("classification.saved") == 2 and "entry.updated" in actions


def test_only_own_organisation_may_save_or_read(world, anon, token_for, database):
    e = new_entry(anon, token_for("editor"))
    pk = entry_pk(database, e["id"])
    with unit(database) as s:
        entry = s.get(Entry, pk)
        for email in ("editor@b.example", "supervisor@test.example"):
            with pytest.raises(NotAllowed):
                svc.save(s, world.actor(email), entry, CV, AS_OF)
            with pytest.raises(NotAllowed):
                svc.history(s, world.actor(email), entry)


def test_lifecycle_event_flags_and_reclassify_clears(world, anon, token_for, database):
    e = new_entry(anon, token_for("editor"))
    pk = entry_pk(database, e["id"])
    editor = world.actor("editor@a.example")
    with unit(database) as s:
        entry = s.get(Entry, pk)
        svc.save(s, editor, entry, CV, AS_OF)
        entries.add_event(s, editor, entry, "substantial_modification", AS_OF)
        assert entry.needs_reclassification
    with unit(database) as s:
        dry = svc.reclassify(s, cli_actor(), only_flagged=True, dry_run=True, as_of=AS_OF)
        assert [c.entry_id for c in dry] == [e["id"]] and not dry[0].saved and dry[0].flagged
    with unit(database) as s:
        assert s.get(Entry, pk).needs_reclassification  # dry run wrote nothing
        done = svc.reclassify(s, cli_actor(), only_flagged=True, as_of=AS_OF)
        assert done[0].saved and not done[0].changed
    with unit(database, write=False) as s:
        entry = s.get(Entry, pk)
        assert not entry.needs_reclassification
        assert [r.source for r in svc.records(s, entry)] == ["reclassify", "questionnaire"]


def test_older_ruleset_version_is_flagged_and_changes_reported(world, anon, token_for, database):
    e = new_entry(anon, token_for("editor"))
    pk = entry_pk(database, e["id"])
    editor = world.actor("editor@a.example")
    with unit(database) as s:
        entry = s.get(Entry, pk)
        svc.save(s, editor, entry, CV, AS_OF)
        # Pretend it was classified under an older ruleset version that had one obligation fewer
        # and one that no longer exists.
        old = dict(entry.classification)
        old["ruleset"] = "eu-ai-act@2026.01"
        obligations = list(old["obligations"])
        dropped = obligations.pop()
        obligations.append({"id": "gone", "holder": "deployer", "article": "Art. 99", "title": "Old duty"})
        old["obligations"] = obligations
        entry.classification = old
    with unit(database) as s:
        changes = svc.reclassify(s, cli_actor(), only_flagged=True, as_of=AS_OF)
    (c,) = changes
    assert c.flagged and c.saved and c.ruleset_before == "eu-ai-act@2026.01"
    assert c.added == [f"{dropped['article']} ({dropped['holder']}) {dropped['title']}"]
    assert c.removed == ["Art. 99 (deployer) Old duty"]
    with unit(database, write=False) as s:
        entry = s.get(Entry, pk)
        assert entry.classification["ruleset"] == "eu-ai-act@2026.12" and not entry.needs_reclassification
        assert "classification.flagged" in [a.action for a in auditlog.history(s, "entry", pk)]
