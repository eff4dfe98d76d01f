"""Proportions, Wilson intervals and tests of a difference between two proportions."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import stats as sps  # type: ignore[import-untyped]

Z95 = 1.959963984540054  # norm.ppf(0.975)
FISHER_MIN_EXPECTED = 5.0


def proportions(num: npt.NDArray[np.int64], den: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """``num / den`` elementwise, NaN where ``den`` is zero (turned into null by ``as_json_number``)."""
    out = np.full(np.shape(num), np.nan, dtype=np.float64)
    np.divide(num, den, out=out, where=den > 0)
    return out


def as_json_number(value: float) -> float | None:
    """NaN and infinities become None: JSON output never carries NaN."""
    return float(value) if math.isfinite(value) else None


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for ``successes / n``; None when ``n`` is zero."""
    if n <= 0:
        return None
    p = successes / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def two_proportion_test(a: int, n1: int, b: int, n2: int) -> tuple[float, str] | None:
    """p-value of ``a/n1`` versus ``b/n2`` and the test used.

    Pearson's chi-square on the 2x2 table (no continuity correction); Fisher's exact test when any
    expected cell count is below 5. None when either group is empty.
    """
    if n1 <= 0 or n2 <= 0:
        return None
    total = n1 + n2
    selected, rest = a + b, total - a - b
    if min(n1, n2) * min(selected, rest) / total < FISHER_MIN_EXPECTED:
        table = [[a, n1 - a], [b, n2 - b]]
        return float(sps.fisher_exact(table, alternative="two-sided").pvalue), "fisher"
    # Pearson's statistic of a 2x2 table in closed form; with 1 degree of freedom its survival
    # function is erfc(sqrt(x / 2)).
    chi2 = total * float(a * (n2 - b) - b * (n1 - a)) ** 2 / (n1 * n2 * selected * rest)
    return min(1.0, math.erfc(math.sqrt(chi2 / 2))), "chi-square"


def ratio(value: float, reference: float) -> float | None:
    """Symmetric ratio ``min / max`` in [0, 1]; None when both are zero or either is unknown."""
    if not (math.isfinite(value) and math.isfinite(reference)):
        return None
    high = max(value, reference)
    if high <= 0:
        return None
    return min(value, reference) / high
