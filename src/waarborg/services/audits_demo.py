"""Demo content: a synthetic decision log for the welfare-fraud risk score, audited with findings."""

from __future__ import annotations

import io
import random
from typing import Any

from sqlalchemy import select

from waarborg.services import accounts, audits
from waarborg.services.unit import unit
from waarborg.settings import get_settings
from waarborg.storage.db import Database
from waarborg.storage.models import Entry, Organisation
from waarborg.storage.models_audits import Audit

ENTRY = ("uitkeringsdienst", "Risicoscore rechtmatigheid bijstand")


def synthetic_log(rows: int = 6000, seed: int = 225) -> bytes:
    """Decisions that flag single-parent households and younger applicants more often (deterministic)."""
    rng = random.Random(seed)
    out = io.StringIO()
    out.write("datum,geslacht,leeftijdsgroep,huishouden,onderzoek,onrechtmatig\n")
    base = {"alleenstaand": 0.10, "alleenstaande ouder": 0.22, "samenwonend": 0.08}
    for i in range(rows):
        household = rng.choice(list(base))
        age = rng.choice(["18-27", "28-45", "46-66", "67+"])
        sex = rng.choice(["man", "vrouw"])
        p = base[household] + (0.05 if age == "18-27" else 0.0)
        flagged = rng.random() < p
        wrong = rng.random() < (0.35 if flagged else 0.04)
        month = 1 + (i * 12) // rows
        out.write(f"2026-{month:02d}-{1 + i % 28:02d},{sex},{age},{household},{int(flagged)},{int(wrong)}\n")
    return out.getvalue().encode()


def load_demo(db: Database, summary: Any) -> None:
    with unit(db, write=False) as s:
        org = s.scalar(select(Organisation).where(Organisation.slug == ENTRY[0]))
        entry = (
            s.scalar(select(Entry).where(Entry.organisation_id == org.id, Entry.name == ENTRY[1]))
            if org
            else None
        )
        if entry is None or s.scalar(select(Audit.id).where(Audit.entry_id == entry.id)) is not None:
            return
        entry_id = entry.id
    actor = None
    with unit(db) as s:
        from waarborg.storage.models import User

        user = s.scalar(select(User).where(User.email == f"editor@{ENTRY[0]}.example"))
        actor = accounts.actor_for(user)
        entry = s.get(Entry, entry_id)
        if audits.thresholds_for(s, entry)[1] == "default":  # the demo IAMA normally set them already
            audits.set_thresholds(
                s,
                actor,
                entry,
                {"min_disparate_impact_ratio": 0.8, "max_fpr_difference": 0.1},
                source="IAMA deel 4 (demo)",
            )
        config = audits.config_from_form(
            {
                "protected": "geslacht,leeftijdsgroep,huishouden",
                "prediction": "onderzoek",
                "label": "onrechtmatig",
                "time": "datum",
                "window": "quarter",
                "min_group_size": "20",
            },
            audits.thresholds_for(s, entry)[0],
        )
        path, sha, _ = audits.store_log(
            get_settings().data_dir, "beslissingen-2026.csv", iter([synthetic_log()])
        )
        audit = audits.submit(
            s, actor, entry, config, "beslissingen-2026.csv", path, sha, public_summary=True
        )
        audit_id = audit.id
    audits.run_one(db, audit_id)
    summary.notes.append("Bias audit: 6,000 demo decisions of the welfare-fraud risk score, with findings.")
