"""The queue on the person's side (取号叫号, docs/queue.md): the hall's QR code opens /halls/<hall>/ticket/, where a
signed-in person takes a ticket on their phone; /tickets/<id>/ shows its number, people ahead and the estimated wait
(refreshing itself); /halls/<hall>/calls/ is the hall calling screen (叫号屏), live through a short-lived event
stream (each ends after QUEUE_STREAM_SECONDS and the browser reconnects), with a plain refresh without JavaScript."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from govhall.accounts.models import User
from govhall.core.bounds import whole_number
from govhall.organisations.models import Hall, WindowGroup
from govhall.queueing import selectors, services
from govhall.queueing.constants import TicketPriority, TicketSource, TicketState

SCREEN_REFRESH_SECONDS = 15
TICKET_REFRESH_SECONDS = 30
DATABASE_EVERY = 5
# The streams of one process use at most this many database connections at once, whatever the number of open screens
# (200 screens reconnecting together would otherwise open 200 connections and exhaust PostgreSQL's max_connections).
STREAM_DATABASE = threading.BoundedSemaphore(settings.QUEUE_STREAM_DB_CONNECTIONS)


def _hall(slug: str) -> Hall:
    return get_object_or_404(Hall, slug=slug[:60], is_open=True)


@login_required
@require_http_methods(["GET", "POST"])
def take(request: HttpRequest, hall: str) -> HttpResponse:
    """手机扫码取号: choose the window group (its items listed), say whether priority applies, take the ticket. With
    ?item=<实施编码> (from a guide) the group handling that item is chosen and the ticket names the item."""
    place = _hall(hall)
    groups = list(WindowGroup.objects.filter(hall=place).prefetch_related("items"))
    code = (request.POST.get("item") or request.GET.get("item") or "")[:80]
    item = next((i for g in groups for i in g.items.all() if code and i.implementation_code == code), None)
    chosen = next((g for g in groups if item is not None and item in g.items.all()), groups[0] if groups else None)
    problem = ""
    if request.method == "POST":
        group_id = whole_number(request.POST.get("group", ""))
        group = next((g for g in groups if g.pk == group_id), None)
        priority = TicketPriority.PRIORITY if request.POST.get("priority") == "1" else TicketPriority.GENERAL
        if group is None or not isinstance(request.user, User):
            problem = "请选择要办理的业务分组。"
        else:
            try:
                ticket = services.take_ticket(
                    group=group,
                    source=TicketSource.PHONE,
                    priority=priority,
                    account=request.user,
                    item=item if item is not None and item in group.items.all() else None,
                )
            except services.QueueError as error:
                held = services.live_ticket_of(request.user, group)
                if held is not None:
                    messages.info(request, str(error))
                    return redirect("portal:ticket", ticket_id=held.pk)
                problem = str(error)
            else:
                return redirect("portal:ticket", ticket_id=ticket.pk)
    context = {"hall": place, "groups": groups, "chosen": chosen, "item": item, "problem": problem}
    return render(request, "portal/queue/take.html", context, status=400 if problem else 200)


@login_required
@require_safe
def ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The person's own ticket (refreshes itself every TICKET_REFRESH_SECONDS)."""
    found = selectors.tickets_of(request.user.pk).filter(pk=ticket_id).first() if request.user.pk else None
    if found is None:
        raise Http404("没有该排队号。")
    moved = found.transferred_to.order_by("-pk").first() if found.state == TicketState.TRANSFERRED else None
    if moved is not None:  # 转组: the person follows their new ticket
        return redirect("portal:ticket", ticket_id=moved.pk)
    context = {"status": selectors.ticket_status(found), "refresh": TICKET_REFRESH_SECONDS}
    return render(request, "portal/queue/ticket.html", context)


@require_safe
def calls(request: HttpRequest, hall: str) -> HttpResponse:
    """叫号屏: the newest call large, the recent ones below, people waiting per group, the QR code to take a ticket."""
    place = _hall(hall)
    recent = selectors.hall_calls(place)
    ticket_url = request.build_absolute_uri(reverse("portal:take_ticket", args=[place.slug]))
    context = {
        "hall": place,
        "recent": recent,
        "current": recent[0] if recent else None,
        "last_id": selectors.last_call_id(place.pk),
        "waiting": selectors.waiting_by_group(place),
        "qr": segno.make(ticket_url, error="m").svg_data_uri(scale=4, border=2),
        "ticket_url": ticket_url,
        "refresh": SCREEN_REFRESH_SECONDS,
        "now": timezone.localtime(),
    }
    return render(request, "portal/queue/calls.html", context)


@contextmanager
def _stream_database() -> Iterator[None]:
    """A turn at the database for an event stream: one of the process's QUEUE_STREAM_DB_CONNECTIONS, the connection
    given back before the turn ends (not inside a test's transaction)."""
    with STREAM_DATABASE:
        try:
            yield
        finally:
            if not connection.in_atomic_block:
                connection.close()


def _call_events(hall_id: int, after: int) -> Iterator[str]:
    """The stream's body: what is new at once (the calls after `after`, and the people waiting per group as a `waiting`
    event), then a look at the hall's calls counter each poll, reading the database only when it moved (or every DATABASE_EVERY polls) and giving the connection back after each read, so open
    screens hold neither a worker for long nor a database connection."""
    yield f"retry: {settings.QUEUE_STREAM_POLL_SECONDS * 1000}\n\n"
    deadline = time.monotonic() + settings.QUEUE_STREAM_SECONDS
    last, version, polls = after, selectors.calls_version(hall_id), 0
    sent_waiting: list[dict[str, str | int]] | None = None
    while True:
        if polls % DATABASE_EVERY == 0 or selectors.calls_version(hall_id) != version:
            version = selectors.calls_version(hall_id)
            with _stream_database():
                calls = selectors.calls_after(hall_id, last)
                waiting = selectors.waiting_json(hall_id)
            for call in calls:
                last = call.id
                yield f"id: {call.id}\nevent: call\ndata: {json.dumps(call.as_json(), ensure_ascii=False)}\n\n"
            if waiting != sent_waiting:  # at the first read, then whenever a count changed
                sent_waiting = waiting
                yield f"event: waiting\ndata: {json.dumps({'groups': waiting}, ensure_ascii=False)}\n\n"
        if time.monotonic() >= deadline:
            return
        time.sleep(settings.QUEUE_STREAM_POLL_SECONDS)
        polls += 1
        yield ":\n\n"  # a comment: keeps proxies from closing the stream, and fails at once when the screen has gone


@require_safe
def call_stream(request: HttpRequest, hall: str) -> StreamingHttpResponse:
    """Server-sent events: the hall's calls after Last-Event-ID (or ?after=), one `call` event each, and the people
    waiting per window group (a `waiting` event at the start and whenever a count changes), for at most
    QUEUE_STREAM_SECONDS — then the stream ends and EventSource reconnects, so no worker is held for long."""
    after = whole_number(request.headers.get("Last-Event-ID", "") or request.GET.get("after", ""))
    with _stream_database():
        place = _hall(hall)
        if after is None:
            after = selectors.last_call_id(place.pk)
    response = StreamingHttpResponse(_call_events(place.pk, after), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # a proxy (nginx) passes each event on at once
    return response
