"""Turning matched rules into the result parts: risk class, obligations and the Convention block."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from waarborg.domain.classification.compiled import DateValue, ObligationRule
from waarborg.domain.classification.model import ConventionResult, Obligation, TraceStep

if TYPE_CHECKING:
    from waarborg.domain.classification.ruleset import Ruleset

_CACHE_LIMIT = 100_000


def risk_class(
    ai_system: bool,
    in_scope: bool,
    prohibited: list[str],
    high_risk: Mapping[str, Any] | None,
    transparency: list[str],
) -> str:
    """The most severe class that applies."""
    if not ai_system:
        return "not-ai-system"
    if not in_scope:
        return "out-of-scope"
    if prohibited:
        return "prohibited"
    if high_risk is not None:
        return "high-risk"
    if transparency:
        return "transparency"
    return "minimal"


def build_obligations(
    rs: Ruleset,
    facts: dict[str, Any],
    as_of: date,
    info: Mapping[str, DateValue],
    special: Mapping[str, str | None],
    effects: Mapping[str, tuple[str, Any, str]],
    trace: list[TraceStep],
) -> list[Obligation]:
    """The obligations whose conditions hold; each also adds an ``obligations`` step to ``trace``."""
    dates = {k: v.value for k, v in info.items()}
    cache = rs.obligation_cache
    rules = rs.obligations
    out: list[Obligation] = []
    for index in rs.obligation_filter(facts, dates):
        ob = rules[index]
        key = special.get(ob.applies_from, ob.applies_from)
        exempt = ob.exempt_if is not None and bool(ob.exempt_if(facts, dates))
        effect = next((effects[g] for g in ob.groups if g in effects), None) if effects else None
        cache_key = (index, as_of, key, exempt, effect)
        hit = cache.get(cache_key)
        if hit is None:
            obligation = _make(ob, as_of, info, key, exempt, effect)
            when = obligation.applies_from.isoformat() if obligation.applies_from else "-"
            step = TraceStep(
                "obligations",
                ob.node,
                ob.article,
                f"{obligation.holder}: {obligation.title} ({obligation.status}, from {when})",
                ob.url,
                obligation.verified,
            )
            hit = (obligation, step)
            if len(cache) < _CACHE_LIMIT:
                cache[cache_key] = hit
        out.append(hit[0])
        trace.append(hit[1])
    return out


def _make(
    ob: ObligationRule,
    as_of: date,
    info: Mapping[str, DateValue],
    key: str | None,
    exempt: bool,
    effect: tuple[str, Any, str] | None,
) -> Obligation:
    dv = info[key] if key is not None else DateValue(None, None, None, True)
    applies, note = dv.value, ob.note
    if effect is not None and effect[0] == "deadline" and effect[1]:
        deadline = info[effect[1]]
        applies = deadline.value
        note = _join(note, f"Transitional deadline ({effect[2]}).")
        dv = DateValue(applies, deadline.original, deadline.amended_by, deadline.verified and dv.verified)
    if exempt:
        status, note = "exempt", _join(note, "Exempt: open-source model without systemic risk.")
    elif effect is not None and effect[0] == "exempt":
        status, note = (
            "exempt",
            _join(note, "Exempt: legacy system (Art. 111(2)) unless its design changes significantly."),
        )
    elif applies is not None and applies <= as_of:
        status = "applicable"
    else:
        status = "not-yet-applicable"
    return Obligation(
        id=ob.id,
        article=ob.article,
        title=ob.title_en,
        holder=ob.holder,
        applies_from=applies,
        status=status,
        note=note,
        title_nl=ob.title_nl,
        applies_from_original=dv.original,
        amended_by=dv.amended_by,
        source=ob.url,
        verified=ob.verified and dv.verified,
    )


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip()


def convention_result(rs: Ruleset, run: Any, as_of: date) -> ConventionResult:
    """CETS 225: material scope (Art. 3), engaged articles and whether it binds the Party on ``as_of``."""
    conv = rs.convention
    excluded = run.eval("conv-excluded")
    basis = [] if excluded else run.eval("conv-applies")
    applies = bool(basis)
    party = run.f.get(conv["party_question"])
    articles: list[str] = []
    mapping: list[tuple[str, str]] = []
    if applies:
        for rule in run.eval("conv-article"):
            articles.append(rule.data["point"])
            if party == "eu" and rule.data.get("implemented_by"):
                mapping.append((rule.data["point"], rule.data["implemented_by"]))
    decisive = (excluded or basis or [None])[0]
    if decisive is not None:
        reason = f"{decisive.article}: {decisive.yes.outcome}"
    else:
        reason = "CETS 225 Art. 3(1)(b): private actor; covered only as the Party declares"
    return ConventionResult(applies, _in_force(conv, party, as_of), reason, tuple(articles), tuple(mapping))


def _in_force(conv: Mapping[str, Any], party: Any, as_of: date) -> bool | None:
    """Whether the Convention binds the Party on ``as_of``; None when the stored status cannot tell."""
    treaty = conv["treaty"]
    ratified = (conv["parties"].get(party) or {}).get("ratified")
    if not ratified:
        return False
    in_force = treaty.get("in_force")
    if in_force:
        return as_of >= max(date.fromisoformat(in_force), date.fromisoformat(ratified))
    earliest = treaty.get("earliest_entry_into_force") or treaty["status_as_of"]
    if as_of < date.fromisoformat(earliest) or as_of <= date.fromisoformat(treaty["status_as_of"]):
        return False
    return None
