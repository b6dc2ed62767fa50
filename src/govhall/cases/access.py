"""Who may see and act on a case: the applicant; agents of the legal person it was filed for (authorised for all its
items or for the case's item); staff of the handling department whose role *in that department* holds `cases.view`
(a place in another department adds nothing here); reviewers and approvers of a department named in one of the case's review steps (联合审查) while it is under review.
Every page and API handler fetches cases through get_case_for_user."""

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.core.constants import Channel
from govhall.organisations.access import staff_departments
from govhall.organisations.constants import Role

JOINT_ROLES = (Role.REVIEWER, Role.APPROVER)


def department_cases(departments: list[int]) -> QuerySet[Case]:
    """The cases of these departments as their staff and systems (API keys) see them: a person's own unfinished drafts
    are theirs alone; drafts a clerk is filling in at the window are not."""
    private_draft = Q(state=CaseState.DRAFT) & ~Q(channel=Channel.WINDOW)
    return Case.objects.filter(department_id__in=departments).exclude(private_draft)


def cases_for_user(user: User) -> QuerySet[Case]:
    if user.is_staff_member:
        return department_cases(staff_departments(user, "cases.view"))
    today = timezone.localdate()
    # An agent authorised for chosen items sees the enterprise's cases of those items only (one authorisation row
    # must grant both: the conditions sit in one filter() so they join the same row).
    as_agent = Q(
        organisation__authorisations__agent=user,
        organisation__authorisations__revoked_at__isnull=True,
        organisation__authorisations__valid_until__gte=today,
    ) & (Q(organisation__authorisations__all_items=True) | Q(organisation__authorisations__items=F("item")))
    return Case.objects.filter(Q(applicant=user) | Q(organisation__legal_representative=user) | as_agent).distinct()


def get_case_for_user(user: User, number: str) -> Case:
    related = ("item", "guide_version", "department", "applicant", "organisation")
    case = cases_for_user(user).select_related(*related).filter(number=number[:24]).first()
    if case is None and user.is_staff_member:
        case = Case.objects.select_related(*related).filter(number=number[:24], state=CaseState.UNDER_REVIEW).first()
        if case is not None and not _joint_reviewer(user, case):
            case = None
    if case is None:
        raise Http404("没有该办件，或您无权查看。")
    return case


def _joint_reviewer(user: User, case: Case) -> bool:
    """Staff of another department named in one of the case's review steps (联合审查) may see it while it is under
    review."""
    names = {step.review_department for step in case.guide_version.steps.all() if step.review_department}
    return bool(names) and user.memberships.filter(department__name__in=names, role__in=JOINT_ROLES).exists()
