"""The queue's writes (取号叫号): taking a ticket, checking in an appointment, and what a window does with a ticket —
call the next (叫号), call again (重呼), skip (过号), start (开始办理), transfer to another group (转组) and finish
(办结, linking the case and its visit record). Each locks its rows, writes a TicketEvent (the timing and what the
hall calling screen announces) and an audit row, in one transaction."""

from datetime import date

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from govhall.accounts.models import User
from govhall.appointments.models import Appointment
from govhall.appointments.services import AppointmentError, check_in
from govhall.cases.models import Case, Visit
from govhall.cases.services import CaseError, record_visit
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.organisations.access import staff_can, staff_halls
from govhall.organisations.models import Window, WindowGroup
from govhall.queueing.constants import (
    AT_WINDOW_STATES,
    CALLS_VERSION_KEY,
    LIVE_STATES,
    SCREEN_ACTS,
    TicketAct,
    TicketPriority,
    TicketSource,
    TicketState,
)
from govhall.queueing.models import Ticket, TicketEvent, TicketSequence
from govhall.queueing.priority import call_order

WINDOW_PERMISSION = "cases.receive"
"""Who may serve at a window: a role holding it, placed in the window's hall (organisations.access.staff_halls)."""


_sequence = TicketSequence._meta
_columns = {field.name: field.column for field in _sequence.concrete_fields}
_last, _group, _day = _columns["last"], _columns["group"], _columns["day"]
# Names from the model's own metadata, values as parameters.
NEXT_NUMBER_SQL = (
    f"UPDATE {_sequence.db_table} SET {_last} = {_last} + 1 WHERE {_group} = %s AND {_day} = %s "  # noqa: S608
    f"RETURNING {_last}"
)


class QueueError(Exception):
    """Something a person asked of the queue that cannot be done; the message says why, in words they understand."""


def next_number(group: WindowGroup, day: date) -> int:
    """The group's next number of the day: one `UPDATE … SET last = last + 1 … RETURNING last` on the group's day row,
    which locks it until the caller's transaction ends (numbers without a gap: a rolled-back take gives its number
    back). The day's first take makes the row (a concurrent first take waits on it, then counts on)."""
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(NEXT_NUMBER_SQL, [group.pk, day])
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
        TicketSequence.objects.get_or_create(group=group, day=day)
    raise QueueError("取号失败，请重试。")  # pragma: no cover — the row was made just before


def _event(ticket: Ticket, act: str, *, actor: User | None, window: Window | None = None) -> TicketEvent:
    event = TicketEvent.objects.create(ticket=ticket, hall_id=ticket.hall_id, act=act, window=window, actor=actor)
    if act in SCREEN_ACTS:
        hall_id = ticket.hall_id
        transaction.on_commit(lambda: announce(hall_id))
    detail = {"number": ticket.display_number, "window": window.number if window else ""}
    audit.record(
        actor=actor, action=f"queue.{act}", channel="window" if window else "web", target=ticket, detail=detail
    )
    return event


def announce(hall_id: int) -> None:
    """After a call (or a change of the people waiting) is committed: move the hall's calls counter on, so the calling
    screens' streams look."""
    key = f"{CALLS_VERSION_KEY}{hall_id}"
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted)
        cache.set(key, 1, None)


def take_ticket(
    *,
    group: WindowGroup,
    source: str,
    priority: str = TicketPriority.GENERAL,
    account: User | None = None,
    item: Item | None = None,
    appointment: Appointment | None = None,
) -> Ticket:
    """A ticket of `group` for today, with the group's next number. A person holds at most one live ticket per group
    (a second scan of the hall's QR code shows the one they have instead)."""
    if source not in TicketSource.values or priority not in TicketPriority.values:
        raise QueueError("取号方式或优先级无效。")
    if item is not None and not group.items.filter(pk=item.pk).exists():
        raise QueueError("该事项不在这个窗口分组办理，请选择其他分组。")
    day = timezone.localdate()
    with transaction.atomic():
        number = next_number(group, day)  # the sequence row's lock also orders two takes by the same person
        if account is not None and live_ticket_of(account, group) is not None:
            raise QueueError("您已在该分组取号，请留意叫号。")
        ticket = Ticket.objects.create(
            hall_id=group.hall_id,
            group=group,
            day=day,
            number=number,
            source=source,
            priority=priority,
            account=account,
            item=item,
            appointment=appointment,
        )
        _event(ticket, TicketAct.TAKE, actor=account)
    return ticket


