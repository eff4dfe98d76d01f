"""What autogenerate compares (shared by env.py and the models-match-migrations test)."""

from __future__ import annotations

from typing import Any


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    # Full-text structures are managed by hand in migration 0002 (FTS5 table / GIN expression index).
    if type_ == "table" and name is not None and name.startswith("entries_fts"):
        return False
    return not (type_ == "index" and name in ("ix_entries_search_gin", "ix_entries_public_published"))
