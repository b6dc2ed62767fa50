"""取号叫号监察 (/supervision/queue/): tickets, 平均等候时长, 超时等候率, 平均办理时长 and 过号 per hall, window group,
item or hour of the day, over a span of days (queueing.figures holds the definitions). A supervisor of some
departments sees the tickets for their departments' items; one in the government office sees every ticket."""

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from govhall.organisations.models import Hall
from govhall.queueing.figures import SPLITS, queue_figures, queue_total
from govhall.queueing.models import Ticket
from govhall.supervision.access import supervisor
from govhall.supervision.forms import SpanForm


class QueueFilterForm(SpanForm):
    field_order = ["hall", "day_from", "day_to", "split"]
    hall = forms.TypedChoiceField(label=_("大厅"), required=False, coerce=int, empty_value=None)
    split = forms.ChoiceField(
        label=_("分组"), required=False, choices=[(key, label) for key, (label, *_rest) in SPLITS.items()]
    )

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        hall_field = self.fields["hall"]
        assert isinstance(hall_field, forms.ChoiceField)
        hall_field.choices = [("", _("全部大厅")), *Hall.objects.values_list("pk", "name")]


def _tickets(scope: list[int] | None, hall: int | None, first: date, last: date) -> QuerySet[Ticket]:
    tickets = Ticket.objects.filter(day__range=(first, last))
    if scope is not None:
        tickets = tickets.filter(item__department_id__in=scope)
    if hall is not None:
        tickets = tickets.filter(hall_id=hall)
    return tickets


@login_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    _user, scope = supervisor(request)
    form = QueueFilterForm(request.GET or {})
    if not form.is_valid():
        context = {"form": form, "rows": [], "total": None, "limit": settings.QUEUE_OVERDUE_WAIT_MINUTES}
        return render(request, "supervision/queue.html", context, status=400)
    data = form.cleaned_data
    by = data.get("split") or "hall"
    tickets = _tickets(scope, data.get("hall"), data["day_from"], data["day_to"])
    context = {
        "form": form,
        "by_label": SPLITS[by][0],
        "rows": queue_figures(tickets, by),
        "total": queue_total(tickets),
        "limit": settings.QUEUE_OVERDUE_WAIT_MINUTES,
        "day_from": data["day_from"],
        "day_to": data["day_to"],
    }
    return render(request, "supervision/queue.html", context)
