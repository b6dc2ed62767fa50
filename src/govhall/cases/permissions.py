"""Who may perform which act on a case. Checked inside act_on, so no page or API can skip it."""

from typing import Any

from govhall.accounts.access import staff_can
from govhall.accounts.constants import Role
from govhall.cases.constants import TRANSITIONS, Act, CaseState
from govhall.catalog.constants import HandlingKind
from govhall.catalog.models import Department, Step

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
    Act.PASS_STEP: ("cases.review",),
    Act.REVOKE: ("cases.decide",),
}
# 即办件 are decided at the window on the spot: the clerk who receives may also decide and conclude.
IMMEDIATE_ACTS = frozenset({Act.APPROVE, Act.DENY, Act.CONCLUDE})
# A review step configured for a role may be passed by that role, or by an approver.
STEP_ROLES: dict[str, set[str]] = {Role.REVIEWER: {Role.REVIEWER, Role.APPROVER}, Role.APPROVER: {Role.APPROVER}}
APPLICANT_ACTS: set[str] = {Act.SUBMIT, Act.RESUBMIT, Act.WITHDRAW}


def may_perform(actor: Any, case: Any, act: str) -> bool:
    if actor is None:
        return act in STAFF_ACTS  # the system itself (department systems' pushed decisions come through an API key)
    if act in APPLICANT_ACTS:
        return bool(actor.pk == case.applicant_id)
    if not getattr(actor, "is_staff_member", False):
        return False
    if act == Act.PASS_STEP:
        return may_pass_step(actor, case)
    needed = STAFF_ACTS.get(act, ())
    if act in IMMEDIATE_ACTS and case.guide_version.handling_kind == HandlingKind.IMMEDIATE:
        needed = (*needed, "cases.receive")
    return any(staff_can(actor, permission, case.department) for permission in needed)


def review_steps(case: Any) -> list[Step]:
    """The guide's steps that a case must pass one by one during review (those with a review role)."""
    return [step for step in case.guide_version.steps.all() if step.review_role]


def current_step(case: Any) -> Step | None:
    steps = review_steps(case)
    return steps[case.review_step] if case.review_step < len(steps) else None


def step_department(case: Any, step: Step) -> Any:
    if step.review_department:
        return Department.objects.filter(name=step.review_department).first()
    return case.department


def may_pass_step(actor: Any, case: Any) -> bool:
    step = current_step(case)
    if step is None:
        return False
    department = step_department(case, step)
    roles = STEP_ROLES.get(step.review_role, set())
    return bool(department) and actor.memberships.filter(department=department, role__in=roles).exists()


def acts_for(actor: Any, case: Any) -> list[str]:
    """The staff acts `actor` may perform on `case` in its current state (for the workbench's buttons)."""

    return [
        act
        for act, (states, _) in TRANSITIONS.items()
        if act in STAFF_ACTS and case.state in states and may_perform(actor, case, act)
    ]


def at_once_allowed(actor: Any, case: Any) -> bool:
    """May `actor` accept, decide and conclude this 即办件 on one screen now?"""
    return (
        case.state == CaseState.SUBMITTED
        and case.guide_version.handling_kind == HandlingKind.IMMEDIATE
        and may_perform(actor, case, Act.ACCEPT)
        and may_perform(actor, case, Act.APPROVE)
    )
