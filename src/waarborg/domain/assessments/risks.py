"""Risk register of an assessment: risks per right, ordinal factors, mitigations and residual risk.

The factor levels and the aggregation come from ``risk_model.yaml``; there is no official HUDERIA
score, so every computed level says which rule produced it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from waarborg.domain.errors import InvalidInput

from .model import VISIBILITIES, Band, RiskModel, Visibility

T = TypeVar("T")
MitigationStatus = Literal["planned", "in_progress", "done", "dropped"]
MITIGATION_STATUSES: tuple[MitigationStatus, ...] = ("planned", "in_progress", "done", "dropped")
_OPEN_STATUSES = ("planned", "in_progress")


@dataclass(frozen=True)
class Mitigation:
    id: str
    description: str
    status: MitigationStatus
    due: dt.date | None
    owner: str = ""

    @property
    def open(self) -> bool:
        return self.status in _OPEN_STATUSES


@dataclass(frozen=True)
class Risk:
    id: str
    title: str
    right: str
    owner: str
    factors: Mapping[str, str]
    mitigations: tuple[Mitigation, ...] = ()
    residual: Mapping[str, str] = field(default_factory=dict)  # factor levels after mitigation
    description: str = ""
    visibility: Visibility = "supervisor"


@dataclass(frozen=True)
class RiskScore:
    severity_rank: int
    likelihood_rank: int
    score: int
    band: Band
    basis: Literal["inherent", "residual"]
    reason: str


def _text(raw: Mapping[str, Any], key: str, field_: str, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput.at(f"{field_}.{key}", f"is required text, got {value!r}")
    return value.strip()


def _levels(raw: Any, model: RiskModel, field_: str, required: bool) -> dict[str, str]:
    raw = raw or {}
    if not isinstance(raw, Mapping):
        raise InvalidInput.at(field_, f"expects factor: level pairs, got {raw!r}")
    out: dict[str, str] = {}
    for key in raw:
        if model.factor(str(key)) is None:
            raise InvalidInput.at(
                f"{field_}.{key}", f"unknown factor {key!r}; factors are {[f.id for f in model.factors]}"
            )
    for factor in model.factors:
        value = raw.get(factor.id)
        if value in (None, ""):
            if required:
                raise InvalidInput.at(f"{field_}.{factor.id}", f"is required, got {value!r}")
            continue
        if factor.level(str(value)) is None:
            raise InvalidInput.at(
                f"{field_}.{factor.id}", f"{value!r} is not one of {[lv.id for lv in factor.levels]}"
            )
        out[factor.id] = str(value)
    if out and not required and len(out) != len(model.factors):
        missing = [f.id for f in model.factors if f.id not in out]
        raise InvalidInput.at(field_, f"give all factors or none; missing {missing}")
    return out


def _date(value: Any, field_: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput.at(field_, f"expects a date YYYY-MM-DD, got {value!r}") from None


def parse_mitigation(raw: Mapping[str, Any], field_: str) -> Mitigation:
    status = raw.get("status", "planned")
    if status not in MITIGATION_STATUSES:
        raise InvalidInput.at(
            f"{field_}.status", f"{status!r} is not one of {', '.join(MITIGATION_STATUSES)}"
        )
    return Mitigation(
        id=str(raw.get("id") or ""),
        description=_text(raw, "description", field_),
        status=status,
        due=_date(raw.get("due"), f"{field_}.due"),
        owner=_text(raw, "owner", field_, required=False),
    )


def _collect(errors: list[str], fn: Callable[[], T], fallback: T) -> T:
    try:
        return fn()
    except InvalidInput as exc:
        errors.extend(exc.errors)
        return fallback


def _visibility(value: Any, field_: str) -> Visibility:
    if value not in VISIBILITIES:
        raise InvalidInput.at(field_, f"{value!r} is not one of {', '.join(VISIBILITIES)}")
    vis: Visibility = value
    return vis


def parse_risk(raw: Mapping[str, Any], model: RiskModel, field_: str = "risk") -> Risk:
    """Validate one risk given as plain data (JSON body or form); every problem is reported at once."""
    errors: list[str] = []
    mitigations: list[Mitigation] = []
    for i, m in enumerate(raw.get("mitigations") or []):
        try:
            mitigations.append(parse_mitigation(m, f"{field_}.mitigations[{i}]"))
        except InvalidInput as exc:
            errors.extend(exc.errors)
    risk = Risk(
        id=str(raw.get("id") or ""),
        title=_collect(errors, lambda: _text(raw, "title", field_), ""),
        right=_collect(errors, lambda: _text(raw, "right", field_), ""),
        owner=_collect(errors, lambda: _text(raw, "owner", field_), ""),
        description=_collect(errors, lambda: _text(raw, "description", field_, required=False), ""),
        factors=_collect(
            errors, lambda: _levels(raw.get("factors"), model, f"{field_}.factors", required=True), {}
        ),
        residual=_collect(
            errors, lambda: _levels(raw.get("residual"), model, f"{field_}.residual", required=False), {}
        ),
        mitigations=tuple(mitigations),
        visibility=_collect(
            errors,
            lambda: _visibility(raw.get("visibility", "supervisor"), f"{field_}.visibility"),
            "supervisor",
        ),
    )
    if errors:
        raise InvalidInput(errors[0], errors)
    return risk


def score(
    levels: Mapping[str, str], model: RiskModel, basis: Literal["inherent", "residual"] = "inherent"
) -> RiskScore:
    """Combine ordinal levels with the configured rule (severity x likelihood -> band)."""
    ranks = {}
    for fid, lid in levels.items():
        factor = model.factor(fid)
        level = factor.level(lid) if factor else None
        if level is None:
            raise InvalidInput.at(f"factors.{fid}", f"unknown level {lid!r}")
        ranks[fid] = level.rank
    sev = [ranks[f] for f in model.severity_factors]
    severity = max(sev) if model.severity_method == "max" else round(sum(sev) / len(sev))
    likelihood = ranks[model.likelihood_factor]
    total = severity * likelihood
    band = (
        [b for b in model.bands if total >= b.min_score][-1]
        if total >= model.bands[0].min_score
        else model.bands[0]
    )
    reason = (
        f"severity = {model.severity_method}({', '.join(model.severity_factors)}) = {severity}; "
        f"{model.likelihood_factor} = {likelihood}; {severity} x {likelihood} = {total} -> {band.id} "
        f"(risk model v{model.version}, a configurable Waarborg rule, not an official HUDERIA score)"
    )
    return RiskScore(severity, likelihood, total, band, basis, reason)


def inherent_risk(risk: Risk, model: RiskModel) -> RiskScore:
    return score(risk.factors, model, "inherent")


def residual_risk(risk: Risk, model: RiskModel) -> RiskScore:
    """The residual level when assessed after mitigation; otherwise the inherent level, saying so."""
    if risk.residual:
        return score(risk.residual, model, "residual")
    inherent = inherent_risk(risk, model)
    note = "residual risk not yet assessed: the inherent level is shown"
    return RiskScore(
        inherent.severity_rank,
        inherent.likelihood_rank,
        inherent.score,
        inherent.band,
        "inherent",
        f"{note}; {inherent.reason}",
    )


@dataclass(frozen=True)
class OverdueMitigation:
    risk_id: str
    risk_title: str
    mitigation: Mitigation
    days_overdue: int


def overdue_mitigations(risks: Iterable[Risk], today: dt.date) -> list[OverdueMitigation]:
    """Open mitigations (planned or in progress) whose due date lies before ``today``, oldest first."""
    out = [
        OverdueMitigation(r.id, r.title, m, (today - m.due).days)
        for r in risks
        for m in r.mitigations
        if m.open and m.due is not None and m.due < today
    ]
    return sorted(out, key=lambda o: -o.days_overdue)
