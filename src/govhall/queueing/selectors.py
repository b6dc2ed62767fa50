"""What the queue's pages read: a ticket's place and estimated wait, a window's board, the hall calling screen's calls
and how busy a hall is (空闲 / 适中 / 繁忙) for the service map."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from govhall.organisations.models import Hall, Window, WindowGroup
from govhall.queueing.constants import CALLING_ACTS, CALLS_VERSION_KEY, TicketState
from govhall.queueing.figures import SERVICE, WAIT
from govhall.queueing.models import Ticket, TicketEvent
from govhall.queueing.priority import call_order


def waiting_order(group_ids: list[int]) -> list[int]:
    """The ids of today's waiting tickets of these groups, next to be called first (queueing.priority)."""
    waiting = Ticket.objects.filter(group_id__in=group_ids, day=timezone.localdate(), state=TicketState.WAITING)
    return list(waiting.order_by(*call_order(timezone.now())).values_list("pk", flat=True))


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 60


@dataclass(frozen=True)
class TicketStatus:
    ticket: Ticket
    ahead: int
    estimated_minutes: int
    window_number: str


def ticket_status(ticket: Ticket) -> TicketStatus:
    """For the person's ticket page: how many are called before them in their group and about how long that takes
    (people ahead × today's average service time of the group ÷ its open windows)."""
    ahead = 0
    if ticket.state == TicketState.WAITING:
        order = waiting_order([ticket.group_id])
        ahead = order.index(ticket.pk) if ticket.pk in order else 0
    served = Ticket.objects.filter(group_id=ticket.group_id, day=ticket.day, started_at__isnull=False)
    average = _minutes(served.filter(finished_at__isnull=False).aggregate(a=Avg(SERVICE))["a"])
    per_person = average or settings.QUEUE_DEFAULT_SERVICE_MINUTES
    windows = max(1, Window.objects.filter(groups=ticket.group_id, is_open=True).count())
    estimate = round(ahead * per_person / windows)
    return TicketStatus(ticket, ahead, estimate, ticket.window.number if ticket.window else "")


def halls_queueing(item_id: int) -> list[Hall]:
    """The open halls with a window group that takes tickets for this item (the guide's 手机取号 links), by name."""
    halls = Hall.objects.filter(is_open=True, window_groups__items=item_id).distinct().order_by("name")
    return list(halls.only("pk", "name", "slug"))


def tickets_of(account_id: int) -> QuerySet[Ticket]:
    return Ticket.objects.select_related("group", "hall", "window", "item").filter(account_id=account_id)


@dataclass(frozen=True)
class Call:
    """One announcement of the hall calling screen: 请 A012 号到 3 号窗口办理."""

    id: int
    number: str
    window: str
    act: str
    at: str

    @property
    def text(self) -> str:
        return str(_("请 %(number)s 号到 %(window)s 号窗口办理") % {"number": self.number, "window": self.window})

    def as_json(self) -> dict[str, str | int]:
        return {
            "id": self.id,
            "number": self.number,
            "window": self.window,
            "act": self.act,
            "at": self.at,
            "text": self.text,
        }


def _calls(events: QuerySet[TicketEvent]) -> list[Call]:
    rows = events.select_related("ticket__group", "window")
    return [
        Call(
            e.pk,
            e.ticket.display_number,
            e.window.number if e.window else "",
            e.act,
            f"{timezone.localtime(e.at):%H:%M}",
        )
        for e in rows
    ]


