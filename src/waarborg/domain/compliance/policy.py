"""Who may do what with compliance checklists. Built on the one policy layer (``waarborg.domain.policy``);
every decision carries its reason.

| action             | editor/approver (own org) | approver (own org) | supervisor          | admin | others |
|--------------------|---------------------------|--------------------|---------------------|-------|--------|
| compliance.view    | yes                       | yes                | published entries   | yes   | no     |
| compliance.work    | yes (edit, submit, upload, mark n/a, generate) | yes | no (read-only)  | yes   | no     |
| compliance.accept  | no (editor)               | yes                | no                  | yes   | no     |

Acceptance also needs someone other than the measure's owner (``measures.change_status``).
"""

from __future__ import annotations

from waarborg.domain.policy import Actor, Decision, decide

ACTIONS = ("compliance.view", "compliance.work", "compliance.accept")


def may(actor: Actor, action: str, organisation_id: int | None, *, published: bool = False) -> Decision:
    if action == "compliance.view":
        if actor.role == "supervisor" and published:
            return Decision(True, "supervisors see the compliance status of published entries, read-only")
        base = decide(actor, "entry.view", organisation_id, published=False)
        return (
            base
            if base
            else Decision(
                False,
                "only staff of the owning organisation, supervisors "
                "(published entries) and admins see compliance status",
            )
        )
    if action == "compliance.work":
        if actor.role == "supervisor":
            return Decision(False, "supervisors see compliance status read-only")
        return decide(actor, "org.work", organisation_id)
    if action == "compliance.accept":
        base = decide(actor, "org.work", organisation_id)
        if not base:
            return base
        if actor.role in ("approver", "admin"):
            return Decision(True, f"{actor.role} may accept reviewed measures")
        return Decision(False, "only an approver of the organisation accepts reviewed measures")
    return Decision(False, f"unknown action {action!r}")
