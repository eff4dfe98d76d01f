"""Human-rights impact assessments (IAMA, FRIA, HUDERIA): pure domain logic over instrument data."""

from .answers import Completeness, completeness, validate_answer, validate_answers
from .dashboard import DashboardItem, dashboard
from .loader import all_instruments, instrument, risk_model
from .mapping import Prefill, mappings, prefill
from .model import Instrument, Question, RiskModel, Visibility
from .record import Assessment, HistoryItem, Person, may_see
from .requirements import Requirement, requirement_for
from .risks import Mitigation, Risk, inherent_risk, overdue_mitigations, parse_risk, residual_risk
from .visibility import public_view
from .workflow import TRANSITIONS, Actor, TransitionContext, allowed_actions, check_transition

__all__ = [
    "TRANSITIONS",
    "Actor",
    "Assessment",
    "Completeness",
    "DashboardItem",
    "HistoryItem",
    "Instrument",
    "Mitigation",
    "Person",
    "Prefill",
    "Question",
    "Requirement",
    "Risk",
    "RiskModel",
    "TransitionContext",
    "Visibility",
    "all_instruments",
    "allowed_actions",
    "check_transition",
    "completeness",
    "dashboard",
    "inherent_risk",
    "instrument",
    "mappings",
    "may_see",
    "overdue_mitigations",
    "parse_risk",
    "prefill",
    "public_view",
    "requirement_for",
    "residual_risk",
    "risk_model",
    "validate_answer",
    "validate_answers",
]
