"""Booking, cancelling and rescheduling an appointment (预约 · 取消 · 改约), and the sweeps that mark no-shows and send
the day-before reminders.

The last free place: every booking locks the window group's row of that day (BookingDay, select_for_update) and only
then counts the places taken, so two people booking the last place at once are served one after the other. One live
booking per person, item and day (also a database constraint). No booking or cancelling once the slot has started.
No-show rule (settings): APPOINTMENT_NO_SHOW_LIMIT no-shows within APPOINTMENT_NO_SHOW_WINDOW_DAYS pause bookings for
APPOINTMENT_PAUSE_DAYS after the last one (`paused_until`)."""

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.appointments import slot_cache
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment, BookingDay
from govhall.appointments.services import AppointmentError
from govhall.appointments.slots import bookable_item, find_slot, group_for, starts_at
from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.notices.services import tell
from govhall.organisations.models import Hall, WindowGroup

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed at a kiosk
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def paused_until(account: User, today: date | None = None) -> date | None:
    """The day bookings open again for a person paused by the no-show rule, or None when they may book: a pause
    starts with the no-show that makes APPOINTMENT_NO_SHOW_LIMIT within APPOINTMENT_NO_SHOW_WINDOW_DAYS and lasts
    APPOINTMENT_PAUSE_DAYS from it."""
    today = today or timezone.localdate()
    limit, window, pause = (
        settings.APPOINTMENT_NO_SHOW_LIMIT,
        settings.APPOINTMENT_NO_SHOW_WINDOW_DAYS,
        settings.APPOINTMENT_PAUSE_DAYS,
    )
    since = today - timedelta(days=window + pause)
    days = sorted(
        Appointment.objects.filter(account=account, state=AppointmentState.NO_SHOW, day__gt=since).values_list(
            "day", flat=True
        )
    )
    ends = [
        days[last] + timedelta(days=pause)
        for last in range(limit - 1, len(days))
        if (days[last] - days[last - limit + 1]).days < window
    ]
    until = max(ends, default=None)
    return until if until is not None and until > today else None


def lock_days(*keys: tuple[WindowGroup, date]) -> None:
    """Lock the BookingDay rows of these (group, day) pairs, always in the same order (no deadlock on a reschedule)."""
    for group, day in sorted(set(keys), key=lambda key: (key[0].pk, key[1])):
        BookingDay.objects.select_for_update().get_or_create(group=group, day=day)


def may_book(account: User, item: Item, day: date, *, excluding: Appointment | None = None) -> None:
    """The person-level rules; raises AppointmentError with the reason."""
    until = paused_until(account)
    if until is not None:
        raise AppointmentError(
            _("您近期多次预约未到，%(date)s 前暂停预约，可现场取号办理。") % {"date": f"{until:%Y-%m-%d}"}
        )
    live = Appointment.objects.filter(account=account, item=item, day=day, state=AppointmentState.BOOKED)
    if excluding is not None:
        live = live.exclude(pk=excluding.pk)
    if live.exists():
        raise AppointmentError(_("您当天已预约该事项，如需换时间请改约。"))


def confirm(appointment: Appointment, *, title: str) -> None:
    """The confirmation notice (inbox, SMS and email), in the booking's transaction."""
    tell(
        user=appointment.account,
        case=appointment.case,
        title=title,
        body=_("%(item)s：%(hall)s %(group)s，%(day)s %(start)s-%(end)s，预约码 %(code)s。请按时到场签到：%(url)s")
        % {
            "item": appointment.item.name if appointment.item else "",
            "hall": appointment.hall.name,
            "group": appointment.group.name,
            "day": f"{appointment.day:%Y-%m-%d}",
            "start": f"{appointment.start:%H:%M}",
            "end": f"{appointment.end:%H:%M}",
            "code": appointment.code,
            "url": f"{settings.SITE_URL}{reverse('appointments:detail', args=[appointment.code])}",
        },
    )


def place(
    *, account: User, hall: Hall, item: Item, day: date, start: time, case: Case | None, now: datetime
) -> Appointment:
    """Take a place in a slot; the caller holds a transaction. Locks the group's day, recounts, creates."""
    group = group_for(hall, item)
    if group is None:
        raise AppointmentError(_("该大厅暂不受理此事项的预约。"))
    lock_days((group, day))
    slot = find_slot(hall, group, day, start, now=now)
    if slot is None:
        raise AppointmentError(_("该时段不可预约，请选择其他时段。"))
    if slot.free <= 0:
        raise AppointmentError(_("该时段已约满，请选择其他时段。"))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                made = Appointment.objects.create(
                    code=new_code(),
                    account=account,
                    hall=hall,
                    group=group,
                    item=item,
                    case=case,
                    day=day,
                    start=slot.start,
                    end=slot.end,
                    booked_at=now,
                    changed_at=now,
                )
            slot_cache.booked(group.pk, day)  # the slot query's kept answer for this day is dropped
            return made
        except IntegrityError as error:
            if (
                "code" not in str(error).lower()
                or Appointment.objects.filter(
                    account=account, item=item, day=day, state=AppointmentState.BOOKED
                ).exists()
            ):
                raise AppointmentError(_("您当天已预约该事项，如需换时间请改约。")) from error
    raise AppointmentError(_("预约码生成失败，请重试。"))


