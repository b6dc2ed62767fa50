"""Who may perform which act on a case. Checked inside act_on, so no page or API can skip it."""

from typing import Any

from govhall.accounts.access import staff_can
from govhall.cases.constants import Act

# The permission (from the role table) each staff act needs, in the case's department.
STAFF_ACTS: dict[str, tuple[str, ...]] = {
    Act.ACCEPT: ("cases.receive", "cases.review"),
    Act.REQUEST_CORRECTION: ("cases.receive", "cases.review"),
    Act.NOT_ACCEPT: ("cases.receive", "cases.review"),
    Act.START_REVIEW: ("cases.review",),
    Act.SUSPEND: ("cases.review",),
    Act.RESUME: ("cases.review",),
    Act.APPROVE: ("cases.decide",),
    Act.DENY: ("cases.decide",),
    Act.EXTEND: ("cases.decide",),
    Act.CONCLUDE: ("cases.decide",),
    Act.DELIVER: ("cases.receive", "cases.decide"),
}
APPLICANT_ACTS: set[str] = {Act.SUBMIT, Act.RESUBMIT, Act.WITHDRAW}


def may_perform(actor: Any, case: Any, act: str) -> bool:
    if actor is None:
        return act in STAFF_ACTS  # the system itself (department systems' pushed decisions come through an API key)
    if act in APPLICANT_ACTS:
        return bool(actor.pk == case.applicant_id)
    needed = STAFF_ACTS.get(act, ())
    if not getattr(actor, "is_staff_member", False):
        return False
    return any(staff_can(actor, permission, case.department) for permission in needed)


def acts_for(actor: Any, case: Any) -> list[str]:
    """The staff acts `actor` may perform on `case` in its current state (for the workbench's buttons)."""
    from govhall.cases.constants import TRANSITIONS

    return [
        act
        for act, (states, _) in TRANSITIONS.items()
        if act in STAFF_ACTS and case.state in states and may_perform(actor, case, act)
    ]