def live_ticket_of(account: User, group: WindowGroup) -> Ticket | None:
    return Ticket.objects.filter(account=account, group=group, day=timezone.localdate(), state__in=LIVE_STATES).first()


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


# The window's acts ---------------------------------------------------------------------------------------------------


def may_serve_at(staff: User, window: Window) -> bool:
    return window.hall_id in staff_halls(staff, WINDOW_PERMISSION)


def _locked_window(window: Window, staff: User) -> Window:
    if not may_serve_at(staff, window):
        raise QueueError("您不在该大厅的窗口岗位上，不能操作该窗口。")
    locked = Window.objects.select_for_update().get(pk=window.pk)
    if not locked.is_open:
        raise QueueError("该窗口已关闭，不能叫号。")
    return locked


def _locked_ticket(ticket: Ticket, staff: User, states: frozenset[str], act: str) -> Ticket:
    locked = Ticket.objects.select_for_update(of=("self",)).select_related("group", "window").get(pk=ticket.pk)
    if locked.window is None or not may_serve_at(staff, locked.window):
        raise QueueError("该号码不在您的窗口，不能操作。")
    if locked.state not in states:
        raise QueueError(f"{locked.display_number} 号{locked.get_state_display()}，不能{act}。")
    return locked


def current_ticket(window: Window) -> Ticket | None:
    """The ticket a window has called or is serving (at most one)."""
    return (
        Ticket.objects.select_related("group", "item", "case")
        .filter(window=window, state__in=AT_WINDOW_STATES)
        .order_by("-called_at")
        .first()
    )


@transaction.atomic
def call_next(*, window: Window, staff: User) -> Ticket | None:
    """叫号: the first waiting ticket of the window's groups in the priority order (queueing.priority), taken with
    FOR UPDATE SKIP LOCKED so two windows calling at the same moment never get the same ticket. None when nobody
    waits. The window must have finished or skipped the ticket it called before."""
    locked_window = _locked_window(window, staff)
    if current_ticket(locked_window) is not None:
        raise QueueError("请先办结、过号或转组当前号码，再叫下一号。")
    now = timezone.now()
    waiting = Ticket.objects.filter(
        group__in=locked_window.groups.all(), day=timezone.localdate(), state=TicketState.WAITING
    )
    ticket = waiting.select_for_update(skip_locked=True, of=("self",)).order_by(*call_order(now)).first()
    if ticket is None:
        return None
    ticket.state, ticket.window, ticket.served_by, ticket.called_at = TicketState.CALLED, locked_window, staff, now
    ticket.save(update_fields=["state", "window", "served_by", "called_at"])
    _event(ticket, TicketAct.CALL, actor=staff, window=locked_window)
    return ticket


@transaction.atomic
def recall(*, ticket: Ticket, staff: User) -> Ticket:
    """重呼: the called person is called again on the hall screen."""
    locked = _locked_ticket(ticket, staff, frozenset({TicketState.CALLED}), "重呼")
    locked.recalls += 1
    locked.save(update_fields=["recalls"])
    _event(locked, TicketAct.RECALL, actor=staff, window=locked.window)
    return locked


