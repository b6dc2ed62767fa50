"""Who may perform which act on a case, and when in the guide's order of steps (受理 → 审查，逐环节 → 决定 → 办结 → 送达).
Checked inside act_on, so no page or API can skip it; the workbench shows exactly the acts listed by acts_for."""

from govhall.accounts.models import User
from govhall.cases.constants import FINAL_STATES, TRANSITIONS, Act, CaseState
from govhall.cases.models import Case
from govhall.catalog.constants import HandlingKind, ReviewRole
from govhall.catalog.models import Step
from govhall.organisations.access import staff_can
from govhall.organisations.constants import Role
from govhall.organisations.models import Department

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
    Act.CONCLUDE: ("cases.receive", "cases.decide"),  # 办结 at the window that accepted, or by the approver
    Act.DELIVER: ("cases.receive", "cases.decide"),
    Act.PASS_STEP: ("cases.review",),
    Act.REVOKE: ("cases.decide",),
    # 通知缴费 by the clerk who fixes the fee (or the approver); 缴费完成 at the window, or by the system when a
    # gateway confirms the money (payments).
    Act.REQUEST_PAYMENT: ("cases.receive", "cases.decide"),
    Act.RECEIVE_PAYMENT: ("cases.receive",),
}
# Acts done through their own services (the fee lines, the money), never a bare button of the workbench.
SERVICE_ONLY_ACTS = frozenset({Act.REQUEST_PAYMENT, Act.RECEIVE_PAYMENT})
# 即办件 are decided at the window on the spot: the clerk who receives may also decide and conclude.
IMMEDIATE_ACTS = frozenset({Act.APPROVE, Act.DENY, Act.CONCLUDE})
# A review step configured for a role may be passed by that role, or by an approver.
STEP_ROLES: dict[str, set[str]] = {Role.REVIEWER: {Role.REVIEWER, Role.APPROVER}, Role.APPROVER: {Role.APPROVER}}
APPLICANT_ACTS: set[str] = {Act.SUBMIT, Act.RESUBMIT, Act.WITHDRAW}


DECISIONS = frozenset({Act.APPROVE, Act.DENY})
# The review of a guide that configures no review step: one step, by a reviewer (or an approver), marked done with
# pass_step like any other, so a decision always follows a finished review.
DEFAULT_REVIEW_STEP = "审查"


def may_perform(actor: User | None, case: Case, act: str) -> bool:
    """May `actor` perform `act` on `case` now: their role in the case's department allows it and it is the act's turn
    in the order of steps."""
    return role_allows(actor, case, act) and out_of_order(actor, case, act) is None


def role_allows(actor: User | None, case: Case, act: str) -> bool:
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


def out_of_order(actor: User | None, case: Case, act: str) -> str | None:
    """Why `act` is not yet (or no longer) the act's turn, for the person acting; None when it is. A decision comes
    after every review step has been passed (a 即办件 is decided at the window at once). The system acting for a
    department system or a signed commitment (actor None) follows its own process and is not held to the steps."""
    if actor is None:
        return None
    if act in DECISIONS:
        if case.state == CaseState.ACCEPTED and case.guide_version.handling_kind != HandlingKind.IMMEDIATE:
            return "该办件尚未审查，请先开始审查，审查环节全部通过后再作出决定。"
        step = current_step(case) if case.state == CaseState.UNDER_REVIEW else None
        if step is not None:
            return f"审查环节“{step.name}”尚未通过，不能作出决定。"
    if act == Act.PASS_STEP and current_step(case) is None:
        return "审查环节已全部通过，请作出决定。"
    return None


def review_steps(case: Case) -> list[Step]:
    """The steps that a case must pass one by one during review: the guide's steps with a review role, or else one
    审查 step by a reviewer of the case's department."""
    steps = [step for step in case.guide_version.steps.all() if step.review_role]
    return steps or [Step(name=DEFAULT_REVIEW_STEP, review_role=ReviewRole.REVIEWER)]


def current_step(case: Case) -> Step | None:
    steps = review_steps(case)
    return steps[case.review_step] if case.review_step < len(steps) else None


def step_department(case: Case, step: Step) -> Department | None:
    if step.review_department:
        return Department.objects.filter(name=step.review_department).first()
    return case.department


def may_pass_step(actor: User, case: Case) -> bool:
    step = current_step(case)
    if step is None:  # every step passed: out_of_order tells the reviewer so
        return staff_can(actor, "cases.review", case.department)
    department = step_department(case, step)
    roles = STEP_ROLES.get(step.review_role, set())
    return bool(department) and actor.memberships.filter(department=department, role__in=roles).exists()


def acts_for(actor: User | None, case: Case) -> list[str]:
    """The staff acts `actor` may perform on `case` now, in its state and its turn (the workbench's buttons)."""

    return [
        act
        for act, (states, _) in TRANSITIONS.items()
        if act in STAFF_ACTS and act not in SERVICE_ONLY_ACTS and case.state in states and may_perform(actor, case, act)
    ]


def at_once_allowed(actor: User | None, case: Case) -> bool:
    """May `actor` accept, decide and conclude this 即办件 on one screen now?"""
    return (
        case.state == CaseState.SUBMITTED
        and case.guide_version.handling_kind == HandlingKind.IMMEDIATE
        and may_perform(actor, case, Act.ACCEPT)
        and may_perform(actor, case, Act.APPROVE)
    )


def may_claim(actor: User, case: Case) -> bool:
    """认领: staff of the case's department take an open case nobody handles yet (a handled case is handed over)."""
    return (
        getattr(actor, "is_staff_member", False)
        and case.handler_id is None
        and case.state not in FINAL_STATES
        and case.state != CaseState.CONCLUDED
        and staff_can(actor, "cases.view", case.department)
    )
