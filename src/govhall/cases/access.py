"""Who may see and act on a case: the applicant; agents of the legal person it was filed for; staff of the handling
department whose role holds `cases.view`. Every page and API handler fetches cases through get_case_for_user."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from govhall.accounts.access import staff_can
from govhall.accounts.models import User
from govhall.cases.models import Case


def cases_for_user(user: User) -> QuerySet[Case]:
    if user.is_staff_member:
        departments = [m.department_id for m in user.memberships.all() if staff_can(user, "cases.view")]
        return Case.objects.filter(department_id__in=departments)
    today = timezone.localdate()
    as_agent = Q(
        organisation__authorisations__agent=user,
        organisation__authorisations__revoked_at__isnull=True,
        organisation__authorisations__valid_until__gte=today,
    )
    return Case.objects.filter(Q(applicant=user) | Q(organisation__legal_representative=user) | as_agent).distinct()


def get_case_for_user(user: User, number: str) -> Case:
    case = (
        cases_for_user(user)
        .select_related("item", "guide_version", "department", "applicant", "organisation")
        .filter(number=number[:24])
        .first()
    )
    if case is None:
        raise Http404("没有该办件，或您无权查看。")
    return case
