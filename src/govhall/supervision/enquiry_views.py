"""咨询投诉监察 (/supervision/enquiries/): enquiries that arrived in a span of days — counts by kind and department,
按时答复率, 满意率, overdue and escalated — and the escalated complaints, for the supervisor's departments (all of
them from the government office). The figures are enquiries.figures."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from govhall.enquiries import figures
from govhall.supervision.access import supervisor
from govhall.supervision.forms import SpanForm


@login_required
@require_safe
def enquiries(request: HttpRequest) -> HttpResponse:
    _user, scope = supervisor(request)
    form = SpanForm(request.GET or {})
    if not form.is_valid():
        return render(request, "supervision/enquiries.html", {"form": form, "total": None}, status=400)
    data = form.cleaned_data
    arrived = figures.arrived(scope, data["day_from"], data["day_to"])
    escalated = arrived.filter(escalated_at__isnull=False).select_related("department").order_by("-created_at")
    context = {
        "form": form,
        "total": figures.total(arrived),
        "by_kind": figures.by_kind(arrived),
        "by_department": figures.by_department(arrived),
        "escalated": escalated[:50],
        "day_from": data["day_from"],
        "day_to": data["day_to"],
    }
    return render(request, "supervision/enquiries.html", context)
