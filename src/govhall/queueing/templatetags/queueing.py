"""The queue on the service map (loaded by portal templates): `{% hall_queues entries as queues %}` reads how busy
every listed hall is at once (空闲 / 适中 / 繁忙, people waiting, today's average wait — four queries whatever the
number of halls), then `{% hall_queue entry.hall queues %}` shows one hall's with the links to take a ticket by phone
and to its calling screen (nothing for a hall without window groups). On a guide page, `{% item_ticket_links item %}`
links 手机取号 in each hall whose queue takes the item, with ?item=<实施编码> so the ticket names it."""

from collections.abc import Iterable
from typing import Any

from django import template

from govhall.catalog.models import Item
from govhall.organisations.models import Hall, WindowGroup
from govhall.queueing.selectors import Busyness, busyness_by_hall, halls_queueing

register = template.Library()


@register.simple_tag
def hall_queues(entries: Iterable[Any]) -> dict[int, Busyness]:
    """The busyness of each listed hall that has window groups (entries: halls, or objects with a `hall`)."""
    ids = [getattr(entry, "hall", entry).pk for entry in entries]
    with_groups = set(WindowGroup.objects.filter(hall_id__in=ids).values_list("hall_id", flat=True))
    return busyness_by_hall([pk for pk in ids if pk in with_groups]) if with_groups else {}


@register.inclusion_tag("queueing/_hall_queue.html")
def hall_queue(hall: Hall, queues: dict[int, Busyness]) -> dict[str, Any]:
    busyness = queues.get(hall.pk)
    return {"hall": hall, "has_queue": busyness is not None, "busyness": busyness}


@register.inclusion_tag("queueing/_item_tickets.html")
def item_ticket_links(item: Item) -> dict[str, Any]:
    return {"item": item, "halls": halls_queueing(item.pk)}
