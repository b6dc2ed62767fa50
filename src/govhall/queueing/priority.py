"""The order in which a window calls the waiting tickets — the one home of that rule (docs/queue.md).

Tickets are called by priority class in the order of settings.QUEUE_PRIORITY_ORDER (by default 预约 first, then
老年人/残疾人优先, then 普通), and within a class by the time the ticket was taken. Against starvation, a ticket that
has waited longer than settings.QUEUE_STARVATION_MINUTES goes before every class, oldest first, so a general ticket
is not held back for ever by a steady stream of appointments (0 turns that rule off). A transferred ticket keeps its
class and the time it was first taken, so it keeps its place."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.expressions import OrderBy

OVERDUE_RANK = -1


def rank_expression(now: datetime) -> Case:
    """A ticket's rank (lower is called first): OVERDUE_RANK when it has waited too long, else its class's place."""
    whens = []
    minutes = settings.QUEUE_STARVATION_MINUTES
    if minutes:
        whens.append(When(taken_at__lt=now - timedelta(minutes=minutes), then=Value(OVERDUE_RANK)))
    whens += [When(priority=name, then=Value(place)) for place, name in enumerate(settings.QUEUE_PRIORITY_ORDER)]
    return Case(*whens, default=Value(len(settings.QUEUE_PRIORITY_ORDER)), output_field=IntegerField())


def call_order(now: datetime) -> list[OrderBy]:
    """ORDER BY of the waiting tickets: the first row is the next to call."""
    return [rank_expression(now).asc(), F("taken_at").asc(), F("pk").asc()]
