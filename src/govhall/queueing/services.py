"""Taking a queue ticket (取号). The number is the window group's next of the day, taken under a row lock of the day's
sequence, so two people taking a ticket at the same moment never get the same number."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from govhall.accounts.models import User
from govhall.appointments.models import Appointment
from govhall.appointments.services import AppointmentError, check_in
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.organisations.models import WindowGroup
from govhall.queueing.constants import TicketPriority, TicketSource
from govhall.queueing.models import Ticket, TicketSequence


class QueueError(Exception):
    """Something a person asked of the queue that cannot be done; the message says why, in words they understand."""


def next_number(group: WindowGroup, day: date) -> int:
    sequence, _ = TicketSequence.objects.select_for_update().get_or_create(group=group, day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def take_ticket(
    *,
    group: WindowGroup,
    source: str,
    priority: str = TicketPriority.GENERAL,
    account: User | None = None,
    item: Item | None = None,
    appointment: Appointment | None = None,
) -> Ticket:
    if source not in TicketSource.values or priority not in TicketPriority.values:
        raise QueueError("取号方式或优先级无效。")
    day = timezone.localdate()
    with transaction.atomic():
        ticket = Ticket.objects.create(
            hall_id=group.hall_id,
            group=group,
            day=day,
            number=next_number(group, day),
            source=source,
            priority=priority,
            account=account,
            item=item,
            appointment=appointment,
        )
        audit.record(actor=account, action="queue.take_ticket", target=ticket, detail={"source": source})
    return ticket


def check_in_appointment(*, hall_id: int, code: str) -> Ticket:
    """预约签到 at the hall (kiosk, phone or window): the appointment with this 预约码 in this hall is checked in and gets
    an APPOINTMENT-priority ticket of its window group — in one transaction, so a ticket never exists without the
    check-in nor the other way round. Errors are QueueError with the reason (unknown code, wrong hall, not today…)."""
    appointment = Appointment.objects.select_related("group").filter(code=code.strip().upper()[:12]).first()
    if appointment is None or appointment.hall_id != hall_id:
        raise QueueError("没有找到该预约码在本大厅的预约，请核对后再试。")
    with transaction.atomic():
        try:
            appointment = check_in(appointment)
        except AppointmentError as error:
            raise QueueError(str(error)) from error
        return take_ticket(
            group=appointment.group,
            source=TicketSource.APPOINTMENT,
            priority=TicketPriority.APPOINTMENT,
            account=appointment.account,
            item=appointment.item,
            appointment=appointment,
        )
