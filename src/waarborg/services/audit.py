"""Bias audit use case: decision log -> count cube (DuckDB or Spark) -> contract JSON -> HTML report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from waarborg.domain.audit import AuditConfig, Cube, audit_result
from waarborg.domain.audit.report import report_view
from waarborg.domain.audit.texts import LANGS
from waarborg.domain.errors import InvalidInput

Progress = Callable[[str], None]
ENGINES = ("duckdb", "spark")
TEMPLATES = Path(__file__).parent / "templates"


def build_cube(source_path: str | Path, mapping: AuditConfig, engine: str, progress: Progress | None) -> Cube:
    if engine == "duckdb":
        from waarborg.engines import audit_duckdb

        return audit_duckdb.build_cube(source_path, mapping, progress)
    if engine == "spark":
        from waarborg.engines import audit_spark

        return audit_spark.build_cube(source_path, mapping, progress)
    raise InvalidInput.at("engine", f"{engine!r} is not one of {', '.join(ENGINES)}")


def run_audit(
    source_path: str | Path, mapping: AuditConfig, engine: str = "duckdb", progress: Progress | None = None
) -> dict[str, Any]:
    """Audit the decision log at ``source_path``; returns the "Bias audit result" JSON of CONTRACTS.md.

    Raises InvalidInput (naming column, row and value) for a bad mapping or bad data.
    """
    mapping.validate()
    say = progress or (lambda _msg: None)
    say(f"building the count cube with {engine}")
    cube = build_cube(source_path, mapping, engine, progress)
    say(f"{cube.rows:,} rows in {cube.counts.size:,} cube cells; computing metrics")
    return audit_result(cube, mapping, engine)


def render_report(result: dict[str, Any], lang: str, back: str | None = None) -> str:
    """Self-contained HTML report (inline CSS and SVG, no external assets) in English or Dutch.

    ``back`` is an optional link (a path) shown at the top, back to the page the report belongs to."""
    import jinja2

    if lang not in LANGS:
        raise InvalidInput.at("lang", f"{lang!r} is not one of {', '.join(LANGS)}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return env.get_template("audit_report.html").render(view=report_view(result, lang), lang=lang, back=back)
