"""Who may see and act on ratings, rectifications and appeals. Every view fetches through these helpers.

- The rater (the case's applicant) sees their own rating and answers the rectification's reply.
- Staff of the department that handled the case with `cases.view` see its ratings and work on its rectifications;
  appeals are filed by those with `cases.decide` (the department's approvers).
- Supervisors (`supervision.escalate`) decide appeals, moderate comments and receive escalations for the departments
  they belong to; a supervisor whose place is in the government office (区政府办, settings.OVERSIGHT_DEPARTMENTS) supervises every
  department (the demo's 效能监察 sits there)."""

from django.db.models import QuerySet
from django.http import Http404

from govhall.accounts.constants import AccountKind
from govhall.accounts.models import User
from govhall.evaluation.models import Appeal, Rating, Rectification
from govhall.organisations import access as staff_access
from govhall.organisations.access import staff_can, staff_departments, staff_scope
from govhall.organisations.models import Department


def departments_with(user: User, permission: str) -> list[int]:
    return staff_departments(user, permission)


def supervises_all(user: User) -> bool:
    return staff_scope(user, "supervision.escalate") is None


def may_supervise(user: User, department: Department | None = None) -> bool:
    """Supervision of `department` (or of any department, when None)."""
    if not user.is_authenticated or not getattr(user, "is_staff_member", False):
        return False
    if supervises_all(user):
        return True
    if department is None:
        return bool(departments_with(user, "supervision.escalate"))
    return staff_can(user, "supervision.escalate", department)


def supervised(user: User, queryset: QuerySet, field: str = "department") -> QuerySet:
    """`queryset` narrowed to the departments `user` supervises."""
    if supervises_all(user):
        return queryset
    return queryset.filter(**{f"{field}_id__in": departments_with(user, "supervision.escalate")})


def supervisors_of(department: Department) -> list[User]:
    """Who is told when a rectification of `department` is overdue."""
    supervisors = staff_access.supervisors_of(department, "supervision.escalate")
    return list(User.objects.filter(pk__in=supervisors, kind=AccountKind.STAFF).order_by("username"))


def may_handle(user: User, department: Department) -> bool:
    """May `user` work on the department's rectifications (call back, answer)?"""
    return getattr(user, "is_staff_member", False) and staff_can(user, "cases.view", department)


def may_appeal(user: User, department: Department) -> bool:
    return getattr(user, "is_staff_member", False) and staff_can(user, "cases.decide", department)


def rectifications_for(user: User) -> QuerySet[Rectification]:
    rows = Rectification.objects.select_related("rating__case", "rating__item", "department", "owner")
    if supervises_all(user):
        return rows
    departments = set(departments_with(user, "cases.view")) | set(departments_with(user, "supervision.escalate"))
    return rows.filter(department_id__in=departments)


def department_ratings(user: User) -> QuerySet[Rating]:
    return Rating.objects.filter(department_id__in=departments_with(user, "cases.view"))


def get_rating_for_supervisor(user: User, rating_id: int) -> Rating:
    found = supervised(user, Rating.objects.select_related("case", "item", "department")).filter(pk=rating_id).first()
    if found is None or not may_supervise(user):
        raise Http404("没有该评价，或您无权审核。")
    return found


def get_appeal_for_supervisor(user: User, appeal_id: int) -> Appeal:
    rows = Appeal.objects.select_related("rating__case", "rating__item", "department", "filed_by")
    found = supervised(user, rows).filter(pk=appeal_id).first()
    if found is None or not may_supervise(user):
        raise Http404("没有该申诉，或您无权复核。")
    return found
