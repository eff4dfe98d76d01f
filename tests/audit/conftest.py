"""Fixtures for the bias audit: random decision logs, a CLI runner, one SparkSession per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from waarborg.cli.audit import register
from waarborg.domain.audit import AuditConfig, Cube, cube_from_rows

REQUIRE_ALL = os.environ.get("WAARBORG_TEST_REQUIRE_ALL") == "1"


def random_log(seed: int, n: int = 2000, with_time: bool = False) -> pd.DataFrame:
    """A decision log with two protected attributes whose rates differ by group."""
    rng = np.random.default_rng(seed)
    race = rng.choice(["a", "b", "c", "d"], n, p=[0.5, 0.3, 0.15, 0.05])
    sex = rng.choice(["f", "m", "x"], n, p=[0.48, 0.48, 0.04])
    base = {"a": 0.5, "b": 0.35, "c": 0.6, "d": 0.2}
    y = rng.random(n) < 0.4
    p = rng.random(n) < np.array([base[r] for r in race]) + 0.2 * y
    df = pd.DataFrame({"race": race, "sex": sex, "y": y.astype(int), "p": p.astype(int)})
    if with_time:
        df["t"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 270 * 24, n), unit="h")
    return df


def cube_of(df: pd.DataFrame, config: AuditConfig) -> Cube:
    """A cube straight from a DataFrame (no engine), for domain-level tests."""
    frame = df.assign(_y=df[config.label] if config.label else 0)
    counts = frame.groupby([*config.attributes, "_y", config.prediction or ""]).size()
    rows = [(None, *key, int(n)) for key, n in counts.items()]
    return cube_from_rows(
        config.attributes, rows, label=config.label, decision=config.prediction or "", time=None
    )


def write(df: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".parquet":
        df.to_parquet(path, coerce_timestamps="us", allow_truncated_timestamps=True)
    else:
        df.to_csv(path, index=False)
    return path


@pytest.fixture
def cli() -> Any:
    """Invoke ``waarborg audit ...`` in-process; returns click's Result."""
    app = typer.Typer(pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """Test entry point."""

    register(app)
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, ["audit", *args])

    return run


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local SparkSession for all Spark tests; skips without Java/pyspark unless REQUIRE_ALL."""
    problem = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        problem = "pyspark is not installed (pip install 'waarborg[spark]')"
    if problem is None and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        problem = "Java is not installed (apt install openjdk-17-jre-headless)"
    if problem:
        if REQUIRE_ALL:
            pytest.fail(f"Spark tests required (WAARBORG_TEST_REQUIRE_ALL=1): {problem}")
        pytest.skip(f"Spark tests skipped: {problem}")
    from waarborg.engines.audit_spark import spark_session

    session = spark_session("waarborg-tests")
    yield session
    session.stop()
