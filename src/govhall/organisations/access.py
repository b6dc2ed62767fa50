"""What a member of staff may reach, by department: a staff member's rights in a department come only from their role
in that department (organisations.roles), and a role placed in the government office (settings.OVERSIGHT_DEPARTMENTS)
holds it for every department. Person-level access (what a citizen or an agent may see) is accounts.access."""

from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.db.models import Q, QuerySet

from govhall.organisations.models import Department, StaffMembership
from govhall.organisations.roles import ROLE_PERMISSIONS, permissions_of

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Staff(Protocol):
    """A member of staff as these rules see them (accounts.User; organisations imports no app above it)."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def memberships(self) -> "RelatedManager[StaffMembership]": ...


def staff_departments(user: Staff, permission: str) -> list[int]:
    """The departments (ids) where `user`'s role there holds `permission`: a member of staff's rights in a department
    come only from their role in that department. Every staff query of cases, ratings, rectifications, figures and
    campaigns is narrowed with this (reads the memberships once; prefetch `memberships` to share them)."""
    if not getattr(user, "is_authenticated", False):
        return []
    places = user.memberships.all()
    return sorted({place.department_id for place in places if permission in permissions_of(place.role)})


def staff_halls(user: Staff, permission: str) -> list[int]:
    """The halls (ids) where `user` has a place (StaffMembership.hall) whose role holds `permission`: a window clerk
    calls tickets and serves people only at the windows of those halls."""
    if not getattr(user, "is_authenticated", False):
        return []
    places = user.memberships.all()
    return sorted({p.hall_id for p in places if p.hall_id is not None and permission in permissions_of(p.role)})


# A supervisor placed in the government office oversees every department (supervision, 好差评, outreach).


def staff_scope(user: Staff, permission: str) -> list[int] | None:
    """Like staff_departments, for the oversight permissions (`supervision.*`): None (every department) when the role
    holding `permission` sits in the government office (settings.OVERSIGHT_DEPARTMENTS)."""
    departments = staff_departments(user, permission)
    if departments and Department.objects.filter(pk__in=departments, name__in=settings.OVERSIGHT_DEPARTMENTS).exists():
        return None
    return departments


def staff_can(user: Staff, permission: str, department: Department | None = None) -> bool:
    """Does a member of staff hold `permission` in `department` (in any of their departments, when None — only to
    decide whether to show a page at all; what it lists is narrowed with staff_departments)?"""
    if department is None:
        return bool(staff_departments(user, permission))
    return department.pk in staff_departments(user, permission)


def supervisors_of(department: Department, permission: str) -> QuerySet[StaffMembership, int]:
    """The users (ids, as a subquery) who hold `permission` over `department`: by a role granting it there, or in the
    government office (the same rule as staff_scope, seen from the department)."""
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]
    places = StaffMembership.objects.filter(role__in=roles).filter(
        Q(department=department) | Q(department__name__in=settings.OVERSIGHT_DEPARTMENTS)
    )
    return places.values_list("user_id", flat=True)
