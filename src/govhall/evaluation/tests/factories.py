"""Named people: alice (the applicant), bob (another citizen); staff of the handling department by role; a city-wide
supervisor in 区政府办. Cases are filed and concluded through the case services."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person, staff
from govhall.cases.models import Case
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory, HallFactory
from govhall.evaluation import services
from govhall.evaluation.demo import conclude_case
from govhall.evaluation.models import Rating
from govhall.organisations.constants import Role
from govhall.organisations.models import StaffMembership


def alice() -> User:
    return User.objects.filter(username="alice").first() or person("alice", number=0, phone="13812345678")


def concluded_case(applicant: User | None = None, *, days_ago: int = 0, **extra: Any) -> Case:
    """A case of alice's (or `applicant`'s), concluded `days_ago` days ago."""
    case = conclude_case(submitted_case(applicant=applicant or alice(), **extra))
    if days_ago:
        Case.objects.filter(pk=case.pk).update(concluded_at=timezone.now() - timedelta(days=days_ago))
        case.refresh_from_db()
    return case


def department_staff(case: Case, role: str = Role.APPROVER, username: str = "approver") -> User:
    return User.objects.filter(username=username).first() or staff(username, role, department=case.department)


def window_clerk(case: Case, username: str = "clerk") -> User:
    clerk = User.objects.filter(username=username).first() or staff(
        username, Role.WINDOW_CLERK, department=case.department
    )
    StaffMembership.objects.filter(user=clerk).update(hall=HallFactory())
    return clerk


def city_supervisor(username: str = "supervisor") -> User:
    return User.objects.filter(username=username).first() or staff(
        username, Role.SUPERVISOR, department=DepartmentFactory(name="区政府办")
    )


def rated(
    case: Case | None = None,
    *,
    score: int = 1,
    comment: str = "",
    channel: str = "web",
    bad_reasons: tuple[str, ...] = ("slow",),
) -> Rating:
    """A rating of `case` by its applicant; a bad one (the default) says why (办理时间长, unless `bad_reasons`)."""
    case = case or concluded_case()
    return services.rate(
        case=case, rater=case.applicant, channel=channel, score=score, comment=comment, bad_reasons=bad_reasons
    )
