"""``waarborg jobs run``: deadline reminders, automatic closing, retention clean-up and the mail outbox."""

from __future__ import annotations

import json
from datetime import date

import typer

from waarborg.cli.common import fail, settings_or_exit
from waarborg.domain.errors import InvalidInput, WaarborgError
from waarborg.services import audits, bootstrap, case_jobs

ALL_JOBS = (*case_jobs.JOBS, "audits")


def register(app: typer.Typer) -> None:
    jobs = typer.Typer(help="Scheduled jobs (run them from cron or a systemd timer, e.g. every 10 minutes).")
    jobs.command("run")(run)
    app.add_typer(jobs, name="jobs")


def run(
    only: str = typer.Option(",".join(ALL_JOBS), "--only", help="comma-separated: " + ", ".join(ALL_JOBS)),
    on: str = typer.Option("", "--date", help="evaluation date YYYY-MM-DD (default: today)"),
) -> None:
    """Run the scheduled jobs once and print what they did as JSON."""
    try:
        chosen = tuple(j.strip() for j in only.split(",") if j.strip())
        unknown = [j for j in chosen if j not in ALL_JOBS]
        if unknown:
            raise InvalidInput.at("--only", f"{unknown[0]!r} is not a job; jobs: {', '.join(ALL_JOBS)}")
        try:
            today = date.fromisoformat(on) if on else date.today()
        except ValueError:
            raise InvalidInput.at("--date", f"{on!r} is not a date (YYYY-MM-DD)") from None
        settings = settings_or_exit()
        db = bootstrap.open_database(settings)
        report = case_jobs.run_all(
            db,
            case_jobs.links_for(settings),
            case_jobs.smtp_config(settings),
            today=today,
            jobs=tuple(j for j in chosen if j in case_jobs.JOBS),
            retention_overrides=case_jobs.retention_overrides(settings),
        )
        audits_run = audits.run_pending(db) if "audits" in chosen else 0
        db.dispose()
    except WaarborgError as exc:
        fail(exc)
    typer.echo(json.dumps(report.as_dict() | {"audits": audits_run}))
    failed = report.mail.get("failed", 0) if report.mail else 0
    if failed:
        typer.echo(f"{failed} message(s) could not be delivered and were marked failed", err=True)
        raise typer.Exit(1)
