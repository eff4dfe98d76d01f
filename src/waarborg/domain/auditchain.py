"""Hash chain for the append-only audit log (pure: canonical JSON + SHA-256)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def link_hash(prev_hash: str, record: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(record)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify(rows: Iterable[tuple[int, dict[str, Any], str, str]]) -> ChainBreak | None:
    """Rows are (seq, record, prev_hash, hash) in order. Returns the first break, or None."""
    expected_prev = GENESIS
    expected_seq = 1
    for seq, record, prev_hash, digest in rows:
        if seq != expected_seq:
            return ChainBreak(seq, f"sequence gap: expected {expected_seq}, found {seq}")
        if prev_hash != expected_prev:
            return ChainBreak(seq, "prev_hash does not match the previous entry's hash")
        if link_hash(prev_hash, record) != digest:
            return ChainBreak(seq, "hash does not match the recorded content (entry was altered)")
        expected_prev = digest
        expected_seq += 1
    return None


def json_roundtrip(record: dict[str, Any]) -> dict[str, Any]:
    """The record as it will read back from a JSON column (dates as strings, tuples as lists)."""
    result: dict[str, Any] = json.loads(canonical(record))
    return result