def book(
    *,
    account: User,
    hall: Hall,
    item: Item,
    day: date,
    start: time,
    case: Case | None = None,
    channel: str = Channel.WEB,
    now: datetime | None = None,
) -> Appointment:
    """预约: a place in the slot of the hall's window group serving the item, with its 预约码; confirmation notice."""
    now = now or timezone.now()
    if not bookable_item(item):
        raise AppointmentError(_("该事项不支持预约办理。"))
    if case is not None and (case.applicant_id != account.pk or case.item_id != item.pk):
        raise AppointmentError(_("该办件与预约事项不符。"))
    with transaction.atomic():
        may_book(account, item, day)
        appointment = place(account=account, hall=hall, item=item, day=day, start=start, case=case, now=now)
        confirm(appointment, title=_("【预约成功】%(item)s") % {"item": item.name})
        audit.record(
            actor=account, action="appointments.book", channel=channel, target=appointment,
            detail={"code": appointment.code, "day": f"{day:%Y-%m-%d}", "start": f"{start:%H:%M}"},
        )  # fmt: skip
    return appointment


def locked_live(appointment: Appointment, account: User, now: datetime) -> Appointment:
    locked = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("hall", "group", "item")
        .get(pk=appointment.pk)
    )
    if locked.account_id != account.pk:
        raise AppointmentError(_("没有该预约，或您无权操作。"))
    if locked.state != AppointmentState.BOOKED:
        raise AppointmentError(_("该预约%(state)s，不能再变更。") % {"state": locked.get_state_display()})
    if starts_at(locked.day, locked.start) <= now:
        raise AppointmentError(_("预约时段已开始，不能再取消或改约。"))
    return locked


def cancel(
    *, appointment: Appointment, account: User, channel: str = Channel.WEB, now: datetime | None = None
) -> Appointment:
    """取消预约 before the slot starts: the place is free again."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = locked_live(appointment, account, now)
        locked.state = AppointmentState.CANCELLED
        locked.changed_at = now
        locked.save(update_fields=["state", "changed_at"])
        slot_cache.booked(locked.group_id, locked.day)
        audit.record(
            actor=account, action="appointments.cancel", channel=channel, target=locked, detail={"code": locked.code}
        )
    return locked


def reschedule(
    *,
    appointment: Appointment,
    account: User,
    hall: Hall,
    day: date,
    start: time,
    channel: str = Channel.WEB,
    now: datetime | None = None,
) -> Appointment:
    """改约: the old appointment is cancelled and a new one booked for the same item (and case) in one transaction;
    if the new slot cannot be had, nothing changes."""
    now = now or timezone.now()
    with transaction.atomic():
        old = locked_live(appointment, account, now)
        item = old.item
        if item is None:
            raise AppointmentError(_("该预约没有关联事项，请取消后重新预约。"))
        group = group_for(hall, item)
        if group is not None:
            lock_days((old.group, old.day), (group, day))
        may_book(account, item, day, excluding=old)
        old.state = AppointmentState.CANCELLED
        old.changed_at = now
        old.save(update_fields=["state", "changed_at"])
        slot_cache.booked(old.group_id, old.day)
        new = place(account=account, hall=hall, item=item, day=day, start=start, case=old.case, now=now)
        confirm(new, title=_("【改约成功】%(item)s") % {"item": item.name})
        audit.record(
            actor=account, action="appointments.reschedule", channel=channel, target=new,
            detail={"code": new.code, "replaces": old.code, "day": f"{day:%Y-%m-%d}", "start": f"{start:%H:%M}"},
        )  # fmt: skip
    return new


def mark_no_shows(*, now: datetime | None = None) -> int:
    """爽约: booked appointments whose slot has ended without a check-in. Returns how many were marked."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    due = Appointment.objects.filter(state=AppointmentState.BOOKED, day__lte=today).order_by("pk")
    marked = 0
    for appointment in due.iterator(chunk_size=500):
        if appointment.day == today and appointment.end > now.time():
            continue
        with transaction.atomic():
            changed = Appointment.objects.filter(pk=appointment.pk, state=AppointmentState.BOOKED).update(
                state=AppointmentState.NO_SHOW, changed_at=now
            )
            if changed:
                audit.record(
                    actor=None, action="appointments.no_show", target=appointment, detail={"code": appointment.code}
                )
                marked += changed
    return marked


def send_reminders(*, now: datetime | None = None) -> int:
    """The reminder the day before: once per booked appointment of tomorrow (reminded_at set in the same
    transaction as the notice). Returns how many were sent."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = Appointment.objects.filter(state=AppointmentState.BOOKED, day=tomorrow, reminded_at__isnull=True)
    sent = 0
    for appointment in due.select_related("hall", "group", "item", "account", "case").iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=appointment.pk, state=AppointmentState.BOOKED, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue  # reminded by a concurrent sweep, or changed since
            confirm(appointment, title=_("【预约提醒】明天 %(start)s") % {"start": f"{appointment.start:%H:%M}"})
            audit.record(
                actor=None, action="appointments.remind", target=appointment, detail={"code": appointment.code}
            )
        sent += 1
    return sent
