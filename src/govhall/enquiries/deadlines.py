"""The reply limit's sweep (periodic, enquiries.tasks): a reminder to whoever owes the answer ENQUIRY_REMINDER_DAYS
working days before the limit, and the overdue flag the day after it — each once per enquiry."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core import audit
from govhall.enquiries import limits
from govhall.enquiries.constants import HANDLE, OPEN_STATES, Act
from govhall.enquiries.models import Enquiry, EnquiryEvent
from govhall.notices.services import tell
from govhall.organisations.models import StaffMembership
from govhall.organisations.roles import ROLE_PERMISSIONS


def owed_by(enquiry: Enquiry) -> list[int]:
    """Who owes the answer: the assignee, else everyone handling enquiries in the department (user ids)."""
    if enquiry.assignee_id is not None:
        return [enquiry.assignee_id]
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if HANDLE in granted]
    places = StaffMembership.objects.filter(department_id=enquiry.department_id, role__in=roles)
    return sorted(set(places.values_list("user_id", flat=True)))


def _tell_staff(enquiry: Enquiry, title: str, body: str) -> None:
    for user in get_user_model().objects.filter(pk__in=owed_by(enquiry)):
        tell(user=user, title=title, body=body, send=False)


def send_reminders(today: date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    candidates = Enquiry.objects.filter(state__in=OPEN_STATES, reminded_at__isnull=True, due_on__gte=today)
    for enquiry in candidates.select_related("department"):
        if not limits.reminder_due(enquiry.due_on, today):
            continue
        with transaction.atomic():
            if Enquiry.objects.filter(pk=enquiry.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()) != 1:
                continue
            _tell_staff(
                enquiry,
                _("咨询投诉即将到期：%(number)s") % {"number": enquiry.number},
                _("%(kind)s“%(title)s”应在 %(due)s 前答复。")
                % {"kind": enquiry.get_kind_display(), "title": enquiry.title, "due": enquiry.due_on.isoformat()},
            )
            EnquiryEvent.objects.create(enquiry=enquiry, act=Act.REMIND)
            audit.record(actor=None, action="enquiries.reminded", target=enquiry)
        sent += 1
    return sent


def flag_overdue(today: date | None = None) -> int:
    today = today or timezone.localdate()
    flagged = 0
    for enquiry in Enquiry.objects.filter(state__in=OPEN_STATES, overdue_at__isnull=True, due_on__lt=today):
        with transaction.atomic():
            if Enquiry.objects.filter(pk=enquiry.pk, overdue_at__isnull=True).update(overdue_at=timezone.now()) != 1:
                continue
            _tell_staff(
                enquiry,
                _("咨询投诉已超期：%(number)s") % {"number": enquiry.number},
                _("%(kind)s“%(title)s”的答复期限 %(due)s 已过，请尽快答复。")
                % {"kind": enquiry.get_kind_display(), "title": enquiry.title, "due": enquiry.due_on.isoformat()},
            )
            EnquiryEvent.objects.create(enquiry=enquiry, act=Act.OVERDUE)
            audit.record(actor=None, action="enquiries.overdue", target=enquiry)
        flagged += 1
    return flagged
