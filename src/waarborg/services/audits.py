"""Bias audits in the product: upload a decision log for an entry, run it as a job, record findings."""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from waarborg.domain.audit import AuditConfig
from waarborg.domain.audit.config import DEFAULT_THRESHOLDS, parse_thresholds
from waarborg.domain.errors import InvalidInput, NotAllowed, NotFound, PayloadTooLarge, WaarborgError
from waarborg.domain.policy import Actor, audience, decide
from waarborg.services import audit as audit_engine
from waarborg.services import auditlog, entries, events
from waarborg.storage.base import utcnow
from waarborg.storage.db import Database
from waarborg.storage.models import Entry
from waarborg.storage.models_audits import Audit, AuditFinding, AuditThresholds

MAX_LOG_BYTES = 512 * 1024 * 1024
SUFFIXES = {".csv": "csv", ".parquet": "parquet"}
PARQUET_MAGIC = b"PAR1"


def require_work(actor: Actor, entry: Entry) -> None:
    d = decide(actor, "org.work", entry.organisation_id)
    if not d:
        raise NotAllowed(d.reason)


def _sniff(name: str, head: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput.at("file", f"{name!r}: only .csv and .parquet decision logs are accepted")
    if suffix == ".parquet" and not head.startswith(PARQUET_MAGIC):
        raise InvalidInput.at("file", f"{name!r} does not start like a Parquet file")
    if suffix == ".csv" and b"\x00" in head:
        raise InvalidInput.at("file", f"{name!r} is not a text CSV file (it contains NUL bytes)")
    return suffix


def store_log(data_dir: Path, name: str, chunks: Any) -> tuple[Path, str, int]:
    """Write an uploaded log atomically under ``data_dir/audits``; returns (path, sha256, size)."""
    target_dir = data_dir / "audits"
    target_dir.mkdir(parents=True, exist_ok=True)
    digest, size, suffix = hashlib.sha256(), 0, None
    fd, tmp = tempfile.mkstemp(dir=target_dir, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                if suffix is None:
                    suffix = _sniff(name, chunk[:8])
                size += len(chunk)
                if size > MAX_LOG_BYTES:
                    raise PayloadTooLarge(
                        f"file: larger than {MAX_LOG_BYTES // (1024 * 1024)} MiB",
                        [f"file: larger than {MAX_LOG_BYTES // (1024 * 1024)} MiB"],
                    )
                digest.update(chunk)
                out.write(chunk)
        if suffix is None:
            raise InvalidInput.at("file", f"{name!r} is empty")
        final = target_dir / f"{uuid.uuid4().hex}{suffix}"
        os.replace(tmp, final)
        return final, digest.hexdigest(), size
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_columns(path: Path, config: AuditConfig) -> None:
    """Refuse a log that lacks a mapped column, before it is queued (the engine checks the values)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        names = list(pq.read_schema(path).names)
    else:
        import csv

        with path.open(newline="", encoding="utf-8", errors="replace") as fh:
            names = [c.strip() for c in next(csv.reader(fh), [])]
    roles = {
        "prediction": config.prediction,
        "label": config.label,
        "score": config.score,
        "time": config.time,
    }
    wanted = [(r, c) for r, c in roles.items() if c] + [("protected", c) for c in config.protected]
    wanted += [("proxies", c) for c in config.proxies]
    missing = [
        f"{role}: column {col!r} is not in the file (columns: {', '.join(names[:20])})"
        for role, col in wanted
        if col not in names
    ]
    if missing:
        raise InvalidInput(missing[0], missing)


def config_from_form(form: dict[str, Any], thresholds: dict[str, float]) -> AuditConfig:
    def cols(key: str) -> list[str]:
        return [c.strip() for c in str(form.get(key) or "").split(",") if c.strip()]

    def opt(key: str) -> str | None:
        value = str(form.get(key) or "").strip()
        return value or None

    threshold_raw = opt("threshold")
    try:
        threshold = float(threshold_raw) if threshold_raw is not None else None
    except ValueError:
        raise InvalidInput.at("threshold", f"{threshold_raw!r} is not a number") from None
    size_raw = opt("min_group_size") or "10"
    if not size_raw.isdigit():
        raise InvalidInput.at("min_group_size", f"{size_raw!r} is not a whole number")
    cfg = AuditConfig(
        protected=cols("protected"),
        prediction=opt("prediction"),
        label=opt("label"),
        score=opt("score"),
        threshold=threshold,
        time=opt("time"),
        window=opt("window"),
        proxies=cols("proxies"),
        min_group_size=int(size_raw),
        thresholds=dict(thresholds),
    )
    cfg.validate()
    return cfg


def thresholds_for(session: Session, entry: Entry) -> tuple[dict[str, float], str]:
    row = session.scalar(select(AuditThresholds).where(AuditThresholds.entry_id == entry.id))
    if row is None:
        return dict(DEFAULT_THRESHOLDS), "default"
    return dict(row.thresholds), row.source


def set_thresholds(
    session: Session, actor: Actor, entry: Entry, raw: dict[str, Any], source: str = "entry"
) -> AuditThresholds:
    require_work(actor, entry)
    clean = parse_thresholds(raw)
    row = session.scalar(select(AuditThresholds).where(AuditThresholds.entry_id == entry.id))
    if row is None:
        row = AuditThresholds(entry_id=entry.id, thresholds=clean, source=source, updated_by=actor.label)
        session.add(row)
    else:
        row.thresholds, row.source, row.updated_by, row.updated_at = clean, source, actor.label, utcnow()
    session.flush()
    auditlog.record(
        session, actor, "audit.thresholds_set", "entry", entry.id, {"thresholds": clean, "source": source}
    )
    return row


def submit(
    session: Session,
    actor: Actor,
    entry: Entry,
    config: AuditConfig,
    source_name: str,
    path: Path,
    sha256: str,
    *,
    public_summary: bool = False,
) -> Audit:
    require_work(actor, entry)
    current, source = thresholds_for(session, entry)
    audit = Audit(
        entry_id=entry.id,
        organisation_id=entry.organisation_id,
        status="queued",
        engine="duckdb",
        config=_config_json(config),
        source_name=source_name[:255],
        source_path=str(path),
        source_sha256=sha256,
        public_summary=public_summary,
        thresholds_source=source if current == config.thresholds else None,
        created_by=actor.label,
    )
    session.add(audit)
    session.flush()
    auditlog.record(
        session,
        actor,
        "audit.submitted",
        "audit",
        audit.id,
        {"entry": entry.id, "source": source_name, "sha256": sha256},
    )
    return audit


def _config_json(c: AuditConfig) -> dict[str, Any]:
    return {
        "protected": c.protected,
        "prediction": c.prediction,
        "label": c.label,
        "score": c.score,
        "threshold": c.threshold,
        "time": c.time,
        "window": c.window,
        "proxies": c.proxies,
        "min_group_size": c.min_group_size,
        "thresholds": c.thresholds,
    }


def claim_next(session: Session) -> Audit | None:
    """Take the oldest queued audit and mark it running (in this unit of work)."""
    audit = session.scalar(select(Audit).where(Audit.status == "queued").order_by(Audit.id).limit(1))
    if audit is not None:
        audit.status, audit.started_at = "running", utcnow()
        session.flush()
    return audit


def _finish(session: Session, audit: Audit, result: dict[str, Any] | None, error: str | None) -> None:
    audit = session.get(Audit, audit.id) or audit
    audit.finished_at = utcnow()
    if error is not None:
        audit.status, audit.error = "failed", error
        auditlog.record(session, "audit-worker", "audit.failed", "audit", audit.id, {"error": error[:500]})
        return
    assert result is not None
    audit.status, audit.result, audit.rows = "done", result, int(result.get("rows", 0))
    found = list(result.get("findings", []))
    for w in result.get("windows", []):
        found.extend(w.get("findings", []))
    for f in found:
        session.add(
            AuditFinding(
                audit_id=audit.id,
                entry_id=audit.entry_id,
                organisation_id=audit.organisation_id,
                severity=f.get("severity", "medium"),
                metric=f.get("metric", ""),
                group=f.get("group") or {},
                message=f.get("message", ""),
                message_nl=f.get("message_nl"),
                threshold=f.get("threshold"),
                value=f.get("value"),
                window=f.get("window"),
            )
        )
    audit.findings_count = len(found)
    session.flush()
    auditlog.record(
        session,
        "audit-worker",
        "audit.completed",
        "audit",
        audit.id,
        {"entry": audit.entry_id, "rows": audit.rows, "findings": len(found)},
    )
    events.publish(
        session,
        Actor(user_id=0, role="admin", email="audit-worker"),
        "audit.completed",
        {"entry_id": audit.entry_id, "audit_id": audit.id, "findings": len(found)},
    )
    if found:
        events.publish(
            session,
            Actor(user_id=0, role="admin", email="audit-worker"),
            "finding.opened",
            {"entry_id": audit.entry_id, "audit_id": audit.id, "count": len(found)},
        )


def run_one(db: Database, audit_id: int | None = None) -> int | None:
    """Run one queued audit (a given one, or the oldest). Returns its id, or None when none was queued."""
    from waarborg.services.unit import unit

    with unit(db) as s:
        if audit_id is None:
            audit = claim_next(s)
        else:
            audit = s.get(Audit, audit_id)
            if audit is None or audit.status != "queued":
                return None
            audit.status, audit.started_at = "running", utcnow()
        if audit is None:
            return None
        ident, path, cfg = audit.id, audit.source_path, dict(audit.config)
    result, error = None, None
    try:
        result = audit_engine.run_audit(path, AuditConfig(**cfg))
    except WaarborgError as exc:
        error = "; ".join(exc.errors) or exc.message
    except Exception as exc:
        error = f"internal error: {exc.__class__.__name__}: {exc}"
    with unit(db) as s:
        _finish(s, s.get(Audit, ident), result, error)  # type: ignore[arg-type]
    return ident


def run_pending(db: Database, limit: int = 100) -> int:
    """Run queued audits (the `waarborg jobs run` step); also re-queues audits stuck as running."""
    from waarborg.services.unit import unit

    with unit(db) as s:
        for stuck in s.scalars(select(Audit).where(Audit.status == "running")):
            if stuck.started_at is not None and (utcnow() - _aware(stuck.started_at)).total_seconds() > 3600:
                stuck.status = "queued"
    done = 0
    while done < limit and run_one(db) is not None:
        done += 1
    return done


def _aware(ts: Any) -> Any:
    from datetime import UTC

    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def get_for(session: Session, actor: Actor, audit_id: int) -> Audit:
    audit = session.get(Audit, audit_id)
    if audit is None or audience(actor, audit.organisation_id) == "public" and actor.role != "supervisor":
        raise NotFound(f"audit {audit_id} not found")
    return audit


def for_entry(session: Session, actor: Actor, entry: Entry) -> list[Audit]:
    if audience(actor, entry.organisation_id) == "public":
        raise NotFound(f"entry {entry.public_id} not found")
    return list(session.scalars(select(Audit).where(Audit.entry_id == entry.id).order_by(Audit.id.desc())))


def findings_of(session: Session, audit: Audit) -> list[AuditFinding]:
    """The findings of an audit the caller has already loaded through ``get_for``."""
    return list(
        session.scalars(
            select(AuditFinding).where(AuditFinding.audit_id == audit.id).order_by(AuditFinding.id)
        )
    )


def open_findings(session: Session, actor: Actor, organisation_id: int | None) -> list[AuditFinding]:
    q = select(AuditFinding).where(AuditFinding.status == "open").order_by(AuditFinding.id.desc())
    if actor.role not in ("supervisor", "admin"):
        d = decide(actor, "org.work", organisation_id)
        if not d:
            raise NotAllowed(d.reason)
        q = q.where(AuditFinding.organisation_id == organisation_id)
    return list(session.scalars(q.limit(500)))


def set_finding_status(session: Session, actor: Actor, finding_id: int, status: str) -> AuditFinding:
    finding = session.get(AuditFinding, finding_id)
    if finding is None:
        raise NotFound(f"finding {finding_id} not found")
    d = decide(actor, "org.work", finding.organisation_id)
    if not d:
        raise NotAllowed(d.reason)
    if status not in ("open", "acknowledged", "resolved"):
        raise InvalidInput.at("status", f"{status!r} is not one of open, acknowledged, resolved")
    finding.status = status
    auditlog.record(session, actor, "finding.status", "finding", finding.id, {"status": status})
    return finding


def latest_public(session: Session, entry: Entry) -> Audit | None:
    """The newest finished audit the organisation chose to summarise publicly."""
    q = (
        select(Audit)
        .where(Audit.entry_id == entry.id, Audit.status == "done", Audit.public_summary)
        .order_by(Audit.id.desc())
        .limit(1)
    )
    return session.scalar(q)


def entry_for(session: Session, actor: Actor, entry_id: int | str) -> Entry:
    return entries.get_for(session, actor, entry_id)
