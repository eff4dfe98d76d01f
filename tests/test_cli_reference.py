"""docs/cli.md is generated from the commands; it must match them (run scripts/gen-cli-docs)."""

from pathlib import Path

from typer.testing import CliRunner

from waarborg.cli import app
from waarborg.cli.reference import markdown


def test_cli_reference_is_current():
    doc = Path(__file__).parents[1] / "docs" / "cli.md"
    assert doc.read_text("utf-8") == markdown(app), "docs/cli.md is out of date: run scripts/gen-cli-docs"


def test_help_lists_the_contract_commands():
    out = CliRunner().invoke(app, ["--help"]).stdout
    for command in ("serve", "demo", "db", "user", "auditlog", "classify", "audit"):
        assert command in out
