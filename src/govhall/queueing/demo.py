"""Demo window groups, windows and today's tickets (`manage.py load_demo`), idempotent: groups are found or made by
(hall, code) and windows by (hall, number) — whoever made them first (the appointments demo too) keeps them; today's
tickets are made once a day, in the hall where the demo clerk sits, so the calling screen and the window are not
empty; the other halls get a few waiting tickets each, so the service map shows different levels of busyness."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from govhall.accounts.models import User
from govhall.catalog.models import Item
from govhall.organisations.models import Hall, Window, WindowGroup
from govhall.queueing import services
from govhall.queueing.constants import TicketPriority, TicketSource
from govhall.queueing.models import Ticket

GROUPS = [("A", "综合受理"), ("B", "企业开办与经营"), ("C", "社会事务")]
WINDOWS = [("1", "A"), ("2", "A"), ("3", "B"), ("4", "BC"), ("5", "C")]
ITEMS_PER_GROUP = 30
# The demo clerk's hall today: (minutes ago taken, priority, minutes waited, minutes served or None = still there).
PLAN = [
    (150, TicketPriority.GENERAL, 12, 9),
    (140, TicketPriority.APPOINTMENT, 3, 15),
    (125, TicketPriority.GENERAL, 25, 6),
    (110, TicketPriority.PRIORITY, 5, 10),
    (95, TicketPriority.GENERAL, 35, 7),
    (70, TicketPriority.GENERAL, 18, 12),
    (40, TicketPriority.APPOINTMENT, 4, None),
]
WAITING = [30, 22, 15, 9, 4, 1]
EARLIEST = max(taken for taken, *_ in PLAN)  # minutes: the first ticket of the demo day


def minutes_back(minutes: float) -> timedelta:
    """`minutes` before now, squeezed so that the demo's day never starts before local midnight (loaded just after
    midnight, the plan shrinks to the minutes the day has had: its tickets stay today's)."""
    now = timezone.localtime()
    since_midnight = (now - now.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds() / 60
    return timedelta(minutes=minutes * min(1.0, max(since_midnight - 0.5, 0) / EARLIEST))


def _groups(hall: Hall) -> dict[str, WindowGroup]:
    groups = {}
    item_ids = list(hall.items.order_by("department__order", "department_id", "pk").values_list("pk", flat=True))
    for index, (code, name) in enumerate(GROUPS):
        group, created = WindowGroup.objects.get_or_create(
            hall=hall, code=code, defaults={"name": name, "order": index + 1}
        )
        if created or not group.items.exists():
            share = item_ids[index :: len(GROUPS)][:ITEMS_PER_GROUP]
            group.items.set(Item.objects.filter(pk__in=share))
        groups[code] = group
    for number, codes in WINDOWS:
        window, created = Window.objects.get_or_create(hall=hall, number=number)
        if created:
            window.groups.set([groups[code] for code in codes])
    return groups


def _backdate(ticket: Ticket, taken: int, waited: int, served: int | None) -> None:
    now = timezone.now()
    taken_at = now - minutes_back(taken)
    fields = {"taken_at": taken_at, "called_at": taken_at + minutes_back(waited)}
    if served is not None:
        fields |= {
            "started_at": fields["called_at"] + minutes_back(1),
            "finished_at": fields["called_at"] + minutes_back(1 + served),
        }
    Ticket.objects.filter(pk=ticket.pk).update(**fields)
    moments = {"take": taken_at, "call": fields["called_at"], "start": fields.get("started_at")}
    moments["finish"] = fields.get("finished_at")
    for act, at in moments.items():
        if at is not None:
            ticket.events.filter(act=act).update(at=at)


@transaction.atomic
def load_demo_queue() -> int:
    """Returns the number of tickets made today (0 when they exist already)."""
    halls = list(Hall.objects.filter(is_open=True).order_by("level", "name"))
    groups = {hall.pk: _groups(hall) for hall in halls}
    clerk = User.objects.filter(username="clerk").first()
    today = timezone.localdate()
    made = 0
    for position, hall in enumerate(halls):
        if Ticket.objects.filter(hall=hall, day=today).exists():
            continue
        place = clerk.memberships.filter(hall=hall).first() if clerk else None
        if clerk is not None and place is not None:
            made += _serve_today(hall, groups[hall.pk], clerk)
        for _ in range(position % 4 * 3):  # 0, 3, 6, 9 people waiting: calm to busy
            services.take_ticket(group=groups[hall.pk]["A"], source=TicketSource.KIOSK)
            made += 1
    return made


def _serve_today(hall: Hall, groups: dict[str, WindowGroup], clerk: User) -> int:
    window = Window.objects.get(hall=hall, number="1")
    for taken, priority, waited, served in PLAN:
        source = TicketSource.APPOINTMENT if priority == TicketPriority.APPOINTMENT else TicketSource.KIOSK
        ticket = services.take_ticket(group=groups["A"], source=source, priority=priority)
        called = services.call_next(window=window, staff=clerk)
        assert called == ticket
        if served is not None:
            services.start(ticket=called, staff=clerk)
            services.finish(ticket=called, staff=clerk)
        _backdate(ticket, taken, waited, served)
    for minutes in WAITING:
        ticket = services.take_ticket(group=groups["A" if minutes % 2 else "B"], source=TicketSource.PHONE)
        Ticket.objects.filter(pk=ticket.pk).update(taken_at=timezone.now() - minutes_back(minutes))
    return len(PLAN) + len(WAITING)
