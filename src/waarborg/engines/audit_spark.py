"""The same count cube on Apache Spark (``--engine spark``), for decision logs that outgrow one machine.

One ``groupBy(window, attributes..., label, decision).count()``; the few hundred result rows go through
the same domain code as DuckDB's, so both engines give the same result. pyspark is imported lazily.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from waarborg.domain.audit import AuditConfig, Cube, UnexpectedValue, cube_from_rows
from waarborg.domain.audit.config import EXPECTED, column_kinds
from waarborg.domain.errors import InvalidInput
from waarborg.engines.audit_duckdb import MAX_CUBE_ROWS, csv_delimiter, csv_problem, file_format

Progress = Callable[[str], None]
_BINARY = "('0','1','true','false','0.0','1.0')"


def spark_session(app_name: str = "waarborg-audit") -> Any:
    """A local-mode SparkSession set up for these machines (loopback only, no UI, UTC)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InvalidInput.at(
            "engine", "the spark engine needs pyspark: pip install 'waarborg[spark]'"
        ) from None
    session = (
        SparkSession.builder.master("local[2]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.ansi.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("OFF")
    return session


def q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


class SparkAudit:
    def __init__(self, spark: Any, path: Path, config: AuditConfig) -> None:
        self.spark, self.path, self.config = spark, path, config
        self.fmt = file_format(path)
        self.types: dict[str, str] = {}

    def read_frame(self) -> Any:
        reader = self.spark.read
        if self.fmt == "parquet":
            return reader.parquet(str(self.path))
        return reader.csv(
            str(self.path), header=True, inferSchema=False, mode="FAILFAST", sep=csv_delimiter(self.path)
        )

    def _text(self, column: str) -> bool:
        return self.types.get(column) == "string"

    def cast(self, column: str, kind: str) -> str:
        if kind == "score":
            inner = f"trim({q(column)})" if self._text(column) else q(column)
            return f"try_cast({inner} AS DOUBLE)"
        if self._text(column):
            return f"try_to_timestamp(trim({q(column)}))"
        return f"try_cast({q(column)} AS TIMESTAMP)"

    def bad_value_sql(self, column: str, kind: str) -> str:
        col = q(column)
        if kind == "binary":
            return f"{col} IS NULL OR lower(trim(CAST({col} AS STRING))) NOT IN {_BINARY}"
        if kind == "score":
            return f"{self.cast(column, kind)} IS NULL OR isnan({self.cast(column, kind)})"
        if kind == "time":
            return f"{self.cast(column, kind)} IS NULL"
        return f"{col} IS NULL"

    def key_sql(self) -> list[str]:
        c = self.config
        window = "CAST(NULL AS DATE)"
        if c.time is not None:
            window = f"to_date(date_trunc('{c.window_or_default}', {self.cast(c.time, 'time')}))"
        label = q(c.label) if c.label is not None else "CAST(NULL AS STRING)"
        if c.score is not None:
            s = self.cast(c.score, "score")
            decision = f"CASE WHEN {s} IS NULL OR isnan({s}) THEN NULL WHEN {s} >= {float(c.threshold or 0)!r} THEN 1 ELSE 0 END"
        else:
            decision = q(c.prediction or "")
        return [window, *(q(a) for a in c.attributes), label, decision]

    def rows(self, df: Any) -> list[Any]:
        self.types = dict(df.dtypes)
        for column in column_kinds(self.config):
            if column not in self.types:
                shown = ", ".join(repr(n) for n in list(self.types)[:30])
                raise InvalidInput.at(
                    column, f"column {column!r} not found in {self.path.name}; its columns are {shown}"
                )
        keys = [f"{k} AS k{i}" for i, k in enumerate(self.key_sql())]
        grouped = df.selectExpr(*keys).groupBy(*(f"k{i}" for i in range(len(keys)))).count()
        return [tuple(r) for r in grouped.limit(MAX_CUBE_ROWS + 1).collect()]

    def locate(self, df: Any, column: str) -> InvalidInput:
        kind = column_kinds(self.config)[column]
        flagged = df.selectExpr(
            f"({self.bad_value_sql(column, kind)}) AS bad", f"CAST({q(column)} AS STRING) AS v"
        )
        hits = flagged.rdd.zipWithIndex().filter(lambda pair: bool(pair[0][0])).take(1)
        if not hits:
            return InvalidInput.at(column, f"column {column!r}: a value is not {EXPECTED[kind]}")
        (_, value), index = hits[0]
        where = f" (line {index + 2})" if self.fmt == "csv" else ""
        return UnexpectedValue(column, value, EXPECTED[kind]).at_row(index + 1, where)


def build_cube(
    path: Path | str, config: AuditConfig, progress: Progress | None = None, spark: Any = None
) -> Cube:
    """Cube of the decision log on Spark; uses ``spark`` or the active session, else starts (and stops) one."""
    path = Path(path)
    say = progress or (lambda _m: None)
    owned = False
    if spark is None:
        spark = _active_session()
    if spark is None:
        say("starting Spark (local mode)")
        spark, owned = spark_session(), True
    try:
        return _build(spark, path, config, say)
    finally:
        if owned:
            spark.stop()


def _build(spark: Any, path: Path, config: AuditConfig, say: Progress) -> Cube:
    audit = SparkAudit(spark, path, config)
    try:
        df = audit.read_frame()
        say(f"grouping {path.name} on Spark")
        rows = audit.rows(df)
    except InvalidInput:
        raise
    except Exception as exc:  # pyspark raises AnalysisException, Py4JJavaError, SparkException...
        detail = (csv_problem(path) if audit.fmt == "csv" else None) or _first_line(exc)
        raise InvalidInput.at("log", f"{path.name}: cannot read as {audit.fmt.upper()}: {detail}") from None
    if len(rows) > MAX_CUBE_ROWS:
        raise InvalidInput.at(
            "protected", f"more than {MAX_CUBE_ROWS} distinct groups; is an attribute an identifier?"
        )
    if not rows:
        raise InvalidInput.at("log", f"{path.name} holds no rows")
    try:
        return cube_from_rows(
            config.attributes,
            rows,
            label=config.label,
            decision=config.score or config.prediction or "",
            time=config.time,
        )
    except UnexpectedValue as exc:
        raise audit.locate(df, exc.column) from None


def _active_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
