"""What pages and the API read: the staff queue (narrowed to the departments where the member of staff handles
enquiries: organisations.access.staff_departments), one enquiry for staff or for its person, the item's public Q&A."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.catalog.models import Item
from govhall.enquiries.constants import HANDLE, OPEN_STATES
from govhall.enquiries.models import Enquiry, PublicAnswer
from govhall.organisations.access import staff_departments

QUEUE_PAGE = 50


def staff_queue(
    user: User, *, state: str = "", kind: str = "", overdue: bool = False, mine: bool = False
) -> QuerySet[Enquiry]:
    found = Enquiry.objects.filter(department_id__in=staff_departments(user, HANDLE))
    if state:
        found = found.filter(state=state)
    if kind:
        found = found.filter(kind=kind)
    if overdue:
        found = found.filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate())
    if mine:
        found = found.filter(assignee=user)
    return found.select_related("department", "item", "assignee").order_by("due_on", "created_at")


def for_staff(user: User, enquiry_id: int) -> Enquiry:
    """One enquiry of a department where `user` handles enquiries, else 404 (another department's stays unseen)."""
    found = (
        Enquiry.objects.filter(pk=enquiry_id, department_id__in=staff_departments(user, HANDLE))
        .select_related("department", "item", "case", "assignee", "replied_by", "about_staff", "user")
        .first()
    )
    if found is None:
        raise Http404(_("没有该咨询投诉，或您无权查看。"))
    return found


def of_person(user: User) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(user=user).select_related("department", "item").order_by("-created_at")


def for_person(user: User, enquiry_id: int) -> Enquiry:
    found = of_person(user).filter(pk=enquiry_id).first()
    if found is None:
        raise Http404(_("没有该咨询投诉。"))
    return found


def public_answers(item: Item, limit: int = 20) -> list[PublicAnswer]:
    return list(PublicAnswer.objects.filter(item=item, withdrawn_at__isnull=True).order_by("-published_at")[:limit])
