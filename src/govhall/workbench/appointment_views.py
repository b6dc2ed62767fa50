"""今日预约 for hall staff (/workbench/appointments/): the appointments of one of the halls they have a window place in,
for a day (today by default), by slot, names masked; the view is audited (it lists people)."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from govhall.accounts.access import staff_member
from govhall.appointments import selectors
from govhall.core import audit
from govhall.core.bounds import whole_number
from govhall.core.constants import Channel
from govhall.core.crypto import mask_name
from govhall.organisations.access import staff_departments, staff_halls
from govhall.organisations.models import Hall
from govhall.queueing.services import WINDOW_PERMISSION


@login_required
@require_safe
def hall_day(request: HttpRequest) -> HttpResponse:
    clerk = staff_member(request)
    if not staff_departments(clerk, WINDOW_PERMISSION):
        raise PermissionDenied(_("大厅预约仅供窗口人员使用。"))
    halls = list(Hall.objects.filter(pk__in=staff_halls(clerk, WINDOW_PERMISSION)).order_by("name"))
    chosen = whole_number(request.GET.get("hall", ""))
    hall = next((h for h in halls if h.pk == chosen), halls[0] if halls else None)
    try:
        day = date.fromisoformat(request.GET.get("date", "")[:10])
    except ValueError:
        day = timezone.localdate()
    rows = []
    if hall is not None:
        appointments = list(selectors.hall_day(hall, day))
        rows = [(appointment, mask_name(appointment.account.display_name)) for appointment in appointments]
        audit.record(
            actor=clerk, action="appointments.view_hall_day", channel=Channel.WINDOW, target=hall,
            detail={"day": f"{day:%Y-%m-%d}", "count": len(rows)},
        )  # fmt: skip
    return render(request, "workbench/appointments.html", {"halls": halls, "hall": hall, "day": day, "rows": rows})
