"""``waarborg audit LOG ...``: bias audit of a decision log (CSV or Parquet)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from waarborg.domain.audit import AuditConfig, parse_thresholds
from waarborg.domain.errors import InvalidInput

LARGE_INPUT_BYTES = 50 * 1024 * 1024


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()] if value else []


def _references(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        for part in item.split(","):
            attr, sep, value = part.partition("=")
            if not sep or not attr.strip():
                raise InvalidInput.at("reference", f"{part!r} is not ATTR=VALUE")
            out[attr.strip()] = value.strip()
    return out


def _thresholds(path: Path | None) -> dict[str, float]:
    if path is None:
        return {"min_disparate_impact_ratio": 0.8}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput.at("thresholds", f"cannot read {str(path)!r}: {exc}") from None
    try:
        import yaml

        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput.at("thresholds", f"{path.name} is not valid JSON or YAML: {exc}") from None
    return parse_thresholds(data)


class _Progress:
    """Progress lines on stderr, with the elapsed time; quiet for small inputs unless a step is slow."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.verbose:
            print(f"[{time.perf_counter() - self.start:6.1f}s] {message}", file=sys.stderr, flush=True)


def audit(
    log: Annotated[Path, typer.Argument(help="Decision log: CSV (with header) or Parquet.")],
    prediction: Annotated[
        str | None, typer.Option(help="Column with the decision (0/1, true/false).")
    ] = None,
    label: Annotated[str | None, typer.Option(help="Column with the ground truth (0/1, true/false).")] = None,
    score: Annotated[str | None, typer.Option(help="Score column; decision = score >= threshold.")] = None,
    threshold: Annotated[float | None, typer.Option(help="Threshold for --score.")] = None,
    protected: Annotated[str, typer.Option(help="Protected attribute column(s), comma-separated.")] = "",
    proxies: Annotated[
        str | None, typer.Option(help="Proxy column(s), audited alone, comma-separated.")
    ] = None,
    time_col: Annotated[str | None, typer.Option("--time", help="Timestamp or date column.")] = None,
    window: Annotated[str | None, typer.Option(help="week, month (default with --time) or quarter.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="json or html.")] = "json",
    engine: Annotated[str, typer.Option(help="duckdb (default) or spark.")] = "duckdb",
    min_group_size: Annotated[int, typer.Option(help="Groups smaller than this are suppressed.")] = 10,
    reference: Annotated[
        list[str] | None, typer.Option(help="Reference group ATTR=VALUE (repeatable).")
    ] = None,
    thresholds: Annotated[Path | None, typer.Option(help="JSON/YAML file of thresholds.")] = None,
    lang: Annotated[str, typer.Option(help="Report language: en or nl.")] = "en",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Bias audit of a decision log: per-group rates, intervals, tests, disparities and findings."""
    try:
        text = _run(locals())
    except InvalidInput as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _run(args: dict[str, Any]) -> str:
    from waarborg.services.audit import render_report, run_audit

    if args["fmt"] not in ("json", "html"):
        raise InvalidInput.at("format", f"{args['fmt']!r} is not json or html")
    if args["lang"] not in ("en", "nl"):
        raise InvalidInput.at("lang", f"{args['lang']!r} is not en or nl")
    config = AuditConfig(
        protected=_split(args["protected"]),
        prediction=args["prediction"],
        label=args["label"],
        score=args["score"],
        threshold=args["threshold"],
        time=args["time_col"],
        window=args["window"],
        proxies=_split(args["proxies"]),
        min_group_size=args["min_group_size"],
        reference=_references(args["reference"] or []),
        thresholds=_thresholds(args["thresholds"]),
    )
    log: Path = args["log"]
    large = log.is_file() and log.stat().st_size >= LARGE_INPUT_BYTES
    progress = _Progress(verbose=large and not args["quiet"])
    result = run_audit(log, config, engine=args["engine"], progress=progress)
    progress("writing the result")
    if args["fmt"] == "html":
        return render_report(result, args["lang"])
    return json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
