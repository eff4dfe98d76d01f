"""The classification engine: profile in, result with a full trace out. Pure and deterministic.

The legal content lives in the ruleset; this module only knows the order of the steps and how each
step's matched rules combine (see docs/classification.md). Each group of rules is one compiled function
(see ``expr.compile_stage``), so a classification costs a few dozen Python calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from waarborg.domain.classification.compiled import DERIVED_DEFAULTS, ROLE_FACT, Rule
from waarborg.domain.classification.model import ClassificationResult, Legacy, TraceStep
from waarborg.domain.classification.results import build_obligations, convention_result, risk_class
from waarborg.domain.classification.ruleset import Ruleset

_ROLE_ORDER = tuple(ROLE_FACT)
_NO_TERRITORY = TraceStep(
    "scope",
    "scope-2-1",
    "Art. 2(1)",
    "outside Art. 2(1): no operator role that brings the system into scope (check activities, own_name, "
    "established_in_eu, output_used_in_eu)",
    "http://data.europa.eu/eli/reg/2024/1689/oj",
)


class Run:
    """State of one classification: facts, resolved dates, trace and the unverified rules used."""

    __slots__ = ("as_of", "d", "f", "rs", "trace", "unverified")

    def __init__(
        self, rs: Ruleset, facts: dict[str, Any], dates: dict[str, date | None], as_of: date
    ) -> None:
        self.as_of = as_of
        self.rs = rs
        self.f = facts
        self.d = dates
        self.trace: list[TraceStep] = []
        self.unverified: list[str] = []

    def eval(self, group: str) -> list[Rule]:
        """Evaluate one compiled group of rules; returns the rules that apply (trace recorded)."""
        rules, stage = self.rs.groups[group]
        matched = [rules[i] for i in stage(self.f, self.d, self.trace.append)]
        if group in self.rs.unverified_groups:
            self.unverified.extend(r.id for r in matched if not r.verified)
        return matched


def classify_facts(rs: Ruleset, facts: dict[str, Any], as_of: date) -> ClassificationResult:
    """Classify already-normalised facts (answers overlaid on defaults). ``facts`` is updated in place."""
    facts.update(DERIVED_DEFAULTS)
    dates, info = rs.dates_at(as_of)
    run = Run(rs, facts, dates, as_of)

    ai_system, impactful = _definition(run)
    roles = {r.data["role"] for r in run.eval("role")}
    exclusion, territorial = _scope(run)
    engaged = (ai_system or bool(facts.get("is_gpai_model"))) and territorial and exclusion is None
    prohibited: list[str] = []
    high_risk: dict[str, Any] | None = None
    derogation: str | None = None
    transparency: list[str] = []
    gpai: str | None = None
    special: dict[str, str | None] = {}
    upcoming: list[dict[str, str]] = []
    if engaged:
        if ai_system:
            prohibited, special["@prohibited"], upcoming = _prohibited(run)
            high_risk, derogation, special["@high_risk"] = _high_risk(run)
            roles.update(r.data["shift_to"] for r in run.eval("role-shift"))
            transparency = _transparency(run)
        gpai = _gpai(run)
        late = run.eval("scope-late")
        if late:
            exclusion = late[0].data["exclusion"]
    in_scope = engaged and exclusion is None
    facts["in_scope"] = in_scope
    legacy, effects = _legacy(run) if in_scope else (None, {})
    obligations = build_obligations(rs, facts, as_of, info, special, effects, run.trace) if in_scope else []
    return ClassificationResult(
        ruleset=rs.ref,
        as_of=as_of,
        ai_system=ai_system,
        in_scope=in_scope,
        exclusion=exclusion,
        roles=[r for r in _ROLE_ORDER if r in roles],
        risk_class=risk_class(ai_system, in_scope, prohibited, high_risk, transparency),
        prohibited=prohibited if in_scope else [],
        high_risk=high_risk if in_scope else None,
        derogation=derogation if in_scope else None,
        transparency=transparency if in_scope else [],
        gpai=gpai if in_scope else None,
        obligations=obligations,
        legacy=legacy,
        convention=convention_result(rs, run, as_of),
        trace=run.trace,
        impactful_algorithm=impactful,
        unverified=run.unverified,
        upcoming_prohibitions=upcoming if in_scope else [],
    )


def _definition(run: Run) -> tuple[bool, bool]:
    rules = run.rs.groups["definition"][0]
    matched = {r.id for r in run.eval("definition")}
    ok = all(r.id in matched for r in rules if r.data.get("required", True))
    run.f["ai_system"] = ok
    impactful = not ok and bool(run.eval("impactful"))
    return ok, impactful


def _scope(run: Run) -> tuple[str | None, bool]:
    territorial = bool(run.eval("territorial"))
    exclusions = run.eval("exclusion")
    exclusion = exclusions[0].data["exclusion"] if exclusions else None
    if not territorial:
        run.trace.append(_NO_TERRITORY)
    run.f["territorial"] = territorial
    run.f["scope_excluded"] = exclusion is not None or not territorial
    return exclusion, territorial


def _prohibited(run: Run) -> tuple[list[str], str | None, list[dict[str, str]]]:
    """Matched Art. 5 points. A point whose application date is after ``as_of`` is reported as upcoming."""
    points: list[str] = []
    upcoming: list[dict[str, str]] = []
    first: str | None = None
    for rule in run.eval("prohibited"):
        key = rule.applies_from
        when = run.d[key] if key is not None else None
        if key is not None and (first is None or (when or date.max) < (run.d[first] or date.max)):
            first = key
        if when is not None and when > run.as_of:
            upcoming.append({"point": rule.data["point"], "applies_from": when.isoformat()})
            run.trace.append(rule.upcoming)
        else:
            points.append(rule.data["point"])
    run.f["prohibited"] = bool(points)
    run.f["prohibited_upcoming"] = bool(upcoming)
    run.f["prohibited_points"] = frozenset(points)
    return points, first, upcoming


def _high_risk(run: Run) -> tuple[dict[str, Any] | None, str | None, str | None]:
    f = run.f
    routes = run.eval("routes")
    annex_i = next((r for r in routes if r.data["route"] == "annex-i"), None)
    listed = [r for r in routes if r.data["route"] == "annex-iii"]
    points = [r.data["point"] for r in listed]
    if annex_i is not None:
        f["annex_i"] = True
        f["annex_i_section_" + annex_i.data["section"].lower()] = True
    derogation: str | None = None
    if listed and not run.eval("override"):
        derogations = run.eval("derogation")
        derogation = derogations[0].data["derogation"] if derogations else None
    annex_iii = bool(listed) and derogation is None
    f["annex_iii_listed"] = bool(listed)
    f["annex_iii"] = annex_iii
    f["derogation"] = derogation is not None
    f["high_risk"] = annex_iii or annex_i is not None
    f["high_risk_points"] = frozenset(points) if annex_iii else frozenset()
    if annex_iii:
        return {"route": "annex-iii", "point": points[0], "points": points}, None, listed[0].applies_from
    if annex_i is not None:
        return (
            {"route": "annex-i", "point": None, "section": annex_i.data["section"]},
            derogation,
            annex_i.applies_from,
        )
    return None, derogation, None


def _transparency(run: Run) -> list[str]:
    paragraphs: list[str] = []
    for rule in run.eval("transparency"):
        if rule.data["paragraph"] not in paragraphs:
            paragraphs.append(rule.data["paragraph"])
    run.f["transparency"] = bool(paragraphs)
    run.f["transparency_paragraphs"] = frozenset(paragraphs)
    return paragraphs


def _gpai(run: Run) -> str | None:
    levels = {r.data["gpai"] for r in run.eval("gpai")}
    level = "gpai-model-systemic-risk" if "gpai-model-systemic-risk" in levels else next(iter(levels), None)
    run.f["gpai"] = level is not None
    run.f["gpai_systemic"] = level == "gpai-model-systemic-risk"
    return level


def _legacy(run: Run) -> tuple[Legacy | None, dict[str, tuple[str, Any, str]]]:
    legacy: Legacy | None = None
    effects: dict[str, tuple[str, Any, str]] = {}
    for rule in run.eval("legacy"):
        deadline_key = rule.data.get("deadline")
        for group in rule.data["groups"]:
            effects.setdefault(group, (rule.data["effect"], deadline_key, rule.article))
        if legacy is None:
            deadline = run.d[deadline_key] if deadline_key else None
            exempt = rule.data["effect"] == "exempt"
            legacy = Legacy(
                run.f.get("placed_on_market_date"), exempt, deadline, rule.article.replace("Art. ", "")
            )
    return legacy, effects


def classify_profile(rs: Ruleset, profile: Mapping[str, Any], as_of: date) -> ClassificationResult:
    return classify_facts(rs, rs.validator.facts(profile), as_of)
