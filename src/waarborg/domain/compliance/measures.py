"""Measure state machine and field updates. Every function returns a new MeasureItem (version + 1).

    todo ──> in_progress ──> in_review ──accept (not the owner)──> done
      │           │  ^            │                                  │
      │           │  └──reject────┘                                  │
      └──────────>┴──> not_applicable (needs a reason)   reopen <────┘

Only a review moves a measure to ``done`` by hand; linked work (an approved FRIA, a published entry)
does so through ``apply_event`` in ``waarborg.domain.compliance.events``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from waarborg.domain.compliance.model import EvidenceRef, MeasureItem, MeasureStatus
from waarborg.domain.errors import InvalidInput, NotAllowed, TransitionNotAllowed

S = MeasureStatus

TRANSITIONS: dict[MeasureStatus, frozenset[MeasureStatus]] = {
    S.TODO: frozenset({S.IN_PROGRESS, S.IN_REVIEW, S.NOT_APPLICABLE}),
    S.IN_PROGRESS: frozenset({S.TODO, S.IN_REVIEW, S.NOT_APPLICABLE}),
    S.IN_REVIEW: frozenset({S.IN_PROGRESS, S.DONE, S.NOT_APPLICABLE}),
    S.DONE: frozenset({S.IN_PROGRESS}),
    S.NOT_APPLICABLE: frozenset({S.TODO, S.IN_PROGRESS}),
}

MAX_NOTES = 20_000
MAX_LINKS = 50
MAX_REASON = 2_000
UNSET: Any = object()


def parse_status(value: str, field: str = "status") -> MeasureStatus:
    try:
        return MeasureStatus(value)
    except ValueError as exc:
        allowed = ", ".join(s.value for s in MeasureStatus)
        raise InvalidInput.at(field, f"unknown status {value!r}; use one of {allowed}") from exc


def change_status(
    measure: MeasureItem, to: MeasureStatus, actor: str, at: str, *, reason: str | None = None
) -> MeasureItem:
    """Move ``measure`` to ``to`` on behalf of ``actor`` (an id or e-mail) at ISO time ``at``."""
    current = measure.status
    if to not in TRANSITIONS[current]:
        raise TransitionNotAllowed(
            f"measure {measure.measure_id}: cannot go from {current.value} to {to.value}",
            [f"status: {current.value} -> {to.value} is not allowed"],
        )
    if to is S.DONE:
        return _accept(measure, actor, at)
    if to is S.NOT_APPLICABLE:
        text = (reason or "").strip()
        if not text:
            raise InvalidInput.at("reason", f"measure {measure.measure_id}: 'not applicable' needs a reason")
        if len(text) > MAX_REASON:
            raise InvalidInput.at("reason", f"longer than {MAX_REASON} characters ({len(text)})")
        return _next(measure, status=to, reason=text, accepted_by=None, accepted_at=None, satisfied_by=None)
    owner = measure.owner or (actor if to is S.IN_REVIEW else None)
    return _next(
        measure, status=to, owner=owner, reason=None, accepted_by=None, accepted_at=None, satisfied_by=None
    )


def _accept(measure: MeasureItem, actor: str, at: str) -> MeasureItem:
    if measure.owner and actor == measure.owner:
        raise NotAllowed(
            f"measure {measure.measure_id}: the owner ({actor}) cannot accept their own work; "
            "a reviewer other than the owner must accept it",
            ["reviewer: must differ from the owner"],
        )
    if measure.reviewer and actor != measure.reviewer:
        raise NotAllowed(
            f"measure {measure.measure_id}: only the assigned reviewer ({measure.reviewer}) may accept it",
            [f"reviewer: {actor!r} is not the assigned reviewer"],
        )
    return _next(measure, status=S.DONE, accepted_by=actor, accepted_at=at, reason=None)


def update_fields(
    measure: MeasureItem,
    *,
    owner: str | None = UNSET,
    reviewer: str | None = UNSET,
    due: date | None = UNSET,
    notes: str = UNSET,
    links: Iterable[str] = UNSET,
) -> MeasureItem:
    """Change the editable fields; unchanged when nothing differs (no new version)."""
    changes: dict[str, Any] = {}
    if owner is not UNSET:
        changes["owner"] = (owner or "").strip() or None
    if reviewer is not UNSET:
        changes["reviewer"] = (reviewer or "").strip() or None
    if due is not UNSET:
        changes["due"] = due
    if notes is not UNSET:
        if len(notes) > MAX_NOTES:
            raise InvalidInput.at("notes", f"longer than {MAX_NOTES} characters ({len(notes)})")
        changes["notes"] = notes
    if links is not UNSET:
        changes["links"] = _check_links(links)
    owner_after = changes.get("owner", measure.owner)
    reviewer_after = changes.get("reviewer", measure.reviewer)
    if owner_after and reviewer_after and owner_after == reviewer_after:
        raise InvalidInput.at("reviewer", f"the reviewer must differ from the owner ({owner_after!r})")
    if all(getattr(measure, k) == v for k, v in changes.items()):
        return measure
    return _next(measure, **changes)


def _check_links(links: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i, raw in enumerate(links):
        link = str(raw).strip()
        if not link:
            continue
        if not (
            link.startswith(("https://", "http://")) or (link.startswith("/") and not link.startswith("//"))
        ):
            raise InvalidInput.at(f"links[{i}]", f"{link!r} is not an http(s) URL or a path inside Waarborg")
        if any(c in link for c in "\r\n\t <>\"'"):
            raise InvalidInput.at(f"links[{i}]", f"{link!r} contains a character not allowed in a link")
        if link not in out:
            out.append(link)
    if len(out) > MAX_LINKS:
        raise InvalidInput.at("links", f"at most {MAX_LINKS} links ({len(out)} given)")
    return tuple(out)


def add_evidence(measure: MeasureItem, ref: EvidenceRef) -> MeasureItem:
    """Attach an evidence file (by content hash); attaching the same content twice is a no-op."""
    if any(e.sha256 == ref.sha256 for e in measure.evidence):
        return measure
    return _next(measure, evidence=(*measure.evidence, ref))


def _next(measure: MeasureItem, **changes: Any) -> MeasureItem:
    return replace(measure, version=measure.version + 1, **changes)
