"""``waarborg classify``: JSON and text output, stdin, --schema, --ruleset and exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from waarborg.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "profiles"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["classify", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("example", "risk_class"),
    [
        ("cv-screening", "high-risk"),
        ("welfare-fraud-scoring", "high-risk"),
        ("citizen-chatbot", "transparency"),
        ("live-facial-recognition", "prohibited"),
        ("decision-table", "not-ai-system"),
        ("open-gpai-model", "minimal"),
        ("credit-scoring", "high-risk"),
        ("exam-emotion-monitoring", "prohibited"),
    ],
)
def test_examples_classify(example: str, risk_class: str) -> None:
    code, out, _err = run(str(EXAMPLES / f"{example}.yaml"), "--as-of", "2026-12-07")
    assert code == 0
    data = json.loads(out)
    assert data["risk_class"] == risk_class and data["as_of"] == "2026-12-07"
    assert {"ruleset", "exclusion", "roles", "obligations", "legacy", "convention", "trace"} <= set(data)


def test_text_format_and_stdin() -> None:
    code, out, _ = run("-", "--format", "text", "--as-of", "2026-12-07",
                       stdin=(EXAMPLES / "welfare-fraud-scoring.yaml").read_text())  # fmt: skip
    assert code == 0
    assert "Risk class:  high-risk" in out and "Art. 27" in out and "2030-08-02" in out


def test_json_profile_and_ruleset_option(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"infers_outputs": False, "significant_effect": True}))
    code, out, _ = run(str(path), "--ruleset", "eu-ai-act@2026.12", "--as-of", "2026-12-07")
    assert code == 0 and json.loads(out)["impactful_algorithm"] is True


def test_schema() -> None:
    code, out, _ = run("--schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "object" and "annex_iii_points" in schema["properties"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["-"], '{"autonomy": "yes"}', "autonomy: expected true or false, got 'yes'"),
        (["-"], "annex_iii_points: [9z]", "annex_iii_points: '9z' is not one of"),
        (["-"], "{unclosed", "stdin: not valid YAML or JSON"),
        (["missing.yaml"], None, "missing.yaml: cannot read profile"),
        (["-", "--as-of", "2026-02-30"], "{}", "--as-of: expected YYYY-MM-DD, got '2026-02-30'"),
        (["-", "--format", "xml"], "{}", "--format: expected json or text, got 'xml'"),
        (["-", "--ruleset", "eu-ai-act@1999"], "{}", "unknown ruleset 'eu-ai-act@1999'"),
        ([], None, "PROFILE: missing profile"),
    ],
)
def test_bad_input_exits_2(args: list[str], stdin: str | None, message: str) -> None:
    code, out, err = run(*args, stdin=stdin)
    assert code == 2
    assert message in err and out == ""
    assert "Traceback" not in err
