"""Demo content: the demo entries with a natural profile are classified, once."""

from __future__ import annotations

from sqlalchemy import select

from waarborg.services import classification as svc
from waarborg.services import demo
from waarborg.services.unit import unit
from waarborg.storage.models import Entry

EXPECTED = {
    "CV-selectie sollicitaties": ("high-risk", "4(a)"),
    "Risicoscore rechtmatigheid bijstand": ("high-risk", "5(a)"),
    "Chatbot Vraag het Voorbeeldstad": ("transparency", None),
    "Live gezichtsherkenning evenementen (proef)": ("prohibited", "1(a)"),
    "Kredietscore particuliere leningen": ("high-risk", "5(b)"),
    "Triage spoedeisende hulp": ("high-risk", "5(d)"),
    "Emotieherkenning klantcontact": ("high-risk", "1(c)"),
}


def test_demo_classifies_entries_idempotently(database, app):  # type: ignore[no-untyped-def]
    first = demo.load(database)
    assert "Classification: 7 demo entries classified with example profiles." in first.notes
    second = demo.load(database)
    assert "Classification: 0 demo entries classified with example profiles." in second.notes
    with unit(database, write=False) as s:
        for name, (risk, point) in EXPECTED.items():
            entry = s.scalar(select(Entry).where(Entry.name == name))
            rows = svc.records(s, entry)
            assert len(rows) == 1 and rows[0].source == "demo", name
            assert entry.classification["risk_class"] == risk == entry.data["risk_class"], name
            assert (entry.classification["high_risk"] or {}).get("point") == point, name
            # The profiles match the demo's risk classes, so published entries stay published.
            assert entry.status in ("published", "draft") and entry.version == 1, name
        assert (
            "5(1)(h)"
            in s.scalar(select(Entry).where(Entry.name.like("Live gezicht%"))).classification["prohibited"]
        )
