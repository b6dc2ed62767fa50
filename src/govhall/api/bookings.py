"""Appointments API for apps (预约 · 我的预约 · 取消 · 改约), acting for a person with an OIDC access token holding
the `appointments` scope; channel 移动端. The rules are appointments.booking's (the last place, one live booking per
item and day, the cut-off, the no-show pause): this module only reads the request, finds the person's own hall, item,
case and appointment, and turns a refusal into a 4xx with its Chinese reason."""

import re
from datetime import time

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from govhall.accounts.models import User
from govhall.accounts.tokens import BearerAuth, Caller
from govhall.api.appointments import parse_day
from govhall.api.errors import errors
from govhall.appointments import booking, selectors
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.appointments.services import AppointmentError
from govhall.appointments.slots import starts_at
from govhall.cases.access import get_case_for_user
from govhall.cases.models import Case
from govhall.core.constants import Channel
from govhall.organisations.models import Hall

router = Router(tags=["appointments"])
PERSON = BearerAuth("appointments")
CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d", re.ASCII)
NO_APPOINTMENT = "没有该预约，或您无权查看。"
PAGE_SIZE = 20


class BookIn(Schema):
    hall: str = Field(..., min_length=1, max_length=20, description="大厅编码（如 GA-ZX）或编号")
    item: str = Field(..., min_length=1, max_length=80, description="事项实施编码")
    date: str = Field(..., min_length=1, max_length=10, description="日期，YYYY-MM-DD")
    start: str = Field(..., min_length=1, max_length=5, description="时段开始时间，HH:MM（slots 接口所列）")
    case: str = Field("", max_length=24, description="办件编号（可选）：为本人的这件办件预约")


class RescheduleIn(Schema):
    hall: str = Field("", max_length=20, description="大厅编码或编号；不填则为原预约的大厅")
    date: str = Field(..., min_length=1, max_length=10, description="新日期，YYYY-MM-DD")
    start: str = Field(..., min_length=1, max_length=5, description="新时段开始时间，HH:MM")


class MineQuery(Schema):
    page: int = Field(1, ge=1, le=10_000, description="页码，每页 20 条")


class AppointmentOut(Schema):
    code: str = Field(description="预约码（到大厅签到时出示）")
    state: str = Field(description="booked 已预约 / checked_in 已签到 / cancelled 已取消 / no_show 爽约")
    state_label: str
    hall: str = Field(description="大厅编码")
    hall_name: str
    group: str = Field(description="窗口分组名称")
    item: str = Field(description="事项实施编码")
    item_name: str
    case: str = Field(description="关联办件编号，没有为空")
    date: str
    start: str
    end: str
    changeable: bool = Field(description="时段未开始且仍为已预约：可取消或改约")


class MineOut(Schema):
    page: int
    pages: int
    total: int
    appointments: list[AppointmentOut]


def person_of(request: HttpRequest) -> User:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    if caller.user is None or caller.user.is_staff_member:
        raise HttpError(403, "此接口只接受代表本人的应用访问令牌。")
    return caller.user


def clock(text: str) -> time:
    if not CLOCK.fullmatch(text):
        raise HttpError(400, "时段开始时间格式应为 HH:MM，如 09:30。")
    return time.fromisoformat(text)


def hall_named(reference: str) -> Hall:
    found = selectors.hall_by_reference(reference)
    if found is None:
        raise HttpError(404, f"没有编码或编号为“{reference[:20]}”的大厅。")
    return found


def own_appointment(user: User, code: str) -> Appointment:
    found = selectors.get_appointment_for_user(user, code)
    if found is None:
        raise HttpError(404, NO_APPOINTMENT)
    return found


def appointment_out(appointment: Appointment) -> AppointmentOut:
    live = appointment.state == AppointmentState.BOOKED
    return AppointmentOut(
        code=appointment.code,
        state=appointment.state,
        state_label=appointment.get_state_display(),
        hall=appointment.hall.code,
        hall_name=appointment.hall.name,
        group=appointment.group.name,
        item=appointment.item.implementation_code if appointment.item else "",
        item_name=appointment.item.name if appointment.item else "",
        case=appointment.case.number if appointment.case else "",
        date=f"{appointment.day:%Y-%m-%d}",
        start=f"{appointment.start:%H:%M}",
        end=f"{appointment.end:%H:%M}",
        changeable=live and starts_at(appointment.day, appointment.start) > timezone.now(),
    )


@router.post(
    "",
    response={201: AppointmentOut, **errors(400, 403, 404)},
    auth=[PERSON],
    summary="Book a place in a hall's slot for an item (预约)",
)
def book(request: HttpRequest, data: BookIn) -> Status[AppointmentOut]:
    user = person_of(request)
    day, start = parse_day(data.date), clock(data.start)
    hall = hall_named(data.hall)
    item = selectors.item_by_code(data.item)
    if item is None:
        raise HttpError(404, f"没有实施编码为“{data.item}”的事项。")
    case: Case | None = None
    if data.case:
        try:
            case = get_case_for_user(user, data.case)
        except Http404 as error:
            raise HttpError(404, "没有该办件，或您无权查看。") from error
    try:
        appointment = booking.book(
            account=user, hall=hall, item=item, day=day, start=start, case=case, channel=Channel.MOBILE
        )
    except AppointmentError as error:
        raise HttpError(400, str(error)) from error
    return Status(201, appointment_out(appointment))


@router.get(
    "",
    response={200: MineOut, **errors(403)},
    auth=[PERSON],
    summary="My appointments (我的预约), the latest day first",
)
def mine(request: HttpRequest, query: Query[MineQuery]) -> MineOut:
    user = person_of(request)
    appointments = selectors.appointments_of(user)
    total = appointments.count()
    first = (query.page - 1) * PAGE_SIZE
    return MineOut(
        page=query.page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        appointments=[appointment_out(a) for a in appointments[first : first + PAGE_SIZE]],
    )


@router.post(
    "/{code}/cancel",
    response={200: AppointmentOut, **errors(400, 403, 404)},
    auth=[PERSON],
    summary="Cancel one of my appointments before its slot starts (取消预约)",
)
def cancel(request: HttpRequest, code: str) -> AppointmentOut:
    user = person_of(request)
    appointment = own_appointment(user, code)
    try:
        cancelled = booking.cancel(appointment=appointment, account=user, channel=Channel.MOBILE)
    except AppointmentError as error:
        raise HttpError(400, str(error)) from error
    return appointment_out(cancelled)


@router.post(
    "/{code}/reschedule",
    response={201: AppointmentOut, **errors(400, 403, 404)},
    auth=[PERSON],
    summary="Move one of my appointments to another slot (改约): the old one is cancelled, a new 预约码 given",
)
def reschedule(request: HttpRequest, code: str, data: RescheduleIn) -> Status[AppointmentOut]:
    user = person_of(request)
    day, start = parse_day(data.date), clock(data.start)
    appointment = own_appointment(user, code)
    hall = hall_named(data.hall) if data.hall else appointment.hall
    try:
        new = booking.reschedule(
            appointment=appointment, account=user, hall=hall, day=day, start=start, channel=Channel.MOBILE
        )
    except AppointmentError as error:
        raise HttpError(400, str(error)) from error
    return Status(201, appointment_out(new))
