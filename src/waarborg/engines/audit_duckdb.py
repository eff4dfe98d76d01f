"""Count cube of a decision log (CSV or Parquet) on embedded DuckDB: one streaming GROUP BY.

The query groups by window x attributes x label x decision on the raw values and returns a few hundred
rows; validation of the values happens on that small result, so the happy path reads the file once.
Only when a bad value is found does a second, single-threaded query find its row number.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from waarborg.domain.audit import AuditConfig, Cube, UnexpectedValue, cube_from_rows
from waarborg.domain.audit.config import EXPECTED, column_kinds
from waarborg.domain.errors import InvalidInput

Progress = Callable[[str], None]
MAX_CUBE_ROWS = 2_000_000
_BINARY = "('0','1','true','false','0.0','1.0')"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def file_format(path: Path) -> str:
    """``parquet`` or ``csv``, by extension or else by the Parquet magic bytes."""
    if not path.is_file():
        raise InvalidInput.at("log", f"file {str(path)!r} does not exist or is not a file")
    if path.stat().st_size == 0:
        raise InvalidInput.at("log", f"file {path.name!r} is empty")
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    with path.open("rb") as fh:
        return "parquet" if fh.read(4) == b"PAR1" else "csv"


def source_sql(path: Path, fmt: str) -> str:
    literal = "'" + str(path).replace("'", "''") + "'"
    if fmt == "parquet":
        return f"read_parquet({literal})"
    return f"read_csv({literal}, all_varchar = true, header = true, skip = 0)"


def try_cast(column: str, sql_type: str, text: bool) -> str:
    """TRY_CAST of a column; text columns are trimmed first, which also stops DuckDB from pushing the
    cast into the CSV reader (where a bad value would raise instead of giving NULL)."""
    col = f"trim({quote(column)})" if text else quote(column)
    return f"TRY_CAST({col} AS {sql_type})"


def bad_value_sql(column: str, kind: str, text: bool) -> str:
    """SQL predicate true for a row whose ``column`` the audit cannot use."""
    col = quote(column)
    if kind == "binary":
        return f"{col} IS NULL OR lower(trim(CAST({col} AS VARCHAR))) NOT IN {_BINARY}"
    if kind == "score":
        return f"{try_cast(column, 'DOUBLE', text)} IS NULL OR isnan({try_cast(column, 'DOUBLE', text)})"
    if kind == "time":
        return f"{try_cast(column, 'TIMESTAMP', text)} IS NULL"
    return f"{col} IS NULL"


def cube_sql(src: str, config: AuditConfig, text_columns: set[str]) -> str:
    """The one GROUP BY that builds the cube (columns: window, attributes..., label, decision, count)."""
    window = "NULL"
    if config.time is not None:
        ts = try_cast(config.time, "TIMESTAMP", config.time in text_columns)
        window = f"CAST(date_trunc('{config.window_or_default}', {ts}) AS DATE)"
    label = quote(config.label) if config.label is not None else "NULL"
    if config.score is not None:
        s = try_cast(config.score, "DOUBLE", config.score in text_columns)
        decision = f"CASE WHEN {s} IS NULL OR isnan({s}) THEN NULL WHEN {s} >= {float(config.threshold or 0)!r} THEN 1 ELSE 0 END"
    else:
        decision = quote(config.prediction or "")
    keys = [window, *(quote(a) for a in config.attributes), label, decision]
    cols = ", ".join(f"{k} AS k{i}" for i, k in enumerate(keys))
    return f"SELECT {cols}, count(*) AS n FROM {src} GROUP BY ALL LIMIT {MAX_CUBE_ROWS + 1}"


class DuckDBAudit:
    """Builds the cube of one decision log; ``read`` returns the cube or raises InvalidInput."""

    def __init__(self, path: Path | str, config: AuditConfig, progress: Progress | None = None) -> None:
        self.path = Path(path)
        self.config = config
        self.progress = progress
        self.fmt = file_format(self.path)
        self.src = source_sql(self.path, self.fmt)
        self.text_columns: set[str] = set()
        self.con = duckdb.connect(config={"preserve_insertion_order": False})
        self.con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
        self.con.execute("SET TimeZone = 'UTC'")

    def read(self) -> Cube:
        try:
            return self._read()
        finally:
            self.con.close()

    def _read(self) -> Cube:
        try:
            self.check_columns()
            rows = self._run(cube_sql(self.src, self.config, self.text_columns))
        except duckdb.Error as exc:
            detail = (csv_problem(self.path) if self.fmt == "csv" else None) or _first_line(exc)
            raise InvalidInput.at(
                "log", f"{self.path.name}: cannot read as {self.fmt.upper()}: {detail}"
            ) from None
        if len(rows) > MAX_CUBE_ROWS:
            raise InvalidInput.at(
                "protected", f"more than {MAX_CUBE_ROWS} distinct groups; is an attribute an identifier?"
            )
        if not rows:
            raise InvalidInput.at("log", f"{self.path.name} holds no rows")
        try:
            return cube_from_rows(
                self.config.attributes,
                rows,
                label=self.config.label,
                decision=self.config.score or self.config.prediction or "",
                time=self.config.time,
            )
        except UnexpectedValue as exc:
            raise self.locate(exc.column) from None

    def check_columns(self) -> None:
        described = self.con.execute(f"DESCRIBE SELECT * FROM {self.src}").fetchall()
        names = [r[0] for r in described]
        self.text_columns = {r[0] for r in described if r[1] == "VARCHAR"}
        if self.fmt == "csv" and len(names) == 1 and any(d in names[0] for d in ",;\t|"):
            problem = csv_problem(self.path)
            if problem:
                raise InvalidInput.at("log", f"{self.path.name}: cannot read as CSV: {problem}")
        for column in column_kinds(self.config):
            if column not in names:
                shown = ", ".join(repr(n) for n in names[:30])
                raise InvalidInput.at(
                    column, f"column {column!r} not found in {self.path.name}; its columns are {shown}"
                )

    def locate(self, column: str) -> InvalidInput:
        """The first row holding a value of ``column`` that the audit cannot use, as an error."""
        kind = column_kinds(self.config)[column]
        self.con.execute("SET threads = 1")
        numbered = f"SELECT row_number() OVER () AS rn, * FROM {self.src}"
        found = self.con.execute(
            f"SELECT rn, CAST({quote(column)} AS VARCHAR) FROM ({numbered}) WHERE {bad_value_sql(column, kind, column in self.text_columns)} LIMIT 1"
        ).fetchone()
        if found is None:
            return InvalidInput.at(column, f"column {column!r}: a value is not {EXPECTED[kind]}")
        row, value = int(found[0]), found[1]
        where = f" (line {row + 1})" if self.fmt == "csv" else ""
        return UnexpectedValue(column, value, EXPECTED[kind]).at_row(row, where)

    def _run(self, sql: str) -> list[Any]:
        if self.progress is None:
            return self.con.execute(sql).fetchall()
        done = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(done,), daemon=True)
        watcher.start()
        try:
            return self.con.execute(sql).fetchall()
        finally:
            done.set()
            watcher.join()

    def _watch(self, done: threading.Event) -> None:
        last = -1
        while not done.wait(0.5):
            percent = int(self.con.query_progress())
            if percent >= 0 and percent // 10 > last // 10 and self.progress is not None:
                self.progress(f"reading {self.path.name}: {percent}%")
                last = percent


def build_cube(path: Path | str, config: AuditConfig, progress: Progress | None = None) -> Cube:
    """Cube of the decision log at ``path`` according to ``config`` (already validated)."""
    return DuckDBAudit(path, config, progress).read()


def csv_problem(path: Path) -> str | None:
    """Streams a CSV that DuckDB refused and names the first line whose field count differs from the header."""
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            sample = fh.read(65536)
            fh.seek(0)
            reader = csv.reader(fh, delimiter=_delimiter(sample))
            header = next(reader, None)
            if not header:
                return "the file is empty (no header line)"
            for row in reader:
                if row and len(row) != len(header):
                    return f"line {reader.line_num} has {len(row)} fields, the header has {len(header)}"
    except (UnicodeDecodeError, csv.Error) as exc:
        return f"not a readable UTF-8 CSV ({exc})"
    return None


def _delimiter(sample: str) -> str:
    first = sample.splitlines()[0] if sample else ""
    return max(",;\t|", key=first.count)


def csv_delimiter(path: Path) -> str:
    """The likeliest delimiter: the most frequent of , ; tab | on the header line."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        return _delimiter(fh.readline())


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
