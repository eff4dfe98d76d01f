"""``waarborg classify``: classify a system profile under the EU AI Act and CETS 225."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer
import yaml

from waarborg.domain.classification import (
    ClassificationResult,
    classify,
    load_ruleset,
    profile_schema,
)
from waarborg.domain.errors import InvalidInput


def _read_profile(source: str) -> Any:
    name = "stdin" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput.at(name, f"cannot read profile: {exc.strerror}") from None
    try:
        if name.endswith(".json"):
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InvalidInput.at(name, f"not valid YAML or JSON: {exc}") from None


def _parse_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.at("--as-of", f"expected YYYY-MM-DD, got {value!r}") from None


def render_text(result: ClassificationResult) -> str:
    """A human-readable report of a classification."""
    lines = [
        f"Ruleset:     {result.ruleset} (as of {result.as_of.isoformat()})",
        f"Risk class:  {result.risk_class}",
        f"AI system:   {'yes' if result.ai_system else 'no'}"
        + ("  (register as impactful algorithm)" if result.impactful_algorithm else ""),
        f"In scope:    {'yes' if result.in_scope else 'no'}"
        + (f"  (excluded by Art. {result.exclusion})" if result.exclusion else ""),
        f"Roles:       {', '.join(result.roles) or '-'}",
    ]
    if result.prohibited:
        lines.append(f"Prohibited:  {', '.join('Art. ' + p for p in result.prohibited)}")
    if result.high_risk:
        lines.append(
            f"High-risk:   {result.high_risk['route']} {result.high_risk.get('point') or ''}".rstrip()
        )
    if result.derogation:
        lines.append(f"Derogation:  Art. {result.derogation}")
    if result.transparency:
        lines.append(f"Art. 50:     {', '.join(result.transparency)}")
    if result.gpai:
        lines.append(f"GPAI:        {result.gpai}")
    if result.legacy:
        lines.append(f"Legacy:      Art. {result.legacy.article}, deadline {result.legacy.deadline or '-'}")
    conv = result.convention
    in_force = {True: "in force", False: "not in force", None: "in force unknown"}[conv.in_force]
    lines.append(
        f"CETS 225:    {'applies' if conv.applies else 'does not apply'} ({in_force}); {conv.reason}"
    )
    if conv.articles:
        lines.append(f"             engaged: {', '.join(conv.articles)}")
    if result.obligations:
        lines += ["", "Obligations:"]
        for ob in result.obligations:
            when = ob.applies_from.isoformat() if ob.applies_from else "-"
            flag = "" if ob.verified else "  [unverified]"
            lines.append(f"  {ob.status:<19} {when}  {ob.holder:<12} {ob.article:<16} {ob.title}{flag}")
    lines += ["", "Trace:"]
    for step in result.trace:
        if step.outcome not in ("-", "does not apply"):
            lines.append(f"  [{step.step}] {step.rule} ({step.article}): {step.outcome}")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    @app.command("classify")
    def classify_command(
        profile: str = typer.Argument(
            None, metavar="PROFILE", help="Profile file (YAML or JSON), or '-' for stdin."
        ),
        as_of: str = typer.Option(None, "--as-of", help="Evaluation date YYYY-MM-DD (default: today)."),
        fmt: str = typer.Option("json", "--format", help="json or text."),
        ruleset: str = typer.Option(
            None, "--ruleset", help="Ruleset ID@VERSION (default: latest EU AI Act)."
        ),
        schema: bool = typer.Option(False, "--schema", help="Print the JSON Schema of a profile and exit."),
    ) -> None:
        """Classify a system profile: risk class, obligations with dates, Convention, full trace."""
        try:
            rs = load_ruleset(ruleset)
            if schema:
                typer.echo(json.dumps(profile_schema(rs), indent=2, ensure_ascii=False))
                return
            if fmt not in ("json", "text"):
                raise InvalidInput.at("--format", f"expected json or text, got {fmt!r}")
            if profile is None:
                raise InvalidInput.at("PROFILE", "missing profile file (or '-' for stdin)")
            data = _read_profile(profile)
            result = classify(data if data is not None else {}, _parse_date(as_of), rs)
        except InvalidInput as exc:
            where = "" if profile is None or exc.message.startswith(profile) else f"{profile}: "
            typer.echo(f"error: {where}{exc.message}", err=True)
            raise typer.Exit(2) from None
        if fmt == "json":
            typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        else:
            typer.echo(render_text(result), nl=False)
