"""Turn a stored classification result into a checklist of requirements and measures.

``build_checklist`` is pure: the same classification, catalogue and date give the same checklist.
A requirement is included when any of its ``applies_when`` selectors matches the classification
(see docs/compliance.md, "Selectors").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from waarborg.domain.compliance.catalogue import Catalogue, Requirement, Selector
from waarborg.domain.compliance.model import Applicability, MeasureItem, ObligationRef, RequirementItem
from waarborg.domain.errors import InvalidInput

_ARTICLE = re.compile(r"^\s*(?:art(?:icle)?s?\.?)\s*(\d+[a-z]?)\s*((?:\(\s*[0-9a-z]+\s*\))*)", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?:art(?:icle)?s?\.?)\s*(\d+)\s*(?:-|–|to)\s*(\d+)\b", re.IGNORECASE)


def canonical_article(text: str) -> str | None:
    """'Article 26 (8)' -> 'Art. 26(8)'; None when the text does not start with an article reference."""
    m = _ARTICLE.match(text or "")
    if not m:
        return None
    paras = re.sub(r"\s+", "", m.group(2)).lower()
    return f"Art. {m.group(1).lower()}{paras}"


def article_matches(selector: str, obligation_article: str) -> bool:
    """True when the obligation's article is the selector's article or a paragraph under it.

    'Art. 50(1)' matches 'Art. 50(1)' and 'Art. 50(1)(a)' but not 'Art. 50(2)'; 'Art. 9' never matches
    'Art. 92'. A range such as 'Arts. 8-15' matches every whole article in it.
    """
    wanted = canonical_article(selector)
    if wanted is None:
        return False
    rng = _RANGE.match(obligation_article or "")
    if rng and "(" not in wanted:
        number = int(re.sub(r"\D", "", wanted.split("(")[0]) or "0")
        return int(rng.group(1)) <= number <= int(rng.group(2))
    have = canonical_article(obligation_article)
    if have is None:
        return False
    return have == wanted or have.startswith(wanted + "(")


@dataclass(frozen=True)
class _View:
    """The parts of a classification result the selectors read, parsed once."""

    obligations: tuple[ObligationRef, ...]
    risk_class: str | None
    route: str | None
    derogation: bool
    transparency: frozenset[str]
    gpai: str | None
    convention: bool
    roles: frozenset[str]


def _obligation(raw: Any, index: int) -> ObligationRef:
    if not isinstance(raw, Mapping):
        raise InvalidInput.at(f"classification.obligations[{index}]", f"expected an object, got {raw!r}")
    applies = raw.get("applies_from")
    try:
        when = date.fromisoformat(str(applies)) if applies else None
    except ValueError as exc:
        raise InvalidInput.at(
            f"classification.obligations[{index}].applies_from", f"not a date: {applies!r}"
        ) from exc
    return ObligationRef(
        id=raw.get("id"),
        article=str(raw.get("article") or ""),
        title=str(raw.get("title") or ""),
        holder=raw.get("holder"),
        applies_from=when,
        status=str(raw.get("status") or "applicable"),
    )


def _view(classification: Mapping[str, Any] | None) -> _View:
    c = classification or {}
    if not isinstance(c, Mapping):
        raise InvalidInput.at("classification", f"expected an object, got {type(c).__name__}")
    high = c.get("high_risk") or {}
    conv = c.get("convention") or {}
    return _View(
        obligations=tuple(_obligation(o, i) for i, o in enumerate(c.get("obligations") or ())),
        risk_class=c.get("risk_class"),
        route=high.get("route") if isinstance(high, Mapping) else None,
        derogation=bool(c.get("derogation")),
        transparency=frozenset(str(t).removeprefix("Art. ").strip() for t in c.get("transparency") or ()),
        gpai=c.get("gpai"),
        convention=bool(conv.get("applies")) if isinstance(conv, Mapping) else False,
        roles=frozenset(c.get("roles") or ()),
    )


def _links(sel: Selector) -> bool:
    """Selectors that link particular obligations to the item (not just conditions on the entry)."""
    return sel.article is not None or sel.article_exact is not None or sel.obligation is not None


def _obligation_keys(sel: Selector) -> bool:
    return _links(sel) or sel.holder is not None


def _obligation_hit(sel: Selector, ob: ObligationRef) -> bool:
    if sel.article is not None and not article_matches(sel.article, ob.article):
        return False
    if sel.article_exact is not None and canonical_article(ob.article) != canonical_article(
        sel.article_exact
    ):
        return False
    if sel.obligation is not None and ob.id != sel.obligation:
        return False
    return sel.holder is None or ob.holder == sel.holder


def _context_hit(sel: Selector, v: _View) -> bool:
    checks = (
        not sel.risk_class or v.risk_class in sel.risk_class,
        sel.high_risk_route is None or v.route == sel.high_risk_route,
        sel.derogation is None or v.derogation == sel.derogation,
        sel.transparency is None or sel.transparency in v.transparency,
        not sel.gpai or v.gpai in sel.gpai,
        sel.convention is None or v.convention == sel.convention,
        sel.role is None or sel.role in v.roles,
    )
    return all(checks)


def evaluate(sel: Selector, v: _View) -> tuple[bool, tuple[ObligationRef, ...]]:
    """Whether one selector matches, and the obligations it matched (empty for context-only selectors)."""
    if not _context_hit(sel, v):
        return False, ()
    if _obligation_keys(sel):
        hits = tuple(ob for ob in v.obligations if _obligation_hit(sel, ob))
        if not _links(sel):
            # holder alone: a condition on the entry, not a link to particular obligations
            return bool(hits) or sel.holder in v.roles, ()
        return bool(hits), hits
    return True, ()


def _match(selectors: Iterable[Selector], v: _View) -> tuple[bool, tuple[ObligationRef, ...]]:
    matched = False
    found: list[ObligationRef] = []
    for sel in selectors:
        ok, hits = evaluate(sel, v)
        matched = matched or ok
        found.extend(h for h in hits if h not in found)
    return matched, tuple(found)


def _applicability(
    req: Requirement, obligations: Sequence[ObligationRef], as_of: date
) -> tuple[Applicability, date | None]:
    """AI Act requirements take status and date from the matched obligations (the classification picks
    original or amended dates by its evaluation date); requirements from other laws only use the
    obligations as a trigger and keep their own ``applies_from``."""
    if req.source.law != "ai-act":
        obligations = ()
    live = [o for o in obligations if o.status != "exempt"]
    if obligations and not live:
        dates = [o.applies_from for o in obligations if o.applies_from]
        return Applicability.EXEMPT, min(dates) if dates else None
    if live:
        dates = [o.applies_from for o in live if o.applies_from]
        start = min(dates) if dates else req.applies_from
        if start is not None:
            return (Applicability.APPLICABLE if start <= as_of else Applicability.NOT_YET), start
        known = any(o.status == "applicable" for o in live)
        return (Applicability.APPLICABLE if known else Applicability.NOT_YET), None
    start = req.applies_from
    return (Applicability.APPLICABLE if start is None or start <= as_of else Applicability.NOT_YET), start


def _item(
    req: Requirement, obligations: tuple[ObligationRef, ...], v: _View, cat: Catalogue, as_of: date
) -> RequirementItem:
    applicability, start = _applicability(req, obligations, as_of)
    holders = sorted({o.holder for o in obligations if o.holder}) or ([req.holder] if req.holder else [])
    live = replace(v, obligations=tuple(o for o in v.obligations if o.status != "exempt"))
    measures = tuple(
        MeasureItem(measure_id=m.id, title=dict(m.title))
        for m in req.measures
        if not m.applies_when or _match(m.applies_when, live)[0]
    )
    return RequirementItem(
        requirement_id=req.id,
        title=dict(req.title),
        summary=dict(req.summary),
        source=req.source.to_dict(),
        applicability=applicability,
        applies_from=start,
        holders=tuple(holders),
        obligations=obligations,
        measures=measures,
        catalogue=cat.ref,
        references=req.references,
    )


def build_checklist(
    classification: Mapping[str, Any] | None, catalogue: Catalogue, as_of: date
) -> list[RequirementItem]:
    """The requirements (with fresh, untouched measures) that a classification result brings along."""
    v = _view(classification)
    items: list[RequirementItem] = []
    for req in catalogue.requirements:
        matched, obligations = _match(req.applies_when, v)
        if matched:
            items.append(_item(req, obligations, v, catalogue, as_of))
    return items
