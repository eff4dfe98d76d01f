"""Classification in the product: classify profiles, save results to register entries with history,
flag entries for re-classification and re-run stored profiles against the current ruleset.

The engine (``waarborg.domain.classification``) is pure; this module adds permissions, storage, the
audit log and the ``entry.classified`` event (payload: entry_id, classification, previous).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain.classification import (
    ClassificationResult,
    Ruleset,
    classify,
    load_ruleset,
    relevant_questions,
    validate_profile,
)
from waarborg.domain.errors import InvalidInput, NotAllowed
from waarborg.domain.policy import Actor, decide
from waarborg.services import auditlog, entries, events
from waarborg.storage.base import utcnow
from waarborg.storage.models import Entry
from waarborg.storage.models_classification import ClassificationRecord

SOURCES = ("questionnaire", "api", "reclassify", "demo")


# --------------------------------------------------------------------------- stateless


def ruleset(ref: str | None = None) -> Ruleset:
    """A ruleset by ``id@version`` or ``id`` (latest); the default is the latest EU AI Act ruleset."""
    try:
        return load_ruleset(ref or None)
    except InvalidInput as exc:
        raise InvalidInput.at("ruleset", exc.message) from None


def check_profile(profile: Mapping[str, Any], rs: Ruleset, prefix: str = "profile.") -> dict[str, Any]:
    """Every answer checked (all errors at once, each naming ``<prefix><question>``); normalised answers."""
    if not isinstance(profile, Mapping):
        raise InvalidInput.at(prefix.rstrip(".") or "profile", f"expected an object, got {profile!r:.60}")
    errors: list[str] = []
    for key, value in profile.items():
        try:
            validate_profile({key: value}, rs)
        except InvalidInput as exc:
            errors.extend(f"{prefix}{e}" for e in (exc.errors or [exc.message]))
    if errors:
        raise InvalidInput(f"{len(errors)} invalid answer(s): {errors[0]}", errors)
    return validate_profile(profile, rs)


def prune(profile: Mapping[str, Any], rs: Ruleset) -> dict[str, Any]:
    """Only the answers to questions that still matter given the other answers (to a fixed point)."""
    answers = dict(profile)
    for _ in range(len(rs.questions)):
        keep = {q.id for q in relevant_questions(answers, rs)}
        pruned = {k: v for k, v in answers.items() if k in keep}
        if pruned == answers:
            break
        answers = pruned
    return answers


def run(profile: Mapping[str, Any], as_of: date, rs: Ruleset) -> tuple[dict[str, Any], ClassificationResult]:
    """Check the profile (all errors named), then classify it; returns (normalised profile, result)."""
    clean = check_profile(profile, rs)
    return clean, classify(clean, as_of, rs)


# --------------------------------------------------------------------------- permissions


def may_work(actor: Actor, entry: Entry) -> bool:
    return bool(decide(actor, "org.work", entry.organisation_id))


def require_staff(actor: Actor, entry: Entry) -> None:
    d = decide(actor, "org.work", entry.organisation_id)
    if not d:
        raise NotAllowed(f"classifications of an entry are for staff of its organisation: {d.reason}")


# --------------------------------------------------------------------------- saving and history


def save(
    session: Session,
    actor: Actor,
    entry: Entry,
    profile: Mapping[str, Any],
    as_of: date,
    *,
    ruleset_ref: str | None = None,
    note: str = "",
    source: str = "questionnaire",
) -> ClassificationRecord:
    """Classify ``profile`` and store it as the entry's current classification (history is kept).

    Sets ``Entry.classification``/``classified_at``, clears ``needs_reclassification``, and when the
    risk class differs from the working copy's ``risk_class`` field, saves a new entry version through
    ``entries.update`` (so the change is versioned and goes through the publication workflow)."""
    entries.require(actor, "entry.edit", entry)
    if entry.status == "archived":
        raise InvalidInput.at("status", f"entry {entry.public_id} is archived and cannot be classified")
    if len(note) > 500:
        raise InvalidInput.at("note", f"{len(note)} characters, at most 500 allowed")
    rs = ruleset(ruleset_ref)
    clean, result = run(profile, as_of, rs)
    data = result.to_dict()
    previous = dict(entry.classification) if entry.classification else None
    record = ClassificationRecord(
        entry_id=entry.id,
        organisation_id=entry.organisation_id,
        author_id=actor.user_id or None,
        author=actor.label,
        source=source if source in SOURCES else "questionnaire",
        ruleset=rs.ref,
        as_of=as_of,
        risk_class=result.risk_class,
        profile=clean,
        result=data,
        note=note,
    )
    session.add(record)
    entry.classification, entry.classified_at = data, utcnow()
    entry.needs_reclassification, entry.reclassification_reason = False, None
    session.flush()
    if entry.data.get("risk_class") != result.risk_class:
        entries.update(
            session,
            actor,
            entry,
            {**entry.data, "risk_class": result.risk_class},
            expected_version=entry.version,
            note=f"risk class from classification #{record.id} ({rs.ref}, as of {as_of.isoformat()})",
        )
    auditlog.record(
        session,
        actor,
        "classification.saved",
        "entry",
        entry.id,
        {
            "record": record.id,
            "ruleset": rs.ref,
            "as_of": as_of.isoformat(),
            "risk_class": result.risk_class,
            "previous": (previous or {}).get("risk_class"),
            "source": record.source,
        },
    )
    events.publish(
        session,
        actor,
        "entry.classified",
        {"entry_id": entry.id, "classification": data, "previous": previous},
    )
    return record


def records(session: Session, entry: Entry) -> list[ClassificationRecord]:
    """Every saved classification of the entry, newest first (no permission check: callers check)."""
    q = (
        select(ClassificationRecord)
        .where(ClassificationRecord.entry_id == entry.id)
        .order_by(ClassificationRecord.id.desc())
    )
    return list(session.scalars(q))


def latest(session: Session, entry: Entry) -> ClassificationRecord | None:
    q = (
        select(ClassificationRecord)
        .where(ClassificationRecord.entry_id == entry.id)
        .order_by(ClassificationRecord.id.desc())
        .limit(1)
    )
    return session.scalar(q)


def history(session: Session, actor: Actor, entry: Entry) -> list[ClassificationRecord]:
    require_staff(actor, entry)
    return records(session, entry)


def record_json(rec: ClassificationRecord, *, with_result: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rec.id,
        "author": rec.author,
        "created_at": rec.created_at.isoformat(),
        "source": rec.source,
        "ruleset": rec.ruleset,
        "as_of": rec.as_of.isoformat(),
        "risk_class": rec.risk_class,
        "note": rec.note,
        "profile": rec.profile,
    }
    if with_result:
        out["result"] = rec.result
    return out


def public_record(session: Session, entry: Entry) -> ClassificationRecord | None:
    """The newest classification that agrees with the *published* risk class (else None), so the public
    panel never shows a class the organisation has not yet published through the four-eyes workflow."""
    if not entry.is_public or not entry.pub_risk_class:
        return None
    q = (
        select(ClassificationRecord)
        .where(
            ClassificationRecord.entry_id == entry.id,
            ClassificationRecord.risk_class == entry.pub_risk_class,
        )
        .order_by(ClassificationRecord.id.desc())
        .limit(1)
    )
    return session.scalar(q)


# --------------------------------------------------------------------------- re-classification


def outdated(entry: Entry, current_ref: str) -> bool:
    """Classified under another version of the same ruleset than ``current_ref``."""
    ref = str((entry.classification or {}).get("ruleset") or "")
    return bool(ref) and ref.split("@", 1)[0] == current_ref.split("@", 1)[0] and ref != current_ref


def flag_outdated(session: Session, actor: Actor | str, rs: Ruleset, *, dry_run: bool = False) -> list[Entry]:
    """Flag entries whose stored classification used an older ruleset version; returns them."""
    found = []
    for entry in session.scalars(select(Entry).where(Entry.classification.is_not(None))).unique():
        if entry.status == "archived" or not outdated(entry, rs.ref):
            continue
        found.append(entry)
        if not dry_run and not entry.needs_reclassification:
            old = (entry.classification or {}).get("ruleset")
            entry.needs_reclassification = True
            entry.reclassification_reason = f"ruleset {old} replaced by {rs.ref}"
            auditlog.record(
                session, actor, "classification.flagged", "entry", entry.id, {"from": old, "to": rs.ref}
            )
    session.flush()
    return found


def to_reclassify(session: Session, actor: Actor, organisation_id: int) -> list[Entry]:
    """The organisation's entries flagged for re-classification or classified under an older ruleset."""
    if not decide(actor, "org.work", organisation_id):
        raise NotAllowed("only staff of the organisation see which entries need re-classification")
    current = ruleset().ref
    q = select(Entry).where(Entry.organisation_id == organisation_id, Entry.status != "archived")
    rows = session.scalars(q.order_by(Entry.name)).unique()
    return [e for e in rows if e.needs_reclassification or outdated(e, current)]