@transaction.atomic
def skip(*, ticket: Ticket, staff: User) -> Ticket:
    """过号: the called person did not come; the window is free for the next."""
    locked = _locked_ticket(ticket, staff, frozenset({TicketState.CALLED}), "过号")
    locked.state, locked.finished_at = TicketState.SKIPPED, timezone.now()
    locked.save(update_fields=["state", "finished_at"])
    _event(locked, TicketAct.SKIP, actor=staff, window=locked.window)
    return locked


@transaction.atomic
def start(*, ticket: Ticket, staff: User) -> Ticket:
    """开始办理: the called person is at the window."""
    locked = _locked_ticket(ticket, staff, frozenset({TicketState.CALLED}), "开始办理")
    locked.state, locked.started_at, locked.served_by = TicketState.SERVING, timezone.now(), staff
    locked.save(update_fields=["state", "started_at", "served_by"])
    _event(locked, TicketAct.START, actor=staff, window=locked.window)
    return locked


@transaction.atomic
def transfer(*, ticket: Ticket, staff: User, group: WindowGroup) -> Ticket:
    """转组: the person needs another group of the same hall; they get a ticket there (that group's next number) that
    keeps their priority class and the time they first took a ticket, so they keep their place. Returns the new one."""
    locked = _locked_ticket(ticket, staff, AT_WINDOW_STATES, "转组")
    if group.hall_id != locked.hall_id or group.pk == locked.group_id:
        raise QueueError("请选择本大厅的另一个窗口分组。")
    now = timezone.now()
    locked.state, locked.finished_at = TicketState.TRANSFERRED, now
    locked.save(update_fields=["state", "finished_at"])
    _event(locked, TicketAct.TRANSFER, actor=staff, window=locked.window)
    moved = Ticket.objects.create(
        hall_id=locked.hall_id,
        group=group,
        day=locked.day,
        number=next_number(group, locked.day),
        source=locked.source,
        priority=locked.priority,
        account=locked.account,
        appointment=None,
        item=locked.item if locked.item and group.items.filter(pk=locked.item.pk).exists() else None,
        transferred_from=locked,
        taken_at=locked.taken_at,
    )
    _event(moved, TicketAct.TAKE, actor=staff)
    return moved


def _case_for_window(staff: User, number: str) -> Case:
    case = Case.objects.select_related("department").filter(number=number.strip().upper()[:24]).first()
    if case is None or not staff_can(staff, WINDOW_PERMISSION, case.department):
        raise QueueError("没有该办件，或您无权在窗口办理该办件。")
    return case


@transaction.atomic
def finish(*, ticket: Ticket, staff: User, case_number: str = "") -> Ticket:
    """办结: the person has been served. With a case number the ticket is linked to that case and to its visit
    record (到场记录): the visit the window recorded while serving them (e.g. 窗口提交申请) when there is one, else a
    new one (窗口办理 A012) — so a visit is counted once. Without a number (咨询 only) no case is linked."""
    locked = _locked_ticket(ticket, staff, AT_WINDOW_STATES, "办结")
    now = timezone.now()
    fields = ["state", "finished_at", "served_by"]
    if case_number.strip():
        case = _case_for_window(staff, case_number)
        since = locked.called_at or locked.taken_at
        visit = (
            Visit.objects.filter(case=case, hall_id=locked.hall_id, at__gte=since, ticket__isnull=True)
            .order_by("at")
            .first()
        )
        if visit is None:
            try:
                visit = record_visit(
                    case=case, actor=staff, purpose=f"窗口办理（{locked.display_number}）", hall=locked.hall
                )
            except CaseError as error:
                raise QueueError(str(error)) from error
        locked.case, locked.visit = case, visit
        fields += ["case", "visit"]
    if locked.started_at is None:
        locked.started_at = locked.called_at or now
        fields.append("started_at")
    locked.state, locked.finished_at, locked.served_by = TicketState.DONE, now, staff
    locked.save(update_fields=fields)
    _event(locked, TicketAct.FINISH, actor=staff, window=locked.window)
    return locked
