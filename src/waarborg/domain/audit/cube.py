"""The count cube: window x attributes x label x prediction -> count.

Engines run one GROUP BY over the raw columns and hand the (small) result here as rows; every metric is
then derived from this array. Cubes over the same attributes add up (batches, partitions, days -> months).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from waarborg.domain.errors import InvalidInput

Counts = npt.NDArray[np.int64]

_TRUE = {"1", "1.0", "true"}
_FALSE = {"0", "0.0", "false"}


class UnexpectedValue(InvalidInput):
    """A value in a mapped column that the audit cannot use; engines add the row number."""

    def __init__(self, column: str, value: object, expected: str) -> None:
        shown = "an empty value" if value is None else f"value {value!r}"
        super().__init__(f"column {column!r}: {shown}; expected {expected}", field=column)
        self.column = column
        self.value = value
        self.expected = expected

    def at_row(self, row: int | None, where: str = "") -> InvalidInput:
        place = f" at row {row}{where}" if row is not None else ""
        shown = "an empty value" if self.value is None else f"value {self.value!r}"
        msg = f"column {self.column!r}{place}: {shown}; expected {self.expected}"
        return InvalidInput.at(self.column, msg)


def parse_binary(value: object, column: str) -> int:
    """0/1, true/false (any case), 0.0/1.0 -> 0 or 1; anything else raises UnexpectedValue."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | np.integer | np.floating) and not (
        isinstance(value, float) and math.isnan(value)
    ):
        if value in (0, 1):
            return int(value)
    elif isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return 1
        if text in _FALSE:
            return 0
    raise UnexpectedValue(column, value, "0/1 or true/false")


@dataclass(frozen=True)
class Cube:
    """``counts[w, a1, ..., ak, label, prediction]``; without a label every row counts as label 0."""

    attributes: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    windows: tuple[dt.date | None, ...]
    counts: Counts
    has_label: bool

    @property
    def rows(self) -> int:
        return int(self.counts.sum())

    def overall(self) -> Counts:
        """The cube summed over all windows (attributes x label x prediction)."""
        return np.asarray(self.counts.sum(axis=0), dtype=np.int64)

    def add(self, other: Cube) -> Cube:
        """The sum of two cubes over the same attributes (levels and windows are united)."""
        if other.attributes != self.attributes or other.has_label != self.has_label:
            raise ValueError("cubes over different attributes or label settings do not add up")
        levels = tuple(tuple(sorted(set(a) | set(b))) for a, b in zip(self.levels, other.levels, strict=True))
        windows = _sorted_windows(set(self.windows) | set(other.windows))
        total = np.zeros((len(windows), *map(len, levels), 2, 2), dtype=np.int64)
        for cube in (self, other):
            w_idx = np.array([windows.index(w) for w in cube.windows], dtype=np.intp)
            l_idx = [
                np.array([lv.index(x) for x in own], dtype=np.intp)
                for lv, own in zip(levels, cube.levels, strict=True)
            ]
            grid = np.ix_(w_idx, *l_idx, np.arange(2), np.arange(2))
            total[grid] += cube.counts
        return Cube(self.attributes, levels, windows, total, self.has_label)


def _sorted_windows(windows: Iterable[dt.date | None]) -> tuple[dt.date | None, ...]:
    present = set(windows)
    dated = sorted(w for w in present if w is not None)
    return (None,) if None in present and not dated else tuple(dated)


def _to_date(value: object, column: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise UnexpectedValue(column, value, "a date or timestamp")


def cube_from_rows(
    attributes: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    label: str | None,
    decision: str,
    time: str | None,
) -> Cube:
    """Build a cube from GROUP BY rows ``(window, *attribute values, label, decision, count)``.

    ``window`` is None when there is no time column; ``label`` is ignored when None. Attribute values
    become strings (levels are sorted); empty values and non-binary labels/decisions raise UnexpectedValue.
    """
    keys: list[tuple[dt.date | None, tuple[str, ...], int, int]] = []
    counts: list[int] = []
    for row in rows:
        window = _to_date(row[0], time) if time is not None else None
        values = row[1 : 1 + len(attributes)]
        for attr, value in zip(attributes, values, strict=True):
            if value is None:
                raise UnexpectedValue(attr, None, "a group value")
        y = parse_binary(row[-3], label) if label is not None else 0
        p = parse_binary(row[-2], decision)
        keys.append((window, tuple(str(v) for v in values), y, p))
        counts.append(int(row[-1]))  # type: ignore[call-overload]
    return _assemble(tuple(attributes), keys, counts, has_label=label is not None)


def _assemble(
    attributes: tuple[str, ...],
    keys: list[tuple[dt.date | None, tuple[str, ...], int, int]],
    counts: list[int],
    *,
    has_label: bool,
) -> Cube:
    levels = tuple(tuple(sorted({k[1][i] for k in keys})) for i in range(len(attributes)))
    windows = _sorted_windows(k[0] for k in keys) if keys else (None,)
    w_pos = {w: i for i, w in enumerate(windows)}
    l_pos = [{v: i for i, v in enumerate(lv)} for lv in levels]
    cube = np.zeros((len(windows), *map(len, levels), 2, 2), dtype=np.int64)
    for (window, values, y, p), n in zip(keys, counts, strict=True):
        index = (w_pos[window], *(l_pos[i][v] for i, v in enumerate(values)), y, p)
        cube[index] += n
    return Cube(attributes, levels, windows, cube, has_label)