def hall_calls(hall: Hall, *, limit: int = 8) -> list[Call]:
    """Today's latest calls in the hall, newest first."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    events = TicketEvent.objects.filter(hall=hall, act__in=CALLING_ACTS, at__gte=start).order_by("-pk")[:limit]
    return _calls(events)


def calls_after(hall_id: int, last_id: int, *, limit: int = 20) -> list[Call]:
    """Calls in the hall after event `last_id`, oldest first (what a calling screen's event stream sends)."""
    events = TicketEvent.objects.filter(hall_id=hall_id, act__in=CALLING_ACTS, pk__gt=last_id).order_by("pk")[:limit]
    return _calls(events)


def calls_version(hall_id: int) -> int:
    """A counter in the shared cache that every committed call in the hall moves on (services.announce): an event
    stream looks at it each second and reads the database only when it moved (or every few seconds, should the cache
    not be shared between the processes)."""
    return int(cache.get(f"{CALLS_VERSION_KEY}{hall_id}", 0))


def last_call_id(hall_id: int) -> int:
    last = (
        TicketEvent.objects.filter(hall_id=hall_id, act__in=CALLING_ACTS).order_by("-pk").values_list("pk", flat=True)
    )
    return last.first() or 0


@dataclass(frozen=True)
class WindowBoard:
    window: Window
    current: Ticket | None
    waiting: list[tuple[WindowGroup, int]]  # the window's groups, people waiting in each
    other_groups: list[WindowGroup]


def window_board(window: Window) -> WindowBoard:
    today = timezone.localdate()
    groups = list(window.groups.all())
    counts = dict(
        Ticket.objects.filter(group__in=groups, day=today, state=TicketState.WAITING)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    current = (
        Ticket.objects.select_related("group", "item", "case")
        .filter(window=window, state__in=(TicketState.CALLED, TicketState.SERVING))
        .order_by("-called_at")
        .first()
    )
    others = list(WindowGroup.objects.filter(hall_id=window.hall_id).exclude(pk__in=[g.pk for g in groups]))
    return WindowBoard(window, current, [(g, counts.get(g.pk, 0)) for g in groups], others)


# How busy a hall is ------------------------------------------------------------------------------------------------

CALM, MODERATE, BUSY = "calm", "moderate", "busy"
BUSYNESS_LABELS: dict[str, Promise] = {CALM: _("空闲"), MODERATE: _("适中"), BUSY: _("繁忙")}
CALM_PER_WINDOW = 2
"""At most this many people waiting per open window (and short waits) is 空闲."""
BUSY_PER_WINDOW = 6
"""More than this many people waiting per open window (or waits above the 超时 limit) is 繁忙."""


@dataclass(frozen=True)
class Busyness:
    waiting: int
    average_wait_minutes: int | None
    level: str

    @property
    def label(self) -> str:
        return str(BUSYNESS_LABELS[self.level])


def _level(waiting: int, windows: int, average: float | None) -> str:
    per_window = waiting / max(1, windows)
    limit = settings.QUEUE_OVERDUE_WAIT_MINUTES
    if per_window > BUSY_PER_WINDOW or (average is not None and average >= limit):
        return BUSY
    if per_window <= CALM_PER_WINDOW and (average is None or average < limit / 2):
        return CALM
    return MODERATE


def busyness_by_hall(hall_ids: list[int]) -> dict[int, Busyness]:
    """For each hall: people waiting now, today's average wait (取号 → 叫号) and the label — three queries in all."""
    today = timezone.localdate()
    tickets = Ticket.objects.filter(hall_id__in=hall_ids, day=today)
    rows = tickets.values("hall_id").annotate(
        waiting=Count("pk", filter=Q(state=TicketState.WAITING)),
        average=Avg(WAIT, filter=Q(called_at__isnull=False)),
    )
    figures: dict[int, tuple[int, timedelta | None]] = {
        row["hall_id"]: (row["waiting"], row["average"]) for row in rows
    }
    windows = dict(
        Window.objects.filter(hall_id__in=hall_ids, is_open=True)
        .values_list("hall_id")
        .annotate(n=Count("pk"))
        .values_list("hall_id", "n")
    )
    result = {}
    for hall_id in hall_ids:
        waiting, wait = figures.get(hall_id, (0, None))
        average = _minutes(wait)
        level = _level(waiting, windows.get(hall_id, 0), average)
        result[hall_id] = Busyness(waiting, None if average is None else round(average), level)
    return result


def busyness_of(hall: Hall) -> Busyness:
    return busyness_by_hall([hall.pk])[hall.pk]


def _waiting_counts(hall_id: int) -> dict[int, int]:
    return dict(
        Ticket.objects.filter(hall_id=hall_id, day=timezone.localdate(), state=TicketState.WAITING)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )


def waiting_by_group(hall: Hall) -> list[tuple[WindowGroup, int]]:
    """The hall's window groups with the people waiting in each now (the calling screen's side column)."""
    groups = list(WindowGroup.objects.filter(hall=hall))
    counts = _waiting_counts(hall.pk)
    return [(group, counts.get(group.pk, 0)) for group in groups]


def waiting_text(count: int) -> str:
    return ngettext("%(n)s 人", "%(n)s 人", count) % {"n": count}


def waiting_json(hall_id: int) -> list[dict[str, str | int]]:
    """The people waiting per window group of the hall, as the calling screen's stream sends them (`waiting` event):
    two queries, the same counts as waiting_by_group."""
    counts = _waiting_counts(hall_id)
    groups = WindowGroup.objects.filter(hall_id=hall_id).values_list("pk", "code")
    return [
        {"group": pk, "code": code, "waiting": counts.get(pk, 0), "text": waiting_text(counts.get(pk, 0))}
        for pk, code in groups
    ]
