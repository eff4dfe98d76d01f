"""Audience filtering, the single place that decides what a reader of an assessment may see.

Every output (HTML, JSON API, Markdown, PDF, exports) is built from ``public_view``, so a
supervisor-only or internal answer cannot leak through one channel while hidden in another.
"""

from __future__ import annotations

from typing import Any

from .answers import completeness
from .model import Instrument, RiskModel, Visibility
from .record import Assessment, answer_visibility, may_see, section_visibility
from .risks import inherent_risk, residual_risk
from .workflow import STATE_LABELS, reopen_category


def _risk_view(assessment: Assessment, model: RiskModel, audience: Visibility) -> list[dict[str, Any]]:
    out = []
    for r in assessment.risks:
        if not may_see(r.visibility, audience):
            continue
        inherent, residual = inherent_risk(r, model), residual_risk(r, model)
        out.append(
            {
                "id": r.id,
                "title": r.title,
                "right": r.right,
                "owner": r.owner,
                "description": r.description,
                "visibility": r.visibility,
                "factors": dict(r.factors),
                "residual_factors": dict(r.residual),
                "inherent": {"band": inherent.band.id, "score": inherent.score, "reason": inherent.reason},
                "residual": {
                    "band": residual.band.id,
                    "score": residual.score,
                    "basis": residual.basis,
                    "reason": residual.reason,
                },
                "mitigations": [
                    {
                        "id": m.id,
                        "description": m.description,
                        "status": m.status,
                        "due": m.due.isoformat() if m.due else None,
                        "owner": m.owner,
                    }
                    for m in r.mitigations
                ],
            }
        )
    return out


def _sections(assessment: Assessment, instrument: Instrument, audience: Visibility) -> list[dict[str, Any]]:
    sections = []
    for s in instrument.sections:
        questions = []
        for q in s.questions:
            vis = answer_visibility(assessment, instrument, q.id)
            if not may_see(vis, audience):
                continue
            questions.append(
                {"id": q.id, "type": q.type, "answer": assessment.answers.get(q.id), "visibility": vis}
            )
        if questions:
            sections.append(
                {
                    "id": s.id,
                    "visibility": section_visibility(assessment, instrument, s.id),
                    "questions": questions,
                }
            )
    return sections


def public_view(
    assessment: Assessment, instrument: Instrument, audience: Visibility, model: RiskModel
) -> dict[str, Any]:
    """The assessment as ``audience`` may see it (``public`` / ``supervisor`` / ``internal``)."""
    internal = audience == "internal"
    done = completeness(instrument, assessment.answers)
    view: dict[str, Any] = {
        "id": assessment.id,
        "entry_id": assessment.entry_id,
        "entry_name": assessment.entry_name,
        "organisation": assessment.organisation,
        "instrument": instrument.id,
        "instrument_version": instrument.version,
        "instrument_title": {"nl": instrument.title.nl, "en": instrument.title.en},
        "revision": assessment.revision,
        "state": assessment.state,
        "state_label": {"nl": STATE_LABELS[assessment.state].nl, "en": STATE_LABELS[assessment.state].en},
        "audience": audience,
        "public_summary": assessment.public_summary,
        "approver": assessment.approver.name if assessment.approver else None,
        "approved_at": assessment.approved_at.isoformat() if assessment.approved_at else None,
        "review_date": assessment.review_date.isoformat() if assessment.review_date else None,
        "reopen_reason": assessment.reopen_reason
        if audience != "public"
        else reopen_category(assessment.reopen_reason),
        "sections": _sections(assessment, instrument, audience),
        "risks": _risk_view(assessment, model, audience),
    }
    if audience != "public":
        view["completeness"] = {
            "answered": done.answered,
            "required": done.required,
            "missing": list(done.missing),
        }
    if internal:
        view["author"] = assessment.author.name
        view["history"] = [
            {
                "action": h.action,
                "from": h.source,
                "to": h.target,
                "actor": h.actor,
                "at": h.at.isoformat(),
                "comment": h.comment,
            }
            for h in assessment.history
        ]
    return view
