"""docs/classification.md lists every obligation id of the default ruleset (docs that cannot drift)."""

from __future__ import annotations

from pathlib import Path

from waarborg.domain.classification import Ruleset

DOC = Path(__file__).resolve().parents[2] / "docs" / "classification.md"


def test_every_obligation_id_is_documented(ruleset: Ruleset) -> None:
    text = DOC.read_text("utf-8")
    missing = sorted({o.id for o in ruleset.obligations if f"`{o.id}`" not in text})
    assert not missing, f"document these obligation ids in docs/classification.md: {missing}"


def test_published_profile_schema_is_current() -> None:
    import json

    from waarborg.domain.classification import profile_schema
    from waarborg.domain.classification.loader import rules_dir

    stored = json.loads((rules_dir() / "schema" / "profile.schema.json").read_text("utf-8"))
    assert stored == profile_schema(), (
        "regenerate: waarborg classify --schema > src/waarborg/rules/schema/profile.schema.json"
    )
