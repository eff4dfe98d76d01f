"""Proportions, Wilson intervals and tests of a difference between two proportions."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln  # type: ignore[import-untyped]

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
        return fisher_exact(a, n1, b, n2), "fisher"
    # Pearson's statistic of a 2x2 table in closed form; with 1 degree of freedom its survival
    # function is erfc(sqrt(x / 2)).
    chi2 = total * float(a * (n2 - b) - b * (n1 - a)) ** 2 / (n1 * n2 * selected * rest)
    return min(1.0, math.erfc(math.sqrt(chi2 / 2))), "chi-square"


def fisher_exact(a: int, n1: int, b: int, n2: int) -> float:
    """Two-sided Fisher exact test of ``[[a, n1 - a], [b, n2 - b]]``: the total hypergeometric
    probability of the tables (same margins) no more likely than the observed one (relative slack 1e-7,
    as scipy). Vectorised over the support with log-gamma, so large margins stay cheap."""
    selected, total = a + b, n1 + n2
    x = np.arange(max(0, selected - n2), min(n1, selected) + 1, dtype=np.float64)
    log_pmf = _log_comb(n1, x) + _log_comb(n2, selected - x) - _log_comb(total, np.float64(selected))
    observed = log_pmf[int(a - x[0])]
    p = float(np.exp(log_pmf[log_pmf <= observed + math.log1p(1e-7)]).sum())
    return min(1.0, p)


def _log_comb(n: int, k: Any) -> Any:
    return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)


def ratio(value: float, reference: float) -> float | None:
    """Symmetric ratio ``min / max`` in [0, 1]; None when both are zero or either is unknown."""
    if not (math.isfinite(value) and math.isfinite(reference)):
        return None
    high = max(value, reference)
    if high <= 0:
        return None
    return min(value, reference) / high
