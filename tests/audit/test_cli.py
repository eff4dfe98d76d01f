"""``waarborg audit``: outputs, exit code 2 with a message for bad input, never a traceback."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.audit.conftest import random_log, write


def test_json_to_stdout(cli: Any, tmp_path: Path) -> None:
    log = write(random_log(1, 500), tmp_path / "log.csv")
    result = cli(str(log), "--prediction", "p", "--label", "y", "--protected", "race,sex")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rows"] == 500 and data["protected"] == ["race", "sex"] and data["engine"] == "duckdb"
    assert {"groups", "disparities", "findings", "windows"} <= set(data)


def test_html_report_to_file_in_dutch(cli: Any, tmp_path: Path) -> None:
    log = write(random_log(2, 800, with_time=True), tmp_path / "log.parquet")
    thresholds = tmp_path / "t.yaml"
    thresholds.write_text("min_disparate_impact_ratio: 0.9\nmax_fpr_difference: 0.05\n")
    out = tmp_path / "r.html"
    args = ["--prediction", "p", "--label", "y", "--protected", "race", "--time", "t", "--window", "month"]
    result = cli(
        str(log), *args, "--format", "html", "--lang", "nl", "--thresholds", str(thresholds), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert '<html lang="nl">' in html and "Samenvatting" in html and "<svg" in html


def test_reference_and_min_group_size_options(cli: Any, tmp_path: Path) -> None:
    log = write(random_log(3, 600), tmp_path / "log.csv")
    result = cli(
        str(log),
        "--prediction",
        "p",
        "--protected",
        "race",
        "--reference",
        "race=b",
        "--min-group-size",
        "50",
    )
    data = json.loads(result.stdout)
    assert {d["reference_group"]["race"] for d in data["disparities"]} == {"b"}
    assert data["suppression"]["min_group_size"] == 50
    assert any(g["suppressed"] for g in data["groups"])


def test_bad_input_exits_2_with_a_message(cli: Any, tmp_path: Path) -> None:
    log = write(random_log(1, 50), tmp_path / "log.csv")
    for args, message in [
        ([str(log), "--prediction", "nope", "--protected", "race"], "column 'nope' not found"),
        ([str(tmp_path / "missing.csv"), "--prediction", "p", "--protected", "race"], "does not exist"),
        (
            [str(log), "--prediction", "p", "--protected", "race", "--format", "xml"],
            "'xml' is not json or html",
        ),
        (
            [str(log), "--prediction", "p", "--protected", "race", "--engine", "pandas"],
            "'pandas' is not one of",
        ),
        (
            [str(log), "--prediction", "p", "--protected", "race", "--reference", "race"],
            "'race' is not ATTR=VALUE",
        ),
        (
            [str(log), "--prediction", "p", "--protected", "race", "--thresholds", str(log)],
            "expected a mapping",
        ),
    ]:
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr and "Traceback" not in result.output
        assert result.stdout == ""


CELL = st.one_of(
    st.sampled_from(
        ["0", "1", "true", "False", "", "x", "2", " 1 ", "nan", "1.5", '"', "2025-01-01", "é", "a,b"]
    ),
    st.text(alphabet=string.printable, max_size=6),
)
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=0, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.lists(st.sampled_from(["g", "p", "y", "t", "s", "", "g"]), min_size=0, max_size=5),
    rows=ROWS,
    sep=st.sampled_from([",", ";", "\t"]),
    raw=st.binary(max_size=40),
)
def test_malformed_csv_exits_0_or_2_never_a_traceback(
    cli: Any, tmp_path_factory: Any, header: list[str], rows: list[list[str]], sep: str, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "log.csv"
    text = "\n".join(sep.join(r) for r in [header, *rows])
    path.write_bytes(text.encode() + raw)
    result = cli(
        str(path),
        "--prediction",
        "p",
        "--label",
        "y",
        "--protected",
        "g",
        "--time",
        "t",
        "--min-group-size",
        "0",
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    else:
        json.loads(result.stdout)


def test_progress_goes_to_stderr_for_large_inputs(cli: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr("waarborg.cli.audit.LARGE_INPUT_BYTES", 0)
    log = write(random_log(4, 300), tmp_path / "log.csv")
    result = cli(str(log), "--prediction", "p", "--protected", "race")
    assert result.exit_code == 0
    assert "building the count cube with duckdb" in result.stderr and "writing the result" in result.stderr
    json.loads(result.stdout)
    quiet = cli(str(log), "--prediction", "p", "--protected", "race", "--quiet")
    assert quiet.stderr == ""
