"""The person's appointment pages: book (from the guide, 我的办件 or a case: hall → date → slot), the confirmation with
the 预约码 and its QR code, 我的预约 with cancel and reschedule. Rules live in appointments.booking; every page reaches
an appointment only through the person's own (selectors.get_appointment_for_user)."""

from datetime import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from govhall.accounts.models import User
from govhall.appointments import booking, selectors
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.appointments.services import AppointmentError
from govhall.appointments.slots import bookable_item, starts_at
from govhall.cases.access import get_case_for_user
from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.core import audit
from govhall.core.pdf import qr_data_uri
from govhall.portal.appointments.choosing import Choice, choose

CHOOSE_TEMPLATE = "portal/appointments/choose.html"


def channel_of(request: HttpRequest) -> str:
    return getattr(request, "channel", "web")


def own_appointment(user: User, code: str) -> Appointment:
    appointment = selectors.get_appointment_for_user(user, code)
    if appointment is None:
        raise Http404(_("没有该预约，或您无权查看。"))
    return appointment


def chosen_start(request: HttpRequest) -> time | None:
    try:
        return time.fromisoformat(request.POST.get("start", "")[:5])
    except ValueError:
        return None


def render_choice(request: HttpRequest, choice: Choice, *, status: int = 200, **extra: object) -> HttpResponse:
    return render(request, CHOOSE_TEMPLATE, {"choice": choice, **extra}, status=status)


def refused(request: HttpRequest, item: Item, data: QueryDict, problem: str, **extra: object) -> HttpResponse:
    """The chooser again with the reason, showing the places as they are now."""
    choice = choose(item, data)
    choice.problem = problem
    return render_choice(request, choice, status=400, **extra)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    item = selectors.item_by_code(code)
    if item is None or not bookable_item(item):
        raise Http404(_("没有该事项，或该事项不支持预约办理。"))
    case: Case | None = None
    number = (request.POST if request.method == "POST" else request.GET).get("case", "")
    if number:
        case = get_case_for_user(user, number)
    choice = choose(item, request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        start = chosen_start(request)
        if choice.hall is None or choice.day is None or start is None:
            return refused(request, item, request.POST, choice.problem or _("请选择大厅、日期和时段。"), case=case)
        try:
            appointment = booking.book(
                account=user, hall=choice.hall, item=item, day=choice.day, start=start, case=case,
                channel=channel_of(request),
            )  # fmt: skip
        except AppointmentError as error:
            return refused(request, item, request.POST, str(error), case=case)
        return redirect("appointments:detail", code=appointment.code)
    return render_choice(request, choice, case=case)


@login_required
@require_safe
def detail(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    appointment = own_appointment(user, code)
    audit.record(actor=user, action="appointments.view", channel=channel_of(request), target=appointment)
    live = appointment.state == AppointmentState.BOOKED
    return render(
        request,
        "portal/appointments/detail.html",
        {
            "appointment": appointment,
            "qr": qr_data_uri(appointment.code) if live else "",
            "may_change": live and starts_at(appointment.day, appointment.start) > timezone.now(),
        },
    )


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    appointments = list(selectors.appointments_of(user)[:100])
    now = timezone.now()
    changeable = {a.pk for a in appointments if a.state == AppointmentState.BOOKED and starts_at(a.day, a.start) > now}
    return render(
        request,
        "portal/appointments/mine.html",
        {"appointments": appointments, "changeable": changeable, "paused_until": booking.paused_until(user)},
    )


@login_required
@require_POST
def cancel(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    appointment = own_appointment(user, code)
    try:
        booking.cancel(appointment=appointment, account=user, channel=channel_of(request))
    except AppointmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已取消预约 %(code)s。") % {"code": appointment.code})
    return redirect("appointments:mine")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reschedule(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    appointment = own_appointment(user, code)
    if appointment.item is None or appointment.state != AppointmentState.BOOKED:
        messages.error(request, _("该预约不能改约。"))
        return redirect("appointments:mine")
    data = (request.POST if request.method == "POST" else request.GET).copy()
    data.setdefault("hall", appointment.hall.code)
    choice = choose(appointment.item, data)
    if request.method == "POST":
        start = chosen_start(request)
        if choice.hall is None or choice.day is None or start is None:
            problem = choice.problem or _("请选择大厅、日期和时段。")
            return refused(request, appointment.item, data, problem, appointment=appointment)
        try:
            new = booking.reschedule(
                appointment=appointment, account=user, hall=choice.hall, day=choice.day, start=start,
                channel=channel_of(request),
            )  # fmt: skip
        except AppointmentError as error:
            return refused(request, appointment.item, data, str(error), appointment=appointment)
        messages.success(request, _("已改约，原预约 %(code)s 已取消。") % {"code": appointment.code})
        return redirect("appointments:detail", code=new.code)
    return render_choice(request, choice, appointment=appointment)
