"""取号 and 预约签到 at the kiosk: the hall's window groups, the ticket with the number of people ahead."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from govhall.core.bounds import whole_number
from govhall.kiosk import services
from govhall.kiosk.session import device_of, kiosk_view, person_of
from govhall.queueing.models import Ticket
from govhall.queueing.selectors import ticket_status

TICKET = "kiosk_ticket"


def _show_ticket(request: HttpRequest, ticket: Ticket) -> HttpResponse:
    request.session[TICKET] = ticket.pk
    return redirect("kiosk:ticket_taken")


@never_cache
@require_http_methods(["GET", "POST"])
@kiosk_view
def take_ticket(request: HttpRequest) -> HttpResponse:
    device = device_of(request)
    if request.method == "POST":
        try:
            ticket = services.take_ticket(
                device=device,
                group_id=whole_number(request.POST.get("group", "")) or 0,
                account=person_of(request),
            )
        except services.KioskError as error:
            messages.error(request, str(error))
        else:
            return _show_ticket(request, ticket)
    status = 400 if request.method == "POST" else 200
    return render(request, "kiosk/ticket.html", {"groups": services.groups_of(device)}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@kiosk_view
def check_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            ticket = services.check_in(device=device_of(request), code=request.POST.get("code", "")[:20])
        except services.KioskError as error:
            messages.error(request, str(error))
            return render(request, "kiosk/check_in.html", {"code": request.POST.get("code", "")[:20]}, status=400)
        return _show_ticket(request, ticket)
    return render(request, "kiosk/check_in.html")


@never_cache
@kiosk_view
def ticket_taken(request: HttpRequest) -> HttpResponse:
    """The ticket just taken at this kiosk (its id is in this kiosk session only)."""
    ticket_id = request.session.get(TICKET)
    ticket = (
        Ticket.objects.select_related("group").filter(pk=ticket_id, hall_id=device_of(request).hall_id).first()
        if isinstance(ticket_id, int)
        else None
    )
    if ticket is None:
        return redirect("kiosk:ticket")
    context = {"ticket": ticket, "status": ticket_status(ticket)}
    return render(request, "kiosk/ticket_taken.html", context)