@dataclass
class Change:
    """What re-running one entry's stored profile changed."""

    entry_id: str
    name: str
    organisation: str
    flagged: bool
    before: str | None
    after: str | None
    ruleset_before: str | None
    ruleset_after: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: str = ""
    saved: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after or bool(self.added or self.removed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry_id,
            "name": self.name,
            "organisation": self.organisation,
            "flagged": self.flagged,
            "risk_class": {"before": self.before, "after": self.after},
            "ruleset": {"before": self.ruleset_before, "after": self.ruleset_after},
            "obligations_added": self.added,
            "obligations_removed": self.removed,
            "changed": self.changed,
            "saved": self.saved,
            "skipped": self.skipped,
        }


def _obligations(result: Mapping[str, Any] | None) -> dict[tuple[str, str], str]:
    out = {}
    for ob in (result or {}).get("obligations") or []:
        out[(str(ob.get("id")), str(ob.get("holder")))] = (
            f"{ob.get('article')} ({ob.get('holder')}) {ob.get('title')}"
        )
    return out


def compare(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Obligations added and removed between two results, as 'article (holder) title' lines."""
    old, new = _obligations(before), _obligations(after)
    return [new[k] for k in new if k not in old], [old[k] for k in old if k not in new]


def reclassify(
    session: Session,
    actor: Actor,
    *,
    only_flagged: bool = False,
    dry_run: bool = False,
    as_of: date | None = None,
) -> list[Change]:
    """Re-run every classified entry's latest stored profile against the current ruleset.

    Entries whose result changed, or that were flagged, get a new classification record (unless
    ``dry_run``); unchanged, unflagged entries are left alone."""
    rs = ruleset()
    on = as_of or date.today()
    flag_outdated(session, actor, rs, dry_run=dry_run)
    out = []
    q = select(Entry).where(Entry.status != "archived").order_by(Entry.id)
    for entry in session.scalars(q).unique():
        flagged = entry.needs_reclassification or outdated(entry, rs.ref)
        if only_flagged and not flagged:
            continue
        rec = latest(session, entry)
        if rec is None:
            if flagged:
                out.append(_skipped(entry, rs, "flagged, but never classified: use the questionnaire"))
            continue
        out.append(_rerun(session, actor, entry, rec, rs, on, flagged=flagged, dry_run=dry_run))
    return out


def _skipped(entry: Entry, rs: Ruleset, why: str) -> Change:
    cls = entry.classification or {}
    return Change(
        entry.public_id,
        entry.name,
        entry.organisation.slug,
        True,
        cls.get("risk_class"),
        None,
        cls.get("ruleset"),
        rs.ref,
        skipped=why,
    )


def _rerun(
    session: Session,
    actor: Actor,
    entry: Entry,
    rec: ClassificationRecord,
    rs: Ruleset,
    on: date,
    *,
    flagged: bool,
    dry_run: bool,
) -> Change:
    before = entry.classification or rec.result
    try:
        _, result = run(rec.profile, on, rs)
    except InvalidInput as exc:
        return _skipped(entry, rs, f"stored profile no longer valid: {exc.message}")
    after = result.to_dict()
    added, removed = compare(before, after)
    change = Change(
        entry.public_id,
        entry.name,
        entry.organisation.slug,
        flagged,
        before.get("risk_class"),
        result.risk_class,
        before.get("ruleset"),
        rs.ref,
        added,
        removed,
    )
    if not dry_run and (flagged or change.changed or change.ruleset_before != rs.ref):
        save(
            session,
            actor,
            entry,
            rec.profile,
            on,
            ruleset_ref=rs.ref,
            source="reclassify",
            note="re-classified with the current ruleset",
        )
        change.saved = True
    return change
