"""Hand-checked Wilson intervals and chi-square / Fisher tests."""

from __future__ import annotations

import math

import pytest
from scipy.stats import chi2_contingency, fisher_exact

from waarborg.domain.audit.stats import ratio, two_proportion_test, wilson


def test_wilson_matches_hand_computation_for_8_of_10() -> None:
    # p = 0.8, n = 10, z = 1.96: centre 0.71674, half-width 0.22658 -> [0.4902, 0.9433] (Newcombe 1998).
    low, high = wilson(8, 10) or (0, 0)
    assert low == pytest.approx(0.490162, abs=1e-6)
    assert high == pytest.approx(0.943318, abs=1e-6)


def test_wilson_for_zero_successes_is_not_degenerate() -> None:
    low, high = wilson(0, 10) or (1, 1)
    assert low == 0.0
    assert high == pytest.approx(0.277533, abs=1e-6)  # z^2 / (n + z^2)


def test_wilson_for_all_successes_mirrors_zero() -> None:
    assert wilson(10, 10) == pytest.approx((1 - 0.277533, 1.0), abs=1e-6)


def test_wilson_of_an_empty_group_is_none() -> None:
    assert wilson(0, 0) is None


def test_chi_square_on_a_large_table_matches_hand_computation() -> None:
    # 30/100 vs 50/100: expected 40/60 per row, chi2 = 2 * (100/40 + 100/60) = 8.3333, 1 df.
    p, test = two_proportion_test(30, 100, 50, 100) or (None, None)
    assert test == "chi-square"
    assert p == pytest.approx(math.erfc(math.sqrt(25 / 3 / 2)), rel=1e-9)


@pytest.mark.parametrize(
    "table", [(30, 100, 50, 100), (7, 40, 19, 45), (120, 400, 95, 410), (12, 60, 30, 35)]
)
def test_closed_form_chi_square_equals_scipy(table: tuple[int, int, int, int]) -> None:
    a, n1, b, n2 = table
    expected = chi2_contingency([[a, n1 - a], [b, n2 - b]], correction=False).pvalue
    assert two_proportion_test(a, n1, b, n2) == (pytest.approx(expected, rel=1e-9), "chi-square")


def test_fisher_on_a_small_table_matches_the_hypergeometric_sum() -> None:
    # [[1, 7], [6, 2]]: expected counts 3.5 / 4.5 -> below 5 -> Fisher's exact test (two-sided: sum of
    # the hypergeometric probabilities not larger than the observed one) = 58 / 1430.
    def prob(a: int) -> float:
        return math.comb(7, a) * math.comb(9, 8 - a) / math.comb(16, 8)

    observed = prob(1)
    hand = sum(prob(a) for a in range(0, 8) if prob(a) <= observed * (1 + 1e-7))
    p, test = two_proportion_test(1, 8, 6, 8) or (None, None)
    assert test == "fisher"
    assert p == pytest.approx(hand, rel=1e-9)
    assert p == pytest.approx(58 / 1430, rel=1e-9)


@pytest.mark.parametrize(
    "table", [(1, 8, 6, 8), (0, 3, 40, 100), (2, 5, 1, 9000), (3, 1000, 1, 4), (0, 1, 1, 1), (5, 5, 0, 7)]
)
def test_fisher_equals_scipy(table: tuple[int, int, int, int]) -> None:
    a, n1, b, n2 = table
    expected = fisher_exact([[a, n1 - a], [b, n2 - b]], alternative="two-sided").pvalue
    assert two_proportion_test(a, n1, b, n2) == (pytest.approx(expected, rel=1e-9), "fisher")


def test_identical_proportions_give_p_one_even_when_all_zero() -> None:
    assert two_proportion_test(0, 50, 0, 60) == (1.0, "fisher")


def test_a_test_against_an_empty_group_is_none() -> None:
    assert two_proportion_test(3, 10, 0, 0) is None


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [(0.4, 0.5, 0.8), (0.5, 0.4, 0.8), (0.0, 0.0, None), (0.0, 0.3, 0.0), (float("nan"), 0.3, None)],
)
def test_ratio_is_symmetric_and_null_without_denominator(
    value: float, reference: float, expected: float | None
) -> None:
    assert ratio(value, reference) == (pytest.approx(expected) if expected is not None else None)
