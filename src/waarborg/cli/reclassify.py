"""``waarborg reclassify``: re-run stored classification profiles against the current ruleset."""

from __future__ import annotations

import json
from datetime import date

import typer

from waarborg.cli.common import fail, settings_or_exit
from waarborg.domain.errors import InvalidInput, WaarborgError
from waarborg.services import bootstrap
from waarborg.services import classification as svc
from waarborg.services.unit import unit


def _as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.at("--as-of", f"expected YYYY-MM-DD, got {value!r}") from None


def render(change: svc.Change) -> list[str]:
    """Lines describing what changed for one entry."""
    head = f"{change.entry_id}  {change.name} ({change.organisation})"
    if change.skipped:
        return [f"{head}: skipped: {change.skipped}"]
    risk = (
        f"{change.before} -> {change.after}"
        if change.before != change.after
        else f"{change.after} (unchanged)"
    )
    state = "saved" if change.saved else ("would save" if change.changed or change.flagged else "no change")
    flag = ", flagged" if change.flagged else ""
    lines = [f"{head}: {risk}; obligations +{len(change.added)} -{len(change.removed)}{flag}; {state}"]
    if change.ruleset_before != change.ruleset_after:
        lines.append(f"  ruleset: {change.ruleset_before} -> {change.ruleset_after}")
    lines += [f"  + {line}" for line in change.added]
    lines += [f"  - {line}" for line in change.removed]
    return lines


def register(app: typer.Typer) -> None:
    @app.command("reclassify")
    def reclassify_command(
        only_flagged: bool = typer.Option(
            False,
            "--only-flagged",
            help="Only entries flagged for re-classification (changed system or ruleset).",
        ),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; store nothing."),
        as_of: str = typer.Option(None, "--as-of", help="Evaluation date YYYY-MM-DD (default: today)."),
        fmt: str = typer.Option("text", "--format", help="text or json."),
    ) -> None:
        """Re-run every classified entry's stored profile against the current ruleset; print what changed
        per entry (risk class, obligations added/removed). Entries classified under an older ruleset
        version are flagged first. Changed or flagged entries get a new classification record."""
        try:
            on = _as_of(as_of)
            if fmt not in ("text", "json"):
                raise InvalidInput.at("--format", f"expected text or json, got {fmt!r}")
            db = bootstrap.open_database(settings_or_exit())
            try:
                with unit(db) as s:
                    changes = svc.reclassify(
                        s,
                        bootstrap.cli_actor("reclassify"),
                        only_flagged=only_flagged,
                        dry_run=dry_run,
                        as_of=on,
                    )
                    if dry_run:
                        s.rollback()
            finally:
                db.dispose()
        except WaarborgError as exc:
            fail(exc)
        if fmt == "json":
            typer.echo(json.dumps([c.to_dict() for c in changes], indent=2, ensure_ascii=False))
        else:
            for change in changes:
                typer.echo("\n".join(render(change)))
        saved = sum(c.saved for c in changes)
        changed = sum(c.changed for c in changes)
        mode = " (dry run: nothing stored)" if dry_run else ""
        typer.echo(
            f"{len(changes)} entries checked against {svc.ruleset().ref} as of {on.isoformat()}: "
            f"{changed} changed, {saved} saved{mode}",
            err=True,
        )
