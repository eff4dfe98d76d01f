"""What to audit: the column mapping and the thresholds, as plain data (the web layer builds one from a form)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from waarborg.domain.errors import InvalidInput

WINDOWS = ("week", "month", "quarter")
RATE_METRICS = ("selection_rate", "tpr", "fpr", "fnr", "tnr", "ppv")
LABEL_METRICS = ("tpr", "fpr", "fnr", "tnr", "ppv")
DISPARITY_METRICS = (*RATE_METRICS, "equalized_odds")

# Threshold names that read better than the generic ``max_<metric>_difference`` / ``min_<metric>_ratio``.
THRESHOLD_ALIASES = {
    "min_disparate_impact_ratio": "min_selection_rate_ratio",
    "max_demographic_parity_difference": "max_selection_rate_difference",
    "max_equal_opportunity_difference": "max_tpr_difference",
}
DEFAULT_THRESHOLDS: dict[str, float] = {"min_disparate_impact_ratio": 0.8}
DEFAULT_SIGNIFICANCE = 0.05


def threshold_names() -> list[str]:
    names = [f"max_{m}_difference" for m in DISPARITY_METRICS]
    names += [f"min_{m}_ratio" for m in DISPARITY_METRICS]
    return sorted([*names, *THRESHOLD_ALIASES, "significance_level"])


@dataclass
class AuditConfig:
    """Column mapping of a decision log plus audit options.

    The decision is either ``prediction`` (values 0/1/true/false) or ``score`` compared with ``threshold``
    (decision = score >= threshold). ``proxies`` are audited alone, not in intersections.
    """

    protected: list[str]
    prediction: str | None = None
    label: str | None = None
    score: str | None = None
    threshold: float | None = None
    time: str | None = None
    window: str | None = None
    proxies: list[str] = field(default_factory=list)
    min_group_size: int = 10
    reference: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))

    @property
    def attributes(self) -> list[str]:
        """All grouping columns: protected attributes first, then proxies."""
        return [*self.protected, *self.proxies]

    @property
    def decision_name(self) -> str:
        if self.score is not None:
            return f"{self.score}>={self.threshold:g}" if self.threshold is not None else self.score
        return self.prediction or ""

    @property
    def window_or_default(self) -> str | None:
        if self.time is None:
            return None
        return self.window or "month"

    def validate(self) -> None:
        """Raise InvalidInput naming the first inconsistent option."""
        self._validate_decision()
        if not self.protected:
            raise InvalidInput.at("protected", "give at least one protected attribute column")
        self._validate_columns()
        if self.window is not None and self.window not in WINDOWS:
            raise InvalidInput.at("window", f"{self.window!r} is not one of {', '.join(WINDOWS)}")
        if self.window is not None and self.time is None:
            raise InvalidInput.at("window", "a window needs a time column (--time)")
        if isinstance(self.min_group_size, bool) or not isinstance(self.min_group_size, int):
            raise InvalidInput.at("min_group_size", f"{self.min_group_size!r} is not a whole number")
        if self.min_group_size < 0:
            raise InvalidInput.at("min_group_size", f"{self.min_group_size} is negative")
        for attr in self.reference:
            if attr not in self.attributes:
                raise InvalidInput.at(f"reference.{attr}", f"{attr!r} is not a protected attribute or proxy")
        self.thresholds = parse_thresholds(self.thresholds)

    def _validate_decision(self) -> None:
        if self.score is not None:
            if self.prediction is not None:
                raise InvalidInput.at("prediction", "give either a prediction column or a score, not both")
            if not _is_number(self.threshold):
                raise InvalidInput.at(
                    "threshold", f"a score needs a numeric threshold, got {self.threshold!r}"
                )
        elif self.prediction is None:
            raise InvalidInput.at(
                "prediction", "give a prediction (decision) column or a score and threshold"
            )
        elif self.threshold is not None:
            raise InvalidInput.at("threshold", "a threshold needs a score column (--score)")

    def _validate_columns(self) -> None:
        roles = {"prediction": self.prediction, "label": self.label, "score": self.score, "time": self.time}
        seen: dict[str, str] = {}
        named = [(r, c) for r, c in roles.items() if c is not None]
        named += [("protected", c) for c in self.protected] + [("proxies", c) for c in self.proxies]
        for role, col in named:
            if not col or not col.strip():
                raise InvalidInput.at(role, "empty column name")
            if col in seen:
                raise InvalidInput.at(role, f"column {col!r} is already used as {seen[col]}")
            seen[col] = role


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def parse_thresholds(raw: object) -> dict[str, float]:
    """Check a thresholds mapping; unknown names and non-numbers are refused, naming the key."""
    if not isinstance(raw, dict):
        raise InvalidInput.at("thresholds", f"expected a mapping of name to number, got {type(raw).__name__}")
    known = set(threshold_names())
    out: dict[str, float] = {}
    for key, value in raw.items():
        if key not in known:
            raise InvalidInput.at(
                f"thresholds.{key}", f"unknown threshold {key!r}; known: {', '.join(sorted(known))}"
            )
        if not _is_number(value):
            raise InvalidInput.at(f"thresholds.{key}", f"{value!r} is not a finite number")
        if (
            float(value) < 0
            or (key.startswith("min_") and float(value) > 1)
            or (key == "significance_level" and float(value) > 1)
        ):
            raise InvalidInput.at(f"thresholds.{key}", f"{value!r} is out of range")
        out[str(key)] = float(value)
    return out


def canonical_thresholds(thresholds: dict[str, float]) -> dict[str, tuple[str, float]]:
    """Map each threshold to its canonical ``max_<metric>_difference``/``min_<metric>_ratio`` name."""
    return {
        THRESHOLD_ALIASES.get(name, name): (name, value)
        for name, value in thresholds.items()
        if name != "significance_level"
    }


EXPECTED = {
    "binary": "0/1 or true/false",
    "group": "a non-empty group value",
    "time": "a date or timestamp",
    "score": "a number",
}


def column_kinds(config: AuditConfig) -> dict[str, str]:
    """Each mapped column with the kind of value it must hold (a key of ``EXPECTED``)."""
    kinds = {c: "group" for c in config.attributes}
    if config.prediction is not None:
        kinds[config.prediction] = "binary"
    if config.score is not None:
        kinds[config.score] = "score"
    if config.label is not None:
        kinds[config.label] = "binary"
    if config.time is not None:
        kinds[config.time] = "time"
    return kinds
