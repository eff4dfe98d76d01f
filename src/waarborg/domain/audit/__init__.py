"""Bias audit from decision logs alone: count cube -> rates, intervals, tests, disparities, findings."""

from waarborg.domain.audit.config import AuditConfig, parse_thresholds, threshold_names
from waarborg.domain.audit.cube import Cube, UnexpectedValue, cube_from_rows
from waarborg.domain.audit.result import audit_result

__all__ = [
    "AuditConfig",
    "Cube",
    "UnexpectedValue",
    "audit_result",
    "cube_from_rows",
    "parse_thresholds",
    "threshold_names",
]
